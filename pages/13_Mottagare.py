"""DEV-20 'Mottagare' (seed 000): a recipient by personnummer or care-unit customer number, the
recipient's devices, and "Avvikelse/Reklamation" on a row into the wizard (path a)."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import deviation_entry

p = shell.page(Action.REGISTER_DEVIATION, "dev.recipient_title")
deviation_entry.recipient(p.db, p.clock, p.user)
