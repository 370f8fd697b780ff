"""What the certificate view's parts share: the session-state key prefix and the text of a
refusal (messages after an action: ui.feedback)."""
from __future__ import annotations



from logic.errors import Conflict, FieldErrors
from ui.i18n import reason, t


def _prefix(case_id: str) -> str:
    return f"cert_{case_id}_"


def _error_text(e: Exception) -> str:
    if isinstance(e, Conflict):
        return t(e.key)
    if isinstance(e, FieldErrors):
        return " ".join(t(v) for v in e.errors.values())
    return reason(e)
