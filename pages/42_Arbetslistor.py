"""The physician's work lists (CERT-12): "Att signera" — drafts waiting for the user as the one
responsible for signing (or for the whole unit), and "Frågor och svar" — one row per
certificate with questions from or to Försäkringskassan not yet marked Hanterad (CERT-11)."""
from __future__ import annotations

from logic.access import Action
from ui import certificates as cu
from ui import shell
from ui.views import certificate_worklists

p = shell.page(Action.WRITE_CERTIFICATE, "cert.worklists_title")
unit_id = cu.active_unit(p)
if unit_id is not None:
    certificate_worklists.show(p.db, p.clock, p.user, unit_id)
