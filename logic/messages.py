"""In-app messages, Meddelanden, with an unread count (X-3)."""
from __future__ import annotations

from dataclasses import dataclass

from logic.access import User
from logic.clock import Clock, naive_utc
from logic.store import core_repo
from logic.store.db import Database, Tx

SYSTEM_SENDER = "casedesk"
PER_PAGE = 20          # messages on one page of Meddelanden (issue 16, item 9)


@dataclass(frozen=True)
class InboxPage:
    """One page of a user's messages, newest first. Each row has `sender_name`: the sending
    person's name, or None when the system sent it (the page shows the system's name)."""
    rows: list[dict]
    page: int          # 0-based, within 0 .. pages - 1
    pages: int         # at least 1
    total: int


def send(tx: Tx, clock: Clock, recipient: str, subject: str, body: str = "",
         case_id: str | None = None, sender: str = SYSTEM_SENDER) -> None:
    core_repo.insert_message(tx, recipient, sender, subject, body, case_id, naive_utc(clock.now()))


def inbox(db: Database, user: User) -> list[dict]:
    with db.read() as r:
        return core_repo.messages_for(r, user.username)


def inbox_page(db: Database, user: User, page: int = 0, per_page: int = PER_PAGE) -> InboxPage:
    """The user's own messages, one page (a page past the end shows the last one)."""
    with db.read() as r:
        total = core_repo.message_count(r, user.username)
        pages = max(1, -(-total // per_page))
        page = min(max(0, page), pages - 1)
        rows = core_repo.messages_page(r, user.username, per_page, page * per_page)
    return InboxPage(rows, page, pages, total)


def unread(db: Database, user: User) -> int:
    """The unread count (X-3), as of the last committed write (Database.cached: the sidebar
    asks on every page run)."""
    return db.cached(f"unread:{user.username}", lambda r: core_repo.unread_count(r, user.username))


def mark_read(db: Database, clock: Clock, user: User, message_id: int) -> None:
    """One of the user's own messages read (opened); another's message is left as it is."""
    with db.tx() as tx:
        core_repo.mark_read(tx, user.username, message_id, naive_utc(clock.now()))


open_message = mark_read   # opening a message marks it read (issue 16, item 9)


def mark_all_read(db: Database, clock: Clock, user: User) -> int:
    """Every unread message of the user's own read, in one transaction; how many were unread."""
    with db.tx() as tx:
        return core_repo.mark_all_read(tx, user.username, naive_utc(clock.now()))
