"""What every case kind shares: finding a case's kind by its number, and the one answer for a
case the user may not open."""
from __future__ import annotations

from logic.access import Action, User, decide
from logic.errors import Refused
from logic.store import core_repo
from logic.store.db import Database


def case_kind(db: Database, case_id: str) -> str | None:
    with db.read() as r:
        row = core_repo.case(r, case_id)
    return row["kind"] if row else None


def require_visible(user: User, row: dict | None, case_id: str) -> dict:
    """X-1: a case the user may not see gets the same answer as one that does not exist, so
    no page tells which case numbers exist (the board, too, lists only cases the user may
    see). Each kind's reading service calls this with the row its access rule needs."""
    if row is None or not decide(user, Action.VIEW_CASE, row).allowed:
        raise Refused("case.not_found", case_id=case_id)
    return row
