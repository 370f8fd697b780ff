"""Ny sag: an insurer user creates a normal case of its insurer (URG-13) — Sagsnummer, address,
customer, contact person, description, date of damage and the case handler. Every error is
shown at its field and nothing typed is lost (X-7); partners create urgent cases instead."""
from __future__ import annotations

from logic.access import Action
from ui import shell
from ui.views import urgent_claim_new

p = shell.page(Action.HANDLE_URGENT, "urgent.new_claim_title")
urgent_claim_new.show(p.db, p.clock, p.user)
