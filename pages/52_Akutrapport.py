"""Akutsag rapport (URG-12): urgent cases created, per week or per month as the portal says —
by office, by hour of day and weekday inside/outside office hours, converted vs linked vs
open, time to attach — as charts and a downloadable file. Insurer users with authority
level 6 only (checked in logic/: access.ACTION_RULES)."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import urgent_report

p = shell.page(Action.URGENT_REPORT, "urgent.report_title")
urgent_report.show(p.db, p.clock, p.user)
