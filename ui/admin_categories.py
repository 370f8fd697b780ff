"""Admin editor for deviation categories per event type (DEV-6 reference data): the categories
kind's grid (ADM-9) — the same as on the master-data page, saved through the same plan, with the
way to import them from a file."""
from __future__ import annotations

from ui.views import masterdata


def editor(db, clock, user) -> None:
    masterdata.embedded(db, clock, user, "categories")
