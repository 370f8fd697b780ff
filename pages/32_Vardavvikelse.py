"""ORG-1 entry "Patienten – Rapportera vårdavvikelse": a care deviation, routed to the
nearest manager like an organisational one and linkable to it (ORG-7)."""
from __future__ import annotations

from logic.access import Action
from logic.org.model import Entry
from ui import org_form, shell
from ui.views import deviation_wizard

p = shell.page(Action.REPORT_ORG, "org.title_care")
deviation_wizard.care_prefilled_notice()     # DEV-25: filled in from a device deviation
org_form.render(p, Entry.CARE)
