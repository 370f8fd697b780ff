"""+ Ny akutsag: a partner member of a permitted office creates an urgent case (URG-4 … URG-6).

The Sagsnummer field shows only where the office may edit the case id (URG-3); every error is
shown at its field and nothing typed is lost (X-7). Tasks may be assigned here or later."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import urgent_new

p = shell.page(Action.CREATE_URGENT, "urgent.new_title")
urgent_new.show(p.db, p.clock, p.user)
