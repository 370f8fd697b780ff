"""ADM-10: moving a unit or giving it a new manager through the units kind re-routes the open
ORG cases as ORG-4 says — to the nearest manager up the tree from the reporter's unit — when a
case still waits at the manager level where the rule put it. A case a manager forwarded by
hand stays, and so does one with no manager above it any more; the plan (grid save, import dry
run and import) says which move where and which stay and why."""
from __future__ import annotations

import pytest

from logic import audit
from logic.importer import service
from logic.masterdata import plan as md
from logic.registry import kind
from logic.org import services
from tests.store.test_org_services import World, a_draft, build, case_row, inbox, version

pytestmark = pytest.mark.both_backends

UNITS = kind("units")


@pytest.fixture
def w(db, clock) -> World:
    return build(db, clock)


def notes(plan) -> list[tuple[str, str, dict]]:
    return [("/".join(r.key), n.key, n.params) for r, n in plan.notes]


def steps(db, clock, user, case_id) -> list[tuple]:
    return [(s["holder"], s["arrival"], s["decision"]) for s in services.get_case(db, clock, user, case_id)["steps"]]


def test_adm10_a_moved_unit_takes_its_routed_cases_to_the_new_nearest_manager(db, clock, w):
    cid = services.register(db, clock, w.branch_nurse, a_draft(unit_id="branch")).case_id
    assert case_row(db, cid)["assignee"] == "area_mgr"
    plan = md.preview(db, w.admin, UNITS, [{"id": "branch", "parent_id": "psych"}])
    assert notes(plan) == [("branch", "md.units.reroute_move", {"n": 1, "to": "Paula Psychmanager", "cases": cid})]
    assert case_row(db, cid)["assignee"] == "area_mgr"                     # a dry run moves nothing
    saved = md.save_rows(db, clock, w.admin, UNITS, [{"id": "branch", "parent_id": "psych"}])
    assert notes(saved) == notes(plan)
    assert case_row(db, cid)["assignee"] == "psych_mgr"
    assert steps(db, clock, w.psych_mgr, cid) == [("area_mgr", "routed", "reassigned"), ("psych_mgr", "rerouted", None)]
    case = services.get_case(db, clock, w.psych_mgr, cid)
    assert case["may_act"] and case["routed_unit_id"] == "psych"
    assert "Unit branch" in case["steps"][-1]["arrival_note"]
    log = [e for e in audit.case_log(db, cid) if e["action"] == "rerouted"]
    assert log[0]["actor"] == "admin" and log[0]["before_value"] == {"assignee": "area_mgr"}
    assert log[0]["after_value"]["assignee"] == "psych_mgr"
    assert any("hanteras nu av chefen Paula Psychmanager" in s for s in inbox(db, w.branch_nurse))
    assert any(cid in s and "väntar på dig" in s for s in inbox(db, w.psych_mgr))


def test_adm10_a_new_manager_of_the_unit_takes_over_its_routed_cases(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    saved = md.save_rows(db, clock, w.admin, UNITS, [{"id": "clinic", "manager": "psych_mgr"}])
    assert notes(saved)[0][1] == "md.units.reroute_move"
    assert case_row(db, cid)["assignee"] == "psych_mgr"
    assert services.get_case(db, clock, w.psych_mgr, cid)["may_act"]
    assert not services.get_case(db, clock, w.clinic_mgr, cid)["may_act"]


def test_adm10_a_case_forwarded_by_hand_stays_and_the_plan_says_why(db, clock, w):
    routed = services.register(db, clock, w.colleague, a_draft()).case_id
    forwarded = services.register(db, clock, w.nurse, a_draft()).case_id
    services.forward(db, clock, w.clinic_mgr, forwarded, "psych_mgr", "Gäller psykiatrin.", version(db, forwarded))
    saved = md.save_rows(db, clock, w.admin, UNITS, [{"id": "clinic", "manager": "boss"}])
    assert sorted(n[1] for n in notes(saved)) == ["md.units.reroute_move", "md.units.reroute_stay_forwarded"]
    stay = next(n for n in notes(saved) if n[1] == "md.units.reroute_stay_forwarded")
    assert stay[2] == {"n": 1, "cases": forwarded}
    assert case_row(db, forwarded)["assignee"] == "psych_mgr"
    assert case_row(db, routed)["assignee"] == "boss"


def test_adm10_a_case_with_no_manager_above_any_more_stays(db, clock, w):
    cid = services.register(db, clock, w.branch_nurse, a_draft(unit_id="branch")).case_id
    saved = md.save_rows(db, clock, w.admin, UNITS, [{"id": "branch", "parent_id": None}])
    assert notes(saved) == [("branch", "md.units.reroute_stay_no_manager", {"n": 1, "cases": cid})]
    assert case_row(db, cid)["assignee"] == "area_mgr"


def test_adm10_cases_beyond_the_manager_level_closed_or_elsewhere_are_not_touched(db, clock, w):
    lifted = services.register(db, clock, w.nurse, a_draft()).case_id
    services.escalate(db, clock, w.clinic_mgr, lifted, "Olöst.", version(db, lifted))
    closed = services.register(db, clock, w.colleague, a_draft()).case_id
    services.close(db, clock, w.clinic_mgr, closed, "Åtgärdat.", version(db, closed))
    elsewhere = services.register(db, clock, w.branch_nurse, a_draft(unit_id="branch")).case_id
    saved = md.save_rows(db, clock, w.admin, UNITS, [{"id": "clinic", "manager": "boss"}])
    assert notes(saved) == []
    assert (case_row(db, lifted)["assignee"], case_row(db, closed)["assignee"],
            case_row(db, elsewhere)["assignee"]) == ("chair", "clinic_mgr", "area_mgr")


def test_adm10_a_change_that_keeps_the_nearest_manager_moves_nothing(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    saved = md.save_rows(db, clock, w.admin, UNITS, [{"id": "area", "manager": "boss"},
                                                     {"id": "clinic", "name": "Kliniken"}])
    assert notes(saved) == [] and case_row(db, cid)["assignee"] == "clinic_mgr"


def test_adm10_imp3_the_import_dry_run_shows_the_rerouting_and_the_import_does_it(db, clock, w):
    cid = services.register(db, clock, w.branch_nurse, a_draft(unit_id="branch")).case_id
    csv = "Enhets-id;Överordnad enhet\r\nbranch;psych\r\n".encode("utf-8")
    dry = service.dry_run(db, clock, w.admin, "units", csv, "flytt.csv")
    assert [n[1] for n in notes(dry.plan)] == ["md.units.reroute_move"]
    assert case_row(db, cid)["assignee"] == "area_mgr"
    done = service.run(db, clock, w.admin, "units", csv, "flytt.csv", dry.mapping, dry.fingerprint)
    assert notes(done.plan) == notes(dry.plan)
    assert case_row(db, cid)["assignee"] == "psych_mgr"
    again = service.dry_run(db, clock, w.admin, "units", csv, "flytt.csv")
    assert again.counts["unchanged"] == 1 and notes(again.plan) == []


def test_adm10_imp4_a_case_opened_after_the_dry_run_makes_the_import_refuse(db, clock, w):
    csv = "Enhets-id;Överordnad enhet\r\nbranch;psych\r\n".encode("utf-8")
    dry = service.dry_run(db, clock, w.admin, "units", csv, "flytt.csv")
    assert notes(dry.plan) == []
    cid = services.register(db, clock, w.branch_nurse, a_draft(unit_id="branch")).case_id
    from logic.errors import Refused
    with pytest.raises(Refused) as e:
        service.run(db, clock, w.admin, "units", csv, "flytt.csv", dry.mapping, dry.fingerprint)
    assert e.value.key == "md.changed_since_dry_run"
    assert case_row(db, cid)["assignee"] == "area_mgr"


def test_adm10_imp8_the_command_line_prints_the_rerouting(db, clock, w, tmp_path, capsys):
    from logic.importer.__main__ import main

    cid = services.register(db, clock, w.branch_nurse, a_draft(unit_id="branch")).case_id
    path = tmp_path / "flytt.csv"
    path.write_text("Enhets-id;Överordnad enhet\nbranch;psych\n", encoding="utf-8")
    db_path = db.path
    db.close()
    assert main(["units", str(path), "--db", db_path, "--as", "admin"]) == 0
    err = capsys.readouterr().err
    assert "Öppna ORG-ärenden som flyttas till chefen Paula Psychmanager: 1" in err and cid in err
