"""ORG-1 entry "Patienten – Rapportera vårdavvikelse": a care deviation, routed to the
nearest manager like an organisational one and linkable to it (ORG-7)."""
from __future__ import annotations

from logic.access import Action
from logic.org.model import Entry
from ui import org_form, shell

p = shell.page(Action.REPORT_ORG, "org.title_care")
org_form.render(p, Entry.CARE)
