"""In-app messages, Meddelanden (X-3): a page at a time, newest first; unread marked; opening
a message marks it read; all at once too (issue 16, item 9)."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import messages

p = shell.page(Action.VIEW_MESSAGES, "messages.title")
messages.inbox(p)
