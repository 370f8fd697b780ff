"""What every case kind shares: finding a case's kind by its number."""
from __future__ import annotations

from logic.store import core_repo
from logic.store.db import Database


def case_kind(db: Database, case_id: str) -> str | None:
    with db.read() as r:
        row = core_repo.case(r, case_id)
    return row["kind"] if row else None
