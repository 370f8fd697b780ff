"""Many users at once on one process's DuckDB connection (issue 2, "Done when"; DEV-10, DEV-12).

Threads start together at a barrier, as requests of several Streamlit sessions would; each
uses the shared Database (a cursor per call, writes serialised in Database.tx)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from logic import audit, messages
from logic.access import PermissionDenied
from logic.deviations import rules, services
from logic.deviations.model import EventType
from logic.errors import Conflict
from tests.store.dev_world import (
    a_draft,
    answered,
    dev_template,  # noqa: F401  (fixture)
    pg_world_template,  # noqa: F401  (fixture)
    register,
    reports_decided,
    version_of,
    world_db,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.both_backends


@pytest.fixture
def db(world_db):  # noqa: F811  (the imported fixture, renamed)
    return world_db


@pytest.fixture
def w(dev_template):  # noqa: F811  (the imported fixture, unpacked)
    return dev_template[1]


def run_together(jobs: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    """Run every job in its own thread, released at once; ('ok', result) or ('error', exc)."""
    barrier = threading.Barrier(len(jobs))
    results: list[tuple[str, Any] | None] = [None] * len(jobs)

    def worker(i: int, job: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[i] = ("ok", job())
        except BaseException as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = ("error", exc)

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return results


def test_dev10_twenty_threads_register_at_once_twenty_distinct_numbers_and_complete_cases(db, clock, w):
    people = [w.reporter, w.colleague, w.two_sites]
    jobs = [(lambda u=people[i % len(people)], i=i: services.register_deviation(
        db, clock, u, a_draft(concerns=f"Tillbud nummer {i}"))) for i in range(20)]
    results = run_together(jobs)

    assert [kind for kind, _ in results] == ["ok"] * 20, [r for r in results if r[0] == "error"]
    numbers = [value for _, value in results]
    assert len(set(numbers)) == 20
    assert all(rules.NUMBER.match(n) and n.startswith("AV2607") for n in numbers)
    assert sorted(numbers) == [f"AV2607{seq:04d}" for seq in range(1, 21)]

    with db.read() as r:
        cases = r.rows("SELECT c.id, c.title, c.status, c.version, d.case_id AS detail"
                       " FROM cases c LEFT JOIN deviations d ON d.case_id = c.id ORDER BY c.id")
        last = r.scalar("SELECT last_value FROM number_sequences WHERE prefix = 'AV2607'")
    assert len(cases) == 20 and last == 20
    assert all(c["detail"] == c["id"] and c["status"] == "planned" and c["version"] == 1 for c in cases)
    assert {c["title"] for c in cases} == {f"Tillbud nummer {i}" for i in range(20)}
    for number in numbers:
        assert [e["action"] for e in audit.case_log(db, number)] == ["registered"]


def test_dev10_numbers_and_repairs_at_once_use_separate_series(db, clock, w):
    jobs = [lambda: register(db, clock, w.reporter) for _ in range(6)]
    jobs += [lambda: services.request_repair(db, clock, w.reporter, a_draft(is_wear_and_tear=True))
             for _ in range(4)]
    results = run_together(jobs)
    numbers = sorted(value for kind, value in results if kind == "ok")
    assert numbers == [f"AV2607{i:04d}" for i in range(1, 7)] + [f"RE2607{i:04d}" for i in range(1, 5)]


@pytest.mark.parametrize("attempt", range(3))
def test_dev12_simultaneous_answers_exactly_one_wins_the_other_gets_conflict(db, clock, w, attempt):
    case_id = register(db, clock, w.reporter)
    texts = ["Svar från första teknikern.", "Svar från andra teknikern."]
    results = run_together([lambda t=t: services.answer(db, clock, w.tech, case_id, t, 1) for t in texts])

    kinds = [kind for kind, _ in results]
    assert sorted(kinds) == ["error", "ok"]
    loser = next(value for kind, value in results if kind == "error")
    assert isinstance(loser, Conflict) and loser.case_id == case_id
    winner_text = texts[kinds.index("ok")]
    with db.read() as r:
        stored = r.row("SELECT c.status, c.version, d.answer FROM cases c JOIN deviations d"
                       " ON d.case_id = c.id WHERE c.id = ?", [case_id])
    assert stored == {"status": "investigating", "version": 2, "answer": winner_text}
    log = audit.case_log(db, case_id)
    assert [e["action"] for e in log] == ["registered", "answered"]
    assert log[1]["after_value"]["answer"] == winner_text
    assert [m["body"] for m in messages.inbox(db, w.reporter)] == [winner_text]


def _consistent(db, case_id: str) -> dict:
    """The case row, its detail and its log tell the same story."""
    with db.read() as r:
        row = r.row("SELECT c.status, c.version, c.closed_at, c.queue, d.closed_by, d.answer"
                    " FROM cases c JOIN deviations d ON d.case_id = c.id WHERE c.id = ?", [case_id])
    actions = [e["action"] for e in audit.case_log(db, case_id)]
    closed = row["status"] == "closed"
    assert (row["closed_at"] is not None) == closed == (row["closed_by"] is not None)
    assert (row["queue"] is None) == closed
    assert ("closed" in actions) == closed
    # every change bumped the version once and wrote one log entry
    assert row["version"] == len(actions)
    return {**row, "actions": actions}


@pytest.mark.parametrize("attempt", range(3))
def test_dev12_close_and_answer_at_once_never_leave_a_half_written_case(db, clock, w, attempt):
    case_id = register(db, clock, w.reporter, event_type=EventType.COMPLAINT, category="fel_brist")
    answered(db, clock, w, case_id, "Första svaret.")
    reports_decided(db, clock, w, case_id)
    version = version_of(db, case_id)
    results = run_together([
        lambda: services.answer(db, clock, w.tech, case_id, "Kompletterat svar.", version),
        lambda: services.close(db, clock, w.handler, case_id, version),
    ])

    kinds = [kind for kind, _ in results]
    assert sorted(kinds) == ["error", "ok"]
    loser = next(value for kind, value in results if kind == "error")
    state = _consistent(db, case_id)
    if kinds[1] == "ok":        # close won; the answer met a closed case or a newer version
        assert isinstance(loser, (Conflict, PermissionDenied))
        assert state["status"] == "closed" and state["answer"] == "Första svaret."
        assert messages.inbox(db, w.reporter)[0]["subject"] == f"Avvikelse/reklamation {case_id} är avslutad."
    else:                       # the answer won; closing a changed case is a conflict
        assert isinstance(loser, Conflict)
        assert state["status"] == "investigating" and state["answer"] == "Kompletterat svar."
        assert all("avslutad" not in m["subject"] for m in messages.inbox(db, w.reporter))


def test_dev12_answer_and_close_on_a_planned_case_at_once(db, clock, w):
    """Closing needs an answer: whichever runs first, the case ends answered and open."""
    case_id = register(db, clock, w.reporter, event_type=EventType.COMPLAINT, category="fel_brist")
    results = run_together([
        lambda: services.answer(db, clock, w.tech, case_id, "Åtgärdat.", 1),
        lambda: services.close(db, clock, w.handler, case_id, 1),
    ])
    assert results[0] == ("ok", "investigating")      # answer() returns the new status
    assert results[1][0] == "error"
    state = _consistent(db, case_id)
    assert state["status"] == "investigating" and state["actions"] == ["registered", "answered"]


def test_many_status_changes_on_many_cases_at_once_stay_consistent(db, clock, w):
    cases = [register(db, clock, w.reporter, event_type=EventType.COMPLAINT, category="fel_brist")
             for _ in range(6)]
    for case_id in cases[:3]:
        answered(db, clock, w, case_id)
    jobs = []
    for case_id in cases:
        v = version_of(db, case_id)
        jobs.append(lambda c=case_id, v=v: services.answer(db, clock, w.tech, c, "Nytt svar.", v))
        jobs.append(lambda c=case_id, v=v: services.close(db, clock, w.handler, c, v))
        jobs.append(lambda c=case_id: services.get_deviation(db, clock, w.tech, c))
    results = run_together(jobs)
    unexpected = [v for k, v in results if k == "error" and not isinstance(v, (Conflict, PermissionDenied))
                  and getattr(v, "key", "") != "dev.close_needs_answer"]
    assert unexpected == []
    for case_id in cases:
        _consistent(db, case_id)
