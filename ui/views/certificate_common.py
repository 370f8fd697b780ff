"""What the certificate view's parts share: the session-state key prefix, the flash message and
the text of a refusal."""
from __future__ import annotations


import streamlit as st

from logic.errors import Conflict, FieldErrors
from ui.i18n import reason, t


def _prefix(case_id: str) -> str:
    return f"cert_{case_id}_"


def _flash(case_id: str, text: str, kind: str = "success") -> None:
    st.session_state[_prefix(case_id) + "_flash"] = (kind, text)


def _error_text(e: Exception) -> str:
    if isinstance(e, Conflict):
        return t(e.key)
    if isinstance(e, FieldErrors):
        return " ".join(t(v) for v in e.errors.values())
    return reason(e)
