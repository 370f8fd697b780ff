"""In-app messages, Meddelanden, with an unread count (X-3)."""
from __future__ import annotations

from logic.access import User
from logic.clock import Clock, naive_utc
from logic.store import core_repo
from logic.store.db import Database, Tx

SYSTEM_SENDER = "casedesk"


def send(tx: Tx, clock: Clock, recipient: str, subject: str, body: str = "",
         case_id: str | None = None, sender: str = SYSTEM_SENDER) -> None:
    core_repo.insert_message(tx, recipient, sender, subject, body, case_id, naive_utc(clock.now()))


def inbox(db: Database, user: User) -> list[dict]:
    with db.read() as r:
        return core_repo.messages_for(r, user.username)


def unread(db: Database, user: User) -> int:
    """The unread count (X-3), as of the last committed write (Database.cached: the sidebar
    asks on every page run)."""
    return db.cached(f"unread:{user.username}", lambda r: core_repo.unread_count(r, user.username))


def mark_read(db: Database, clock: Clock, user: User, message_id: int) -> None:
    with db.tx() as tx:
        core_repo.mark_read(tx, user.username, message_id, naive_utc(clock.now()))
