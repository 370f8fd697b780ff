"""ADM-6 device register, ADM-7 patients/recipients: imported through the importer service
(dry run, then all or nothing), idempotent by natural key, cross-checked, identity numbers in
the access log — and what was imported is what the deviation wizard finds."""
from __future__ import annotations

from datetime import date

import pytest

from logic.access import Role
from logic.deviations import services
from logic.deviations.model import RegistrationPath
from logic.errors import Refused
from logic.importer import service
from logic.masterdata import persons
from logic.masterdata import plan as md
from logic.masterdata import reads
from logic.registry import kind
from tests.conftest import add_unit, add_user
from tests.store.dev_world import a_draft

pytestmark = pytest.mark.both_backends

TOLVAN = "191212121212"
ELSA = "194001019274"
SAMUEL = "197902631238"          # samordningsnummer
RESERVE = "19850315R001"

ARTICLES = ("Artikelnummer;Benämning;Individklassad;Tillverkare\r\n"
            "49509;Rullstol Cross B42.5 Dj46;ja;Rullverk AB\r\n"
            "10366;Rollator Standard 62;ja;Gåhjälp AB\r\n"
            "22010;Duschpall med ryggstöd;nej;Badrum Hjälp AB\r\n")
PATIENTS = ("Personnummer;Namn;Skyddade personuppgifter;Tjänsteställe\r\n"
            "19121212-1212;Tolvan Tolvansson;nej;1012\r\n"
            "194001019274;Elsa Exempelsson;ja;site-1\r\n"
            "19790263-1238;Samuel Samordningsson;;\r\n"
            "19850315-R001;Reserv Reservsson;;\r\n"
            "40012;Korttidsboendet Linden;;1012\r\n")
INDIVIDUALS = ("Artikel;Individ;Ägande enhet;På lager/utlämnad\r\n"
               "49509;CFH900101;centre;på lager\r\n"
               "49509;CFH188493;HMC;utlämnad\r\n")
STOCK = "Enhet;Artikel;Antal\r\ncentre;22010;14\r\n"
DEVICES = ("Mottagare;Artikel;Individ;Har komponenter;Beställd;Levererad\r\n"
           "19121212-1212;49509;CFH188493;ja;2026-01-02;2026-01-05\r\n"
           "19121212-1212;10366;;nej;2026-02-01;\r\n"
           "40012;22010;;nej;2025-03-01;2025-03-04\r\n")
WORK_ORDERS = ("Arbetsordernummer;Artikel;Individ;Mottagare;Status;Utfört arbete;Utförd datum;Enhet\r\n"
               "AO-26-3001;49509;CFH188493;19121212-1212;utförd;Byte av drivhjul;2026-02-01;1012\r\n")
ALL = [("articles", ARTICLES), ("patients", PATIENTS), ("individuals", INDIVIDUALS), ("stock", STOCK),
       ("recipient_devices", DEVICES), ("work_orders", WORK_ORDERS)]


@pytest.fixture
def admin(db):
    add_unit(db, "centre", kind="centre", code="HMC", name="Hjälpmedelscentralen")
    add_unit(db, "site-1", code="1012", name="Rehab medicinska kliniken", parent_id="centre")
    add_unit(db, "cu-40012", kind="care_unit", code="40012", name="Korttidsboendet Linden", customer_no="40012")
    return add_user(db, "admin", [Role.ADMIN])


@pytest.fixture
def reporter(db, admin):
    return add_user(db, "rita", [Role.REPORTER], ["site-1"], name="Rita Rapportör", prescriber_code="FK0001")


def imp(db, clock, admin, kind_name: str, text: str, lang: str = "sv"):
    """Dry run, then — when nothing is refused — the import; returns the dry run."""
    data = text.encode("utf-8-sig")
    dry = service.dry_run(db, clock, admin, kind_name, data, f"{kind_name}.csv", lang=lang)
    if not dry.plan.refused:
        service.run(db, clock, admin, kind_name, data, f"{kind_name}.csv", dry.mapping, dry.fingerprint)
    return dry


def imp_all(db, clock, admin):
    for name, text in ALL:
        dry = imp(db, clock, admin, name, text)
        assert not dry.plan.refused, (name, dry.error_report)


def reasons(dry) -> dict[int, list[tuple[str | None, str]]]:
    return {r.line: [(e.column, e.key) for e in r.errors] for r in dry.plan.refused}


def rows(db, sql, params=()):
    with db.read() as r:
        return r.rows(sql, list(params))


# ------------------------------------------------------------------ ADM-7 patients/recipients


def test_adm7_one_list_writes_patients_and_recipients_and_care_units(db, clock, admin):
    dry = imp(db, clock, admin, "patients", PATIENTS)
    assert dry.counts == {"new": 5, "changed": 0, "unchanged": 0, "refused": 0}
    patients = {p["id"]: p for p in rows(db, "SELECT * FROM patients")}
    assert set(patients) == {TOLVAN, ELSA, SAMUEL, RESERVE}                     # not the care unit
    assert patients[SAMUEL]["id_kind"] == "samordningsnummer"
    assert patients[RESERVE]["id_kind"] == "reservnummer"
    assert patients[ELSA]["protected_identity"] is True and patients[TOLVAN]["created_by"] == "admin"
    recipients = {r["id"]: r for r in rows(db, "SELECT * FROM recipients")}
    assert recipients["40012"]["kind"] == "care_unit" and recipients[TOLVAN]["kind"] == "patient"
    assert recipients[TOLVAN]["unit_id"] == "site-1"                            # the code 1012 read as the unit


def test_imp5_adm7_the_same_people_again_change_nothing_however_the_numbers_are_written(db, clock, admin):
    imp(db, clock, admin, "patients", PATIENTS)
    rewritten = PATIENTS.replace("19121212-1212", "191212121212").replace("19790263-1238", "197902631238")
    again = imp(db, clock, admin, "patients", rewritten)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 5, "refused": 0}
    changed = imp(db, clock, admin, "patients", PATIENTS.replace("Tolvan Tolvansson", "Tolvan Tolvan"))
    assert changed.counts["changed"] == 1
    assert rows(db, "SELECT name FROM recipients WHERE id = ?", [TOLVAN])[0]["name"] == "Tolvan Tolvan"
    assert rows(db, "SELECT name FROM patients WHERE id = ?", [TOLVAN])[0]["name"] == "Tolvan Tolvan"
    assert len(reads.settings_log(db, admin, "patients")) == 6


def test_adm7_bad_identities_are_refused_with_the_reason_in_the_users_language(db, clock, admin):
    bad = ("Personnummer;Namn;Skyddade personuppgifter;Tjänsteställe\r\n"
           "191212121213;Fel Kontrollsiffra;;\r\n"
           "1212121212;Utan Århundrade;;\r\n"
           "40099;Okänd Vårdenhet;;\r\n"
           "40012;Korttidsboendet Linden;ja;\r\n"
           "194001019274;Elsa Exempelsson;;site-9\r\n")
    dry = imp(db, clock, admin, "patients", bad, lang="en")
    assert reasons(dry) == {2: [("id", "identity.check_digit")], 3: [("id", "md.patients.not_a_care_unit")],
                            4: [("id", "md.patients.not_a_care_unit")],
                            5: [("protected_identity", "md.patients.care_unit_protected")],
                            6: [("unit_id", "md.unknown_unit")]}
    report = dry.error_report.decode("utf-8-sig").splitlines()
    assert report[0] == "Line;Column;Value;Reason"
    assert report[1].startswith("2;") and "check digit" in report[1]
    assert rows(db, "SELECT * FROM patients") == [] and rows(db, "SELECT * FROM recipients") == []


def test_x2_adm7_identity_numbers_read_from_a_file_go_into_the_access_log(db, clock, admin):
    imp(db, clock, admin, "patients", PATIENTS)             # a dry run and the import: both read the file
    logged = rows(db, "SELECT person_id, actor, purpose, count(*) AS n FROM access_log"
                  " GROUP BY person_id, actor, purpose")
    assert {(r["person_id"], r["actor"], r["purpose"], r["n"]) for r in logged} == \
        {(p, "admin", "import", 2) for p in (TOLVAN, ELSA, SAMUEL, RESERVE)}   # not the care unit's number
    imp(db, clock, admin, "articles", ARTICLES)
    imp(db, clock, admin, "recipient_devices", DEVICES)
    assert rows(db, "SELECT count(*) AS n FROM access_log WHERE person_id = ?", [TOLVAN])[0]["n"] == 4


def test_x2_adm7_an_error_report_downloaded_again_logs_the_identity_numbers_in_it(db, clock, admin):
    imp(db, clock, admin, "articles", ARTICLES)
    imp(db, clock, admin, "patients", PATIENTS)
    bad = ("Recipient (personal identity or customer number);Article no;Individual no;Delivered\r\n"
           "19520807-9268;49509;;\r\n"                       # a valid number nobody imported
           "19121212-1212;49509;CFH900999;2026-02-13\r\n")   # in the future: the value is a date
    dry = imp(db, clock, admin, "recipient_devices", bad, lang="en")
    assert reasons(dry) == {2: [("recipient_id", "md.unknown_recipient")], 3: [("delivered", "md.in_future")]}
    assert service.stored_report(db, admin, dry.import_id, clock) == dry.error_report
    logged = rows(db, "SELECT person_id FROM access_log WHERE purpose = 'import_report'")
    assert logged == [{"person_id": "195208079268"}]


def test_x2_adm7_the_grid_logs_each_revealed_number_once_per_view(db, clock, admin):
    imp(db, clock, admin, "patients", PATIENTS)
    before = rows(db, "SELECT count(*) AS n FROM access_log")[0]["n"]
    kind_ = kind("patients")
    stored = reads.stored_rows(db, admin, kind_)
    shown, logged = persons.for_screen(db, clock, admin, kind_, stored, reveal=False)
    assert rows(db, "SELECT count(*) AS n FROM access_log")[0]["n"] == before and logged is None
    assert {r["id"] for r in shown} == {"19121212-****", "19400101-****", "19790263-****", "********", "40012"}
    shown, logged = persons.for_screen(db, clock, admin, kind_, stored, reveal=True)
    assert TOLVAN in {r["id"] for r in shown}
    assert rows(db, "SELECT count(*) AS n FROM access_log WHERE purpose = 'admin_register'")[0]["n"] == 4
    persons.for_screen(db, clock, admin, kind_, stored, reveal=True, logged=logged)     # a rerun of the same view
    assert rows(db, "SELECT count(*) AS n FROM access_log WHERE purpose = 'admin_register'")[0]["n"] == 4


# ------------------------------------------------------------------ ADM-6 device register


def test_adm6_the_whole_register_imports_in_order_and_again_changes_nothing(db, clock, admin):
    imp_all(db, clock, admin)
    cards = {s["individual_no"]: s for s in rows(db, "SELECT * FROM stock_items WHERE individual_no IS NOT NULL")}
    assert cards["CFH900101"]["handed_out"] is False and cards["CFH188493"]["handed_out"] is True
    assert cards["CFH188493"]["unit_id"] == "centre"                               # the code HMC read as the unit
    assert rows(db, "SELECT quantity FROM stock_items WHERE individual_no IS NULL")[0]["quantity"] == 14
    devices = rows(db, "SELECT * FROM devices ORDER BY article_no")
    assert [(d["recipient_id"], d["article_no"], d["individual_no"], d["delivered"]) for d in devices] == [
        (TOLVAN, "10366", None, None), ("40012", "22010", None, date(2025, 3, 4)),
        (TOLVAN, "49509", "CFH188493", date(2026, 1, 5))]
    order = rows(db, "SELECT * FROM work_orders")[0]
    assert (order["status"], order["recipient_id"], order["unit_id"]) == ("performed", TOLVAN, "site-1")
    for name, text in ALL:                                                          # IMP-5
        again = imp(db, clock, admin, name, text)
        assert again.counts["new"] == again.counts["changed"] == again.counts["refused"] == 0, name
    assert len(rows(db, "SELECT * FROM devices")) == 3


def test_imp5_adm6_a_changed_row_updates_the_device_its_natural_key_names(db, clock, admin):
    imp_all(db, clock, admin)
    rollator = rows(db, "SELECT id FROM devices WHERE article_no = '10366'")[0]["id"]
    delivered = DEVICES.replace("19121212-1212;10366;;nej;2026-02-01;", "19121212-1212;10366;;nej;2026-02-01;2026-02-03")
    dry = imp(db, clock, admin, "recipient_devices", delivered)
    assert dry.counts == {"new": 0, "changed": 1, "unchanged": 2, "refused": 0}
    assert dry.plan.writes[0].changes() == {"delivered": (None, date(2026, 2, 3))}
    row = rows(db, "SELECT * FROM devices WHERE article_no = '10366'")[0]
    assert row["id"] == rollator and row["delivered"] == date(2026, 2, 3)          # the same device, updated


def test_adm6_a_waiting_order_gets_its_individual_when_it_is_delivered(db, clock, admin):
    imp_all(db, clock, admin)
    waiting = rows(db, "SELECT * FROM devices WHERE article_no = '10366'")[0]
    head = DEVICES.splitlines()[0] + "\r\n"
    delivered = head + "19121212-1212;10366;CFH100777;;2026-02-01;2026-02-10\r\n"
    dry = imp(db, clock, admin, "recipient_devices", delivered)
    assert dry.counts == {"new": 0, "changed": 1, "unchanged": 0, "refused": 0}
    assert dry.plan.rows[0].changes() == {"individual_no": (None, "CFH100777"), "delivered": (None, date(2026, 2, 10))}
    now = rows(db, "SELECT * FROM devices WHERE article_no = '10366'")
    assert [(d["id"], d["individual_no"], d["ordered"], d["delivered"]) for d in now] == [
        (waiting["id"], "CFH100777", date(2026, 2, 1), date(2026, 2, 10))]      # the same device, delivered
    assert imp(db, clock, admin, "recipient_devices", delivered).counts["unchanged"] == 1    # IMP-5
    both = head + "19121212-1212;10366;;;2026-02-11;\r\n19121212-1212;10366;CFH100888;;;2026-02-11\r\n"
    assert imp(db, clock, admin, "recipient_devices", both).counts == {"new": 2, "changed": 0, "unchanged": 0,
                                                                       "refused": 0}


def test_adm6_cross_checks_refuse_what_does_not_fit(db, clock, admin):
    imp(db, clock, admin, "articles", ARTICLES)
    imp(db, clock, admin, "patients", PATIENTS)
    imp(db, clock, admin, "individuals", INDIVIDUALS)
    individuals = imp(db, clock, admin, "individuals", "Artikel;Individ;Ägande enhet\r\n"
                                                       "99999;X1;centre\r\n22010;X2;centre\r\n49509;X3;site-9\r\n")
    assert reasons(individuals) == {2: [("article_no", "md.unknown_article")],
                                    3: [("article_no", "md.individuals.not_individual")],
                                    4: [("unit_id", "md.unknown_unit")]}
    stock = imp(db, clock, admin, "stock", "Enhet;Artikel;Antal\r\ncentre;49509;2\r\nHMC;22010;1\r\ncentre;22010;x\r\n")
    assert reasons(stock) == {2: [("article_no", "md.stock.individual_article")], 3: [("unit_id", "md.unknown_unit")],
                              4: [("quantity", "md.bad_int")]}
    devices = imp(db, clock, admin, "recipient_devices",
                  "Mottagare;Artikel;Individ;Beställd;Levererad\r\n"
                  "195208079268;49509;;2026-01-01;\r\n"          # a valid number nobody imported
                  "19850315-R001;49509;;2026-01-01;\r\n"         # reserve number: the wizard cannot find it
                  "191212121212;99999;;;\r\n"                    # unknown article
                  "191212121212;49509;;2026-01-10;2026-01-05\r\n"  # delivered before ordered
                  "191212121212;10366;;2026-02-12;2026-02-13\r\n"  # tomorrow (the clock says 2026-02-12)
                  "191212121212;49509;CFH900101;2026-01-01;2026-01-02\r\n"   # the card says on stock
                  "40012;49509;CFH188493;2026-01-01;2026-01-02\r\n"          # delivered to two recipients
                  "191212121212;49509;CFH188493;2026-01-01;2026-01-02\r\n")
    assert reasons(devices) == {
        2: [("recipient_id", "md.unknown_recipient")], 3: [("recipient_id", "md.recipient_devices.reserve_number")],
        4: [("article_no", "md.unknown_article")], 5: [("delivered", "md.recipient_devices.delivered_before_ordered")],
        6: [("delivered", "md.in_future")], 7: [("individual_no", "md.recipient_devices.individual_on_stock")],
        8: [("individual_no", "md.recipient_devices.individual_elsewhere")],
        9: [("individual_no", "md.recipient_devices.individual_elsewhere")]}
    orders = imp(db, clock, admin, "work_orders", "Arbetsordernummer;Artikel;Mottagare;Status;Utförd datum;Enhet\r\n"
                                                  "AO-1;99999;195208079268;kanske;2026-03-01;site-9\r\n")
    assert sorted(reasons(orders)[2]) == [("status", "md.work_orders.bad_status")]   # the row is refused at once
    orders = imp(db, clock, admin, "work_orders", "Arbetsordernummer;Artikel;Mottagare;Utförd datum;Enhet\r\n"
                                                  "AO-1;99999;195208079268;2026-02-12;site-9\r\n"
                                                  "AO-2;49509;;2026-02-13;\r\n")
    assert sorted(reasons(orders)[2]) == [("article_no", "md.unknown_article"), ("recipient_id", "md.unknown_recipient"),
                                          ("unit_id", "md.unknown_unit")]
    assert reasons(orders)[3] == [("performed", "md.in_future")]
    assert rows(db, "SELECT * FROM devices") == [] and rows(db, "SELECT * FROM work_orders") == []


def test_adm6_an_individual_delivered_to_a_recipient_cannot_be_put_back_on_stock_by_the_register(db, clock, admin):
    imp_all(db, clock, admin)
    back = imp(db, clock, admin, "individuals", INDIVIDUALS.replace("CFH188493;HMC;utlämnad", "CFH188493;HMC;på lager"))
    assert reasons(back) == {3: [("state", "md.individuals.handed_out_to_recipient")]}


def test_adm6_the_grid_refuses_a_future_date_and_an_edit_of_someone_elses_newer_row(db, clock, admin):
    imp_all(db, clock, admin)
    devices = kind("recipient_devices")
    plan = md.save_rows(db, clock, admin, devices, [{"recipient_id": TOLVAN, "article_no": "10366",
                                                    "delivered": "2026-02-13"}])
    assert [(e.column, e.key) for e in plan.rows[0].errors] == [("delivered", "md.in_future")]
    shown = {"recipient_id": TOLVAN, "article_no": "10366", "individual_no": None, "has_components": False,
             "ordered": date(2026, 1, 15), "delivered": None}
    plan = md.save_rows(db, clock, admin, devices, [{"recipient_id": TOLVAN, "article_no": "10366",
                                                    "delivered": "2026-02-12"}],
                        expected={(TOLVAN, "10366", None): shown})
    assert plan.rows[0].errors[0].key == "md.changed_meanwhile"
    plan = md.save_rows(db, clock, admin, devices, [{"recipient_id": TOLVAN, "article_no": "10366",
                                                    "delivered": "2026-02-12"}])
    assert not plan.refused and plan.rows[0].status == "changed"


def test_imp3_adm6_a_refused_row_leaves_the_register_as_it_was(db, clock, admin):
    imp(db, clock, admin, "articles", ARTICLES)
    imp(db, clock, admin, "patients", PATIENTS)
    data = (DEVICES + "191212121212;99999;;;;\r\n").encode("utf-8-sig")
    dry = service.dry_run(db, clock, admin, "recipient_devices", data, "d.csv")
    with pytest.raises(Refused):
        service.run(db, clock, admin, "recipient_devices", data, "d.csv", dry.mapping, dry.fingerprint)
    assert rows(db, "SELECT * FROM devices") == []


# ------------------------------------------------------------------ the deviation wizard finds it (DEV-4, DEV-5)


def test_adm6_a_reporter_registers_a_deviation_on_an_imported_recipients_imported_device(db, clock, admin, reporter):
    imp_all(db, clock, admin)
    found, devices = services.find_recipient(db, clock, reporter, "19121212-1212")
    assert found["name"] == "Tolvan Tolvansson"
    wheelchair = next(d for d in devices if d["individual_no"] == "CFH188493")
    assert wheelchair["article_name"] == "Rullstol Cross B42.5 Dj46" and wheelchair["has_components"] is True
    case_id = services.register_deviation(db, clock, reporter, a_draft(
        recipient_id="191212121212", device_id=wheelchair["id"]))
    detail = rows(db, "SELECT * FROM deviations WHERE case_id = ?", [case_id])[0]
    assert (detail["recipient_id"], detail["article_no"], detail["individual_no"], detail["recipient_name"]) == \
        (TOLVAN, "49509", "CFH188493", "Tolvan Tolvansson")
    not_delivered = next(d for d in devices if d["article_no"] == "10366")           # DEV-3 still holds
    assert services.check_draft(db, clock, reporter, a_draft(
        recipient_id=TOLVAN, device_id=not_delivered["id"]))["event_type"] == "dev.not_handed_out"


def test_adm6_the_wizard_finds_an_imported_care_unit_buffer_stock_and_work_order(db, clock, admin, reporter):
    imp_all(db, clock, admin)
    found, devices = services.find_recipient(db, clock, reporter, "40012")
    assert found["kind"] == "care_unit" and [d["article_no"] for d in devices] == ["22010"]
    on_stock = services.stock_items(db, individual=True)
    assert [i["individual_no"] for i in on_stock] == ["CFH900101"]                   # CFH188493 is handed out
    assert [i["quantity"] for i in services.stock_items(db, individual=False)] == [14]
    handed_out = rows(db, "SELECT id FROM stock_items WHERE individual_no = 'CFH188493'")[0]["id"]
    errors = services.check_draft(db, clock, reporter, a_draft(RegistrationPath.STOCK_INDIVIDUAL,
                                                               stock_item_id=handed_out))
    assert errors["stock_item_id"] == "dev.stock_item_not_found"
    stock_case = services.register_deviation(db, clock, reporter, a_draft(RegistrationPath.STOCK_INDIVIDUAL,
                                                                          stock_item_id=on_stock[0]["id"]))
    order_case = services.register_deviation(db, clock, reporter, a_draft(RegistrationPath.SERVICE_WORK_ORDER,
                                                                          work_order_no="ao-26-3001"))
    details = {r["case_id"]: r for r in rows(db, "SELECT * FROM deviations")}
    assert details[stock_case]["individual_no"] == "CFH900101"
    assert (details[order_case]["work_order_no"], details[order_case]["recipient_id"]) == ("ao-26-3001", TOLVAN)


def test_imp8_adm6_the_command_line_imports_a_register_kind(db, tmp_path, clock, admin, capsys):
    from logic.importer.__main__ import main

    imp(db, clock, admin, "articles", ARTICLES)
    path = tmp_path / "individer.csv"
    path.write_bytes(INDIVIDUALS.encode("utf-8-sig"))
    db_path = getattr(db, "url", db.path)        # a DuckDB file or PostgreSQL's URL
    db.close()
    assert main(["individuals", str(path), "--db", db_path]) == 0
    assert "new 2" in capsys.readouterr().err
    assert main(["individuals", str(path), "--db", db_path]) == 0
    assert "unchanged 2" in capsys.readouterr().err
