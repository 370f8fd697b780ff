"""What every case kind shares: finding a case's kind by its number, the one answer for a
case the user may not open, and opening a case for reading."""
from __future__ import annotations

from collections.abc import Callable

from logic.access import Action, User, decide
from logic.errors import Refused
from logic.store import core_repo
from logic.store.db import Database, Tx


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


def open_for_reading(r: Tx, user: User, case_id: str, load: Callable[[Tx, str], dict | None], *,
                     prepare: Callable[[Tx, dict], None] | None = None) -> tuple[dict, bool]:
    """Open a case for reading, the same way for every kind: load it (`prepare` adds what the
    kind's access rule reads), answer a case the user may not see like one that does not exist
    (X-1, `require_visible`), and tell whether the user may see its person (X-2:
    VIEW_PERSON_ID, a view the caller logs)."""
    row = load(r, case_id)
    if row is not None and prepare is not None:
        prepare(r, row)
    row = require_visible(user, row, case_id)
    return row, decide(user, Action.VIEW_PERSON_ID, row).allowed
