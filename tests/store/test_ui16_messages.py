"""Meddelanden (X-3; issue 16, item 9): a page of 20 newest first, mark all read in one
transaction, a message read when opened, the sender a person's name or the system, and a
user reads and marks only her own messages."""
from __future__ import annotations

import pytest

from logic import messages
from logic.access import Role
from tests.conftest import add_unit, add_user

pytestmark = pytest.mark.both_backends


@pytest.fixture
def people(db):
    add_unit(db, "site-1")
    rita = add_user(db, "rita", [Role.REPORTER], ["site-1"], name="Rita Rapportör")
    tove = add_user(db, "tove", [Role.CENTRE_STAFF], ["site-1"], name="Tove Tekniker")
    return rita, tove


def send(db, clock, recipient: str, n: int, sender: str = messages.SYSTEM_SENDER) -> None:
    with db.tx() as tx:
        for i in range(n):
            messages.send(tx, clock, recipient, f"Meddelande {i + 1}", "", None, sender)
            clock.advance(minutes=1)


def subjects(page: messages.InboxPage) -> list[str]:
    return [r["subject"] for r in page.rows]


def test_ui16_messages_paged_twenty_newest_first(db, clock, people):
    rita, _ = people
    send(db, clock, "rita", 45)
    first = messages.inbox_page(db, rita)
    assert (first.page, first.pages, first.total) == (0, 3, 45)
    assert subjects(first) == [f"Meddelande {i}" for i in range(45, 25, -1)]
    last = messages.inbox_page(db, rita, page=2)
    assert subjects(last) == [f"Meddelande {i}" for i in range(5, 0, -1)]
    assert messages.inbox_page(db, rita, page=99).page == 2       # past the end: the last page
    assert messages.inbox_page(db, rita, page=-1).page == 0


def test_ui16_messages_empty_inbox_is_one_empty_page(db, people):
    rita, _ = people
    empty = messages.inbox_page(db, rita)
    assert (empty.rows, empty.page, empty.pages, empty.total) == ([], 0, 1, 0)


def test_ui16_messages_mark_all_read_own_only(db, clock, people):
    rita, tove = people
    send(db, clock, "rita", 25)
    send(db, clock, "tove", 3)
    assert messages.mark_all_read(db, clock, rita) == 25
    assert messages.unread(db, rita) == 0
    assert messages.unread(db, tove) == 3                  # another's messages untouched
    assert messages.mark_all_read(db, clock, rita) == 0    # nothing left: nothing written
    assert all(r["read_at"] is not None for r in messages.inbox_page(db, rita, per_page=50).rows)


def test_ui16_messages_opening_marks_read_only_ones_own(db, clock, people):
    rita, tove = people
    send(db, clock, "rita", 2)
    send(db, clock, "tove", 1)
    mine = messages.inbox_page(db, rita).rows[0]
    hers = messages.inbox_page(db, tove).rows[0]
    messages.open_message(db, clock, rita, mine["id"])
    messages.open_message(db, clock, rita, hers["id"])     # not hers to open: nothing happens
    assert messages.unread(db, rita) == 1
    assert messages.unread(db, tove) == 1
    assert messages.inbox_page(db, rita).rows[0]["read_at"] is not None
    assert messages.inbox_page(db, tove).rows[0]["read_at"] is None


def test_ui16_messages_a_user_reads_only_her_own(db, clock, people):
    rita, tove = people
    send(db, clock, "tove", 3)
    assert messages.inbox_page(db, rita).total == 0
    assert messages.inbox_page(db, tove).total == 3


def test_ui16_messages_sender_is_the_person_or_the_system(db, clock, people):
    rita, _ = people
    send(db, clock, "rita", 1)                       # from the system
    send(db, clock, "rita", 1, sender="tove")        # from a person
    person, system = messages.inbox_page(db, rita).rows
    assert person["sender_name"] == "Tove Tekniker"
    assert system["sender_name"] is None


def test_ui16_messages_newest_first_by_when_they_were_sent(db, clock, people):
    """Messages sent with the clock moved back (the demo, an import) still come newest first."""
    rita, _ = people
    send(db, clock, "rita", 1)                 # sent now
    clock.advance(days=-3)
    send(db, clock, "rita", 1)                 # written later, sent three days earlier
    clock.advance(days=6)
    send(db, clock, "rita", 1)
    rows = messages.inbox_page(db, rita).rows
    assert [r["created_at"] for r in rows] == sorted((r["created_at"] for r in rows), reverse=True)
