"""The case log (X-2) as a table: who, when, what, before → after."""
from __future__ import annotations

import json

import streamlit as st

from logic import audit
from ui.format import dt
from ui.i18n import lang, t


def show(db, case_id: str, user) -> None:
    """The log as `user` may see it (pseudonymised for analysts: logic.audit.case_log)."""
    rows = audit.case_log(db, case_id, viewer=user)
    with st.expander(t("case.log") + f" ({len(rows)})"):
        st.dataframe([{
            t("messages.date"): dt(r["logged_at"], user.tz, "%Y-%m-%d %H:%M:%S"),
            t("log.actor"): r["actor"], t("log.action"): action_text(r["action"], r["after_value"]) or r["action"],
            t("log.before"): _short(r["before_value"]), t("log.after"): _short(r["after_value"]),
        } for r in rows], hide_index=True, width="stretch")


def action_text(action: str, after) -> str | None:
    """An action with a text of its own (e.g. "Imported from <file> by <user>", IMP-10) in the
    reader's language; None for the others (shown by their code)."""
    return audit.action_label(lang(), action, after)


def _short(value) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)[:300]
