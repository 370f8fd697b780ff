"""DEV-22, DEV-23 'Dina uppgifter' (seed 001): the user's details and Avvikelse/Reklamation on
non-individual buffer stock (path d), the other starts (b, f) and 'Sök arbetsorder' (path e)."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import deviation_entry

p = shell.page(Action.REGISTER_DEVIATION, "dev.my_details_title")
deviation_entry.my_details(p.db, p.clock, p.user)
