"""Repair requests (avhjälpande underhåll) created when the repair check of DEV-2 steers a
report away from the deviation form."""
from __future__ import annotations

from logic import audit, board
from logic.access import Action, User, decide, require
from logic.clock import Clock
from logic.errors import Refused
from logic.store.db import Database


def get_repair(db: Database, clock: Clock, user: User, case_id: str) -> dict:
    with db.read() as r:
        row = r.row(
            "SELECT c.*, q.*, u.name AS site_name, u.code AS site_code, cu.name AS created_by_name"
            " FROM cases c JOIN repair_requests q ON q.case_id = c.id"
            " LEFT JOIN units u ON u.id = q.service_site_id"
            " LEFT JOIN users cu ON cu.username = c.created_by WHERE c.id = ?", [case_id])
    if row is None:
        raise Refused("case.not_found", case_id=case_id)
    require(decide(user, Action.VIEW_CASE, row))
    if row.get("person_id"):
        if decide(user, Action.VIEW_PERSON_ID, row):
            audit.log_person_view(db, clock, user.username, row["person_id"], case_id, "view_case")
        else:
            row["person_id"] = row["recipient_id"] = None
    key = board.analyst_key(db, user, row)
    if key is not None:                 # analysts: the staff and the device pseudonymised too
        board.pseudonymise(row, key)
    return row
