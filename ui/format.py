"""Formatting for display. User text is never rendered as HTML; inside markdown it is escaped."""
from __future__ import annotations

import re
from datetime import date, datetime

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


def dt(value: datetime | None, tz: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    return to_local(value, tz).strftime(fmt)


def day(value: date | datetime | None, tz: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return dt(value, tz or "Europe/Stockholm", "%Y-%m-%d")
    return value.isoformat()
