"""Numbered SQL migrations: applied once, in order, recorded; re-running is a no-op; a failing
migration leaves nothing behind; a reopened database file keeps its data."""
from __future__ import annotations

import pytest

from logic.store import db as store_db
from logic.store import pg as store_pg
from logic.store.connect import is_url, open_database
from logic.store.db import Store
from logic.store.migration_files import migration_files, sql_statements
from tests.conftest import add_unit

pytestmark = pytest.mark.both_backends

SHIPPED = [p.name for p in migration_files(store_db.MIGRATIONS)]


@pytest.fixture
def new_target(backend, request, tmp_path):
    """new_target(name) -> where a new database is made: a DuckDB file in tmp_path, or a new,
    empty PostgreSQL database's URL (open either with open_database, as often as wanted)."""
    def make(name: str):
        if backend == "postgres":
            cluster = request.getfixturevalue("pg_cluster")
            made = cluster.new_database()
            request.addfinalizer(lambda: cluster.drop(made))
            return cluster.url(made)
        return tmp_path / name
    return make


def Database(target, **kwargs) -> Store:  # noqa: N802 - the tests read as they did on the file
    """The database at target; on PostgreSQL the adapter itself, so a failing migration raises its
    own error (open_database turns any error at start-up into one line naming the setting)."""
    if is_url(target):
        return store_pg.PgDatabase(target, **kwargs)
    return open_database(target, **kwargs)


def recorded(database: Store) -> list[str]:
    with database.read() as r:
        return [row["name"] for row in r.rows("SELECT name FROM schema_migrations ORDER BY name")]


def test_shipped_migrations_are_numbered_without_gaps_or_duplicates():
    numbers = [int(name[:4]) for name in SHIPPED]
    assert SHIPPED[:2] == ["0001_core.sql", "0002_deviations.sql"]
    assert len(set(numbers)) == len(numbers)
    assert numbers == sorted(numbers)


def test_a_new_database_gets_every_migration_once_and_records_it(new_target):
    database = Database(new_target("new.duckdb"))
    assert recorded(database) == SHIPPED
    with database.read() as r:
        tables = {row["table_name"] for row in r.rows("SELECT table_name FROM information_schema.tables")}
    assert {"cases", "case_events", "access_log", "messages", "number_sequences", "deviations",
            "deviation_categories", "repair_requests", "users"} <= tables
    database.close()


def test_running_the_migrations_again_is_a_no_op(new_target):
    database = Database(new_target("again.duckdb"))
    with database.read() as r:
        first = r.rows("SELECT name, applied_at FROM schema_migrations ORDER BY name")
    assert database.migrate() == []
    assert database.migrate() == []
    with database.read() as r:
        assert r.rows("SELECT name, applied_at FROM schema_migrations ORDER BY name") == first
    database.close()


def test_a_reopened_database_file_keeps_its_data_and_applies_nothing(new_target):
    path = new_target("kept.duckdb")
    database = Database(path)
    add_unit(database, "site-1", name="Rehab medicinska kliniken (5)")
    with database.tx() as tx:
        tx.execute("INSERT INTO number_sequences VALUES ('AV2607', 2)")
    database.close()

    reopened = Database(path)
    assert reopened.migrate() == []
    assert recorded(reopened) == SHIPPED
    with reopened.read() as r:
        assert r.scalar("SELECT name FROM units WHERE id = 'site-1'") == "Rehab medicinska kliniken (5)"
        assert r.scalar("SELECT last_value FROM number_sequences WHERE prefix = 'AV2607'") == 2
    reopened.close()


@pytest.fixture
def own_migrations(tmp_path, monkeypatch):
    folder = tmp_path / "migrations"
    folder.mkdir()
    monkeypatch.setattr(store_db, "MIGRATIONS", folder)
    monkeypatch.setattr(store_pg, "MIGRATIONS", folder)
    return folder


# Rows the test migrations insert note how many rows were there before them (`seen`): the order
# they ran in, on either database (no rowid on PostgreSQL).


def test_only_new_migrations_are_applied_later_in_number_order(new_target, own_migrations):
    (own_migrations / "0001_a.sql").write_text("CREATE TABLE a (x INTEGER, seen INTEGER);\n"
                                               "INSERT INTO a VALUES (1, (SELECT count(*) FROM a));\n")
    path = new_target("grow.duckdb")
    Database(path).close()
    (own_migrations / "0003_c.sql").write_text("INSERT INTO a VALUES (3, (SELECT count(*) FROM a));\n")
    (own_migrations / "0002_b.sql").write_text("-- a comment; with a semicolon\n"
                                               "INSERT INTO a VALUES (2, (SELECT count(*) FROM a));\n")
    (own_migrations / "notes.sql").write_text("this is not a migration;\n")
    database = Database(path)
    assert recorded(database) == ["0001_a.sql", "0002_b.sql", "0003_c.sql"]
    with database.read() as r:
        assert [(row["x"], row["seen"]) for row in r.rows("SELECT x, seen FROM a ORDER BY seen")] == \
            [(1, 0), (2, 1), (3, 2)]
    assert database.migrate() == []
    database.close()


def test_a_failing_migration_is_rolled_back_and_not_recorded(new_target, own_migrations):
    (own_migrations / "0001_a.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    (own_migrations / "0002_broken.sql").write_text(
        "CREATE TABLE b (y INTEGER);\nINSERT INTO b VALUES (1);\nINSERT INTO no_such_table VALUES (1);\n")
    path = new_target("broken.duckdb")
    with pytest.raises(Exception, match="no_such_table"):
        Database(path)

    (own_migrations / "0002_broken.sql").write_text("CREATE TABLE b (y INTEGER);\nINSERT INTO b VALUES (1);\n")
    database = Database(path)                      # the same file: 0001 kept, 0002 applied afresh
    assert recorded(database) == ["0001_a.sql", "0002_broken.sql"]
    with database.read() as r:
        assert r.scalar("SELECT count(*) FROM b") == 1
    database.close()


def test_a_python_migration_runs_in_order_in_its_own_transaction(new_target, own_migrations):
    """NNNN_name.py: its migrate(tx) runs between the SQL migrations around it, is recorded,
    and leaves nothing behind when it fails."""
    (own_migrations / "0001_a.sql").write_text("CREATE TABLE a (x VARCHAR, seen INTEGER);\n")
    (own_migrations / "0002_b.py").write_text(
        "def migrate(tx):\n"
        "    n = tx.scalar('SELECT count(*) FROM a')\n"
        "    tx.execute('INSERT INTO a VALUES (?, ?)', [f'py after {n}', n])\n"
        "    if tx.scalar(\"SELECT count(*) FROM a WHERE x = 'fail'\"):\n"
        "        raise RuntimeError('stop')\n")
    (own_migrations / "0003_c.sql").write_text("INSERT INTO a VALUES ('sql', (SELECT count(*) FROM a));\n")
    (own_migrations / "0004_notes.txt").write_text("not a migration\n")
    database = Database(new_target("py.duckdb"))
    assert recorded(database) == ["0001_a.sql", "0002_b.py", "0003_c.sql"]
    with database.read() as r:
        assert [row["x"] for row in r.rows("SELECT x FROM a ORDER BY seen")] == ["py after 0", "sql"]
    database.close()

    fresh = new_target("py-fails.duckdb")
    early = Database(fresh, migrate_upto="0001_a.sql")
    with early.tx() as tx:
        tx.execute("INSERT INTO a VALUES ('fail', 0)")
    early.close()
    with pytest.raises(RuntimeError, match="stop"):
        Database(fresh)
    (own_migrations / "0002_b.py").write_text("def migrate(tx):\n    tx.execute(\"DELETE FROM a\")\n")
    database = Database(fresh)                  # nothing of the failed run is left
    assert recorded(database) == ["0001_a.sql", "0002_b.py", "0003_c.sql"]
    with database.read() as r:
        assert [row["x"] for row in r.rows("SELECT x FROM a ORDER BY seen")] == ["sql"]
    database.close()


def test_statements_split_on_semicolons_at_line_ends_and_skip_comments():
    sql = ("-- header; not a statement\nCREATE TABLE t (\n  a VARCHAR DEFAULT 'x;y'\n);\n"
           "INSERT INTO t VALUES ('1');\n\n-- trailing\n")
    assert sql_statements(sql) == ["CREATE TABLE t (\n  a VARCHAR DEFAULT 'x;y'\n)", "INSERT INTO t VALUES ('1')"]
