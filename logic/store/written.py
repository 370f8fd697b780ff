"""Which tables a statement writes or reads, for Database's cache (logic/store/db.py): a write
transaction records the tables it wrote (`written_tables`, from each statement's text), a
cached value's load the statements it ran (`RecordingCursor`); `without_parameters` lets
DuckDB name the tables a statement reads."""
from __future__ import annotations

import functools
import re
import threading
from typing import Any

import duckdb

# written_tables' answer for a statement whose tables are unknown (it counts as a write of
# every table)
EVERY_TABLE = "*"
_PARSE_LOCK = threading.Lock()
_NAME = r'((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"[^"]+"|[A-Za-z_][\w$]*))*)'
_TARGETS = {
    duckdb.StatementType.INSERT: re.compile(r"\bINTO\s+" + _NAME, re.I),
    duckdb.StatementType.UPDATE: re.compile(r"\bUPDATE\s+" + _NAME, re.I),
    duckdb.StatementType.DELETE: re.compile(r"\bDELETE\s+FROM\s+" + _NAME, re.I),
}


def _table_name(name: str) -> str:
    """`main."Cases"` -> `cases`: the last part, unquoted, lower-cased (DuckDB's names are
    case-insensitive)."""
    last = re.split(r"\s*\.\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", name)[-1]
    return last.strip('"').lower()


@functools.lru_cache(maxsize=4096)
def written_tables(sql: str) -> frozenset[str]:
    """The tables a statement may write: none for a SELECT, the target of an INSERT, UPDATE or
    DELETE (every name after INTO / UPDATE / DELETE FROM: more than the target is harmless),
    EVERY_TABLE for anything else or what cannot be parsed (DDL, COPY, ...)."""
    try:
        with _PARSE_LOCK:
            statements = duckdb.extract_statements(sql)
    except duckdb.Error:
        return frozenset({EVERY_TABLE})
    out: set[str] = set()
    for st in statements:
        if st.type == duckdb.StatementType.SELECT:
            continue
        pattern = _TARGETS.get(st.type)
        names = pattern.findall(st.query) if pattern else []
        if not names:
            return frozenset({EVERY_TABLE})
        out.update(_table_name(n) for n in names)
    return frozenset(out)


def without_parameters(sql: str) -> str:
    """`?` / `$1` outside string literals become NULL: DuckDB names the tables of a statement
    only when it has no parameters (a value never decides which tables are read)."""
    parts = re.split(r"('(?:[^']|'')*'|\"[^\"]*\")", sql)
    return "".join(p if i % 2 else re.sub(r"\?|\$\d+", "NULL", p) for i, p in enumerate(parts))


class RecordingCursor:
    """A cursor that notes the statements run through it: in a write transaction the tables
    written (`written`), in a cached value's load the statements read (`statements`)."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, written: set[str] | None,
                 statements: list[str | None] | None):
        self._cur = cur
        self._written = written
        self._statements = statements

    def _note(self, sql: str) -> None:
        if self._written is not None:
            self._written.update(written_tables(sql))
        if self._statements is not None:
            self._statements.append(sql)

    def execute(self, sql: str, *args: Any, **kwargs: Any):
        self._note(sql)
        return self._cur.execute(sql, *args, **kwargs)

    def executemany(self, sql: str, *args: Any, **kwargs: Any):
        self._note(sql)
        return self._cur.executemany(sql, *args, **kwargs)

    def sql(self, *args: Any, **kwargs: Any):          # a relation: its tables are unknown
        if self._written is not None:
            self._written.add(EVERY_TABLE)
        if self._statements is not None:
            self._statements.append(None)
        return self._cur.sql(*args, **kwargs)

    query = sql

    def __getattr__(self, name: str) -> Any:
        if name not in _PASSIVE:           # e.g. append, insert_into: what they touch is unknown
            if self._written is not None:
                self._written.add(EVERY_TABLE)
            if self._statements is not None:
                self._statements.append(None)
        return getattr(self._cur, name)


# cursor attributes that neither write nor read a table by themselves
_PASSIVE = frozenset({"description", "rowcount", "fetchall", "fetchone", "fetchmany", "fetchdf", "df",
                      "fetch_df", "fetch_df_chunk", "fetchnumpy", "fetch_arrow_table", "arrow", "pl",
                      "register", "unregister", "get_table_names", "close"})
