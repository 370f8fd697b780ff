"""The case log (X-2) below a case: when, who, what, before → after — every entry whole, as plain text."""
from __future__ import annotations

import json

import streamlit as st

from logic import audit
from ui.format import dt
from ui.i18n import lang, t


def show(db, case_id: str, user) -> None:
    """The log as `user` may see it (pseudonymised for analysts: logic.audit.case_log), below the
    case: one entry per line (when · who · what) with what changed under it, whole and as plain
    text (a table cut long values and showed the grid's English toolbar)."""
    rows = audit.case_log(db, case_id, viewer=user)
    with st.expander(t("case.log") + f" ({len(rows)})"):
        for r in rows:
            what = action_text(r["action"], r["after_value"]) or r["action"]
            who = r.get("actor_name") or r["actor"]       # the person, not the username (issue 16 item 4)
            st.text(f"{dt(r['logged_at'], user.tz, '%Y-%m-%d %H:%M:%S')} · {who} · {what}", width="stretch")
            change = _change(r["before_value"], r["after_value"])
            if change:
                st.text(change, width="stretch")


def action_text(action: str, after) -> str | None:
    """An action with a text of its own (e.g. "Imported from <file> by <user>", IMP-10) in the
    reader's language; None for the others (shown by their code)."""
    return audit.action_label(lang(), action, after)


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def _change(before, after) -> str:
    """Before → after, whole (never cut)."""
    before_text, after_text = _json(before), _json(after)
    if before_text and after_text:
        return f"{t('log.before')}: {before_text} → {t('log.after')}: {after_text}"
    if after_text:
        return f"{t('log.after')}: {after_text}"
    return f"{t('log.before')}: {before_text}" if before_text else ""
