"""ORG-1 entry "Miljön – Rapportera avvikelse gällande säkerhet, miljö och organisation":
report an organisational (e.g. insurance-medicine) deviation."""
from __future__ import annotations

from logic.access import Action
from logic.org.model import Entry
from ui import org_form, shell

p = shell.page(Action.REPORT_ORG, "org.title_report")
org_form.render(p, Entry.ENVIRONMENT)
