"""Administration of the CERT-2 prerequisites: per physician the protected title, the care
assignment "Vård och behandling" per unit and the permission "Använda Webcert"; per unit the
workplace code. (The prescriber code is edited with the user, on the Administration page.)"""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import certificate_rights

p = shell.page(Action.ADMIN_USERS, "cert.admin_title")
certificate_rights.show(p.db, p.clock, p.user)
