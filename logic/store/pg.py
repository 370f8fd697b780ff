"""PostgreSQL as casedesk's database (issue 18): the same `Store` as the DuckDB file, for several
app processes sharing one system of record. Chosen by CASEDESK_DATABASE_URL (or `database_url`
under [casedesk] in .streamlit/secrets.toml); `logic.store.connect.open_database` picks it.

- Statements are written once, in the dialect the two share; `?` placeholders become `$1, $2…`
  (psycopg's RawCursor: a `%` in the SQL stays a `%`). Where the two differ a repository asks
  `tx.dialect`, and a migration has a file of its own in migrations/postgres/.
- Connections come from a psycopg_pool pool (CASEDESK_PG_POOL, default 10 per process).
- Writes are serialised across processes, as DuckDB serialises them within its one process: each
  write transaction first takes one transaction-scoped advisory lock. What relied on one writer at
  a time (case numbers, the board's code tables and counts, lockout counting) stays correct with
  any number of processes; readers never wait. Write transactions are short (a few ms), so at the
  load test's 100 users the lock is not the limit (bench/load.py measures it).
- `cached` values are kept per process and invalidated across processes: a write transaction
  sends `NOTIFY casedesk_writes, '<tables>'` (delivered at COMMIT, not at all on rollback); each
  process listens on its own connection and counts the tables as written, as DuckDB's process
  counts its own commits. While the listener is cut off (the server restarting) nothing is cached.
- Text comes back as text: json columns are read as their JSON text, as from DuckDB.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
import psycopg_pool.pool
from psycopg.types.string import TextLoader
from psycopg_pool import ConnectionPool, PoolTimeout
from psycopg_pool.base import AttemptWithBackoff

from logic.store.db import _MEMORY, EVERY_TABLE, MIGRATIONS, Store, Tx, bump
from logic.store.migration_files import migration_plan, python_migration, sql_statements

log = logging.getLogger(__name__)
CHANNEL = "casedesk_writes"
WRITE_LOCK = 7_180_001          # the advisory lock every write transaction takes first
MIGRATE_LOCK = 7_180_002        # held while one process migrates (others wait, then find it done)
_LITERAL = re.compile(r"('(?:[^']|'')*'|\"[^\"]*\"|--[^\n]*)")


class _SteadyReconnect(AttemptWithBackoff):
    """The pool's reconnection attempts, at most 2 s apart. psycopg_pool doubles the wait after
    each failed attempt (1, 2, 4, 8, 16 s …): after an outage of 10 s the pool would try again
    only ~5 s after the server is back, and pages would go on saying it is unavailable. A
    restart (`pg_ctl restart -m fast`) should be over for the users within ~2 s of its end."""
    MAX_DELAY = 2.0

    def update_delay(self, now: float) -> None:
        super().update_delay(now)
        self.delay = min(self.delay, self.MAX_DELAY)


psycopg_pool.pool.AttemptWithBackoff = _SteadyReconnect     # what ConnectionPool's reconnection uses


class DatabaseUnavailable(RuntimeError):
    """The database server cannot be reached (down, restarting, refused); the page says so."""


def redact(url: str) -> str:
    """The URL without its password (for logs and messages)."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


@functools.lru_cache(maxsize=8192)
def translate(sql: str) -> str:
    """`?` placeholders (outside string literals, quoted names and comments) as `$1, $2, …`."""
    parts = _LITERAL.split(sql)
    n = 0
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
            continue

        def number(_m: re.Match) -> str:
            nonlocal n
            n += 1
            return f"${n}"
        out.append(re.sub(r"\?", number, part))
    return "".join(out)


_DDL_TYPES = [(re.compile(r"\bBLOB\b"), "BYTEA"), (re.compile(r"\bDOUBLE\b(?!\s+PRECISION)"), "DOUBLE PRECISION")]


def ddl(statement: str) -> str:
    """A shared migration's statement with DuckDB's type names that PostgreSQL spells otherwise
    (BLOB, DOUBLE); everything else in the shared files is SQL both read the same."""
    parts = _LITERAL.split(statement)
    for i in range(0, len(parts), 2):
        for pattern, name in _DDL_TYPES:
            parts[i] = pattern.sub(name, parts[i])
    return "".join(parts)


class PgCursor:
    """The cursor interface Tx and RecordingCursor use (execute, description, fetchall, fetchone,
    df), over a psycopg RawCursor."""

    def __init__(self, conn: psycopg.Connection):
        self._conn = conn
        self._cur = psycopg.RawCursor(conn)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> "PgCursor":
        self._cur.execute(translate(sql), list(params) if params else None)
        return self

    def executemany(self, sql: str, params_seq) -> "PgCursor":
        self._cur.executemany(translate(sql), [list(p) for p in params_seq])
        return self

    @property
    def description(self):
        return self._cur.description

    def fetchall(self) -> list[tuple]:
        return self._cur.fetchall() if self._cur.description is not None else []

    def fetchone(self) -> tuple | None:
        return self._cur.fetchone() if self._cur.description is not None else None

    def fetchmany(self, size: int) -> list[tuple]:
        """The next `size` rows (board exports read in batches: board_query.row_batches)."""
        return self._cur.fetchmany(size) if self._cur.description is not None else []

    def df(self):
        import pandas as pd
        cols = [d[0] for d in self._cur.description]
        return pd.DataFrame(self._cur.fetchall(), columns=cols)

    def close(self) -> None:
        self._cur.close()


def _configure(conn: psycopg.Connection) -> None:
    for name in ("json", "jsonb"):
        conn.adapters.register_loader(name, TextLoader)
    # timestamps without zone, compared and stored as DuckDB does them (its TimeZone is UTC here)
    conn.execute("SET TIME ZONE 'UTC'")
    # every statement planned for its own values: psycopg prepares a statement run five times on a
    # connection, and after five more PostgreSQL may switch it to one generic plan, blind to the
    # values. The board's word search is one statement whose LIKE pattern decides the plan: after
    # 'rullstol' (a third of the cases) its generic plan scanned every row for a word in three
    # cases — 5-6 s instead of ~10 ms at 1M (make bench, issue 18).
    conn.execute("SET plan_cache_mode = force_custom_plan")
    # no JIT compilation: it pays off for queries of many seconds; for these (tens to hundreds of
    # ms) compiling cost more than it saved — at 1M cases a dashboard figure over 12 months took
    # 20-35 ms more with it (by category 50 -> 30 ms, reports to authorities 126 -> 90 ms)
    conn.execute("SET jit = off")


class PgDatabase(Store):
    """PostgreSQL through a psycopg pool. `path` is the URL without its password."""

    dialect = "postgres"

    def __init__(self, url: str, *, migrate_upto: str | None = None, pool_size: int | None = None,
                 listen: bool = True):
        self.url = url
        self.path = redact(url)
        self._init_store(f"postgres:{self.path}:{id(self)}")
        self._origin = uuid.uuid4().hex               # names this PgDatabase's notices (_listen)
        size = pool_size or int(os.environ.get("CASEDESK_PG_POOL", "10"))
        # check: a connection is tried (an empty query) before it is handed out, so one the
        # server dropped while it lay idle (a restart) is replaced instead of failing a page —
        # only page runs that were talking to the server at that moment see it unavailable
        self._pool = ConnectionPool(url, min_size=1, max_size=size, open=False, timeout=10,
                                    kwargs={"autocommit": True}, configure=_configure,
                                    check=ConnectionPool.check_connection, name="casedesk")
        try:
            self._pool.open(wait=True, timeout=10)
        except PoolTimeout as e:
            self._pool.close()
            raise DatabaseUnavailable(f"cannot connect to PostgreSQL at {self.path} "
                                      f"(CASEDESK_DATABASE_URL)") from e
        self._closed = threading.Event()
        self._listening = threading.Event()
        self._listener: threading.Thread | None = None
        if listen:
            self._listener = threading.Thread(target=self._listen, name="casedesk-pg-listen", daemon=True)
            self._listener.start()
            self._listening.wait(5)
        try:
            self.migrate(upto=migrate_upto)
        except BaseException:
            self.close()            # a failed migration leaves no pool or notice listener behind
            raise

    # -- connections -----------------------------------------------------------------------
    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        try:
            with self._pool.connection() as conn:
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as e:
            if isinstance(e, psycopg.OperationalError) and not _is_connection_error(e):
                raise
            self._pool.check()                      # drop the broken connections now
            raise DatabaseUnavailable("the database is not reachable") from e

    # -- cache invalidation across processes ------------------------------------------------
    def _listen(self) -> None:
        """Count the tables other processes (and this one) wrote, from their notices."""
        first = True
        lost = False
        while not self._closed.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    if not first:                     # notices may have been missed meanwhile
                        bump(self._gen_key, {EVERY_TABLE})
                    first = False
                    if lost:
                        log.warning("the PostgreSQL notice connection is back")
                        lost = False
                    self._listening.set()
                    while not self._closed.is_set():
                        for notice in conn.notifies(timeout=0.5):
                            origin, _, tables = notice.payload.rpartition(";")
                            if origin == self._origin:      # this PgDatabase's own commit: counted by
                                continue                    # _note_commit already (bumping again, late,
                            #                                 reloaded values cached since)
                            bump(self._gen_key, set(filter(None, tables.split(","))) or {EVERY_TABLE})
            except psycopg.Error as e:
                self._listening.clear()
                if self._closed.is_set():
                    return
                if getattr(e, "sqlstate", None) == "3D000" or (   # the database was dropped
                        "database" in str(e) and "does not exist" in str(e)):
                    log.warning("PostgreSQL database %s is gone; no longer listening", self.path)
                    bump(self._gen_key, {EVERY_TABLE})
                    return
                if not lost:                          # once per outage, not every second
                    log.warning("lost the PostgreSQL notice connection; retrying every second")
                    lost = True
                bump(self._gen_key, {EVERY_TABLE})
                self._closed.wait(1)

    def cached(self, key, load):
        if self._listener is not None and not self._listening.is_set():
            with self.read() as r:                  # other processes' writes cannot be followed
                return load(r)
        return super().cached(key, load)

    def _names_read(self, r: Tx, sql: str) -> list[str]:
        """The tables a statement names, a view replaced by the tables it reads (PostgreSQL's
        catalogue; DuckDB's parser expands them itself), so a value read through a view is
        read again only after a write of those tables."""
        names = {n.lower() for n in super()._names_read(r, sql)}
        views: set[str] = set()
        while names - self._base_tables - views:
            found = r.rows("SELECT view_name, table_name FROM information_schema.view_table_usage"
                           " WHERE view_schema = current_schema() AND view_name = ANY(?::VARCHAR[])",
                           [sorted(names - self._base_tables - views)])
            if not found:
                break
            views |= {row["view_name"] for row in found}
            names |= {row["table_name"].lower() for row in found}
        return sorted(names - views)

    def _base_table_names(self, r: Tx) -> list[str]:
        return [row["table_name"] for row in r.rows(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")]

    # -- reading ---------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self._connection() as conn:
            cur = PgCursor(conn)
            try:
                yield Tx(cur, dialect="postgres")
            finally:
                cur.close()

    @contextmanager
    def snapshot(self) -> Iterator[Tx]:
        with self._connection() as conn:
            cur = PgCursor(conn)
            cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield Tx(cur, dialect="postgres")
            finally:
                if not conn.closed:
                    cur.execute("ROLLBACK")
                cur.close()

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def tx(self) -> Iterator[Tx]:
        """One write transaction, serialised across processes; rolled back on any exception."""
        written: set[str] = set()
        with self._connection() as conn:
            cur = PgCursor(conn)
            cur.execute("BEGIN")
            cur.execute("SELECT pg_advisory_xact_lock(?)", [WRITE_LOCK])
            tx = Tx(cur, written=written, dialect="postgres")
            try:
                yield tx
            except BaseException:
                if not conn.closed:
                    conn.execute("ROLLBACK")
                cur.close()
                raise
            else:
                try:
                    if written:
                        cur.execute("SELECT pg_notify(?, ?)", [CHANNEL, f"{self._origin};{','.join(sorted(written))}"])
                    cur.execute("COMMIT")
                finally:
                    cur.close()
                    if written:
                        self._note_commit(written)
        self._run_after_commit(tx)

    # -- what only a file has ------------------------------------------------------------------
    def limit_memory(self, limit: str) -> None:
        """DuckDB's setting; the PostgreSQL server has its own (shared_buffers, work_mem). A value
        that is no size is refused as on DuckDB (the importer's --memory)."""
        if not _MEMORY.match(limit or ""):
            raise ValueError(f"not a memory size: {limit!r}")

    def checkpoint(self) -> None:
        with self._connection() as conn:
            conn.execute("CHECKPOINT")

    def close(self) -> None:
        self.wait_background()
        self._closed.set()
        if self._listener is not None:
            self._listener.join(2)
        self._pool.close()

    # -- migrations ----------------------------------------------------------------------------
    def migrate(self, upto: str | None = None) -> list[str]:
        """The numbered migrations (migrations/postgres/ where PostgreSQL has its own file), each
        in its own transaction; one process at a time (an advisory lock)."""
        applied: list[str] = []
        with self._connection() as conn:
            cur = PgCursor(conn)
            cur.execute("SELECT pg_advisory_lock(?)", [MIGRATE_LOCK])
            try:
                cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                            " name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
                done = {r[0] for r in cur.execute("SELECT name FROM schema_migrations").fetchall()}
                for name, path in migration_plan(MIGRATIONS, self.dialect):
                    if upto is not None and name > upto:
                        break
                    if name in done:
                        continue
                    cur.execute("BEGIN")
                    try:
                        if path.suffix == ".py":
                            python_migration(path).migrate(Tx(cur, dialect="postgres"))
                        else:
                            for statement in sql_statements(path.read_text(encoding="utf-8")):
                                cur.execute(ddl(statement))
                        cur.execute("INSERT INTO schema_migrations VALUES (?, ?)",
                                    [name, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())])
                        cur.execute("COMMIT")
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
                    applied.append(name)
            finally:
                if not conn.closed:
                    cur.execute("SELECT pg_advisory_unlock(?)", [MIGRATE_LOCK])
                cur.close()
        if applied:
            bump(self._gen_key, {EVERY_TABLE})
        return applied


def _is_connection_error(e: psycopg.OperationalError) -> bool:
    """A lost or refused connection (the server down or restarting), not a statement's error."""
    sqlstate = getattr(e, "sqlstate", None) or ""
    return sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03") or not sqlstate
