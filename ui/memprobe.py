"""Where the server's memory goes, for the load test (bench/load.py): off unless the
environment names a file, CASEDESK_MEMPROBE=<path>.

A daemon thread appends one JSON line every CASEDESK_MEMPROBE_SECONDS (default 5): the
process's RSS, Python's allocated blocks and tracked objects (and the 60 commonest types of
them), glibc's heaps (in use, and freed but kept), pyarrow's pool, DuckDB's own memory
(`duckdb_memory()`), and Streamlit's sessions (connected, and disconnected ones it keeps
for `server.disconnectedSessionTTL` so a reconnecting tab finds its state). The load test
reads it to say whether a rise in RSS is work it keeps (sessions, DuckDB's buffers) or a
leak (Python objects growing with every page run).
"""
from __future__ import annotations

import ctypes
import gc
import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from logic.store import diagnostics_repo
from logic.store.db import Database

_started = False


def _rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _sessions() -> tuple[int | None, int | None]:
    """(connected, kept after disconnect) — Streamlit's session manager, read defensively."""
    try:
        from streamlit.runtime import Runtime

        mgr = Runtime.instance()._session_mgr          # no public API for the kept ones
        active = len(mgr.list_active_sessions())
        return active, len(mgr.list_sessions()) - active
    except Exception:  # noqa: BLE001 — a probe must never break the app
        return None, None


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
        "keepcost")]


def _malloc() -> tuple[float | None, float | None]:
    """(MB in use, MB free but kept) in glibc's heaps (mallinfo2), or None where unavailable."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
        m = libc.mallinfo2()
        return (m.uordblks + m.hblkhd) / 2**20, m.fordblks / 2**20
    except (OSError, AttributeError):
        return None, None


def _arrow_mb() -> float | None:
    try:
        import pyarrow

        return pyarrow.total_allocated_bytes() / 2**20
    except Exception:  # noqa: BLE001
        return None


def sample(database: Database) -> dict:
    with database.read() as r:
        duck = diagnostics_repo.memory_bytes(r)
    active, kept = _sessions()
    objects = gc.get_objects()
    kinds = Counter(type(o).__qualname__ for o in objects)
    in_use, free = _malloc()
    return {"t": time.time(), "rss_mb": _rss_mb(), "malloc_used_mb": in_use, "malloc_free_mb": free,
            "arrow_mb": _arrow_mb(), "py_blocks": sys.getallocatedblocks(),
            "py_objects": len(objects), "duckdb_mb": duck / 2**20,
            "sessions": active, "sessions_kept": kept, "types": dict(kinds.most_common(60))}


def start(database: Database) -> None:
    """Start the probe once per process, if CASEDESK_MEMPROBE is set."""
    global _started
    path = os.environ.get("CASEDESK_MEMPROBE")
    if not path or _started:
        return
    _started = True
    every = float(os.environ.get("CASEDESK_MEMPROBE_SECONDS", "5"))

    def run() -> None:
        while True:
            try:
                line = json.dumps(sample(database))
                with open(path, "a", encoding="utf-8") as out:
                    out.write(line + "\n")
            except Exception:  # noqa: BLE001
                pass
            time.sleep(every)

    threading.Thread(target=run, name="casedesk-memprobe", daemon=True).start()
