"""The page-side translation function: the user's language from the session."""
from __future__ import annotations

import streamlit as st

from logic import i18n
from logic.errors import Refused


def lang() -> str:
    return st.session_state.get("lang", i18n.DEFAULT_LANG)


def t(key: str, **params: object) -> str:
    return i18n.t(lang(), key, **params)


def reason(decision_or_error) -> str:
    """A refusal from logic/ (Decision, Refused, PermissionDenied, Conflict) as text."""
    if isinstance(decision_or_error, Refused):
        return t(decision_or_error.key, **decision_or_error.params)
    decision = getattr(decision_or_error, "decision", decision_or_error)
    key = getattr(decision, "reason", None) or getattr(decision_or_error, "key", "error.unexpected")
    return t(key, **getattr(decision, "params", {}))
