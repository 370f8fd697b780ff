"""Export och återläsning — everything as one zip (ADM-11); an export restored into an empty
installation (ADM-12). Administrators only."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import transfer

p = shell.page(Action.ADMIN_USERS, "nav.export")
transfer.view(p.db, p.clock, p.user)
