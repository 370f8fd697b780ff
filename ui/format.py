"""Formatting for display. User text is never rendered as HTML; inside markdown it is escaped."""
from __future__ import annotations

import re
from datetime import date, datetime

from logic import i18n
from logic.clock import to_local

_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:=")
# GitHub-flavoured markdown links a bare address (https://…, www.…, name@host) found in the
# text *after* escapes are resolved, so a backslash cannot stop it: an invisible word joiner
# (U+2060) inside each such pattern does, and shows nothing.
_AUTOLINK_AT = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)(?=\w)")
WORD_JOINER = "\u2060"


class Markdown(str):
    """Text that may be rendered as markdown as it is: a translation (`ui.i18n.t`), or user text
    escaped by `md_escape`. `t` escapes every parameter that is not one of these."""


def md_escape(text: object) -> Markdown:
    """Escape markdown and HTML control characters so user text shows as typed, never as
    formatting, a link (also no bare address) or LaTeX."""
    unlinked = _AUTOLINK_AT.sub(WORD_JOINER, str(text or ""))
    return Markdown("".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in unlinked))


def _lang() -> str:
    """The reader's language (ui.i18n.lang, read here: ui.i18n imports this module)."""
    try:
        import streamlit as st

        return st.session_state.get("lang", i18n.DEFAULT_LANG)
    except Exception:  # noqa: BLE001 - outside a script run
        return i18n.DEFAULT_LANG


def dt(value: datetime | None, tz: str, fmt: str = "%Y-%m-%d %H:%M", lang: str | None = None) -> str:
    """A moment in the user's zone; its date written the language's one way (logic.i18n.date_format:
    "%Y-%m-%d" and "%d.%m.%Y" in `fmt` both stand for "the date"), so one page never shows
    30.11.2026 beside 2026-11-30 (issue 16 item 10)."""
    if value is None:
        return ""
    return to_local(value, tz).strftime(i18n.date_format(lang or _lang(), fmt))


def day(value: date | datetime | None, tz: str | None = None, lang: str | None = None) -> str:
    """A date (a moment: its day in `tz`) written the language's way."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return dt(value, tz or "Europe/Stockholm", "%Y-%m-%d", lang)
    return value.strftime(i18n.date_format(lang or _lang()))
