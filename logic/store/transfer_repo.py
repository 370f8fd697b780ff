"""SQL for exporting every table and restoring an export into an empty installation (ADM-11,
ADM-12). Table, column and sequence names in f-strings come from the database's own catalog and
are checked against `NAME` before use; values are bound.

On PostgreSQL (issue 18) the same files are written and read in Python: rows come from a
server-side cursor as Arrow record batches (types from the catalog) and are written with pyarrow;
a restore reads the Parquet files with pyarrow and loads them with COPY (logic/store/pg_copy.py).
The board is rebuilt case by case through pg_board there (search_compact is DuckDB's index).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from logic.store import pg_copy, search_compact, search_index, search_shape
from logic.store.db import Tx
from logic.store.search_shape import LANES, PERSON_COLUMNS, TEXT_COLUMNS

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
    if tx.dialect == "postgres":
        return [r["table_name"] for r in tx.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_type = 'BASE TABLE' ORDER BY table_name")]
    return [r["table_name"] for r in tx.rows(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary"
        " ORDER BY table_name")]


def columns(tx: Tx, table: str) -> list[dict]:
    """name, type and default of each column, in order."""
    if tx.dialect == "postgres":
        return tx.rows("SELECT column_name AS name, data_type AS type, column_default AS dflt, udt_name AS udt,"
                       " numeric_precision AS prec, numeric_scale AS scale FROM information_schema.columns"
                       " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                       [table])
    return tx.rows("SELECT column_name AS name, data_type AS type, column_default AS dflt FROM duckdb_columns()"
                   " WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index", [table])


def migrations(tx: Tx) -> list[str]:
    return [r["name"] for r in tx.rows("SELECT name FROM schema_migrations ORDER BY name")]


def row_count(tx: Tx, table: str) -> int:
    return int(tx.rows(f"SELECT count(*) AS n FROM {_name(table)}")[0]["n"])     # fetched to the end


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
    if tx.dialect == "postgres":
        import pyarrow.parquet as pq

        with pq.ParquetWriter(str(path), _arrow_schema(tx, table), compression="zstd") as writer:
            for batch in batches(tx, table, blank):
                writer.write_batch(batch)
        return
    target = str(path).replace("'", "''")
    tx.execute(f"COPY ({_select(tx, table, blank)}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")


def batches(tx: Tx, table: str, blank: dict[str, str], size: int = 50_000) -> Iterator[Any]:
    """The table's rows as Arrow record batches (bounded memory), in this transaction's snapshot."""
    if tx.dialect == "postgres":
        yield from _pg_batches(tx, table, blank, size)
        return
    reader = tx.cur.sql(_select(tx, table, blank)).to_arrow_reader(size)
    try:
        yield from reader
    finally:
        reader.close()


_PG_ARROW = {"character varying": "string", "text": "string", "character": "string", "json": "string",
             "jsonb": "string", "uuid": "string", "integer": "int32", "bigint": "int64", "smallint": "int16",
             "boolean": "bool_", "date": "date32", "double precision": "float64", "real": "float32",
             "bytea": "binary"}
_PG_UDT = {"varchar": "string", "text": "string", "int4": "int32", "int8": "int64", "int2": "int16",
           "bool": "bool_", "date": "date32", "float8": "float64", "float4": "float32"}


def _arrow_type(col: dict):
    import pyarrow as pa

    kind = col["type"]
    if kind in _PG_ARROW:
        return getattr(pa, _PG_ARROW[kind])()
    if kind == "timestamp without time zone":
        return pa.timestamp("us")
    if kind == "timestamp with time zone":
        return pa.timestamp("us", tz="UTC")
    if kind == "time without time zone":
        return pa.time64("us")
    if kind == "numeric":
        return pa.decimal128(col["prec"] or 38, col["scale"] or 0) if col["prec"] else pa.float64()
    if kind == "ARRAY":
        return pa.list_(getattr(pa, _PG_UDT.get(str(col["udt"]).lstrip("_"), "string"))())
    return pa.string()


def _arrow_schema(tx: Tx, table: str):
    import pyarrow as pa

    return pa.schema([(c["name"], _arrow_type(c)) for c in columns(tx, table)])


def _pg_batches(tx: Tx, table: str, blank: dict[str, str], size: int) -> Iterator[Any]:
    """PostgreSQL: the rows through a server-side cursor in this transaction (bounded memory)."""
    import psycopg
    import pyarrow as pa

    schema = _arrow_schema(tx, table)
    raw = tx.cur._cur if hasattr(tx.cur, "_written") else tx.cur       # under a RecordingCursor
    with psycopg.RawServerCursor(raw._conn, "casedesk_export") as cur:
        cur.execute(_select(tx, table, blank))
        while True:
            rows = cur.fetchmany(size)
            if not rows:
                break
            yield pa.RecordBatch.from_arrays(
                [pa.array(list(values), type=field.type) for values, field in zip(zip(*rows), schema)],
                schema=schema)


def identity_numbers(tx: Tx) -> list[str]:
    """Every distinct identity number an export of this snapshot holds."""
    present = set(tables(tx))
    parts = [f"SELECT {_name(col)} AS person_id FROM {_name(table)} WHERE {cond}"
             for table, col, cond in IDENTITY_COLUMNS if table in present]
    if not parts:
        return []
    return [r["person_id"] for r in tx.rows(
        f"SELECT DISTINCT person_id FROM ({' UNION ALL '.join(parts)}) x WHERE person_id IS NOT NULL"
        " AND person_id <> '' ORDER BY person_id")]


def log_bulk_access(tx: Tx, at, actor: str, person_ids: list[str], purpose: str) -> None:
    """One access-log row per identity number, inserted in bulk (from Arrow, not row by row)."""
    if not person_ids:
        return
    if tx.dialect == "postgres":
        pg_copy.copy_rows(tx, "access_log", ("logged_at", "actor", "person_id", "case_id", "purpose"),
                          ((at, actor, p, None, purpose) for p in person_ids))
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
    if tx.dialect == "postgres":
        import pyarrow.parquet as pq

        return list(pq.read_schema(str(path)).names)
    return [r["column_name"] for r in tx.rows("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)])]


def replace_table(tx: Tx, table: str, path: Path) -> int:
    """The table's rows replaced by those of the Parquet file (columns matched by name; a
    column the file lacks gets its default). Returns the number of rows loaded."""
    name = _name(table)
    tx.execute(f"DELETE FROM {name}")
    if tx.dialect == "postgres":
        import pyarrow.parquet as pq

        source = pq.ParquetFile(str(path))
        for batch in source.iter_batches(batch_size=50_000):
            load_batch(tx, name, batch)
    else:
        tx.execute(f"INSERT INTO {name} BY NAME SELECT * FROM read_parquet(?)", [str(path)])
    return row_count(tx, name)


def load_batch(tx: Tx, table: str, batch) -> int:
    """PostgreSQL: an Arrow record batch appended to the table by COPY (columns by name)."""
    return pg_copy.copy_arrow(tx, _name(table), [batch], [_name(c) for c in batch.schema.names])


def case_order(tx: Tx, path: Path) -> str:
    """A temporary table (case_id, pos): the cases in the order of the export's file (the order
    its board had indexed them); for search_compact.rebuild(order=…)."""
    if tx.dialect == "postgres":              # PostgreSQL reads no parquet: the ids handed over
        import pyarrow.parquet as pq

        ids = [str(v) for v in pq.read_table(str(path), columns=["id"]).column("id").to_pylist()]
        drop_case_order(tx)
        tx.execute("CREATE TEMP TABLE _case_order (case_id VARCHAR, pos BIGINT)")
        tx.execute("INSERT INTO _case_order (case_id, pos) SELECT * FROM unnest(?::VARCHAR[], ?::BIGINT[])",
                   [ids, list(range(len(ids)))])
        return "_case_order"
    tx.execute("CREATE OR REPLACE TEMP TABLE _case_order AS SELECT id AS case_id, file_row_number AS pos"
               " FROM read_parquet(?, file_row_number = true)", [str(path)])
    return "_case_order"


def drop_case_order(tx: Tx) -> None:
    tx.execute("DROP TABLE IF EXISTS _case_order")


def rebuild_board(tx: Tx, cases_file: Path | None) -> None:
    """The derived tables (board and search index) built again from `cases`, set-based
    (search_compact.rebuild; on PostgreSQL pg_board.index_many in batches): the cases in the
    order of the export's file (the order its board had indexed them), then the rest by
    registration."""
    order = case_order(tx, cases_file) if cases_file is not None else None
    search_compact.rebuild(tx, order=order)
    drop_case_order(tx)


def count_board_words(tx: Tx) -> None:
    """PostgreSQL: the frequent words' kept counts (pg_board.track_words) for a board copied in
    bulk (a move; a rebuild counts them itself: search_compact.rebuild)."""
    from logic.store import pg_board

    pg_board.track_words(tx, search_shape.PROMOTE_AT)


def clear_table(tx: Tx, table: str) -> None:
    tx.execute(f"DELETE FROM {_name(table)}")


def advance_sequences(tx: Tx) -> dict[str, int]:
    """Every sequence that numbers a column (`DEFAULT nextval('…')`) moved past the largest
    value loaded into it, so the next row gets a fresh number. Returns sequence -> its value."""
    if tx.dialect == "postgres":
        return _advance_pg(tx)
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


def _advance_pg(tx: Tx) -> dict[str, int]:
    """PostgreSQL: setval of each column's sequence to the column's largest value, when above."""
    uses = tx.rows("SELECT table_name, column_name, column_default FROM information_schema.columns"
                   " WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'")
    moved: dict[str, int] = {}
    for use in uses:
        m = re.match(r"^nextval\('([a-z_][a-z0-9_]*)'(?:::regclass)?\)$", use["column_default"])
        if not m:
            continue
        seq = m.group(1)
        top = tx.scalar(f"SELECT max({_name(use['column_name'])}) FROM {_name(use['table_name'])}")
        if top is None:
            continue
        last = tx.scalar("SELECT coalesce(last_value, start_value - 1) FROM pg_sequences"
                         " WHERE schemaname = current_schema() AND sequencename = ?", [seq])
        last = max(int(last), moved.get(seq, int(last)))
        if int(top) > last:
            tx.execute("SELECT setval(?::VARCHAR::regclass, ?)", [seq, int(top)])
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


# ---------------------------------------------------------------- moving DuckDB -> PostgreSQL

# What a move copies of board_index: the columns both databases' board rows have (DuckDB's word
# bits b0…b7 are its own; PostgreSQL's word columns are cut from the case's text on the way).
DUCKDB_BOARD_BITS = frozenset(LANES)
_CASE_TEXT = ("id",) + tuple(dict.fromkeys(TEXT_COLUMNS + PERSON_COLUMNS))


def case_count(tx: Tx) -> int:
    return int(tx.scalar("SELECT count(*) FROM cases"))


def common_columns(source: Tx, target: Tx, table: str) -> tuple[list[str], list[str]]:
    """(the columns both tables have, in the source's order; the source's columns the target lacks)."""
    have = {c["name"] for c in columns(target, table)}
    names = [c["name"] for c in columns(source, table)]
    return [n for n in names if n in have], [n for n in names if n not in have]


def table_batches(tx: Tx, table: str, names: list[str], size: int = 50_000) -> Iterator[Any]:
    """DuckDB: the named columns of a table as Arrow record batches, in this snapshot."""
    cols = ", ".join(_name(n) for n in names)
    reader = tx.cur.sql(f"SELECT {cols} FROM {_name(table)}").to_arrow_reader(size)
    try:
        yield from reader
    finally:
        reader.close()


def board_batches(tx: Tx, names: list[str], size: int = 20_000) -> Iterator[Any]:
    """DuckDB: board_index's named columns with the text of each row's case (`c_<column>`), by doc."""
    cols = ", ".join(f"b.{_name(n)}" for n in names)
    text = ", ".join(f"c.{c} AS c_{c}" for c in _CASE_TEXT)
    reader = tx.cur.sql(f"SELECT {cols}, {text} FROM board_index b JOIN cases c ON c.id = b.case_id"
                        " ORDER BY b.doc").to_arrow_reader(size)
    try:
        yield from reader
    finally:
        reader.close()


def load_board_batch(tx: Tx, batch, names: list[str]) -> int:
    """PostgreSQL: board rows (names) with their word columns cut from the case's text (pg_board)."""
    from logic.store import pg_board

    data = batch.to_pydict()
    words = [pg_board.word_columns(search_index.case_terms({c: data[f"c_{c}"][i] for c in _CASE_TEXT}))
             for i in range(batch.num_rows)]
    cols = [*names, *pg_board.WORD_COLUMNS]
    rows = ([*(data[n][i] for n in names), *(words[i][w] for w in pg_board.WORD_COLUMNS)]
            for i in range(batch.num_rows))
    return pg_copy.copy_rows(tx, "board_index", [_name(c) for c in cols], rows)


def advance_board_sequences(tx: Tx) -> None:
    """PostgreSQL: the board's doc and code sequences past the copied rows (their nextval is
    called by the SQL that writes them, not a column default)."""
    for seq, table, col in (("board_doc_seq", "board_index", "doc"), ("board_code_seq", "board_codes", "code")):
        top = tx.scalar(f"SELECT max({col}) FROM {table}")
        if top is not None:
            tx.execute("SELECT setval(?::VARCHAR::regclass, ?)", [seq, int(top)])
