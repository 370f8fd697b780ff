"""Reading a backup file on its own (logic/backup.py): its tables and their row counts."""
from __future__ import annotations

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
