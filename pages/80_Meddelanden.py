"""In-app messages, Meddelanden (X-3): date, sender, subject; unread marked."""
from __future__ import annotations

import streamlit as st

from logic import messages
from logic.access import Action
from ui import shell
from ui.format import dt
from ui.i18n import t
from ui.nav import CASE_PAGE

p = shell.page(Action.VIEW_MESSAGES, "messages.title")
rows = messages.inbox(p.db, p.user)
if not rows:
    st.write(t("messages.none"))
for row in rows:
    with st.container(border=True):
        c1, c2, c3 = st.columns([2, 2, 6])
        c1.text(dt(row["created_at"], p.user.tz))
        c2.text(row["sender"])
        c3.text(("● " if row["read_at"] is None else "") + row["subject"])
        if row["body"]:
            st.text(row["body"])
        c4, c5 = st.columns([2, 8])
        if row["case_id"]:
            with c4:
                st.page_link(CASE_PAGE, label=row["case_id"], query_params={"id": row["case_id"]})
        if row["read_at"] is None and c5.button(t("messages.mark_read"), key=f"msg_read_{row['id']}"):
            messages.mark_read(p.db, p.clock, p.user, row["id"])
            st.rerun()
