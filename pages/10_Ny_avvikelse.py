"""Register a deviation or complaint on an assistive device (DEV-1 … DEV-11)."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import deviation_wizard

p = shell.page(Action.REGISTER_DEVIATION, "dev.title")
deviation_wizard.show(p.db, p.clock, p.user)
