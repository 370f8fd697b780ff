"""What the memory probe (ui/memprobe.py, on only under CASEDESK_MEMPROBE) asks DuckDB."""
from __future__ import annotations

from logic.store.db import Tx


def memory_bytes(tx: Tx) -> int:
    """DuckDB's own accounting of the memory it holds, in bytes; 0 on PostgreSQL (the server
    holds its memory in its own processes, not in the app's)."""
    if tx.dialect == "postgres":
        return 0
    return int(tx.scalar("SELECT sum(memory_usage_bytes) FROM duckdb_memory()") or 0)
