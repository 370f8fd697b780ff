"""`make export` while the app holds the database: the app's watcher (logic/backup.py) hands
each request left next to the file to `serve_request`, wired by the app (ui/context.py)."""
from __future__ import annotations

import json
from pathlib import Path

from logic import users
from logic.access import Role
from logic.clock import SystemClock
from logic.i18n import t
from logic.store import masterdata_repo
from logic.store.db import Database
from logic.transfer import service


def _admin(db: Database, username: str | None):
    if username:
        user = users.load_user(db, username)
        return user if user is not None and user.has(Role.ADMIN) else None
    with db.read() as r:
        first = masterdata_repo.first_admin(r)
    return users.load_user(db, first) if first else None


def serve_request(db: Database, text: str) -> Path:
    """In the app process (logic/backup.py's watcher): an export asked for by `make export`."""
    request = json.loads(text or "{}")
    actor = _admin(db, request.get("as"))
    if actor is None:
        raise SystemExit(t("en", "xfer.cli_no_admin"))
    out = Path(request.get("out") or Path(db.path).parent / "exports")
    return service.export(db, SystemClock(), actor, out, via="make export").path
