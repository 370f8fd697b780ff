"""One DuckDB connection per process; a cursor per script run or thread.

Writes are serialised by one process-wide lock around write transactions, so no user ever
meets DuckDB's "Conflict on update": DuckDB lets only one process open the file, so this
lock is the only writer in the world. Every service call is one transaction (`Database.tx`).

Text goes in in Unicode's composed form (NFC): every string bound as a parameter through `Tx`
is normalised, so what is stored, and what it is compared with, has one spelling per text —
"å" pasted as "a" + a combining ring is stored and found as "å" (issue 13).
"""
from __future__ import annotations

import importlib.util
import os
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb

MIGRATIONS = Path(__file__).parent / "migrations"
T = TypeVar("T")
# committed write transactions per database file in this process (Database.cached)
_GENERATIONS: dict[str, int] = {}
_GEN_LOCK = threading.Lock()


def nfc(value: Any) -> Any:
    """A parameter with its text (also inside lists and dicts) in NFC."""
    if isinstance(value, str):
        return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if type(value) is tuple:
        return tuple(nfc(v) for v in value)
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


class Tx:
    """A cursor inside a transaction, with small helpers returning dicts. Text parameters are
    bound in NFC (`nfc`)."""

    def __init__(self, cur: duckdb.DuckDBPyConnection):
        self.cur = cur

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> "Tx":
        self.cur.execute(sql, nfc(params or []))
        return self

    def rows(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[dict]:
        self.cur.execute(sql, nfc(params or []))
        cols = [d[0] for d in self.cur.description]
        return [dict(zip(cols, r)) for r in self.cur.fetchall()]

    def row(self, sql: str, params: Sequence[Any] | dict | None = None) -> dict | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        self.cur.execute(sql, nfc(params or []))
        got = self.cur.fetchone()
        return got[0] if got else None

    def df(self, sql: str, params: Sequence[Any] | dict | None = None):
        return self.cur.execute(sql, nfc(params or [])).df()


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

    def close(self) -> None:
        self._conn.close()

    def checkpoint(self) -> None:
        with self._write_lock:
            self._conn.execute("CHECKPOINT")

    # -- migrations ----------------------------------------------------------------------
    def migrate(self, upto: str | None = None) -> list[str]:
        """Apply numbered migrations not yet recorded, in number order, each in its own
        transaction: `NNNN_name.sql` (statements), or `NNNN_name.py` for a change SQL alone
        cannot make (its `migrate(tx)` is called)."""
        applied: list[str] = []
        with self._write_lock:
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
            )
            done = {r[0] for r in self._conn.execute("SELECT name FROM schema_migrations").fetchall()}
            for path in migration_files(MIGRATIONS):
                if upto is not None and path.name > upto:
                    break
                if path.name in done:
                    continue
                cur = self._conn.cursor()
                cur.execute("BEGIN TRANSACTION")
                try:
                    if path.suffix == ".py":
                        _python_migration(path).migrate(Tx(cur))
                    else:
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


def migration_files(folder: Path) -> list[Path]:
    """The numbered migrations in a folder, in the order they are applied."""
    return sorted(p for p in folder.glob("[0-9][0-9][0-9][0-9]_*.*") if p.suffix in (".sql", ".py"))


def _python_migration(path: Path):
    spec = importlib.util.spec_from_file_location(f"casedesk_migration_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
