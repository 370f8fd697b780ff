"""ORG services on a temp DuckDB: routing (ORG-4), handling (ORG-5), the ladder (ORG-6), the
linked care deviation (ORG-7), the classification as reference data (ORG-2), and refusals
for everyone who may not act. Fictional people, named by their role."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pytest

from logic import audit, messages, reference, work
from logic.access import PermissionDenied, Role, User
from logic.errors import Conflict, FieldErrors, Refused
from logic.org import services
from logic.org.model import Affected, Entry, Level, OrgDraft, Party
from logic.clock import FixedClock
from logic.store import core_repo
from logic.store.connect import open_database
from logic.store.db import Database
from tests.conftest import STOCKHOLM, _pg_database, add_unit, add_user

pytestmark = pytest.mark.both_backends


@dataclass
class World:
    nurse: User
    colleague: User
    branch_nurse: User
    clinic_mgr: User
    area_mgr: User
    psych_mgr: User
    chair: User
    forum_lead: User
    group_lead: User
    admin: User
    analyst: User


def build(db: Database, clock, holders: bool = True) -> World:
    """region (boss) > area (area_mgr) > clinic (clinic_mgr), branch (no manager);
    region > psych (psych_mgr); orphan has no manager anywhere."""
    add_unit(db, "region", "org_unit", manager="boss")
    add_unit(db, "area", "org_unit", parent_id="region", manager="area_mgr")
    add_unit(db, "clinic", "org_unit", parent_id="area", manager="clinic_mgr")
    add_unit(db, "branch", "org_unit", parent_id="area")
    add_unit(db, "psych", "org_unit", parent_id="region", manager="psych_mgr")
    add_unit(db, "orphan", "org_unit")
    w = World(
        nurse=add_user(db, "nurse", [Role.REPORTER], ["clinic"], name="Nina Nurse"),
        colleague=add_user(db, "colleague", [Role.REPORTER], ["clinic"]),
        branch_nurse=add_user(db, "branch_nurse", [Role.REPORTER], ["branch"]),
        clinic_mgr=add_user(db, "clinic_mgr", [Role.MANAGER], ["clinic"], name="Clara Clinicmanager"),
        area_mgr=add_user(db, "area_mgr", [Role.MANAGER], ["area"]),
        psych_mgr=add_user(db, "psych_mgr", [Role.MANAGER], ["psych"], name="Paula Psychmanager"),
        chair=add_user(db, "chair", [Role.ORG_LADDER], ["region"], name="Cecilia Chair"),
        forum_lead=add_user(db, "forum_lead", [Role.ORG_LADDER], ["region"]),
        group_lead=add_user(db, "group_lead", [Role.ORG_LADDER], ["region"]),
        admin=add_user(db, "admin", [Role.ADMIN]),
        analyst=add_user(db, "analyst", [Role.ANALYST]),
    )
    add_user(db, "boss", [Role.MANAGER], ["region"])
    if holders:
        for level, who in ((Level.COMMITTEE, "chair"), (Level.FORUM, "forum_lead"), (Level.GROUP, "group_lead")):
            services.set_holder(db, clock, w.admin, level, who, "Ordförande")
    return w


# Building the world costs ~0.7 s a test on this machine (twelve users, the ladder's holders);
# it is built once per session (a DuckDB file, and the same on a PostgreSQL template: build gives
# the same ids on a fresh database) and each test that uses `w` gets its own copy as `db`.
BUILT_AT = datetime(2026, 2, 12, 10, 0, tzinfo=STOCKHOLM)       # tests/conftest.py's clock


@pytest.fixture(scope="session")
def org_template(tmp_path_factory) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("org_world") / "world.duckdb"
    database = Database(path)
    reference.load_all(database)
    world = build(database, FixedClock(BUILT_AT))
    database.checkpoint()
    database.close()
    return path, world


@pytest.fixture(scope="session")
def pg_org_template(pg_cluster, org_template) -> str:
    def make(url):
        database = open_database(url)
        reference.load_all(database)
        build(database, FixedClock(BUILT_AT))
        database.close()
    return pg_cluster.template("tpl_org_world", make)


def open_db(request, backend: str, tmp_path: Path) -> Database:
    """The test's database: a copy of the org world's (the session's template) where the test
    uses `w`, else the conftest's fresh one (reference data only)."""
    if "w" in request.fixturenames:
        if backend == "postgres":
            return open_database(_pg_database(request, "pg_org_template"))
        target = tmp_path / "org_world.duckdb"
        shutil.copy(request.getfixturevalue("org_template")[0], target)
        return Database(target)
    if backend == "postgres":
        return open_database(_pg_database(request, "pg_ref_template"))
    target = tmp_path / "test.duckdb"
    shutil.copy(request.getfixturevalue("db_template"), target)
    return Database(target)


@pytest.fixture
def db(request, backend, tmp_path):
    database = open_db(request, backend, tmp_path)
    yield database
    database.close()


@pytest.fixture
def w(db, org_template) -> World:
    return org_template[1]


def a_draft(**overrides) -> OrgDraft:
    values = dict(
        entry=Entry.ENVIRONMENT, unit_id="clinic", area="verksamhet", deficiency="forsakringsmedicin",
        title="Läkarintyg avvisat utan kontakt", what_happened="Försäkringskassan avvisade intyget.",
        occurred_date=date(2026, 2, 11), occurred_time=time(9, 30), location="Mottagningen",
        affected=[Affected.ORGANISATION], party=Party.FK, patient_harmed=False,
        grounds=["samarbete"])
    values.update(overrides)
    return OrgDraft(**values)


def harmed(**overrides) -> OrgDraft:
    return a_draft(patient_harmed=True, affected=[Affected.PATIENT], harm_description="Utan ersättning.",
                   **overrides)


def case_row(db: Database, case_id: str) -> dict:
    with db.read() as r:
        return core_repo.case(r, case_id)


def version(db: Database, case_id: str) -> int:
    return case_row(db, case_id)["version"]


def inbox(db: Database, user: User) -> list[str]:
    return [m["subject"] for m in messages.inbox(db, user)]


# ------------------------------------------------------------------ ORG-4 routing


def test_org4_report_goes_to_the_nearest_manager_and_waits_for_her(db, clock, w):
    reg = services.register(db, clock, w.nurse, a_draft())
    assert reg.case_id == "OA26070001" and reg.holder == "clinic_mgr" and not reg.to_self
    row = case_row(db, reg.case_id)
    assert (row["kind"], row["status"], row["assignee"], row["subtype"], row["category"]) == \
        ("org", "open", "clinic_mgr", "forsakringsmedicin", "verksamhet")
    assert row["closed_at"] is None
    assert "läkarintyg avvisat" in row["search_text"] and "försäkringsmedicin" in row["search_text"]
    waiting = [r for r in work.my_open_work(db, w.clinic_mgr) if r["id"] == reg.case_id]
    assert waiting and waiting[0]["waiting_for_me"]
    assert "Organisatorisk avvikelse OA26070001 väntar på dig." in inbox(db, w.clinic_mgr)
    assert "Organisatorisk avvikelse OA26070001 är registrerad och har skickats till din chef " \
           "Clara Clinicmanager." in inbox(db, w.nurse)
    case = services.get_case(db, clock, w.nurse, reg.case_id)
    assert [(s["level"], s["holder"], s["arrival"]) for s in case["steps"]] == [("manager", "clinic_mgr", "routed")]


def test_org4_unit_without_its_own_manager_routes_up_the_tree(db, clock, w):
    reg = services.register(db, clock, w.branch_nurse, a_draft(unit_id="branch"))
    assert reg.holder == "area_mgr"
    assert services.route_preview(db, w.branch_nurse, "branch")["manager"] == "area_mgr"


def test_org4_reporter_who_is_the_manager_gets_the_case_herself(db, clock, w):
    reg = services.register(db, clock, w.clinic_mgr, a_draft())
    assert reg.holder == "clinic_mgr" and reg.to_self
    case = services.get_case(db, clock, w.clinic_mgr, reg.case_id)
    assert case["steps"][0]["arrival"] == "routed_self" and case["may_act"]
    assert inbox(db, w.clinic_mgr) == [
        "Organisatorisk avvikelse OA26070001 är registrerad och ligger hos dig som chef."]


def test_org4_no_manager_anywhere_is_refused_at_the_unit_and_nothing_is_written(db, clock, w):
    lonely = add_user(db, "lonely", [Role.REPORTER], ["orphan"])
    with pytest.raises(FieldErrors) as e:
        services.register(db, clock, lonely, a_draft(unit_id="orphan"))
    assert e.value.errors == {"unit_id": "org.no_manager"}
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM cases") == 0


def test_org4_manager_forwards_to_another_manager_with_a_reason(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    clock.advance(hours=2)
    services.forward(db, clock, w.clinic_mgr, cid, "psych_mgr", "Patienten följs av psykiatrin.", version(db, cid))
    assert case_row(db, cid)["assignee"] == "psych_mgr"
    case = services.get_case(db, clock, w.psych_mgr, cid)
    first, second = case["steps"]
    assert (first["decision"], first["decided_by"], first["outcome"]) == \
        ("forward", "clinic_mgr", "Patienten följs av psykiatrin.")
    assert (second["holder"], second["arrival"], second["arrival_note"]) == \
        ("psych_mgr", "forwarded", "Patienten följs av psykiatrin.")
    assert case["may_act"]
    assert "Organisatorisk avvikelse OA26070001 har skickats vidare till chefen Paula Psychmanager." in inbox(db, w.nurse)
    assert "Organisatorisk avvikelse OA26070001 väntar på dig." in inbox(db, w.psych_mgr)
    # the first manager follows it but may no longer act
    earlier = services.get_case(db, clock, w.clinic_mgr, cid)
    assert not earlier["may_act"] and earlier["act_refusal"].reason == "org.not_handler"
    with pytest.raises(PermissionDenied):
        services.close(db, clock, w.clinic_mgr, cid, "Klart.", version(db, cid))


@pytest.mark.parametrize("to, reason, errors", [
    ("psych_mgr", "  ", {"reason": "form.required"}),
    (None, "Skäl", {"to": "form.required"}),
    ("nurse", "Skäl", {"to": "org.not_a_manager"}),
    ("clinic_mgr", "Skäl", {"to": "org.forward_to_holder"}),
])
def test_org4_forward_needs_a_reason_and_another_manager(db, clock, w, to, reason, errors):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    with pytest.raises(FieldErrors) as e:
        services.forward(db, clock, w.clinic_mgr, cid, to, reason, version(db, cid))
    assert e.value.errors == errors
    assert case_row(db, cid)["assignee"] == "clinic_mgr"


def test_org4_forward_only_at_manager_level(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.escalate(db, clock, w.clinic_mgr, cid, "Olöst.", version(db, cid))
    with pytest.raises(Refused) as e:
        services.forward(db, clock, w.chair, cid, "psych_mgr", "Skäl", version(db, cid))
    assert e.value.key == "org.forward_only_manager"


# ------------------------------------------------------------------ ORG-5 handling


def test_org5_contacts_with_the_party_and_the_unit_meeting_are_kept(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.add_contact(db, clock, w.clinic_mgr, cid, party=Party.FK, contact_role="Berörd försäkringsutredare",
                         contacted_on=date(2026, 2, 12), outcome="Utredaren bekräftade missen.",
                         expected_version=version(db, cid))
    services.record_unit_meeting(db, clock, w.clinic_mgr, cid, held_on=date(2026, 2, 12),
                                 note="Rutinen gicks igenom.", expected_version=version(db, cid))
    case = services.get_case(db, clock, w.nurse, cid)
    contact = case["contacts"][0]
    assert (contact["party"], contact["contact_role"], contact["contacted_on"], contact["outcome"],
            contact["recorded_by"]) == ("forsakringskassan", "Berörd försäkringsutredare", date(2026, 2, 12),
                                        "Utredaren bekräftade missen.", "clinic_mgr")
    assert case["unit_meeting_on"] == date(2026, 2, 12) and case["unit_meeting_note"] == "Rutinen gicks igenom."
    actions = [e["action"] for e in audit.case_log(db, cid)]
    assert actions == ["registered", "contact_recorded", "unit_meeting_recorded"]


def test_org5_bad_contact_input_is_named_per_field(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    with pytest.raises(FieldErrors) as e:
        services.add_contact(db, clock, w.clinic_mgr, cid, party=None, contact_role="",
                             contacted_on=date(2026, 2, 13), outcome=" ", expected_version=version(db, cid))
    assert e.value.errors == {"contact_party": "form.required", "contact_role": "form.required",
                              "contacted_on": "org.in_future", "contact_outcome": "form.required"}
    with pytest.raises(FieldErrors) as e:
        services.record_unit_meeting(db, clock, w.clinic_mgr, cid, held_on=None, note=None,
                                     expected_version=version(db, cid))
    assert e.value.errors == {"unit_meeting_on": "form.required"}


# ------------------------------------------------------------------ ORG-6 the ladder


def test_org6_escalation_past_each_level_keeps_decision_who_when_outcome(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    steps = [(w.clinic_mgr, "chair", "committee"), (w.chair, "forum_lead", "forum"),
             (w.forum_lead, "group_lead", "group")]
    for actor, holder, level in steps:
        clock.advance(days=3)
        assert services.escalate(db, clock, actor, cid, f"Olöst hos {actor.username}.", version(db, cid)) == holder
        row = case_row(db, cid)
        assert row["assignee"] == holder and row["status"] == "open"
        assert services.get_case(db, clock, w.nurse, cid)["level"] == level
    with pytest.raises(Refused) as e:
        services.escalate(db, clock, w.group_lead, cid, "Vidare?", version(db, cid))
    assert e.value.key == "org.top_of_ladder"
    clock.advance(days=5)
    services.close(db, clock, w.group_lead, cid, "Gemensam tolkning beslutad.", version(db, cid))

    case = services.get_case(db, clock, w.nurse, cid)
    assert [(s["level"], s["holder"], s["arrival"], s["decision"], s["decided_by"]) for s in case["steps"]] == [
        ("manager", "clinic_mgr", "routed", "escalate", "clinic_mgr"),
        ("committee", "chair", "unresolved", "escalate", "chair"),
        ("forum", "forum_lead", "unresolved", "escalate", "forum_lead"),
        ("group", "group_lead", "unresolved", "close", "group_lead"),
    ]
    days = [(s["decided_at"] - s["arrived_at"]).days for s in case["steps"]]
    assert days == [3, 3, 3, 5]
    assert case["steps"][-1]["outcome"] == "Gemensam tolkning beslutad."
    assert case["status"] == "closed" and case["closed_at"] is not None
    assert (case["outcome"], case["resolved_level"], case["closed_by"]) == \
        ("Gemensam tolkning beslutad.", "group", "group_lead")
    nurse_inbox = inbox(db, w.nurse)
    for level in ("Försäkringsmedicinska kommittén", "Avvikelseforum", "Försäkringsmedicinska samverkansgruppen"):
        assert f"Organisatorisk avvikelse OA26070001 har lyfts till {level}." in nurse_inbox
    assert nurse_inbox[0] == "Organisatorisk avvikelse OA26070001 är avslutad."
    assert messages.inbox(db, w.nurse)[0]["body"] == "Gemensam tolkning beslutad."
    assert "gemensam tolkning" in case_row(db, cid)["search_text"]


def test_org6_resolved_case_lifted_for_learning(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.lift_for_learning(db, clock, w.clinic_mgr, cid, "Löst lokalt med utredaren.",
                               "Principiellt viktig.", version(db, cid))
    row = services.get_case(db, clock, w.chair, cid)
    assert (row["status"], row["level"], row["assignee"]) == ("learning", "committee", "chair")
    assert (row["outcome"], row["resolved_level"]) == ("Löst lokalt med utredaren.", "manager")
    assert row["steps"][1]["arrival"] == "learning" and row["steps"][1]["arrival_note"] == "Principiellt viktig."
    assert "Organisatorisk avvikelse OA26070001 är löst och lyfts till Försäkringsmedicinska kommittén " \
           "i lärande syfte." in inbox(db, w.nurse)
    with pytest.raises(Refused) as e:
        services.escalate(db, clock, w.chair, cid, "Olöst?", version(db, cid))
    assert e.value.key == "org.already_resolved"
    services.close(db, clock, w.chair, cid, "Kommittén sprider lärdomen.", version(db, cid))
    assert services.get_case(db, clock, w.nurse, cid)["resolved_level"] == "manager"


def test_org6_levels_above_may_act_on_a_case_below_them(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.close(db, clock, w.chair, cid, "Kommittén tog över och löste det.", version(db, cid))
    case = services.get_case(db, clock, w.nurse, cid)
    assert case["status"] == "closed" and case["steps"][0]["decided_by"] == "chair"


def test_org6_escalation_without_an_assigned_holder_is_refused(db, clock):
    w = build(db, clock, holders=False)
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    with pytest.raises(Refused) as e:
        services.escalate(db, clock, w.clinic_mgr, cid, "Olöst.", version(db, cid))
    assert e.value.key == "org.no_holder" and e.value.params == {"level": "Försäkringsmedicinska kommittén"}
    assert version(db, cid) == 1


def test_org6_new_holder_takes_over_the_open_cases_of_the_level(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.escalate(db, clock, w.clinic_mgr, cid, "Olöst.", version(db, cid))
    new_chair = add_user(db, "new_chair", [Role.ORG_LADDER], ["region"])
    assert services.set_holder(db, clock, w.admin, Level.COMMITTEE, "new_chair", "Ordförande") == 1
    assert case_row(db, cid)["assignee"] == "new_chair"
    case = services.get_case(db, clock, new_chair, cid)
    assert case["may_act"] and case["steps"][-1]["arrival"] == "reassigned"
    assert not services.get_case(db, clock, w.chair, cid)["may_act"]


def test_org6_holder_is_set_by_an_admin_and_needs_a_handling_role(db, clock, w):
    with pytest.raises(FieldErrors) as e:
        services.set_holder(db, clock, w.admin, Level.FORUM, "nurse")
    assert e.value.errors == {"username": "org.holder_needs_role"}
    with pytest.raises(PermissionDenied):
        services.set_holder(db, clock, w.chair, Level.FORUM, "chair")
    assert services.holders(db)["forum"]["username"] == "forum_lead"


ACTIONS = {
    "forward": lambda db, clock, u, cid, v: services.forward(db, clock, u, cid, "psych_mgr", "Skäl", v),
    "escalate": lambda db, clock, u, cid, v: services.escalate(db, clock, u, cid, "Skäl", v),
    "learning": lambda db, clock, u, cid, v: services.lift_for_learning(db, clock, u, cid, "Löst", None, v),
    "close": lambda db, clock, u, cid, v: services.close(db, clock, u, cid, "Löst", v),
    "contact": lambda db, clock, u, cid, v: services.add_contact(
        db, clock, u, cid, party=Party.FK, contact_role="Utredare", contacted_on=date(2026, 2, 12),
        outcome="Ok", expected_version=v),
    "meeting": lambda db, clock, u, cid, v: services.record_unit_meeting(
        db, clock, u, cid, held_on=date(2026, 2, 12), note=None, expected_version=v),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("who, reason", [
    ("nurse", "access.role_missing"),          # the reporter follows, read-only
    ("colleague", "access.role_missing"),
    ("area_mgr", "org.not_handler"),           # a manager above in the unit tree reads only
    ("psych_mgr", "access.not_your_case"),     # an unrelated manager sees nothing
    ("analyst", "access.role_missing"),
])
def test_org6_users_who_may_not_act_are_refused(db, clock, w, action, who, reason):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    with pytest.raises(PermissionDenied) as e:
        ACTIONS[action](db, clock, getattr(w, who), cid, version(db, cid))
    assert e.value.decision.reason == reason
    assert version(db, cid) == 1


def test_org6_lower_level_refused_once_the_case_is_lifted(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.escalate(db, clock, w.clinic_mgr, cid, "Olöst.", version(db, cid))
    for action in ("escalate", "close", "contact"):
        with pytest.raises(PermissionDenied) as e:
            ACTIONS[action](db, clock, w.clinic_mgr, cid, version(db, cid))
        assert e.value.decision.reason == "org.not_handler"


def test_org_reading_per_role_and_unit(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    for reader in (w.nurse, w.clinic_mgr, w.area_mgr, w.chair, w.analyst):
        assert services.get_case(db, clock, reader, cid)["id"] == cid
    for stranger in (w.colleague, w.psych_mgr):      # as if there were no such case
        with pytest.raises(Refused) as e:
            services.get_case(db, clock, stranger, cid)
        assert e.value.key == "case.not_found"


def test_org_stale_version_is_a_conflict_and_changes_nothing(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.add_contact(db, clock, w.clinic_mgr, cid, party=Party.FK, contact_role="Utredare",
                         contacted_on=date(2026, 2, 12), outcome="Ok", expected_version=1)
    with pytest.raises(Conflict):
        services.close(db, clock, w.clinic_mgr, cid, "Löst", 1)
    assert case_row(db, cid)["status"] == "open"


# ------------------------------------------------------------------ ORG-7 linked care deviation


def test_org7_linked_care_deviation_is_registered_and_both_show_the_link(db, clock, w):
    reg = services.register(db, clock, w.nurse, harmed(create_linked=True, linked_area="vard_behandling",
                                                        linked_deficiency="vardskada"))
    assert (reg.case_id, reg.linked_id) == ("OA26070001", "VA26070001")
    org = services.get_case(db, clock, w.nurse, reg.case_id)
    care = services.get_case(db, clock, w.nurse, reg.linked_id)
    assert org["linked"] == {"id": "VA26070001", "kind": "care", "status": "open"}
    assert care["linked"] == {"id": "OA26070001", "kind": "org", "status": "open"}
    assert (care["kind"], care["area"], care["deficiency"], care["assignee"], care["patient_harmed"]) == \
        ("care", "vard_behandling", "vardskada", "clinic_mgr", True)
    assert "Vårdavvikelse VA26070001 väntar på dig." in inbox(db, w.clinic_mgr)
    # the care deviation is handled by managers; the insurance-medicine ladder does not apply
    assert care["decisions"] == [] and not care["ladder"]
    manager_view = services.get_case(db, clock, w.clinic_mgr, reg.linked_id)
    assert [d.value for d in manager_view["decisions"]] == ["forward", "close"]
    with pytest.raises(Refused) as e:
        services.escalate(db, clock, w.clinic_mgr, reg.linked_id, "Olöst", version(db, reg.linked_id))
    assert e.value.key == "org.no_ladder"


def test_org7_no_linked_deviation_without_harm(db, clock, w):
    with pytest.raises(FieldErrors) as e:
        services.register(db, clock, w.nurse, a_draft(create_linked=True, linked_area="vard_behandling",
                                                      linked_deficiency="vardskada"))
    assert e.value.errors == {"create_linked": "org.link_needs_harm"}


def test_org7_harm_without_the_linked_case_registers_one(db, clock, w):
    reg = services.register(db, clock, w.nurse, harmed())
    assert reg.linked_id is None


# ------------------------------------------------------------------ ORG-2 reference data


def test_org2_classification_is_loaded_from_reference_data(db):
    nodes = services.classification(db)
    assert nodes["forsakringsmedicin"].parent_code == "verksamhet"
    assert nodes["verksamhet"].name_sv == "Verksamhet/organisation"
    assert nodes["forsakringsmedicin"].ladder and nodes["forsakringsmedicin"].guidance_sv
    assert nodes["vardskada"].entry == "care"


def test_org2_admin_extends_and_retires_types_without_code(db, clock, w):
    services.save_node(db, clock, w.admin, code="tolk", parent_code="verksamhet", entry=None,
                       name_sv="Tolkbokning", name_en="Interpreter booking")
    assert services.classification(db)["tolk"].entry == "org"
    cid = services.register(db, clock, w.nurse, a_draft(deficiency="tolk")).case_id
    assert case_row(db, cid)["subtype"] == "tolk"
    services.save_node(db, clock, w.admin, code="tolk", parent_code="verksamhet", entry=None,
                       name_sv="Tolkbokning", name_en="Interpreter booking", active=False)
    with pytest.raises(FieldErrors) as e:
        services.register(db, clock, w.nurse, a_draft(deficiency="tolk"))
    assert e.value.errors == {"deficiency": "org.deficiency_not_in_area"}


@pytest.mark.parametrize("kwargs, errors", [
    ({"code": "Bad Code!", "parent_code": "verksamhet", "name_sv": "X"}, {"code": "org.bad_code"}),
    ({"code": "ny", "parent_code": "forsakringsmedicin", "name_sv": "X"}, {"parent_code": "org.parent_not_area"}),
    ({"code": "ny", "parent_code": None, "name_sv": "X"}, {"entry": "form.required"}),
    ({"code": "ny", "parent_code": "verksamhet", "name_sv": ""}, {"name_sv": "form.required"}),
    ({"code": "verksamhet", "parent_code": "sakerhet", "name_sv": "X"}, {"parent_code": "org.area_has_types"}),
    ({"code": "bemanning", "parent_code": None, "name_sv": "X", "entry": Entry.ENVIRONMENT},
     {"parent_code": "org.type_stays_type"}),
])
def test_org2_bad_tree_edits_are_named_per_field(db, clock, w, kwargs, errors):
    values = {"entry": None, "name_en": None, **kwargs}
    with pytest.raises(FieldErrors) as e:
        services.save_node(db, clock, w.admin, **values)
    assert e.value.errors == errors


def test_org2_only_admins_edit_the_tree(db, clock, w):
    with pytest.raises(PermissionDenied):
        services.save_node(db, clock, w.chair, code="x", parent_code="verksamhet", entry=None,
                           name_sv="X", name_en="X")


# ------------------------------------------------------------------ lists and statistics


def test_org_lists_waiting_mine_and_all(db, clock, w):
    first = services.register(db, clock, w.nurse, a_draft()).case_id
    second = services.register(db, clock, w.branch_nurse, a_draft(unit_id="branch")).case_id
    assert [r["id"] for r in services.list_cases(db, w.clinic_mgr, "waiting")] == [first]
    assert [r["id"] for r in services.list_cases(db, w.nurse, "mine")] == [first]
    assert {r["id"] for r in services.list_cases(db, w.chair, "all")} == {first, second}
    assert {r["id"] for r in services.list_cases(db, w.area_mgr, "all")} == {first, second}
    assert services.list_cases(db, w.psych_mgr, "all") == []


def test_org_time_at_each_level_for_the_dashboard(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    clock.advance(days=2)
    services.escalate(db, clock, w.clinic_mgr, cid, "Olöst.", version(db, cid))
    clock.advance(days=1.5)
    rows = services.level_times(db, clock, w.analyst)
    assert [(r["level"], r["level_reached"], r["area"], r["deficiency"], r["days"]) for r in rows] == [
        ("manager", "committee", "verksamhet", "forsakringsmedicin", 2.0),
        ("committee", "committee", "verksamhet", "forsakringsmedicin", 1.5)]
    with pytest.raises(PermissionDenied):
        services.level_times(db, clock, w.nurse)


def test_org_demo_has_the_tree_the_holders_and_cases_at_every_level(demo_db):
    with demo_db.read() as r:
        rows = r.rows("SELECT o.level, c.status, c.kind, o.linked_case_id FROM cases c"
                      " JOIN org_deviations o ON o.case_id = c.id")
        holders = r.rows("SELECT level FROM org_ladder_holders ORDER BY level")
    assert {h["level"] for h in holders} == {"committee", "forum", "group"}
    for level in ("manager", "committee", "forum", "group"):
        assert any(x["level"] == level and x["status"] != "closed" for x in rows), level
        assert any(x["level"] == level and x["status"] == "closed" for x in rows), level
    assert any(x["status"] == "learning" for x in rows)
    assert any(x["kind"] == "care" and x["linked_case_id"] for x in rows)


def test_org_statistics_by_area_type_level_reached_and_days_per_level(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.register(db, clock, w.nurse, a_draft(area="sakerhet", deficiency="hot_vald", party=Party.NONE))
    clock.advance(days=4)
    services.escalate(db, clock, w.clinic_mgr, cid, "Olöst.", version(db, cid))
    clock.advance(days=2)
    stats = services.statistics(db, clock, w.analyst)
    assert {(r["code"], r["cases"]) for r in stats["by_area"]} == {("verksamhet", 1), ("sakerhet", 1)}
    assert {(r["code"], r["cases"]) for r in stats["by_deficiency"]} == {("forsakringsmedicin", 1), ("hot_vald", 1)}
    assert [(r["code"], r["cases"]) for r in stats["by_level"]] == [("manager", 1), ("committee", 1)]
    manager, committee = stats["days_per_level"]
    assert (manager["level"], manager["steps"], manager["waiting"], manager["max_days"]) == ("manager", 2, 1, 6.0)
    assert (committee["level"], committee["waiting"], committee["avg_days"]) == ("committee", 1, 2.0)
