"""'My open work' on the start page: what waits for the user, and own open cases."""
from __future__ import annotations

from logic.access import User, can_see_case
from logic.store import core_repo
from logic.store.db import Database


def my_open_work(db: Database, user: User, limit: int = 25) -> list[dict]:
    roles = [r.value for r in user.roles]
    with db.read() as r:
        rows = core_repo.open_work(r, user.username, roles, limit * 4)
    return [row for row in rows if can_see_case(user, row)][:limit]
