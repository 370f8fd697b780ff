"""Rapporter — the report dashboard (X-5): deviations over time by event type, by category,
unit and article (Pareto), time to close, open cases by age, reports to the manufacturer and
Läkemedelsverket. Every chart's data can be downloaded as CSV. No names, no personal identity
numbers: what analysts see is pseudonymised."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import report_dashboard

p = shell.page(Action.VIEW_DASHBOARD, "dash.title")
report_dashboard.show(p)
