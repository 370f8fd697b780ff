"""One DuckDB connection per process; a cursor per script run or thread.

Writes are serialised by one process-wide lock around write transactions, so no user ever
meets DuckDB's "Conflict on update": DuckDB lets only one process open the file, so this
lock is the only writer in the world. Every service call is one transaction (`Database.tx`).

Text goes in in Unicode's composed form (NFC): every string bound as a parameter through `Tx`
is normalised, so what is stored, and what it is compared with, has one spelling per text —
"å" pasted as "a" + a combining ring is stored and found as "å" (issue 13).

A write transaction records which tables it wrote (`written_tables`, from each statement's
text; logic/store/written.py), and `Database.cached` values record which tables they were read
from: a commit invalidates only the values read from a table it wrote. So the access log written by every
board page that shows persons leaves the board's codes, users and counts cached.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from logic.store.migration_files import migration_plan, python_migration, sql_statements
from logic.store.written import EVERY_TABLE, RecordingCursor, without_parameters, written_tables

MIGRATIONS = Path(__file__).parent / "migrations"
_MEMORY = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$")
T = TypeVar("T")
log = logging.getLogger(__name__)
# per database file in this process: how many committed write transactions wrote each table;
# ANY_WRITE counts every committed write, EVERY_TABLE those whose tables are unknown (they
# count as a write of every table)
ANY_WRITE = ""
_VERSIONS: dict[str, Counter] = {}
_GEN_LOCK = threading.Lock()


def bump(gen_key: str, written: set[str] | frozenset[str]) -> None:
    """Count a committed write of `written` (table names; EVERY_TABLE: all) on one database."""
    with _GEN_LOCK:
        versions = _VERSIONS.setdefault(gen_key, Counter())
        versions[ANY_WRITE] += 1
        versions.update(written)


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

    def __init__(self, cur: Any, *, written: set[str] | None = None,
                 statements: list[str | None] | None = None, dialect: str = "duckdb"):
        self.cur = cur if written is None and statements is None else RecordingCursor(cur, written, statements)
        self._after_commit: list[Callable[["Store"], None]] = []
        # "duckdb" or "postgres": the few statements the two do not share branch on it
        self.dialect = dialect

    def after_commit(self, fn: Callable[["Database"], None]) -> None:
        """Run fn(db) once this transaction has committed (not at all when it rolls back);
        an error in fn is logged, the commit stands."""
        self._after_commit.append(fn)

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


class Store:
    """What services and views use, whichever database holds the data: `read`, `snapshot`, `tx`,
    `cached`, `in_background`. Two adapters: `Database` (the embedded DuckDB file, the default)
    and `logic.store.pg.PgDatabase` (PostgreSQL, chosen by CASEDESK_DATABASE_URL); open either
    with `logic.store.connect.open_database`. Tx.dialect tells a repository which one it talks to."""

    dialect = "duckdb"
    path: str

    def _init_store(self, gen_key: str) -> None:
        self._gen_key = gen_key
        # key -> (tables read or None for every table, their versions when read, value)
        self._cache: dict[str, tuple[tuple[str, ...] | None, tuple[int, ...], Any]] = {}
        self._base_tables: frozenset[str] = frozenset()
        self._background: dict[str, threading.Thread] = {}
        self._background_lock = threading.Lock()

    def read(self):  # pragma: no cover - each adapter has its own
        raise NotImplementedError

    def _run_after_commit(self, tx: Tx) -> None:
        """The work a committed transaction registered (Tx.after_commit), each on its own: an
        error is logged, the commit stands."""
        for fn in tx._after_commit:
            try:
                fn(self)
            except Exception:  # noqa: BLE001 - the transaction has committed
                log.exception("after-commit work failed")

    def _note_commit(self, written: set[str]) -> None:
        """Count a committed write of these tables (this process's cached values read from them
        are read again)."""
        bump(self._gen_key, written)

    # -- derived values, kept until the next write of a table they were read from ------------
    @property
    def generation(self) -> int:
        """How many write transactions that wrote something have committed on this database, as
        this process knows (DuckDB: all of them; PostgreSQL: also those of other processes, as
        their notices arrive)."""
        return self._versions()[ANY_WRITE]

    def _versions(self) -> Counter:
        with _GEN_LOCK:
            return Counter(_VERSIONS.get(self._gen_key, ()))

    @staticmethod
    def _stamp(versions: Counter, tables: tuple[str, ...] | None) -> tuple[int, ...]:
        if tables is None:
            return (versions[ANY_WRITE],)
        return (versions[EVERY_TABLE], *(versions[t] for t in tables))

    def cached(self, key: str, load: Callable[[Tx], T]) -> T:
        """A value derived from the database (e.g. the board's code table), read again only
        after a write of a table it was read from has committed. The tables are those of the
        statements `load` ran (DuckDB names them, table macros expanded); when one cannot be
        named, or is not a base table (a view), the value counts as read from every table.
        Versions are bumped after COMMIT and taken before `load` runs, so a value read
        concurrently with a commit is stored under the older version and read again by the
        next caller. The value is shared: callers must not change it."""
        hit = self._cache.get(key)
        now = self._versions()
        if hit is not None and hit[1] == self._stamp(now, hit[0]):
            return hit[2]
        statements: list[str | None] = []
        with self.read() as r:
            value = load(Tx(r.cur, statements=statements, dialect=self.dialect))
            tables = self._tables_read(r, statements)
        self._cache[key] = (tables, self._stamp(now, tables), value)
        return value

    def cache_tables(self, key: str) -> tuple[str, ...] | None:
        """The tables a cached value was read from (None: every table) — for tests."""
        hit = self._cache.get(key)
        return hit[0] if hit else None

    def _tables_read(self, r: Tx, statements: list[str | None]) -> tuple[str, ...] | None:
        """The base tables behind the statements (views resolved by DuckDB), or None (every
        table) when a statement is not a plain SELECT or its tables cannot be named — or when
        there was none: a load that read elsewhere (another cursor) cannot be followed."""
        if not statements:
            return None
        names: set[str] = set()
        try:
            for sql in statements:
                if sql is None or written_tables(sql):
                    return None
                names.update(n.lower() for n in self._names_read(r, sql))
        except duckdb.Error:
            return None
        if not names <= self._base_tables:
            self._base_tables = frozenset(n.lower() for n in self._base_table_names(r))
            if not names <= self._base_tables:
                return None                             # a view or something unknown
        return tuple(sorted(names))

    def _names_read(self, r: Tx, sql: str) -> list[str]:
        """The tables a statement names (DuckDB's parser; raises duckdb.Error when it cannot)."""
        return list(duckdb.get_table_names(without_parameters(sql)))

    def _base_table_names(self, r: Tx) -> list[str]:
        raise NotImplementedError

    # -- work after a commit, off the user's path -------------------------------------------
    def in_background(self, name: str, fn: Callable[[], None]) -> bool:
        """Run fn in a daemon thread unless a job of that name is still running on this
        Database; errors are logged. Returns whether it was started."""
        with self._background_lock:
            running = self._background.get(name)
            if running is not None and running.is_alive():
                return False

            def run() -> None:
                try:
                    fn()
                except Exception:  # noqa: BLE001 - a background job must not die silently
                    log.exception("background job %s failed", name)

            thread = threading.Thread(target=run, name=f"casedesk-{name}", daemon=True)
            self._background[name] = thread
            thread.start()
            return True

    def wait_background(self, timeout: float | None = None) -> None:
        """Wait for this Database's background jobs (tests, close)."""
        with self._background_lock:
            threads = list(self._background.values())
        for thread in threads:
            thread.join(timeout)

class Database(Store):
    """The embedded DuckDB file (one process holds it)."""

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
        self._init_store(os.path.realpath(self.path) if self.path != ":memory:" else f":memory:{id(self)}")
        self.migrate(upto=migrate_upto)

    def _names_read(self, r: Tx, sql: str) -> list[str]:
        return list(r.cur.get_table_names(without_parameters(sql)))     # table macros expanded

    def _base_table_names(self, r: Tx) -> list[str]:
        return [n for (n,) in r.cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()]

    # -- reading -------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Tx]:
        cur = self._conn.cursor()
        try:
            yield Tx(cur)
        finally:
            cur.close()

    @contextmanager
    def snapshot(self) -> Iterator[Tx]:
        """A read whose statements all see one snapshot: one transaction, rolled back at the end
        (an export reads every table as of one moment)."""
        with self.read() as r:
            r.execute("BEGIN TRANSACTION")
            try:
                yield r
            finally:
                r.execute("ROLLBACK")

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def tx(self) -> Iterator[Tx]:
        """One write transaction; serialised; rolled back on any exception."""
        written: set[str] = set()
        with self._write_lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN TRANSACTION")
            tx = Tx(cur, written=written)
            try:
                yield tx
            except BaseException:
                cur.execute("ROLLBACK")
                cur.close()
                raise
            else:
                try:
                    cur.execute("COMMIT")
                finally:
                    cur.close()
                    if written:      # also after a failed COMMIT: a needless reload is harmless
                        self._note_commit(written)
        self._run_after_commit(tx)

    def limit_memory(self, limit: str) -> None:
        """DuckDB's memory limit for this process, e.g. "400MB" (default: 80 % of the RAM);
        above it DuckDB evicts cached blocks and spills to its temporary directory."""
        if not _MEMORY.match(limit or ""):
            raise ValueError(f"not a memory size: {limit!r}")
        self._conn.execute(f"SET memory_limit = '{limit}'")      # checked above: digits and a unit

    def close(self) -> None:
        self.wait_background()
        self._conn.close()

    def checkpoint(self) -> None:
        with self._write_lock:
            self._conn.execute("CHECKPOINT")

    def copy_to(self, target: Path) -> None:
        """A consistent image of the file: under the write lock (no write transaction can run
        meanwhile) the WAL is folded into the file (CHECKPOINT) and the file is copied."""
        with self._write_lock:
            self._conn.execute("CHECKPOINT")
            shutil.copyfile(self.path, target)

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
            for name, path in migration_plan(MIGRATIONS, self.dialect):
                if upto is not None and name > upto:
                    break
                if name in done:
                    continue
                cur = self._conn.cursor()
                cur.execute("BEGIN TRANSACTION")
                try:
                    if path.suffix == ".py":
                        python_migration(path).migrate(Tx(cur))
                    else:
                        for statement in sql_statements(path.read_text(encoding="utf-8")):
                            cur.execute(statement)
                    cur.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?)",
                        [name, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())],
                    )
                    cur.execute("COMMIT")
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
                finally:
                    cur.close()
                applied.append(name)
        return applied
