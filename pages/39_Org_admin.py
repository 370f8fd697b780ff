"""ORG administration: who holds each level of the escalation ladder (ORG-6) and the
classification tree of areas and deficiency types (ORG-2), both without code."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import org_admin

p = shell.page(Action.ADMIN_REFERENCE, "org.admin_title")
org_admin.show(p.db, p.clock, p.user)
