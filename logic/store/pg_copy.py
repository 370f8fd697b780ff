"""Rows into PostgreSQL in bulk (issue 18): what DuckDB does by registering an Arrow table or a
pandas frame as a relation, PostgreSQL does with COPY … FROM STDIN (psycopg's `cursor.copy`),
into a temporary table the caller's set-based SQL then reads, or straight into a table.

Table and column names in the COPY statements are checked against NAME; values go through
COPY's own encoding (never into the SQL text), in NFC as `Tx` binds every string.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from logic.store.db import Tx, nfc
from logic.store.written import RecordingCursor

NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def name(value: str) -> str:
    if not NAME.match(value):
        raise ValueError(f"not a plain SQL name: {value!r}")
    return value


def _raw(tx: Tx, table: str):
    """The psycopg cursor under the transaction (the table noted as written by it)."""
    cur = tx.cur
    if isinstance(cur, RecordingCursor):
        if cur._written is not None:
            cur._written.add(table)
        cur = cur._cur
    return cur._cur                       # PgCursor -> psycopg RawCursor


def copy_rows(tx: Tx, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows (Python values, in `columns`' order) into `table`; returns how many."""
    cols = ", ".join(name(c) for c in columns)
    n = 0
    with _raw(tx, name(table)).copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(nfc(tuple(row)))
            n += 1
    return n


def copy_arrow(tx: Tx, table: str, data, columns: Sequence[str] | None = None) -> int:
    """An Arrow table (or record batches) into `table`, columns matched by name."""
    batches = data.to_batches() if hasattr(data, "to_batches") else data
    total = 0
    for batch in batches:
        names = list(columns or batch.schema.names)
        values = [batch.column(batch.schema.get_field_index(c)).to_pylist() for c in names]
        total += copy_rows(tx, table, names, zip(*values))
    return total


def temp_like(tx: Tx, temp: str, table: str, columns: Sequence[str]) -> None:
    """A temporary table with these columns of `table` (their types, no constraints), empty."""
    tx.execute(f"DROP TABLE IF EXISTS {name(temp)}")
    tx.execute(f"CREATE TEMP TABLE {temp} AS SELECT {', '.join(name(c) for c in columns)}"
               f" FROM {name(table)} WITH NO DATA")
