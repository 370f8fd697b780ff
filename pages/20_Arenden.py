"""Ärenden — the case board (X-4): every case the user may see, of every kind; free text,
filters, sort, paging, total; an exact number opens the case; the filters live in the URL
so a board can be bookmarked and shared; export of all matching rows to CSV and Excel."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import case_board

p = shell.page(Action.VIEW_BOARD, "board.title")
case_board.show(p.db, p.clock, p.user)
