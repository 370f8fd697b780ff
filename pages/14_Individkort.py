"""DEV-21 'Individkort' (seed 001): an individual-classified device by its individual number,
on buffer stock (path c) or on a recipient's list (path a), into the wizard."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import deviation_entry

p = shell.page(Action.REGISTER_DEVIATION, "dev.individual_title")
deviation_entry.individual_card(p.db, p.clock, p.user)
