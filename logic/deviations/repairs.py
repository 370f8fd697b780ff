"""Repair requests (avhjälpande underhåll) created when the repair check of DEV-2 steers a
report away from the deviation form."""
from __future__ import annotations

from logic import audit
from logic.board import present
from logic.access import Action, User, decide
from logic.cases import require_visible
from logic.clock import Clock
from logic.store import deviations_repo
from logic.store.db import Database


def get_repair(db: Database, clock: Clock, user: User, case_id: str) -> dict:
    with db.read() as r:
        row = deviations_repo.repair(r, case_id)
    require_visible(user, row, case_id)
    if row.get("person_id"):
        if decide(user, Action.VIEW_PERSON_ID, row):
            audit.log_person_view(db, clock, user.username, row["person_id"], case_id, "view_case")
        else:
            row["person_id"] = row["recipient_id"] = None
    key = present.analyst_key(db, user, row)
    if key is not None:                 # analysts: the staff and the device pseudonymised too
        present.pseudonymise(row, key)
    return row
