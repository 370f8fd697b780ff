"""Database.cached (the board's codes and counts, users, unread counts, report choices): a
value is read again after a committed write of a table it was read from — never served stale
— and is kept through writes that do not touch it, such as the access log every board page
showing persons writes (X-2) or the security log."""
from __future__ import annotations

from datetime import datetime

import pytest

from logic import audit, messages, reports
from logic.board import service as board
from logic.access import Role
from logic.board.filters import BoardFilters
from logic.store import board_codes, core_repo
from logic.store.written import EVERY_TABLE, written_tables
from logic.users import load_user
from tests.conftest import add_unit, add_user

pytestmark = pytest.mark.both_backends

T0 = datetime(2026, 2, 10, 9, 0)


def counting(db, key: str, sql: str, params=()):
    """A cached value that counts its loads."""
    loads = []

    def load(r):
        loads.append(1)
        return r.rows(sql, list(params))
    return (lambda: db.cached(key, load)), loads


def a_case(db, case_id: str, **over) -> None:
    row = {"id": case_id, "kind": "deviation", "subtype": "tillbud", "category": "komponent",
           "status": "planned", "title": "Broms på rollator", "unit_id": "site-1", "created_by": "rita",
           "queue": "centre_staff", "person_id": "191212121212", "person_name": "Tolvan Tolvansson",
           "created_at": T0, "updated_at": T0, "version": 1, **over}
    with db.tx() as tx:
        core_repo.insert_case(tx, row)


@pytest.fixture
def world(db):
    add_unit(db, "site-1")
    add_unit(db, "centre", "centre")
    rita = add_user(db, "rita", [Role.REPORTER], ["site-1"])
    hanna = add_user(db, "hanna", [Role.HANDLER], ["centre"])
    a_case(db, "AV26070001")
    return rita, hanna


def test_x4_log_writes_keep_cached_values_and_a_write_of_their_table_reloads_them(db, clock, world):
    rita, hanna = world
    units, loads = counting(db, "units", "SELECT id FROM units WHERE kind = ? ORDER BY id", ["service_site"])
    assert [r["id"] for r in units()] == ["site-1"] and loads == [1]
    assert db.cache_tables("units") == ("units",)
    codes = board_codes.codes_for(db, None).snapshot
    user = load_user(db, "hanna")

    # what a board page showing persons writes, and other log-only writes
    res = board.search(db, clock, hanna, BoardFilters(), reveal=True)
    board.log_person_views(db, clock, hanna, [("191212121212", "AV26070001")], "board")
    audit.log_person_view(db, clock, "rita", "191212121212", "AV26070001", "case")
    with db.tx() as tx:
        audit.security(tx, clock, "hanna", "login_failed", "")
        audit.record(tx, clock, "hanna", "AV26070001", "note", None, "x")
    assert res.total == 1
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM access_log") == 3     # search(reveal) logged one too
    units()
    assert loads == [1]                                               # not read again
    assert board_codes.codes_for(db, None).snapshot is codes
    assert load_user(db, "hanna") is user

    # a write of a table the value was read from: read again, and the new value served
    add_unit(db, "site-2")
    assert [r["id"] for r in units()] == ["site-1", "site-2"] and loads == [1, 1]
    a_case(db, "AV26070002", unit_id="site-2")                        # board_codes, board_counts
    fresh = board_codes.codes_for(db, None).snapshot
    assert fresh is not codes and sum(fresh.counts.values()) == 2
    with db.tx() as tx:
        core_repo.set_roles(tx, "hanna", ["handler", "analyst"])
    assert load_user(db, "hanna").roles == {Role.HANDLER, Role.ANALYST}
    units()
    assert loads == [1, 1]                                            # cases are not units


def test_x3_unread_count_is_read_again_after_a_message_and_not_after_a_log_write(db, clock, world):
    rita, hanna = world
    assert messages.unread(db, rita) == 0
    audit.log_person_view(db, clock, "hanna", "191212121212", "AV26070001", "board")
    assert db.cache_tables("unread:rita") == ("messages",)
    with db.tx() as tx:
        messages.send(tx, clock, "rita", "Ärende", "Titta på AV26070001", sender="hanna")
    assert messages.unread(db, rita) == 1


def test_x5_report_choices_follow_a_new_unit_but_not_a_new_case(db, clock, world):
    before = reports.filter_choices(db)
    assert db.cache_tables("report_filter_choices") == ("deviation_categories", "units")
    a_case(db, "AV26070002")
    assert reports.filter_choices(db) is before
    add_unit(db, "site-9")
    assert "site-9" in {u["id"] for u in reports.filter_choices(db)["units"]}


def test_x4_a_write_of_unknown_tables_or_a_value_of_unknown_tables_is_never_kept(db, clock, world):
    units, loads = counting(db, "units", "SELECT id FROM units")
    units()
    with db.tx() as tx:                                               # DDL: tables unknown
        tx.execute("CREATE TEMP TABLE scratch AS SELECT 1 AS x")
    units()
    assert loads == [1, 1]
    with db.tx() as tx:
        tx.execute("CREATE TABLE notes (x INTEGER)")
    units()
    assert loads == [1, 1, 1]
    # DuckDB's own ways to read and write (a relation, append()): tests/store/test_db_cache_duckdb.py

    def elsewhere(_r):                                                # read on another cursor
        loads.append(3)
        with db.read() as other:
            return other.scalar("SELECT count(*) FROM units")
    db.cached("elsewhere", elsewhere)
    assert db.cache_tables("elsewhere") is None
    add_user(db, "nobody", [Role.REPORTER])
    db.cached("elsewhere", elsewhere)
    assert loads.count(3) == 2
    assert written_tables("SELECT 1") == frozenset()


def test_x4_a_value_read_through_a_view_depends_on_the_view_s_tables(db, clock, world):
    with db.tx() as tx:
        tx.execute("CREATE VIEW site_units AS SELECT id FROM units WHERE kind = 'service_site'")
    viewed, loads = counting(db, "viewed", "SELECT id FROM site_units")
    viewed()
    assert db.cache_tables("viewed") == ("units",)
    audit.log_person_view(db, clock, "hanna", "191212121212", "AV26070001", "board")
    viewed()
    assert loads == [1]
    add_unit(db, "site-3")
    assert [r["id"] for r in viewed()] == ["site-1", "site-3"] and loads == [1, 1]


def test_x4_written_tables_are_named_from_the_statement():
    assert written_tables("SELECT * FROM units WHERE id = ?") == frozenset()
    assert written_tables("SELECT nextval('board_doc_seq')") == frozenset()
    assert written_tables("INSERT INTO access_log (actor, purpose) VALUES (?, ?)") == {"access_log"}
    assert written_tables("INSERT INTO cases BY NAME SELECT * FROM cases_df") == {"cases"}
    assert written_tables('UPDATE main."Board_Counts" SET n = n + ? WHERE key = ? RETURNING n') == {"board_counts"}
    assert written_tables("DELETE FROM search_postings WHERE doc IN (SELECT doc FROM x)") == {"search_postings"}
    assert written_tables("WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a") == {"t"}
    assert written_tables("SELECT 1; DELETE FROM q") == {"q"}
    for unknown in ("CREATE TABLE z (x INT)", "DROP TABLE z", "ALTER TABLE units ADD COLUMN y INT",
                    "COPY units FROM 'x.csv'", "not sql at all"):
        assert written_tables(unknown) == {EVERY_TABLE}, unknown
