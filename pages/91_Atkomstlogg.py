"""The access log per person (X-2): who viewed a personal identity number, when and why."""
from __future__ import annotations

import streamlit as st

from logic import audit
from logic.access import Action
from logic.identity import IdentityError
from ui import shell
from ui.format import dt
from ui.i18n import lang, t

p = shell.page(Action.READ_ACCESS_LOG, "admin.access_log")
st.caption(t("admin.access_log_help"))
with st.form("access_log_form"):
    raw = st.text_input(t("admin.access_log_person"), key="access_log_pid", placeholder="ÅÅÅÅMMDDNNNN")
    asked = st.form_submit_button(t("form.search"), type="primary")
if asked:
    try:
        rows = audit.access_log_for(p.db, p.clock, p.user, raw)
    except IdentityError as e:
        st.error(t(e.key))
    else:
        st.write(t("admin.access_log_hits", n=len(rows)))
        st.dataframe([{t("messages.date"): dt(r["logged_at"], p.user.tz, "%Y-%m-%d %H:%M:%S"),
                       t("log.actor"): f"{r['actor_name'] or ''} ({r['actor']})",
                       t("case.number"): r["case_id"] or "", t("admin.purpose"): audit.purpose_label(lang(), r["purpose"])}
                      for r in rows], hide_index=True, width="stretch")
