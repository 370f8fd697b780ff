"""ADM-6 device register, ADM-7 patients/recipients: the row models, identity cells and their
refusals in the user's language, masking on screen, the import order — without a database."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from logic import i18n
from logic.access import Role, User
from logic.masterdata import persons
from logic.masterdata.kinds import articles, individuals, patients, recipient_devices, stock, work_orders
from logic.registry import KINDS
from tests.conftest import ROOT

MINE = (articles.KIND, patients.KIND, individuals.KIND, stock.KIND, recipient_devices.KIND, work_orders.KIND)
ADMIN = User("admin", "Adam Admin", frozenset({Role.ADMIN}))


def _keys(exc: ValidationError) -> list[str]:
    return [str(e.get("ctx", {}).get("error", e["type"])) for e in exc.errors()]


def test_adm7_an_identity_is_one_key_with_or_without_its_hyphen():
    assert persons.recipient_cell("19121212-1212") == "191212121212"
    assert persons.recipient_cell(" 191212121212 ") == "191212121212"
    assert persons.recipient_cell("19790263-1238") == "197902631238"           # samordningsnummer
    assert persons.recipient_cell("19850315-r001") == "19850315R001"            # reserve number
    assert persons.recipient_cell("40012") == "40012"                           # a care unit's customer number
    assert persons.is_person_id("197902631238") and persons.is_reserve("19850315R001")
    assert not persons.is_person_id("40012") and not persons.is_reserve("191212121212")


@pytest.mark.parametrize("raw, key", [("191212121213", "identity.check_digit"),
                                      ("19121312-1212", "identity.bad_date"),
                                      ("19121212121", "identity.length"),
                                      ("19121212-12#2", "identity.not_digits")])
def test_adm7_a_bad_identity_is_refused_with_its_reason_in_every_language(raw, key):
    with pytest.raises(ValueError) as exc:
        persons.recipient_cell(raw)
    assert str(exc.value) == key
    words = {lang: i18n.t(lang, key) for lang in ("sv", "en", "da")}
    assert len(set(words.values())) == 3 and key not in words.values()


def test_adm7_the_person_row_validates_identity_name_and_flag():
    row = patients.PersonRow.model_validate({"id": "19121212-1212", "name": " Tolvan Tolvansson ",
                                             "protected_identity": None})
    assert (row.id, row.name, row.protected_identity) == ("191212121212", "Tolvan Tolvansson", False)
    with pytest.raises(ValidationError) as exc:
        patients.PersonRow.model_validate({"id": "191212121213", "name": "Fel Felsson"})
    assert _keys(exc.value) == ["identity.check_digit"]
    with pytest.raises(ValidationError):
        patients.PersonRow.model_validate({"id": "191212121212", "name": "Tolvan\x07"})


def test_adm6_an_individual_is_on_stock_or_handed_out_in_any_of_the_languages():
    def state(word):
        return individuals.IndividualRow.model_validate(
            {"article_no": "49509", "individual_no": "CFH1", "unit_id": "centre", "state": word}).state
    assert [state(w) for w in (None, "På lager", "buffertlager", "stock")] == ["stock"] * 4
    assert [state(w) for w in ("utlämnad", "Udleveret", "handed out", "handed_out")] == ["handed_out"] * 4
    with pytest.raises(ValidationError) as exc:
        state("borta")
    assert _keys(exc.value) == ["md.individuals.bad_state"]


def test_adm6_a_work_order_status_is_read_in_swedish_danish_or_english():
    def status(word):
        return work_orders.WorkOrderRow.model_validate({"no": "AO-1", "status": word}).status
    assert [status(w) for w in ("", None, "Öppen", "utförd", "Afsluttet", "cancelled")] == \
        ["open", "open", "open", "performed", "closed", "cancelled"]
    with pytest.raises(ValidationError) as exc:
        status("kanske")
    assert _keys(exc.value) == ["md.work_orders.bad_status"]
    row = work_orders.WorkOrderRow.model_validate({"no": "AO-1", "recipient_id": "19121212-1212"})
    assert row.recipient_id == "191212121212"


def test_adm6_stock_quantity_is_a_whole_number_not_below_zero():
    assert stock.StockRow.model_validate({"unit_id": "centre", "article_no": "22010", "quantity": 14}).quantity == 14
    with pytest.raises(ValidationError):
        stock.StockRow.model_validate({"unit_id": "centre", "article_no": "22010", "quantity": -1})


def test_adm7_the_grid_masks_identity_numbers_unless_revealed():
    rows = [{"id": "191212121212", "name": "Tolvan"}, {"id": "19850315R001", "name": "Reserv"},
            {"id": "40012", "name": "Korttidsboendet Linden"}]
    shown, logged = persons.for_screen(None, None, ADMIN, patients.KIND, rows, reveal=False)
    assert [r["id"] for r in shown] == ["19121212-****", "********", "40012"]
    assert logged is None and rows[0]["id"] == "191212121212"       # the stored rows are untouched
    nobody = User("hanna", "Hanna", frozenset({Role.HANDLER}))
    shown, _ = persons.for_screen(None, None, nobody, patients.KIND, rows, reveal=True)
    assert shown[0]["id"] == "19121212-****"                        # only who maintains the register


def test_adm6_adm7_kinds_come_after_units_and_users_and_after_what_they_depend_on():
    names = [k.name for k in KINDS]
    assert names[:2] == ["units", "users"]
    for kind in MINE:
        assert kind.name in names
        for dep in kind.depends:
            assert names.index(dep) < names.index(kind.name), (kind.name, dep)


SOURCES = [ROOT / "logic" / "masterdata" / "persons.py", ROOT / "logic" / "masterdata" / "kinds" / "common.py",
           *(Path(m.__file__) for m in (articles, individuals, patients, recipient_devices, stock, work_orders))]
KEY = re.compile(r"""["']((?:md|identity)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)["']""")


def test_adm6_adm7_every_header_and_refusal_has_swedish_english_and_danish():
    keys = {k for path in SOURCES for k in KEY.findall(path.read_text(encoding="utf-8"))}
    keys |= {c.label_key(kind.name) for kind in MINE for c in kind.columns} | {kind.title_key for kind in MINE}
    keys |= {"md.in_future", "md.reveal_ids", "md.reveal_ids_help", "access.purpose.import", "access.purpose.import_report",
             "access.purpose.admin_register"}
    catalog = i18n.catalog()
    for key in sorted(keys):
        assert key in catalog, key
        assert all(catalog[key].get(lang) for lang in ("sv", "en", "da")), key
