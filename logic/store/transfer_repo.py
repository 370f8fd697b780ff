"""SQL for exporting every table and restoring an export into an empty installation (ADM-11,
ADM-12). Table, column and sequence names in f-strings come from DuckDB's own catalog and are
checked against `NAME` before use; values are bound.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from logic.store.db import Tx

NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
# Where a personal identity number (personnummer, samordningsnummer, reservnummer, CPR) is
# stored, with the condition that makes the value one: what an export hands over, logged in
# the access log. tests/store/test_transfer.py checks that every column named like one is
# listed here.
IDENTITY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("cases", "person_id", "TRUE"),
    ("patients", "id", "TRUE"),
    ("certificates", "patient_id", "TRUE"),
    ("recipients", "id", "kind = 'patient'"),
    ("deviations", "recipient_id", "recipient_kind = 'patient'"),
    ("access_log", "person_id", "TRUE"),
)


def _name(name: str) -> str:
    if not NAME.match(name):
        raise ValueError(f"not a plain SQL name: {name!r}")
    return name


def tables(tx: Tx) -> list[str]:
    return [r["table_name"] for r in tx.rows(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary"
        " ORDER BY table_name")]


def columns(tx: Tx, table: str) -> list[dict]:
    """name, type and default of each column, in order."""
    return tx.rows("SELECT column_name AS name, data_type AS type, column_default AS dflt FROM duckdb_columns()"
                   " WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index", [table])


def migrations(tx: Tx) -> list[str]:
    return [r["name"] for r in tx.rows("SELECT name FROM schema_migrations ORDER BY name")]


def row_count(tx: Tx, table: str) -> int:
    return int(tx.scalar(f"SELECT count(*) FROM {_name(table)}"))


def _select(tx: Tx, table: str, blank: dict[str, str]) -> str:
    """SELECT of every column, with the columns in `blank` replaced by a constant. Cases come
    in the order the board indexed them (its tie-break between equal times), so a restore can
    index them in the same order (`case_order`)."""
    parts = []
    for col in columns(tx, table):
        name = _name(col["name"])
        parts.append(f"{_quote(blank[name])} AS {name}" if name in blank else f"t.{name}")
    if table == "cases":
        return (f"SELECT {', '.join(parts)} FROM cases t LEFT JOIN board_index b ON b.case_id = t.id"
                " ORDER BY b.doc NULLS LAST, t.created_at, t.id")
    return f"SELECT {', '.join(parts)} FROM {_name(table)} t"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def write_parquet(tx: Tx, table: str, path: Path, blank: dict[str, str]) -> None:
    """The table (blanked columns replaced) as one Parquet file, in this transaction's snapshot."""
    target = str(path).replace("'", "''")
    tx.execute(f"COPY ({_select(tx, table, blank)}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")


def batches(tx: Tx, table: str, blank: dict[str, str], size: int = 50_000) -> Iterator[Any]:
    """The table's rows as Arrow record batches (bounded memory), in this transaction's snapshot."""
    reader = tx.cur.sql(_select(tx, table, blank)).to_arrow_reader(size)
    try:
        yield from reader
    finally:
        reader.close()


def identity_numbers(tx: Tx) -> list[str]:
    """Every distinct identity number an export of this snapshot holds."""
    present = set(tables(tx))
    parts = [f"SELECT {_name(col)} AS person_id FROM {_name(table)} WHERE {cond}"
             for table, col, cond in IDENTITY_COLUMNS if table in present]
    if not parts:
        return []
    return [r["person_id"] for r in tx.rows(
        f"SELECT DISTINCT person_id FROM ({' UNION ALL '.join(parts)}) WHERE person_id IS NOT NULL"
        " AND person_id <> '' ORDER BY person_id")]


def log_bulk_access(tx: Tx, at, actor: str, person_ids: list[str], purpose: str) -> None:
    """One access-log row per identity number, inserted in bulk (from Arrow, not row by row)."""
    if not person_ids:
        return
    import pyarrow as pa

    frame = pa.table({"person_id": pa.array(person_ids, pa.string())})
    tx.cur.register("_exported_ids", frame)
    try:
        tx.execute("INSERT INTO access_log (logged_at, actor, person_id, case_id, purpose)"
                   " SELECT ?, ?, person_id, NULL, ? FROM _exported_ids", [at, actor, purpose])
    finally:
        tx.cur.unregister("_exported_ids")


# ---------------------------------------------------------------- restoring


def has_cases(tx: Tx) -> bool:
    return tx.scalar("SELECT EXISTS (SELECT 1 FROM cases)") is True


def usernames(tx: Tx) -> list[str]:
    return [r["username"] for r in tx.rows("SELECT username FROM users ORDER BY username")]


def user_snapshot(tx: Tx, username: str) -> dict | None:
    """A user's row, roles and units, to be put back after a restore."""
    row = tx.row("SELECT * FROM users WHERE username = ?", [username])
    if row is None:
        return None
    return {"row": row,
            "roles": [r["role"] for r in tx.rows("SELECT role FROM user_roles WHERE username = ?", [username])],
            "units": [r["unit_id"] for r in tx.rows("SELECT unit_id FROM user_units WHERE username = ?",
                                                    [username])]}


def parquet_columns(tx: Tx, path: Path) -> list[str]:
    return [r["column_name"] for r in tx.rows("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)])]


def replace_table(tx: Tx, table: str, path: Path) -> int:
    """The table's rows replaced by those of the Parquet file (columns matched by name; a
    column the file lacks gets its default). Returns the number of rows loaded."""
    name = _name(table)
    tx.execute(f"DELETE FROM {name}")
    tx.execute(f"INSERT INTO {name} BY NAME SELECT * FROM read_parquet(?)", [str(path)])
    return row_count(tx, name)


def case_order(tx: Tx, path: Path) -> str:
    """A temporary table (case_id, pos): the cases in the order of the export's file (the order
    its board had indexed them); for search_compact.rebuild(order=…)."""
    tx.execute("CREATE OR REPLACE TEMP TABLE _case_order AS SELECT id AS case_id, file_row_number AS pos"
               " FROM read_parquet(?, file_row_number = true)", [str(path)])
    return "_case_order"


def drop_case_order(tx: Tx) -> None:
    tx.execute("DROP TABLE IF EXISTS _case_order")


def clear_table(tx: Tx, table: str) -> None:
    tx.execute(f"DELETE FROM {_name(table)}")


def advance_sequences(tx: Tx) -> dict[str, int]:
    """Every sequence that numbers a column (`DEFAULT nextval('…')`) moved past the largest
    value loaded into it, so the next row gets a fresh number. Returns sequence -> its value."""
    sequences = {r["sequence_name"]: r for r in tx.rows(
        "SELECT sequence_name, start_value, last_value FROM duckdb_sequences() WHERE schema_name = 'main'")}
    uses = tx.rows("SELECT table_name, column_name, column_default FROM duckdb_columns()"
                   " WHERE schema_name = 'main' AND column_default LIKE 'nextval(%'")
    moved: dict[str, int] = {}
    for use in uses:
        m = re.match(r"^nextval\('([a-z_][a-z0-9_]*)'\)$", use["column_default"])
        if not m or m.group(1) not in sequences:
            continue
        seq = m.group(1)
        top = tx.scalar(f"SELECT max({_name(use['column_name'])}) FROM {_name(use['table_name'])}")
        if top is None:
            continue
        info = sequences[seq]
        last = info["last_value"] if info["last_value"] is not None else int(info["start_value"]) - 1
        last = max(last, moved.get(seq, last))
        if int(top) > last:
            tx.execute(f"SELECT max(nextval('{seq}')) FROM range(?)", [int(top) - last])
            moved[seq] = int(top)
    return moved


def set_password_hash(tx: Tx, username: str, password_hash: str) -> None:
    tx.execute("UPDATE users SET password_hash = ?, failed_logins = 0 WHERE username = ?",
               [password_hash, username])


def blank_passwords(tx: Tx) -> None:
    tx.execute("UPDATE users SET password_hash = ''")


def put_back_user(tx: Tx, snap: dict) -> None:
    """A user kept through a restore (the administrator who restores): the row, roles and
    units as they were, unless the export brought the user (then only the password and the
    admin role are kept)."""
    row = snap["row"]
    username = row["username"]
    if tx.scalar("SELECT EXISTS (SELECT 1 FROM users WHERE username = ?)", [username]):
        set_password_hash(tx, username, row["password_hash"])
        tx.execute("UPDATE users SET active = TRUE WHERE username = ?", [username])
        tx.execute("INSERT INTO user_roles VALUES (?, 'admin') ON CONFLICT DO NOTHING", [username])
        return
    cols = list(row)
    tx.execute(f"INSERT INTO users ({', '.join(_name(c) for c in cols)})"
               f" VALUES ({', '.join('?' for _ in cols)})", [row[c] for c in cols])
    for unit in snap["units"]:
        tx.execute("INSERT INTO user_units VALUES (?, ?) ON CONFLICT DO NOTHING", [username, unit])
    for role in snap["roles"]:
        tx.execute("INSERT INTO user_roles VALUES (?, ?) ON CONFLICT DO NOTHING", [username, role])


def admin_roles(tx: Tx, username: str) -> tuple[bool, bool]:
    """(the user exists and is active, the user has the admin role)."""
    row = tx.row("SELECT active FROM users WHERE username = ?", [username])
    if row is None:
        return False, False
    is_admin = bool(tx.scalar("SELECT EXISTS (SELECT 1 FROM user_roles WHERE username = ? AND role = 'admin')",
                              [username]))
    return bool(row["active"]), is_admin
