"""Repair requests (RE…) handled to the end (issue 17; DEV-16 … DEV-19): the centre's
technician plans, answers and closes; the reporter is told and finds them under Mina
avvikelser; the dashboard counts them by status. Each change one transaction, logged, checked
against the version the user saw."""
from __future__ import annotations

from datetime import date

import pytest

from logic import audit, messages, reports
from logic.access import PermissionDenied
from logic.deviations import repairs, services
from logic.errors import Conflict, FieldErrors
from logic.inputs import REQUIRED
from logic.reports import ReportFilters
from tests.store.dev_world import (
    a_draft,
    dev_template,  # noqa: F401  (fixture)
    pg_world_template,  # noqa: F401  (fixture)
    register,
    version_of,
    world_db,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.both_backends

TODAY = date(2026, 2, 12)      # the clock fixture's day


@pytest.fixture
def db(world_db):  # noqa: F811  (the imported fixture, renamed)
    return world_db


@pytest.fixture
def w(dev_template):  # noqa: F811  (the imported fixture, unpacked)
    return dev_template[1]


def one(db, sql, params=()):
    with db.read() as r:
        return r.row(sql, list(params))


def a_repair(db, clock, w, user=None) -> str:
    return services.request_repair(db, clock, user or w.reporter, a_draft(
        is_wear_and_tear=True, concerns="Bromsarna behöver justeras",
        what_happened="Bromsarna tar dåligt efter ett års användning."))


def plan(db, clock, w, case_id, day=date(2026, 2, 16), tech=None):
    return repairs.plan(db, clock, w.tech, case_id, planned_on=day, technician=tech or w.tech.username,
                        expected_version=version_of(db, case_id))


def inbox(db, user) -> list[tuple[str, str, str]]:
    return [(m["subject"], m["body"], m["sender"]) for m in messages.inbox(db, user)]


# ------------------------------------------------------------------ DEV-16 planning


def test_dev_16_technician_plans_day_and_technician(db, clock, w):
    case_id = a_repair(db, clock, w)
    assert plan(db, clock, w, case_id) == "scheduled"
    case = one(db, "SELECT status, assignee, queue, version FROM cases WHERE id = ?", [case_id])
    assert (case["status"], case["assignee"], case["queue"], case["version"]) == ("scheduled", "tore", None, 2)
    got = repairs.get_repair(db, clock, w.reporter, case_id)
    assert (got["planned_on"], got["technician"], got["technician_name"]) == (date(2026, 2, 16), "tore", "Tore Tekniker")
    entry = audit.case_log(db, case_id)[-1]
    assert (entry["action"], entry["actor"]) == ("repair_planned", "tore")
    assert entry["before_value"] == {"status": "planned", "planned_on": None, "technician": None}
    assert entry["after_value"] == {"status": "scheduled", "planned_on": "2026-02-16", "technician": "tore"}


def test_dev_16_planning_again_logs_only_what_moved(db, clock, w):
    case_id = a_repair(db, clock, w)
    plan(db, clock, w, case_id)
    plan(db, clock, w, case_id, day=date(2026, 2, 18))
    entry = audit.case_log(db, case_id)[-1]
    assert (entry["before_value"], entry["after_value"]) == ({"planned_on": "2026-02-16"}, {"planned_on": "2026-02-18"})
    version = version_of(db, case_id)
    plan(db, clock, w, case_id, day=date(2026, 2, 18))            # the same again: nothing written
    assert version_of(db, case_id) == version
    assert len(audit.case_log(db, case_id)) == 3


def test_dev_16_plan_needs_a_day_not_past_and_a_centre_technician(db, clock, w):
    case_id = a_repair(db, clock, w)
    with pytest.raises(FieldErrors) as caught:
        repairs.plan(db, clock, w.tech, case_id, planned_on=None, technician=None, expected_version=1)
    assert caught.value.errors == {"planned_on": REQUIRED, "technician": REQUIRED}
    with pytest.raises(FieldErrors) as caught:
        repairs.plan(db, clock, w.tech, case_id, planned_on=date(2026, 2, 11), technician="hanna", expected_version=1)
    assert caught.value.errors == {"planned_on": "dev.repair_day_past", "technician": "dev.repair_not_technician"}
    assert repairs.plan(db, clock, w.tech, case_id, planned_on=TODAY, technician="tore", expected_version=1) == "scheduled"


def test_dev_16_only_centre_staff_plan_answer_and_close(db, clock, w):
    case_id = a_repair(db, clock, w)
    for user in (w.reporter, w.handler, w.analyst, w.manager):
        with pytest.raises(PermissionDenied):
            repairs.plan(db, clock, user, case_id, planned_on=TODAY, technician="tore", expected_version=1)
        with pytest.raises(PermissionDenied):
            repairs.answer(db, clock, user, case_id, "Vi kommer.", 1)
        with pytest.raises(PermissionDenied):
            repairs.close(db, clock, user, case_id, "Justerat.", 1)
        assert repairs.get_repair(db, clock, user, case_id)["may_handle"] is False
    assert repairs.get_repair(db, clock, w.tech, case_id)["may_handle"] is True
    assert version_of(db, case_id) == 1


def test_dev_16_a_stale_version_is_refused_and_nothing_written(db, clock, w):
    case_id = a_repair(db, clock, w)
    plan(db, clock, w, case_id)
    with pytest.raises(Conflict):
        repairs.answer(db, clock, w.tech, case_id, "Vi kommer på måndag.", 1)      # seen before the planning
    with pytest.raises(Conflict):
        repairs.close(db, clock, w.tech, case_id, "Justerat.", 1)
    assert one(db, "SELECT answer, work_done FROM repair_requests WHERE case_id = ?", [case_id]) == {
        "answer": None, "work_done": None}
    assert inbox(db, w.reporter) == []


def test_dev_16_a_deviation_is_not_planned_as_a_repair(db, clock, w):
    av = register(db, clock, w.reporter)
    with pytest.raises(Exception):
        repairs.plan(db, clock, w.tech, av, planned_on=TODAY, technician="tore", expected_version=1)
    assert version_of(db, av) == 1


# ------------------------------------------------------------------ DEV-17 the answer


def test_dev_17_answer_is_sent_to_the_reporter(db, clock, w):
    case_id = a_repair(db, clock, w)
    plan(db, clock, w, case_id)
    status = repairs.answer(db, clock, w.tech, case_id, "Vi kommer måndag 16/2 och justerar bromsarna.",
                            version_of(db, case_id))
    assert status == "answered"
    assert inbox(db, w.reporter) == [(f"Svar på reparationsbeställning {case_id}",
                                      "Vi kommer måndag 16/2 och justerar bromsarna.", "tore")]
    got = repairs.get_repair(db, clock, w.reporter, case_id)
    assert (got["status"], got["answer"], got["answered_by_name"]) == (
        "answered", "Vi kommer måndag 16/2 och justerar bromsarna.", "Tore Tekniker")
    entry = audit.case_log(db, case_id)[-1]
    assert (entry["action"], entry["before_value"]["status"], entry["after_value"]["status"]) == (
        "repair_answered", "scheduled", "answered")
    # planned again after the answer: the day moves, the request stays answered
    assert plan(db, clock, w, case_id, day=date(2026, 2, 17)) == "answered"


def test_dev_17_answer_is_required_and_not_cut(db, clock, w):
    case_id = a_repair(db, clock, w)
    with pytest.raises(FieldErrors) as caught:
        repairs.answer(db, clock, w.tech, case_id, "   ", 1)
    assert caught.value.errors == {"answer": REQUIRED}
    with pytest.raises(FieldErrors) as caught:
        repairs.answer(db, clock, w.tech, case_id, "x" * 4001, 1)
    assert set(caught.value.errors) == {"answer"} and caught.value.errors["answer"] != REQUIRED
    assert version_of(db, case_id) == 1 and inbox(db, w.reporter) == []


# ------------------------------------------------------------------ DEV-18 closing


def test_dev_18_close_with_what_was_done_tells_the_reporter(db, clock, w):
    case_id = a_repair(db, clock, w)
    plan(db, clock, w, case_id)
    repairs.close(db, clock, w.tech, case_id, "Bromsarna justerade på plats.", version_of(db, case_id))
    case = one(db, "SELECT status, closed_at, queue FROM cases WHERE id = ?", [case_id])
    assert case["status"] == "closed" and case["closed_at"] is not None and case["queue"] is None
    assert inbox(db, w.reporter) == [(f"Reparationsbeställning {case_id} är avslutad.",
                                      "Bromsarna justerade på plats.", "tore")]
    got = repairs.get_repair(db, clock, w.reporter, case_id)
    assert (got["work_done"], got["closed_by_name"], got["may_handle"]) == (
        "Bromsarna justerade på plats.", "Tore Tekniker", False)
    assert [e["action"] for e in audit.case_log(db, case_id)] == ["repair_requested", "repair_planned", "repair_closed"]
    assert audit.case_log(db, case_id)[-1]["after_value"] == {"status": "closed", "work_done": "Bromsarna justerade på plats."}


def test_dev_18_close_needs_what_was_done_and_a_closed_request_stays_closed(db, clock, w):
    case_id = a_repair(db, clock, w)
    with pytest.raises(FieldErrors) as caught:
        repairs.close(db, clock, w.tech, case_id, "", 1)
    assert caught.value.errors == {"work_done": REQUIRED}
    repairs.close(db, clock, w.tech, case_id, "Länkhjulen bytta.", 1)
    version = version_of(db, case_id)
    for call in (lambda: repairs.close(db, clock, w.tech, case_id, "Igen.", version),
                 lambda: repairs.answer(db, clock, w.tech, case_id, "Igen.", version),
                 lambda: plan(db, clock, w, case_id)):
        with pytest.raises(PermissionDenied) as caught:
            call()
        assert caught.value.decision.reason == "dev.already_closed"
    assert len(inbox(db, w.reporter)) == 1


# ------------------------------------------------------------------ DEV-19 the reporter finds them; the dashboard counts them


def test_dev_19_mina_avvikelser_lists_own_repairs_with_their_status(db, clock, w):
    av = register(db, clock, w.reporter)
    re_open = a_repair(db, clock, w)
    re_closed = a_repair(db, clock, w)
    repairs.close(db, clock, w.tech, re_closed, "Justerat.", 1)
    found = {r["id"]: (r["kind"], r["status"]) for r in services.search_mine(
        db, clock, w.reporter, prescriber_code=w.reporter.prescriber_code)}
    assert found == {av: ("deviation", "planned"), re_open: ("repair", "planned"), re_closed: ("repair", "closed")}
    # another reporter's code finds none of them; a number prefix finds both series
    assert services.search_mine(db, clock, w.reporter, prescriber_code="FK0002") == []
    assert {r["id"] for r in services.search_mine(db, clock, w.reporter, number_prefix="RE")} == {re_open, re_closed}
    assert {r["id"] for r in services.search_mine(db, clock, w.reporter, number_prefix="2607")} == {av, re_open, re_closed}
    # a reporter of another site does not see them
    assert services.search_mine(db, clock, w.stranger, period="all") == []


def test_dev_19_dashboard_counts_repairs_by_status(db, clock, w):
    first, second, third = (a_repair(db, clock, w) for _ in range(3))
    plan(db, clock, w, second)
    repairs.close(db, clock, w.tech, third, "Justerat.", 1)
    register(db, clock, w.reporter)                              # a deviation: not a repair
    d = reports.dashboard(db, clock, w.handler, ReportFilters(date_from=date(2026, 1, 1), date_to=TODAY))
    assert {r["status"]: r["n"] for r in d.repairs} == {"planned": 1, "scheduled": 1, "answered": 0, "closed": 1}
    assert d.registered == 1                                    # the deviation figures stay deviations
    header, rows = reports.tables(d, "sv")["repairs"]
    assert header == ["Status", "Antal"] and rows == [["Planerad", 1], ["Tid bokad", 1], ["Besvarad", 0],
                                                      ["Avslutad", 1]]
    only_site_2 = reports.dashboard(db, clock, w.handler, ReportFilters(
        date_from=date(2026, 1, 1), date_to=TODAY, units=["site-2"]))
    assert sum(r["n"] for r in only_site_2.repairs) == 0


def test_dev_16_analysts_see_the_technician_pseudonymised(db, clock, w):
    case_id = a_repair(db, clock, w)
    plan(db, clock, w, case_id)
    repairs.answer(db, clock, w.tech, case_id, "Vi kommer.", version_of(db, case_id))
    repairs.close(db, clock, w.tech, case_id, "Justerat.", version_of(db, case_id))
    got = repairs.get_repair(db, clock, w.analyst, case_id)
    for name in ("technician", "technician_name", "planned_by", "answered_by", "answered_by_name",
                 "closed_by", "closed_by_name", "created_by"):
        assert str(got[name]).startswith("P-"), name
    assert "Tore" not in str(got) and "tore" not in str(got)
    planned = [e for e in audit.case_log(db, case_id, viewer=w.analyst) if e["action"] == "repair_planned"][0]
    assert planned["after_value"]["technician"].startswith("P-")
