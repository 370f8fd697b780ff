"""The page-side translation function: the user's language from the session.

Almost every text a page shows goes through markdown (st.markdown, st.error/warning/info/
success, st.caption, st.toast, headers, button, link and widget labels), so `t` escapes its
parameters: a value from a link, a form or the database shows as typed, never as a link,
formatting, LaTeX or HTML (`/Arende?id=[Logga in](https://ev.il)`). Numbers and dates pass as
they are; so do texts that are markdown already (`ui.format.Markdown`: another `t`, or
`md_escape`d text), so nothing is escaped twice."""
from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import streamlit as st

from logic import i18n
from logic.errors import Refused
from ui.format import Markdown, md_escape

_AS_IS = (int, float, Decimal, date, time, Markdown)     # bool is an int


def lang() -> str:
    """The user's language: chosen in the sidebar or saved with the user (set by the shell at
    login, so it wins from then on); before that — the login page — the browser's language."""
    chosen = st.session_state.get("lang")
    return chosen if chosen else browser_lang()


def browser_lang() -> str:
    try:
        locale = st.context.locale
    except Exception:  # noqa: BLE001 - no script run context
        locale = None
    return i18n.from_locale(locale)


def _param(value: object) -> object:
    return value if isinstance(value, _AS_IS) else md_escape(str(value))


def t(key: str, **params: object) -> Markdown:
    """The text of `key` in the user's language, its parameters escaped for markdown."""
    return Markdown(i18n.t(lang(), key, **{name: _param(v) for name, v in params.items()}))


def reason(decision_or_error) -> Markdown:
    """A refusal from logic/ (Decision, Refused, PermissionDenied, Conflict) as text."""
    if isinstance(decision_or_error, Refused):
        return t(decision_or_error.key, **decision_or_error.params)
    decision = getattr(decision_or_error, "decision", decision_or_error)
    key = getattr(decision, "reason", None) or getattr(decision_or_error, "key", "error.unexpected")
    return t(key, **getattr(decision, "params", {}))
