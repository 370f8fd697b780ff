"""Reading a backup file on its own (logic/backup.py): its tables and their row counts; on
PostgreSQL, who else is connected before a restore."""
from __future__ import annotations

import time
from pathlib import Path

import duckdb


def table_counts(path: Path) -> dict[str, int]:
    """Open the file read-only on a connection of its own and count the rows of every table."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            " ORDER BY table_name").fetchall()]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def other_connections(url: str, wait: float = 0.0) -> int:
    """PostgreSQL: how many other sessions are connected to the URL's database (an app still
    running), after waiting up to `wait` seconds for ones just closed to go."""
    import psycopg

    deadline = time.monotonic() + wait
    with psycopg.connect(url, autocommit=True) as conn:
        while True:
            others = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                  " AND pid <> pg_backend_pid()").fetchone()[0]
            if not others or time.monotonic() > deadline:
                return int(others)
            time.sleep(0.2)
