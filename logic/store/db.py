"""One DuckDB connection per process; a cursor per script run or thread.

Writes are serialised by one process-wide lock around write transactions, so no user ever
meets DuckDB's "Conflict on update": DuckDB lets only one process open the file, so this
lock is the only writer in the world. Every service call is one transaction (`Database.tx`).
"""
from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb

MIGRATIONS = Path(__file__).parent / "migrations"
_MEMORY = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$")
T = TypeVar("T")
# committed write transactions per database file in this process (Database.cached)
_GENERATIONS: dict[str, int] = {}
_GEN_LOCK = threading.Lock()


class Tx:
    """A cursor inside a transaction, with small helpers returning dicts."""

    def __init__(self, cur: duckdb.DuckDBPyConnection):
        self.cur = cur

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> "Tx":
        self.cur.execute(sql, params or [])
        return self

    def rows(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[dict]:
        self.cur.execute(sql, params or [])
        cols = [d[0] for d in self.cur.description]
        return [dict(zip(cols, r)) for r in self.cur.fetchall()]

    def row(self, sql: str, params: Sequence[Any] | dict | None = None) -> dict | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        self.cur.execute(sql, params or [])
        got = self.cur.fetchone()
        return got[0] if got else None

    def df(self, sql: str, params: Sequence[Any] | dict | None = None):
        return self.cur.execute(sql, params or []).df()


class Database:
    def __init__(self, path: str | Path = ":memory:", *, migrate_upto: str | None = None):
        """`migrate_upto` (a migration file name) stops there: tests build old schemas with it."""
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = duckdb.connect(self.path)
        threads = os.environ.get("CASEDESK_DB_THREADS")
        if threads:
            self._conn.execute(f"SET threads = {int(threads)}")
        memory = os.environ.get("CASEDESK_DB_MEMORY")
        if memory:
            self.limit_memory(memory)
        self._write_lock = threading.RLock()
        self._gen_key = os.path.realpath(self.path) if self.path != ":memory:" else f":memory:{id(self)}"
        self._cache: dict[str, tuple[int, Any]] = {}
        self.migrate(upto=migrate_upto)

    # -- derived values, kept until the next write ----------------------------------------
    @property
    def generation(self) -> int:
        """How many write transactions have committed on this file in this process (DuckDB
        lets only one process open it, so no write happens anywhere else)."""
        return _GENERATIONS.get(self._gen_key, 0)

    def cached(self, key: str, load: Callable[[Tx], T]) -> T:
        """A value derived from the database (e.g. the board's code table), read again only
        after a write has committed since it was read. The generation is bumped after COMMIT,
        so a value read concurrently with a commit is stored under the older generation and
        read again by the next caller. The value is shared: callers must not change it."""
        gen = self.generation
        hit = self._cache.get(key)
        if hit is not None and hit[0] == gen:
            return hit[1]
        with self.read() as r:
            value = load(r)
        self._cache[key] = (gen, value)
        return value

    # -- reading -------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Tx]:
        cur = self._conn.cursor()
        try:
            yield Tx(cur)
        finally:
            cur.close()

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def tx(self) -> Iterator[Tx]:
        """One write transaction; serialised; rolled back on any exception."""
        with self._write_lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield Tx(cur)
            except BaseException:
                cur.execute("ROLLBACK")
                cur.close()
                raise
            else:
                try:
                    cur.execute("COMMIT")
                finally:
                    cur.close()
                    with _GEN_LOCK:
                        _GENERATIONS[self._gen_key] = _GENERATIONS.get(self._gen_key, 0) + 1

    def limit_memory(self, limit: str) -> None:
        """DuckDB's memory limit for this process, e.g. "400MB" (default: 80 % of the RAM);
        above it DuckDB evicts cached blocks and spills to its temporary directory."""
        if not _MEMORY.match(limit or ""):
            raise ValueError(f"not a memory size: {limit!r}")
        self._conn.execute(f"SET memory_limit = '{limit}'")      # checked above: digits and a unit

    def close(self) -> None:
        self._conn.close()

    def checkpoint(self) -> None:
        with self._write_lock:
            self._conn.execute("CHECKPOINT")

    # -- migrations ----------------------------------------------------------------------
    def migrate(self, upto: str | None = None) -> list[str]:
        """Apply numbered SQL migrations not yet recorded; each in its own transaction."""
        applied: list[str] = []
        with self._write_lock:
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
            )
            done = {r[0] for r in self._conn.execute("SELECT name FROM schema_migrations").fetchall()}
            for path in sorted(MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.sql")):
                if upto is not None and path.name > upto:
                    break
                if path.name in done:
                    continue
                cur = self._conn.cursor()
                cur.execute("BEGIN TRANSACTION")
                try:
                    for statement in _statements(path.read_text(encoding="utf-8")):
                        cur.execute(statement)
                    cur.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?)",
                        [path.name, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())],
                    )
                    cur.execute("COMMIT")
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
                finally:
                    cur.close()
                applied.append(path.name)
        return applied


def _strip_comments(sql: str) -> str:
    """Drop `-- …` comments outside string literals (DuckDB 2.0 flags `->` even in comments)."""
    out, in_string, i = [], False, 0
    while i < len(sql):
        ch = sql[i]
        if ch == "'":
            in_string = not in_string
        if not in_string and sql.startswith("--", i):
            end = sql.find("\n", i)
            i = len(sql) if end == -1 else end
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _statements(sql: str) -> list[str]:
    """Split a migration into statements on ';' at line ends (no procedural code here)."""
    parts = _strip_comments(sql).split(";\n")
    return [p.strip().rstrip(";").strip() for p in parts if p.strip().rstrip(";").strip()]
