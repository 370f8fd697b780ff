"""ADM-8/ADM-9 rules as pure functions: the office details of seed 004 (CVR modulus 11, e-mail,
phone), URG-1's words in a file, office hours as written, who may change an insurer's
settings (one rule for the urgent admin page and master data), and the reference-data rules the
kinds share with the old admin forms (DEV-6, ORG-2, ORG-6, CERT-2)."""
from __future__ import annotations

from datetime import time

import pytest

from logic.access import Role, User
from logic.certificates import rules as cert_rules
from logic.deviations import rules as dev_rules
from logic.org import reference_rules
from logic.urgent import office_hours, office_settings
from logic.urgent.model import CreatePermission


def a_user(*roles: Role, units: tuple[str, ...] = ()) -> User:
    return User("u", "U", frozenset(roles), units)


@pytest.mark.parametrize("cvr, error", [
    ("13585628", None), ("DK 13 58 56 28", None), ("DK-13585628", None), ("24256790", None),
    ("13585627", "urgent.bad_cvr_check"), ("24256791", "urgent.bad_cvr_check"),
    ("1358562", "urgent.bad_cvr"), ("1358562A", "urgent.bad_cvr"), (None, None), ("", None),
])
def test_adm8_cvr_number_is_eight_digits_passing_modulus_11(cvr, error):
    assert office_settings.cvr_error(cvr) == error


def test_adm8_cvr_number_is_stored_as_its_eight_digits():
    assert office_settings.normal_cvr(" dk 13-58-56-28 ") == "13585628"


@pytest.mark.parametrize("details, errors", [
    ({"email": "fh@test.test", "phone": "+45111111111", "contact_phone": "+45111111111111",
      "contact_email": "fh@test.test", "cvr": "13585628", "address": "Amagerbrogade 52, 2300 Kbh S"}, {}),
    ({"email": "fh@test", "contact_email": "no at"}, {"email": "form.bad_email", "contact_email": "form.bad_email"}),
    ({"phone": "12", "contact_phone": "ring mig"}, {"phone": "form.bad_phone", "contact_phone": "form.bad_phone"}),
    ({"cvr": "13585627"}, {"cvr": "urgent.bad_cvr_check"}),
    ({"address": "x" * 201, "description": "y" * 2001}, {"address": "form.too_long", "description": "form.too_long"}),
])
def test_adm8_office_details_are_checked_per_field(details, errors):
    assert office_settings.office_details_errors(details) == errors


@pytest.mark.parametrize("word, permission", [
    ("Aldrig", CreatePermission.NEVER), ("never", CreatePermission.NEVER),
    ("Uden for arbejdstid", CreatePermission.OUTSIDE_HOURS), ("Udenfor arbejdstiden", CreatePermission.OUTSIDE_HOURS),
    ("Utanför arbetstid", CreatePermission.OUTSIDE_HOURS), ("outside_hours", CreatePermission.OUTSIDE_HOURS),
    ("Altid", CreatePermission.ALWAYS), ("Alltid", CreatePermission.ALWAYS), ("ALWAYS", CreatePermission.ALWAYS),
    ("ja", None), ("sometimes", None), ("", None),
])
def test_adm8_urg1_permission_words_of_a_file(word, permission):
    assert office_settings.parse_permission(word) == permission


@pytest.mark.parametrize("text, parsed", [
    ("8:00", time(8)), ("08:00", time(8)), ("08.30", time(8, 30)), ("1600", time(16)), ("16:00:00", time(16)),
])
def test_adm8_urg2_office_hours_as_written(text, parsed):
    assert office_hours.parse_time(text) == parsed


@pytest.mark.parametrize("text", ["25:00", "8", "08:60", "kl 8", "08:00:30"])
def test_adm8_urg2_a_time_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError, match="urgent.bad_time"):
        office_hours.parse_time(text)


def test_adm8_one_rule_decides_who_may_change_an_insurers_settings():
    assert office_settings.may_administer(a_user(Role.ADMIN), "ins-a")
    assert office_settings.may_administer(a_user(Role.INSURER, units=("ins-a",)), "ins-a")
    other = office_settings.may_administer(a_user(Role.INSURER, units=("ins-a",)), "ins-b")
    assert not other and other.reason == "urgent.not_your_portal"
    assert not office_settings.may_administer(a_user(Role.PARTNER, units=("ins-a",)), "ins-a")
    assert office_settings.may_administer(None, "ins-a")           # the installer


def test_adm8_urg3_no_new_extra_right_while_enhanced_is_off_but_a_kept_one_is_no_grant():
    off = office_settings.PortalSettings("ins-a", enhanced=False)
    granted = office_settings.OfficeSettings("o", CreatePermission.ALWAYS, True, True)
    assert office_settings.settings_errors(granted, off) == {"may_assign_other_partners": "urgent.enhanced_off",
                                                   "may_edit_case_id": "urgent.enhanced_off"}
    assert office_settings.settings_errors(granted, off, before=granted) == {}
    assert office_settings.settings_errors(granted, office_settings.PortalSettings("ins-a", enhanced=True)) == {}


@pytest.mark.parametrize("code, name_sv, errors", [
    ("emballage", "Emballage", {}), ("Emballage", "Emballage", {}),
    ("", "X", {"code": "form.invalid"}), ("a-b", "X", {"code": "form.invalid"}),
    ("x" * 31, "X", {"code": "form.text_too_long"}), ("ok", " ", {"name_sv": "form.required"}),
    ("ok", "x" * 101, {"name_sv": "form.text_too_long"}),
])
def test_adm9_dev6_category_rule(code, name_sv, errors):
    assert dev_rules.category_errors(code, name_sv) == errors


def test_adm9_dev6_category_is_stored_lower_case_with_english_defaulting_to_swedish():
    row = dev_rules.category_row("reklamation", " Emballage ", "Emballage", "", False, 5, True)
    assert (row["code"], row["name_en"], row["sort"]) == ("emballage", "Emballage", 5)


AREA = {"code": "verksamhet", "parent_code": None, "entry": "org"}
TYPE = {"code": "forsakringsmedicin", "parent_code": "verksamhet", "entry": "org"}


@pytest.mark.parametrize("args, errors, entry", [
    (("tolk", "verksamhet", None, True, AREA, None, False), {}, "org"),
    (("tolk", "verksamhet", "care", False, AREA, None, False), {}, "org"),         # a type takes its area's entry
    (("tolk", "forsakringsmedicin", None, False, TYPE, None, False), {"parent_code": "org.parent_not_area"}, None),
    (("tolk", "tolk", None, False, AREA, None, False), {"parent_code": "org.parent_not_area"}, None),
    (("ny", None, None, False, None, None, False), {"entry": "form.required"}, None),
    (("verksamhet", "sakerhet", None, False, AREA, AREA, True), {"parent_code": "org.area_has_types"}, None),
    (("forsakringsmedicin", None, "org", False, None, TYPE, False), {"parent_code": "org.type_stays_type"}, None),
    (("ny", None, "org", True, None, None, False), {"ladder": "org.ladder_only_types"}, None),
])
def test_adm9_org2_where_a_node_may_sit(args, errors, entry):
    assert reference_rules.node_place(*args) == (errors, entry)


def test_adm9_org2_node_fields():
    values, errors = reference_rules.node_fields(" Tolk ", {"name_sv": "Tolkbokning", "guidance_en": "g" * 2001})
    assert values["code"] == "tolk" and errors == {"guidance_en": "form.text_too_long"}
    assert errors["guidance_en"].params == {"limit": 2000, "length": 2001}      # both numbers named
    assert reference_rules.node_fields("bad code", {"name_sv": ""})[1] == {"code": "org.bad_code", "name_sv": "form.required"}


@pytest.mark.parametrize("level, username, title, errors", [
    ("committee", "chair", "Ordförande", {}),
    ("manager", "chair", None, {"level": "form.invalid"}),
    ("forum", None, None, {"username": "form.required"}),
    ("forum", "nurse", None, {"username": "org.holder_needs_role"}),
    ("group", "chair", "t" * 101, {"title": "form.text_too_long"}),
])
def test_adm9_org6_ladder_holder_rule(level, username, title, errors):
    assert reference_rules.holder_errors(level, username, title, {"chair"}) == errors


@pytest.mark.parametrize("title, care, units, errors", [
    ("Läkare", ["vc1"], ["vc1", "vc2"], {}),
    (None, [], [], {}),
    ("Trollkarl", [], [], {"protected_title": "cert.pre.title_unknown"}),
    ("Läkare", ["vc3"], ["vc1"], {"care_units": "cert.pre.care_not_member"}),
    ("Läkare", [], None, {"username": "users.not_found"}),
])
def test_adm9_cert2_rights_rule(title, care, units, errors):
    assert cert_rules.rights_errors(title, care, units) == errors


@pytest.mark.parametrize("code, error", [("4711012", None), ("AB12", None), (None, None),
                                         ("47-11", "cert.workplace_code_invalid"),
                                         ("1" * 21, "cert.workplace_code_invalid")])
def test_adm9_cert2_workplace_code_rule(code, error):
    assert cert_rules.workplace_code_error(code) == error


MINE = ["offices", "office_hours", "categories", "org_classification", "org_ladder", "cert_rights"]


@pytest.mark.parametrize("name", MINE)
def test_adm8_adm9_imp2_every_column_has_a_header_in_sv_en_da_and_no_spelling_names_two_columns(name):
    from logic import i18n
    from logic.importer.read import header_token
    from logic.registry import kind
    from logic.texts import merged

    catalog, k = merged(), kind(name)
    assert set(catalog[k.title_key]) == {"sv", "en", "da"}
    owner: dict[str, str] = {}
    for col in k.columns:
        assert set(catalog[col.label_key(name)]) == {"sv", "en", "da"}, col.name
        for spelling in (col.name, *col.aliases, *(col.header(name, lang) for lang in i18n.LANGUAGES)):
            token = header_token(spelling)
            assert owner.setdefault(token, col.name) == col.name, (spelling, owner[token], col.name)


@pytest.mark.parametrize("name", MINE)
@pytest.mark.parametrize("lang", ["sv", "en", "da"])
def test_adm8_adm9_imp2_templates_read_back_with_every_header_matched(name, lang):
    from logic.importer import read, service
    from logic.registry import kind

    for fmt, file_name in (("csv", "t.csv"), ("xlsx", "t.xlsx")):
        table = read.read(service.template(name, lang, fmt), file_name)
        assert all(read.match_headers(kind(name), table.headers).values())


def test_adm8_adm9_adm10_every_refusal_and_note_of_these_kinds_speaks_sv_en_da():
    import re

    from logic.texts import merged
    from tests.conftest import ROOT

    catalog = merged()
    files = [ROOT / "logic/masterdata/kinds" / f"{n}.py" for n in MINE + ["units"]]
    keys = set()
    for f in files:
        keys |= set(re.findall(r"""["'](md\.[a-z_]+\.[a-z0-9_]+)["']""", f.read_text(encoding="utf-8")))
    keys |= {f"md.units.reroute_stay_{why}" for why in ("forwarded", "no_manager")}
    keys |= {"urgent.bad_cvr", "urgent.bad_cvr_check", "urgent.bad_time", "cert.pre.care_not_member",
             "cert.workplace_code_invalid", "org.ladder_only_types", "org.arrival.rerouted",
             "urgent.event.urgent_member_removed", "urgent.event.urgent_office_details"}
    for key in sorted(keys):
        assert set(catalog.get(key, {})) >= {"sv", "en", "da"}, key
