"""Sagsliste: urgent and normal cases of the insurer or the partner's company (URG-4, URG-6,
URG-8). "+ Ny akutsag" only for a member of a permitted office at a permitted time; insurer
users see "X sag(er) skal tilknyttes", a click adds the "Akut sag" filter."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import urgent_list

p = shell.page(Action.VIEW_URGENT, "urgent.list_title")
urgent_list.show(p.db, p.clock, p.user)
