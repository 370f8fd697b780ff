"""A simulated Försäkringskassan (CERT-11), for tests and demos: it receives the certificates
sent to it, asks a question or requests a completion with a reply-by date, and answers the
questions care sends it. It shows no patient data: it is the authority's side."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import fk_simulator

p = shell.page(Action.SIMULATE_FK, "cert.fk_title")
fk_simulator.show(p.db, p.clock, p.user)
