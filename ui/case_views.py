"""The case page's renderer for each kind of case, in one explicit table (issue 15 §1): the
ui side of the composition root (logic/composition.py wires the contexts' policies; this
table wires their pages). Nothing registers itself when imported; a kind a context owns
without a view here is caught by tests/unit/test_architecture.py."""
from __future__ import annotations

from collections.abc import Callable

from logic.org.model import Entry
from ui.views import certificate, deviation, org, repair, urgent

VIEWS: dict[str, Callable] = {
    "deviation": deviation.show,
    "repair": repair.show,
    **{entry.value: org.show for entry in Entry},
    "certificate": certificate.show,
    "urgent": urgent.show,
    "claim": urgent.show,
}
