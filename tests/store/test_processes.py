"""Several app processes on one PostgreSQL database (issue 18: "everything that is per-process
today becomes safe across processes").

Each test starts real OS processes (tests/store/processes.py: multiprocessing "spawn"), each
opening its own PgDatabase on the same test database — its own pool, its own `cached` values,
its own notice listener — as the app processes of `make cluster` do. PostgreSQL only: a DuckDB
file is held by one process, so there is nothing to share.

What is checked: case numbers drawn in the same second by two processes (no duplicate, nothing
lost); the optimistic version check across processes; a user deactivated in one process refused
in the other on the next page; failed logins counted across processes and the lockout seen by
both; a logout (session revocation) seen by the other; the board's codes handed out by either
process used by the other's cached code snapshot.
"""
from __future__ import annotations

import time

import pytest

from logic import audit
from logic.deviations import rules
from tests.conftest import _pg_database
from tests.store.dev_world import dev_template, pg_world_template, register  # noqa: F401  (fixtures)
from tests.store.processes import AppProcess, new_barrier, together

from logic import users
from logic.store.connect import open_database


@pytest.fixture
def url(request, dev_template, pg_world_template) -> str:  # noqa: F811
    """A fresh PostgreSQL database holding the deviation world (tests/store/dev_world.py)."""
    return _pg_database(request, "pg_world_template")


@pytest.fixture
def db(url):
    database = open_database(url)
    yield database
    database.close()


@pytest.fixture
def two(url):
    """Two app processes on the database, sharing a barrier."""
    barrier = new_barrier(2)
    processes = [AppProcess(url, barrier) for _ in range(2)]
    for p in processes:
        p.ready()
    yield processes
    for p in processes:
        p.stop()


def test_two_processes_registering_in_the_same_second_draw_distinct_numbers_and_lose_nothing(two, db):
    a, b = two
    results = together([a, b], [("register_many", "rita", 12, "A", 3), ("register_many", "kurt", 12, "B", 3)])
    assert [r[0] for r in results] == ["ok", "ok"], results
    numbers = results[0][1] + results[1][1]
    assert len(numbers) == len(set(numbers)) == 30
    deviations = sorted(n for n in numbers if n.startswith("AV"))
    repairs = sorted(n for n in numbers if n.startswith("RE"))
    assert deviations == [f"AV2607{i:04d}" for i in range(1, 25)]        # no gap, no duplicate
    assert repairs == [f"RE2607{i:04d}" for i in range(1, 7)]
    assert all(rules.NUMBER.match(n) for n in numbers)
    with db.read() as r:
        cases = r.rows("SELECT c.id, c.title, c.created_by, c.version, coalesce(d.case_id, q.case_id) AS detail"
                       " FROM cases c LEFT JOIN deviations d ON d.case_id = c.id"
                       " LEFT JOIN repair_requests q ON q.case_id = c.id ORDER BY c.id")
        sequences = dict(r.cur.execute("SELECT prefix, last_value FROM number_sequences").fetchall())
        board = r.scalar("SELECT count(*) FROM board_index")
    assert sorted(c["id"] for c in cases) == sorted(numbers)
    assert all(c["detail"] == c["id"] and c["version"] == 1 for c in cases)
    assert {c["title"] for c in cases} == {f"A {i}" for i in range(12)} | {f"B {i}" for i in range(12)} \
        | {f"A r{i}" for i in range(3)} | {f"B r{i}" for i in range(3)}
    assert sequences["AV2607"] == 24 and sequences["RE2607"] == 6
    assert board == 30                                                  # every case on the board
    for number in numbers:
        first = "registered" if number.startswith("AV") else "repair_requested"
        assert [e["action"] for e in audit.case_log(db, number)] == [first]


def test_two_processes_creating_certificates_at_once_draw_distinct_numbers(pg_cluster, pg_ref_template, clock):
    from tests.store.cert_world import TOLVAN, UNIT, World
    name = pg_cluster.new_database(pg_ref_template)
    try:
        url = pg_cluster.url(name)
        db = open_database(url)
        World(db, clock)                                  # physicians doc and doc2 with their rights
        barrier = new_barrier(2)
        a, b = AppProcess(url, barrier), AppProcess(url, barrier)
        try:
            a.ready(), b.ready()
            results = together([a, b], [("create_certificates", "doc", 8, UNIT, TOLVAN),
                                        ("create_certificates", "doc2", 8, UNIT, TOLVAN)])
        finally:
            a.stop(), b.stop()
        assert [r[0] for r in results] == ["ok", "ok"], results
        numbers = results[0][1] + results[1][1]
        assert len(numbers) == len(set(numbers)) == 16
        with db.read() as r:
            stored = [row["id"] for row in r.rows("SELECT id FROM cases WHERE kind = 'certificate' ORDER BY id")]
        assert stored == sorted(numbers)
        for number in numbers:
            assert [e["action"] for e in audit.case_log(db, number)][:1] == ["created"]
        db.close()
    finally:
        pg_cluster.drop(name)


@pytest.mark.parametrize("attempt", range(2))
def test_two_processes_answering_one_case_at_once_exactly_one_wins(two, db, clock, attempt):
    a, b = two
    case_id = register(db, clock, users.load_user(db, "rita"))
    texts = ["Svar från process A.", "Svar från process B."]
    results = together([a, b], [("answer", "tore", case_id, texts[0], 1), ("answer", "tore", case_id, texts[1], 1)])
    kinds = [r[0] for r in results]
    assert sorted(kinds) == ["error", "ok"], results
    loser = next(r for r in results if r[0] == "error")
    assert loser[1] == "Conflict"
    winner = texts[kinds.index("ok")]
    with db.read() as r:
        stored = r.row("SELECT c.status, c.version, d.answer FROM cases c JOIN deviations d"
                       " ON d.case_id = c.id WHERE c.id = ?", [case_id])
    assert stored == {"status": "investigating", "version": 2, "answer": winner}
    assert [e["action"] for e in audit.case_log(db, case_id)] == ["registered", "answered"]


def test_a_stale_update_from_another_process_is_refused_and_nothing_is_lost(two, db, clock):
    a, b = two
    case_id = register(db, clock, users.load_user(db, "rita"))
    assert a.call("version_of", case_id) == b.call("version_of", case_id) == 1   # both pages show version 1
    assert a.call("answer", "tore", case_id, "Först från A.", 1) == "investigating"
    b.send("answer", "tore", case_id, "Sent från B.", 1)                  # B's page still shows version 1
    assert b.result()[:2] == ("error", "Conflict")
    assert b.call("version_of", case_id) == 2
    assert b.call("answer", "tore", case_id, "Sedan från B.", 2) == "investigating"
    log = audit.case_log(db, case_id)
    assert [e["action"] for e in log] == ["registered", "answered", "answered"]
    assert [e["after_value"]["answer"] for e in log[1:]] == ["Först från A.", "Sedan från B."]


def test_a_user_deactivated_in_one_process_is_refused_in_the_other_on_the_next_page(two):
    a, b = two
    assert b.call("user_loads", "rita") is True           # cached in B (Database.cached)
    assert b.call("user_loads", "rita") is True
    a.call("deactivate", "rita")
    # B's next page: its cached user was invalidated by A's notice (delivered within ms)
    assert b.until("user_loads", "rita", expect=False) is False
    started = time.monotonic()
    assert b.call("user_loads", "rita") is False
    assert time.monotonic() - started < 1
    assert b.call("login", "rita", "test-password-1") != "ok"            # and cannot log in again


def test_failed_logins_in_two_processes_add_up_to_one_lockout_seen_by_both(two, db):
    a, b = two
    counts = [a.call("failed_attempt", "rita"), b.call("failed_attempt", "rita"),
              a.call("failed_attempt", "rita"), b.call("failed_attempt", "rita")]
    assert counts == [1, 2, 3, 4]
    assert a.call("is_locked", "rita") is False and b.call("is_locked", "rita") is False
    assert a.call("failed_attempt", "rita") == users.MAX_FAILED_LOGINS
    assert a.call("is_locked", "rita") is True and b.call("is_locked", "rita") is True
    # a new session in either process is refused even with the right password
    assert a.call("login", "rita", "test-password-1") == "locked"
    assert b.call("login", "rita", "test-password-1") == "locked"
    with db.read() as r:
        events = r.rows("SELECT event, detail FROM security_log WHERE actor = 'rita' ORDER BY id")
    assert [e["event"] for e in events].count("login_failed") == 5
    assert [e["event"] for e in events].count("locked_out") == 1


def test_failed_logins_at_the_same_moment_in_two_processes_are_all_counted(two, db):
    a, b = two
    for _ in range(2):
        results = together([a, b], [("failed_attempt", "kurt"), ("failed_attempt", "kurt")])
        assert [r[0] for r in results] == ["ok", "ok"], results
    with db.read() as r:
        stored = r.scalar("SELECT failed_logins FROM users WHERE username = 'kurt'")
        failed = r.scalar("SELECT count(*) FROM security_log WHERE actor = 'kurt' AND event = 'login_failed'")
    assert (stored, failed) == (4, 4)                  # four wrong passwords, four counted


def test_a_logout_in_one_process_voids_the_cookie_in_the_other(two):
    a, b = two
    issued = time.time() - 60                                     # a cookie issued a minute ago
    assert b.call("cookie_void", "rita", issued) is False
    a.call("revoke", "rita", time.time())
    assert b.call("cookie_void", "rita", issued) is True          # at once: read, never cached
    assert b.call("cookie_void", "rita", time.time() + 5) is False  # a login after it is fine


def test_board_codes_handed_out_by_either_process_are_used_by_the_other(two, db):
    a, b = two
    # B's board (and its cached code snapshot) before kurt or tove has a case: no code for them
    assert b.call("mine_on_board", "kurt") == [] and a.call("mine_on_board", "tove") == []
    results = together([a, b], [("register_many", "kurt", 4, "A"), ("register_many", "tove", 4, "B")])
    assert [r[0] for r in results] == ["ok", "ok"], results
    kurt, tove = sorted(results[0][1]), sorted(results[1][1])
    # each process's board finds the cases registered by the other, under codes the other handed out
    assert b.until("mine_on_board", "kurt", expect=kurt) == kurt
    assert a.until("mine_on_board", "tove", expect=tove) == tove
    assert a.call("mine_on_board", "kurt") == kurt and b.call("mine_on_board", "tove") == tove
    with db.read() as r:
        duplicates = r.rows("SELECT field, value, count(*) AS n FROM board_codes GROUP BY field, value"
                            " HAVING count(*) > 1")
        shared = r.rows("SELECT code, count(*) AS n FROM board_codes GROUP BY code HAVING count(*) > 1")
        counted = r.scalar("SELECT sum(n) FROM board_counts")
        cases = r.scalar("SELECT count(*) FROM cases")
    assert duplicates == [] and shared == []
    assert counted == cases == 8
