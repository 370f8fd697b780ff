"""ADM-8: insurers → companies → partner offices as master data (seed 004). The offices kind
(the office with its company and insurer, the details of the seed's Kontor indstillinger, its
members and its urgent-case permissions) and the office_hours kind, in the grid's save and in
an import: idempotent, refused with reasons, written through the urgent admin page's own rule
(an insurer only its own offices), in the security log and the settings log either way."""
from __future__ import annotations

from datetime import time

import pytest

from logic.access import PermissionDenied, Role
from logic.importer import service
from logic.masterdata import plan as md
from logic.masterdata import reads
from logic.registry import kind
from logic.masterdata.spec import CHANGED, NEW, REFUSED, UNCHANGED
from logic.urgent import services
from logic.urgent.model import CreatePermission as P
from logic.urgent.model import ReportPeriod
from tests.conftest import add_unit, add_user
from tests.store.test_urgent_services import WEEKDAY_INSIDE, WEEKDAY_OUTSIDE, World, at

pytestmark = pytest.mark.both_backends

OFFICES = kind("offices")
HOURS = kind("office_hours")


@pytest.fixture
def w(db) -> World:
    return World(db)


@pytest.fixture
def admin(db):
    return add_user(db, "admin", [Role.ADMIN])


def seed_office(w: World, **extra) -> dict:
    """The seed's København office of Easyfix (a company of the test insurer)."""
    return {"id": "easyfix-kbh", "name": "København", "company_id": w.co_a, "city": "København S",
            "address": "Amagerbrogade 52, 2300 Kbh S", "email": "fh@test.test", "phone": "+45111111111",
            "cvr": "DK 13 58 56 28", "contact_name": "Frederik Service", "contact_phone": "+45111111111111",
            "contact_email": "fh@test.test", "description": "Godt lille kontor.", "members": "p-never",
            "create_permission": "Uden for arbejdstid", **extra}


def office(db, office_id: str) -> dict:
    with db.read() as r:
        # the unit's and its settings' columns (no name is in both but the join's office_id)
        return r.row("SELECT u.*, s.* FROM units u"
                     " LEFT JOIN urgent_office_settings s ON s.office_id = u.id WHERE u.id = ?", [office_id])


def memberships(db, username: str) -> set[str]:
    with db.read() as r:
        return {x["unit_id"] for x in r.rows("SELECT unit_id FROM user_units WHERE username = ?", [username])}


def test_adm8_an_office_with_the_seeds_details_members_and_permission_is_saved(w, db, clock, admin):
    plan = md.save_rows(db, clock, admin, OFFICES, [seed_office(w)])
    assert plan.rows[0].status == NEW, plan.rows[0].errors
    row = office(db, "easyfix-kbh")
    assert (row["kind"], row["parent_id"], row["name"], row["city"]) == ("office", w.co_a, "København", "København S")
    assert (row["cvr"], row["contact_name"], row["address"]) == ("13585628", "Frederik Service",
                                                                 "Amagerbrogade 52, 2300 Kbh S")
    assert row["create_permission"] == "outside_hours"
    assert memberships(db, "p-never") >= {"easyfix-kbh", w.co_a}
    shown = next(r for r in reads.stored_rows(db, admin, OFFICES) if r["id"] == "easyfix-kbh")
    assert shown["insurer_id"] == w.ins and shown["members"] == ["p-never"]
    # URG-1 at once: the member may create urgent cases outside office hours, not inside
    partner = add_user(db, "pia", [Role.PARTNER], ["easyfix-kbh", w.co_a])
    assert services.create_decision(db, at(*WEEKDAY_OUTSIDE), partner)
    assert services.create_decision(db, at(*WEEKDAY_INSIDE), partner).reason == "urgent.create_only_outside_hours"


def test_adm8_imp5_the_same_offices_file_twice_changes_nothing(w, db, clock, admin):
    csv = ("Kontor-id;Navn på kontor;Virksomhed (id);CVR nummer;Kontaktperson;Medlemmer (brugernavne);"
           "Har tilladelse til at oprette akut sager\r\n"
           f"easyfix-kbh;København;{w.co_a};13585628;Frederik Service;p-never;Altid\r\n"
           f"easyfix-ros;Roskilde;{w.co_a};;;;Aldrig\r\n").encode("cp1252")
    dry = service.dry_run(db, clock, admin, "offices", csv, "kontorer.csv")
    assert dry.counts == {"new": 2, "changed": 0, "unchanged": 0, "refused": 0}, dry.plan.refused
    service.run(db, clock, admin, "offices", csv, "kontorer.csv", dry.mapping, dry.fingerprint)
    again = service.dry_run(db, clock, admin, "offices", csv, "kontorer.csv")
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2, "refused": 0}
    assert office(db, "easyfix-kbh")["create_permission"] == "always"
    assert office(db, "easyfix-ros")["create_permission"] == "never"


def test_adm8_existing_offices_are_listed_with_their_settings_and_a_change_updates_only_it(w, db, clock, admin):
    rows = {r["id"]: r for r in reads.stored_rows(db, admin, OFFICES)}
    assert rows[w.office["Always"]]["create_permission"] == "always"
    assert rows[w.office["Xeno"]]["insurer_id"] == w.other_ins
    plan = md.save_rows(db, clock, admin, OFFICES, [{"id": w.office["Never"], "create_permission": "altid"}])
    assert plan.rows[0].status == CHANGED and plan.rows[0].changes() == {"create_permission": ("never", "always")}
    assert office(db, w.office["Never"])["create_permission"] == "always"
    assert memberships(db, "p-never") == {w.office["Never"], w.co_a}            # members kept


@pytest.mark.parametrize("extra, column, key", [
    ({"id": "care-1"}, "id", "md.offices.not_an_office"),
    ({"company_id": "co-nowhere"}, "company_id", "md.offices.unknown_company"),
    ({"company_id": "ins-test"}, "company_id", "md.offices.unknown_company"),
    ({"company_id": "co-loose"}, "company_id", "md.offices.company_without_insurer"),
    ({"insurer_id": "ins-other"}, "insurer_id", "md.offices.insurer_of_company"),
    ({"cvr": "13585627"}, "cvr", "urgent.bad_cvr_check"),
    ({"email": "fh@test"}, "email", "form.bad_email"),
    ({"contact_phone": "ring"}, "contact_phone", "form.bad_phone"),
    ({"members": "p-never;ghost"}, "members", "md.offices.unknown_member"),
    ({"create_permission": "sommetider"}, "create_permission", "md.offices.bad_permission"),
    ({"may_assign_other_partners": "ja"}, "may_assign_other_partners", "urgent.enhanced_off"),
    ({"may_edit_case_id": "ja"}, "may_edit_case_id", "urgent.enhanced_off"),
    ({"name": "=HYPERLINK(\"x\")"}, "name", "md.formula"),
])
def test_adm8_bad_office_rows_are_refused_per_cell_and_nothing_is_written(w, db, clock, admin, extra, column, key):
    add_unit(db, "care-1", "care_unit")
    add_unit(db, "co-loose", "company")
    plan = md.save_rows(db, clock, admin, OFFICES, [seed_office(w, **extra), seed_office(w, id="easyfix-ok")])
    assert plan.rows[0].status == REFUSED
    assert [(e.column, e.key) for e in plan.rows[0].errors] == [(column, key)]
    assert office(db, "easyfix-ok") is None                       # all or nothing


def test_adm8_urg3_a_right_granted_while_enhanced_was_on_is_kept_not_refused(w, db, clock, admin):
    c = at(*WEEKDAY_OUTSIDE)
    services.set_portal_settings(db, c, None, w.ins, enhanced=True, report_period=ReportPeriod.WEEK)
    md.save_rows(db, clock, admin, OFFICES, [{"id": w.office["Always"], "may_edit_case_id": "ja"}])
    services.set_portal_settings(db, c, None, w.ins, enhanced=False, report_period=ReportPeriod.WEEK)
    plan = md.save_rows(db, clock, admin, OFFICES, [{"id": w.office["Always"], "city": "Valby"}])
    assert plan.rows[0].status == CHANGED, plan.rows[0].errors
    assert office(db, w.office["Always"])["may_edit_case_id"] is True          # stored, without effect now


def test_adm8_members_leave_the_office_and_its_company_unless_another_office_keeps_them(w, db, clock, admin):
    add_user(db, "multi", [Role.PARTNER])
    md.save_rows(db, clock, admin, OFFICES, [{"id": w.office["Never"], "members": "p-never;multi"},
                                             {"id": w.office["Outside"], "members": "p-outside;multi"}])
    assert memberships(db, "multi") == {w.office["Never"], w.office["Outside"], w.co_a}
    md.save_rows(db, clock, admin, OFFICES, [{"id": w.office["Never"], "members": "p-never"}])
    assert memberships(db, "multi") == {w.office["Outside"], w.co_a}          # still in the company
    md.save_rows(db, clock, admin, OFFICES, [{"id": w.office["Outside"], "members": "p-outside"}])
    assert memberships(db, "multi") == set()


def test_adm8_an_office_moved_to_another_company_takes_its_members_along(w, db, clock, admin):
    md.save_rows(db, clock, admin, OFFICES, [{"id": w.office["Never"], "company_id": w.co_b}])
    assert memberships(db, "p-never") == {w.office["Never"], w.co_b}
    shown = next(r for r in reads.stored_rows(db, admin, OFFICES) if r["id"] == w.office["Never"])
    assert (shown["company_id"], shown["insurer_id"]) == (w.co_b, w.ins)
    plan = md.save_rows(db, clock, admin, OFFICES, [{"id": w.office["Never"], "company_id": w.co_x}])
    assert plan.rows[0].status == CHANGED        # the insurer follows its company (not typed anew)
    assert next(r for r in reads.stored_rows(db, admin, OFFICES) if r["id"] == w.office["Never"])["insurer_id"] == w.other_ins


def test_adm8_one_rule_an_insurer_changes_only_its_own_offices_on_either_path(w, db, clock):
    # the urgent admin page (insurer users) …
    with pytest.raises(PermissionDenied) as e:
        services.set_office_settings(db, clock, w.stranger, w.office["Never"], create_permission=P.ALWAYS)
    assert e.value.decision.reason == "urgent.not_your_portal"
    # … and the office write the offices kind uses ask the same rule
    row = next(r for r in reads.stored_rows(db, add_user(db, "admin", [Role.ADMIN]), OFFICES)
               if r["id"] == w.office["Never"])
    with pytest.raises(PermissionDenied) as e, db.tx() as tx:
        services.write_office(tx, clock, w.stranger, {**row, "create_permission": "always"}, row)
    assert e.value.decision.reason == "urgent.not_your_portal"
    with db.tx() as tx:
        services.write_office(tx, clock, w.insurer, {**row, "create_permission": "always"}, row)
    assert office(db, w.office["Never"])["create_permission"] == "always"
    # the grid and the import themselves are the admin's (ADM-1)
    with pytest.raises(PermissionDenied):
        md.save_rows(db, clock, w.insurer, OFFICES, [{"id": w.office["Never"], "create_permission": "never"}])


def test_adm8_adm3_both_paths_write_the_security_log_and_the_settings_log(w, db, clock, admin):
    services.set_office_settings(db, clock, w.insurer, w.office["Never"], create_permission=P.ALWAYS)
    services.set_office_hours(db, clock, w.insurer, w.co_a, time(7), time(15))
    md.save_rows(db, clock, admin, OFFICES, [{"id": w.office["Outside"], "create_permission": "always"}])
    md.save_rows(db, clock, admin, HOURS, [{"company_id": w.co_b, "start_time": "09:00", "end_time": "17:00"}])
    log = reads.settings_log(db, admin)
    by = {(e["kind"], e["key"], e["source"]): e for e in log}
    page = by[("offices", w.office["Never"], "screen:urgent_admin")]
    assert (page["actor"], page["before_value"], page["after_value"]) == (
        "ins6", {"create_permission": "never"}, {"create_permission": "always"})
    assert by[("office_hours", w.co_a, "screen:urgent_admin")]["after_value"] == {"start_time": "07:00",
                                                                                  "end_time": "15:00"}
    assert by[("offices", w.office["Outside"], "screen")]["after_value"] == {"create_permission": "always"}
    assert by[("office_hours", w.co_b, "screen")]["before_value"] == {"start_time": "08:00", "end_time": "16:00"}
    # the insurer's own log on the urgent admin page shows the admin's grid changes too
    events = [(e["actor"], e["event"]) for e in services.settings_log(db, w.insurer, w.ins)]
    assert ("admin", "urgent_office_settings") in events and ("admin", "urgent_office_hours") in events


def test_adm8_urg2_office_hours_per_company_imported_idempotent_and_checked(w, db, clock, admin):
    csv = ("Virksomhed (id);Kontortid fra;Kontortid til\r\n"
           f"{w.co_a};7.30;15:30\r\n{w.co_b};08:00;16:00\r\n").encode("utf-8")
    dry = service.dry_run(db, clock, admin, "office_hours", csv, "kontortid.csv")
    assert [r.status for r in dry.plan.rows] == [CHANGED, UNCHANGED]
    service.run(db, clock, admin, "office_hours", csv, "kontortid.csv", dry.mapping, dry.fingerprint)
    assert services.companies(db, w.ins)[0]["hours"].label() == "07:30–15:30"
    assert service.dry_run(db, clock, admin, "office_hours", csv, "kontortid.csv").counts["unchanged"] == 2
    bad = md.save_rows(db, clock, admin, HOURS, [
        {"company_id": w.co_a, "start_time": "16:00", "end_time": "08:00"},
        {"company_id": "nowhere", "start_time": "08:00", "end_time": "16:00"},
        {"company_id": w.co_b, "start_time": "kl 8", "end_time": "16:00"},
        {"company_id": w.co_x, "start_time": "", "end_time": "16:00"}])
    assert [[(e.column, e.key) for e in r.errors] for r in bad.rows] == [
        [("end_time", "urgent.hours_end_before_start")], [("company_id", "md.offices.unknown_company")],
        [("start_time", "urgent.bad_time")], [("start_time", "form.required")]]
    assert services.companies(db, w.ins)[0]["hours"].label() == "07:30–15:30"
