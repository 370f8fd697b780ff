"""'My open work' on the start page: what waits for the user, and own open cases."""
from __future__ import annotations

from logic.access import User, can_see_case
from logic.store.db import Database


def my_open_work(db: Database, user: User, limit: int = 25) -> list[dict]:
    roles = [r.value for r in user.roles]
    with db.read() as r:
        rows = r.rows(
            "SELECT id, kind, subtype, status, title, unit_id, created_by, assignee, queue,"
            " created_at, updated_at,"
            " (assignee = ? OR list_contains(?, queue)) AS waiting_for_me"
            " FROM cases WHERE closed_at IS NULL"
            " AND (assignee = ? OR list_contains(?, queue) OR created_by = ?)"
            " ORDER BY waiting_for_me DESC, updated_at DESC LIMIT ?",
            [user.username, roles, user.username, roles, user.username, limit * 4])
    return [row for row in rows if can_see_case(user, row)][:limit]
