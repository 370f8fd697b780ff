"""Upgrading a database made by the first version keeps all its data: the first schema
(migrations 0001–0002, as the first release shipped) is built and filled with the demo
data's rows (only the columns that schema has), then opened by the current code, which
applies every later migration."""
from __future__ import annotations

from logic.store.db import MIGRATIONS, Database
from logic.store.migration_files import migration_files

FIRST_SCHEMA = "0002_deviations.sql"
TABLES = ["users", "user_roles", "user_units", "units", "cases", "deviations", "case_events",
          "messages", "number_sequences", "devices", "recipients", "articles"]


def _snapshot(db: Database) -> dict[str, list[tuple]]:
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


def test_upgrade_from_first_schema_keeps_all_data(tmp_path, demo_template):
    path = tmp_path / "v1.duckdb"
    old = Database(path, migrate_upto=FIRST_SCHEMA)
    with old.tx() as tx:
        tx.execute(f"ATTACH '{demo_template}' AS src (READ_ONLY)")
        v1_tables = [row["table_name"] for row in tx.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
            " AND table_schema = 'main' AND table_name <> 'schema_migrations'")]
        for table in v1_tables:
            cols = ", ".join(row["column_name"] for row in tx.rows(
                "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database()"
                " AND table_name = ? ORDER BY ordinal_position", [table]))
            tx.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM src.{table}")
    with old.read() as r:
        assert [row["name"] for row in r.rows("SELECT name FROM schema_migrations ORDER BY name")] \
            == ["0001_core.sql", "0002_deviations.sql"]
    before = _snapshot(old)
    old.close()

    new = Database(path)                               # the current code upgrades it
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
