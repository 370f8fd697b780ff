"""Upgrading a database made by the first version keeps all its data: the first schema
(migrations 0001–0002, as the first release shipped) is built and filled with the demo
data's rows (only the columns that schema has), then opened by the current code, which
applies every later migration. On both databases: on PostgreSQL the first schema is filled by
INSERTs of the demo file's rows read in Python."""
from __future__ import annotations

import duckdb
import pytest

from logic.store.connect import open_database
from logic.store.db import MIGRATIONS, Store
from logic.store.migration_files import migration_files

pytestmark = pytest.mark.both_backends

FIRST_SCHEMA = "0002_deviations.sql"
TABLES = ["users", "user_roles", "user_units", "units", "cases", "deviations", "case_events",
          "messages", "number_sequences", "devices", "recipients", "articles"]


def _snapshot(db: Store) -> dict[str, list[tuple]]:
    with db.read() as r:
        out = {}
        for table in TABLES:
            cols = [row["column_name"] for row in r.rows(
                "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database()"
                " AND table_name = ? ORDER BY ordinal_position", [table])]
            # only the columns the first schema had (later migrations may add columns)
            out[table] = sorted(tuple(map(str, row)) for row in r.cur.execute(
                f"SELECT {', '.join(cols)} FROM {table}").fetchall())
        return out


def _v1_tables(tx) -> list[str]:
    return [row["table_name"] for row in tx.rows(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
        " AND table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'")]


def _columns(tx, table: str) -> list[str]:
    return [row["column_name"] for row in tx.rows(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database()"
        " AND table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position", [table])]


def test_upgrade_from_first_schema_keeps_all_data(tmp_path, demo_template, backend, request):
    if backend == "postgres":
        cluster = request.getfixturevalue("pg_cluster")
        name = cluster.new_database()
        request.addfinalizer(lambda: cluster.drop(name))
        path = cluster.url(name)
    else:
        path = tmp_path / "v1.duckdb"
    old = open_database(path, migrate_upto=FIRST_SCHEMA)
    with old.tx() as tx:
        if backend == "postgres":
            src = duckdb.connect(str(demo_template), read_only=True)
            try:
                for table in _v1_tables(tx):
                    cols = _columns(tx, table)
                    rows = src.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
                    if rows:
                        tx.cur.executemany(f"INSERT INTO {table} ({', '.join(cols)})"
                                           f" VALUES ({', '.join('?' for _ in cols)})", rows)
            finally:
                src.close()
        else:
            tx.execute(f"ATTACH '{demo_template}' AS src (READ_ONLY)")
            for table in _v1_tables(tx):
                cols = ", ".join(_columns(tx, table))
                tx.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM src.{table}")
    with old.read() as r:
        assert [row["name"] for row in r.rows("SELECT name FROM schema_migrations ORDER BY name")] \
            == ["0001_core.sql", "0002_deviations.sql"]
    before = _snapshot(old)
    old.close()

    new = open_database(path)                          # the current code upgrades it
    try:
        with new.read() as r:
            applied = [row["name"] for row in r.rows("SELECT name FROM schema_migrations ORDER BY name")]
        assert applied == [p.name for p in migration_files(MIGRATIONS)]
        after = _snapshot(new)
        for table in TABLES:
            old_rows = before[table]
            # each old row is still there with the same values in the old columns
            width = len(old_rows[0]) if old_rows else 0
            assert sorted(row[:width] for row in after[table]) == old_rows, table
        assert sum(len(v) for v in before.values()) > 100
    finally:
        new.close()
