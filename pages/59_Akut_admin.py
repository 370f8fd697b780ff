"""Virksomheds admin for urgent cases: per office "may create urgent cases" (URG-1) and the
enhanced rights (URG-3), office hours per company (URG-2), the portal settings (enhanced
urgent cases, report per week or month) and the log of every change."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import urgent_admin

p = shell.page(Action.ADMIN_URGENT, "urgent.admin_title")
urgent_admin.show(p.db, p.clock, p.user)
