"""The board's columns (issue 16): which of them a user sees, chosen by the user and kept per
user in the database (user_settings, key "board.columns"), so the choice follows them to the
next login and to another device. The number is always shown: it names the case."""
from __future__ import annotations

from collections.abc import Iterable

from logic.access import User
from logic.clock import Clock, naive_utc
from logic.store import settings_repo
from logic.store.db import Database

# in the order the board shows them; the first ones are those a narrow screen shows first
BOARD_COLUMNS = ("id", "title", "status", "kind", "subtype", "unit", "created_at", "person",
                 "article_no", "waiting")
ALWAYS = ("id",)
SETTING = "board.columns"


def normalise(columns: Iterable[str]) -> list[str]:
    """Known columns only, in the board's order, the number always among them."""
    wanted = set(columns) | set(ALWAYS)
    return [c for c in BOARD_COLUMNS if c in wanted]


def chosen_columns(db: Database, user: User) -> list[str]:
    """The columns this user chose, or every column when they have not chosen."""
    with db.read() as r:
        stored = settings_repo.user_setting(r, user.username, SETTING)
    if not isinstance(stored, list):
        return list(BOARD_COLUMNS)
    return normalise(c for c in stored if isinstance(c, str))


def save_columns(db: Database, clock: Clock, user: User, columns: Iterable[str]) -> list[str]:
    """Keep the user's choice (one transaction); returns what was kept."""
    kept = normalise(columns)
    with db.tx() as tx:
        settings_repo.set_user_setting(tx, user.username, SETTING, kept, naive_utc(clock.now()))
    return kept
