"""Administration: users (roles, units, passwords), deviation categories, security log."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import user_admin

p = shell.page(Action.ADMIN_USERS, "nav.admin")
user_admin.show(p.db, p.clock, p.user)
