"""Moving a DuckDB installation to PostgreSQL with one command (issue 18: `make move-to-postgres`,
python -m logic.transfer move): the demo world before (the DuckDB file) and after (PostgreSQL)
gives the same board (results and counts for many users), dashboard, start page, case logs and
every table's rows; the numbers go on; a database that is not empty is refused."""
from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest

from logic import audit, reports, users, work
from logic.access import Action, Role, decide
from logic.board import service as board
from logic.clock import FixedClock
from logic.reports import ReportFilters
from logic.store import transfer_repo
from logic.store.connect import open_database
from logic.store.db import Database
from logic.transfer.__main__ import main as cli
from logic.transfer.move import DUCKDB_ONLY, POSTGRES_ONLY
from tests.conftest import STOCKHOLM
from tests.store.dev_world import register
from tests.store.test_transfer import BOARDS

CLOCK = FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=STOCKHOLM))
LATER = FixedClock(datetime(2026, 11, 21, 9, 30, tzinfo=STOCKHOLM))   # the same ISO week (47)


@pytest.fixture
def source(demo_template, tmp_path):
    target = tmp_path / "casedesk.duckdb"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def empty_pg(pg_cluster, request) -> str:
    """A new PostgreSQL database, nothing in it (the move migrates it)."""
    name = pg_cluster.new_database()
    request.addfinalizer(lambda: pg_cluster.drop(name))
    return pg_cluster.url(name)


@pytest.fixture
def moved(source, empty_pg, capsys):
    assert cli(["move", "--db", str(source), "--to", empty_pg]) == 0
    out = capsys.readouterr().out
    assert "moved" in out and "cases" in out
    before, after = Database(source), open_database(empty_pg)
    yield before, after
    before.close()
    after.close()


def _people(db) -> list:
    with db.read() as r:
        names = transfer_repo.usernames(r)
    return [u for u in (users.load_user(db, n) for n in names) if u is not None]


def _counts(db, skip=()) -> dict[str, int]:
    with db.read() as r:
        return {t: transfer_repo.row_count(r, t) for t in transfer_repo.tables(r) if t not in skip}


def test_every_table_every_row_and_the_logs_come_over_as_they_were(moved):
    before, after = moved
    assert _counts(before, skip=(*DUCKDB_ONLY, "schema_migrations")) == _counts(
        after, skip=(*POSTGRES_ONLY, "schema_migrations"))
    with before.read() as r:
        case_ids = [x["id"] for x in r.rows("SELECT id FROM cases ORDER BY id")]
        hashes = r.rows("SELECT username, password_hash FROM users ORDER BY username")
        key = r.scalar("SELECT key FROM pseudonym_key")
        logs = {t: r.rows(f"SELECT * FROM {t} ORDER BY id") for t in ("access_log", "security_log", "messages",
                                                                      "settings_log")}
    assert len(case_ids) > 100
    for case_id in case_ids:
        assert audit.case_log(before, case_id) == audit.case_log(after, case_id), case_id
    with after.read() as r:
        assert r.rows("SELECT username, password_hash FROM users ORDER BY username") == hashes   # log in as before
        assert r.scalar("SELECT key FROM pseudonym_key") == key                   # the same pseudonyms
        for table, rows in logs.items():
            assert r.rows(f"SELECT * FROM {table} ORDER BY id") == rows, table
    people = _people(before)
    assert len(people) > 20 and people == _people(after)


def test_the_next_case_number_and_log_rows_continue_after_the_moved_ones(moved, demo_template, tmp_path):
    before, after = moved
    with after.read() as r:
        top = {t: r.scalar(f"SELECT max(id) FROM {t}") for t in ("case_events", "messages", "access_log",
                                                                  "security_log")}
    same = tmp_path / "same.duckdb"
    shutil.copy(demo_template, same)
    on_duckdb = Database(same)
    try:
        expected = register(on_duckdb, LATER, users.load_user(on_duckdb, "reporter"),
                            service_site_id="site-1012", device_id="dev-1", occurred_date=date(2026, 11, 20))
    finally:
        on_duckdb.close()
    case_id = register(after, LATER, users.load_user(after, "reporter"), service_site_id="site-1012",
                       device_id="dev-1", occurred_date=date(2026, 11, 20))
    assert case_id == expected                          # the number DuckDB would have given next
    with after.read() as r:
        assert r.scalar("SELECT min(id) FROM case_events WHERE case_id = ?", [case_id]) > top["case_events"]
        assert r.scalar("SELECT count(*) FROM board_index WHERE case_id = ?", [case_id]) == 1
        assert r.scalar("SELECT count(DISTINCT doc) FROM board_index") == r.scalar("SELECT count(*) FROM cases")


def test_the_moved_board_is_the_one_postgresql_would_have_written_case_by_case(moved):
    """Each board row: the words pg_board cuts from the case's text, its shown values and codes
    as pg_board writes them; board_counts the count of the rows per key — also after a new case."""
    from logic.store import board_row, pg_board, search_index

    before, after = moved
    with before.read() as r:
        docs = r.rows("SELECT case_id, doc FROM board_index ORDER BY doc")
    reporter = users.load_user(after, "reporter")
    register(after, LATER, reporter, service_site_id="site-1012", device_id="dev-1", occurred_date=date(2026, 11, 20))
    with after.read() as r:
        rows = {x["case_id"]: x for x in r.rows("SELECT * FROM board_index")}
        assert [x["case_id"] for x in r.rows("SELECT case_id FROM board_index ORDER BY doc")][:len(docs)] == \
            [x["case_id"] for x in docs]                       # the board's order between equal times kept
        assert {x["case_id"]: x["doc"] for x in docs} == {k: v["doc"] for k, v in rows.items() if k in
                                                          {d["case_id"] for d in docs}}
        case_ids = [x["id"] for x in r.rows("SELECT id FROM cases")]
        assert sorted(case_ids) == sorted(rows)
        for case_id in case_ids:
            case = search_index._load(r, case_id)
            row = rows[case_id]
            words = pg_board.word_columns(search_index.case_terms(case))
            assert {c: row[c] for c in pg_board.WORD_COLUMNS} == words, case_id
            assert board_row.shown_row(row["shown"]) == board_row.shown_row(pg_board.shown_text(case, case_id))
            coded = board_row.coded_columns(r, case)
            assert {c: row[c] for c in coded} == coded, case_id
        counted = {board_row.count_key_text(board_row.count_key(x)): 0 for x in rows.values()}
        for x in rows.values():
            counted[board_row.count_key_text(board_row.count_key(x))] += 1
        assert {x["key"]: x["n"] for x in r.rows("SELECT key, n FROM board_counts WHERE n <> 0")} == counted


def test_the_board_the_dashboard_and_the_start_page_are_the_same_after_the_move(moved):
    before, after = moved
    compared = {"board": 0, "dashboard": 0}
    for user in _people(before):
        assert work.my_open_work(before, user) == work.my_open_work(after, user), user.username
        if decide(user, Action.VIEW_BOARD):
            for f in BOARDS:
                was, now = board.search(before, CLOCK, user, f), board.search(after, CLOCK, user, f)
                assert (was.total, was.pages, was.rows) == (now.total, now.pages, now.rows), (user.username, f)
                compared["board"] += 1
        if decide(user, Action.VIEW_DASHBOARD):
            filters = ReportFilters(date_from=date(2020, 1, 1), date_to=date(2026, 12, 31))
            assert reports.dashboard(before, CLOCK, user, filters) == reports.dashboard(after, CLOCK, user, filters)
            compared["dashboard"] += 1
    assert compared["board"] >= 20 * len(BOARDS) and compared["dashboard"] >= 3
    assert any(u.has(Role.ANALYST) for u in _people(before))     # pseudonyms: the same key, the same names


def test_a_target_that_is_not_empty_is_refused_and_nothing_is_written(moved, source, empty_pg, capsys):
    before, after = moved
    counts = _counts(after)
    after.close()
    with pytest.raises(SystemExit) as exc:
        cli(["move", "--db", str(source), "--to", empty_pg])
    assert "not empty" in str(exc.value) and "cases" in str(exc.value)
    again = open_database(empty_pg)
    try:
        assert _counts(again) == counts
    finally:
        again.close()
    with pytest.raises(SystemExit) as exc:
        cli(["move", "--db", str(source), "--to", "mysql://nowhere"])
    assert "postgresql://" in str(exc.value)
