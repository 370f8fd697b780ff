"""URG-8 on the start page and the case list: insurer users see "X sag(er) skal tilknyttes";
a click opens the case list filtered to urgent cases (the "Akut sag" filter)."""
from __future__ import annotations

import streamlit as st

from logic.urgent import services
from ui.i18n import t

LIST_PAGE = "pages/50_Akutsager.py"
FILTER = {"filter": "urgent"}


def pending_block(p) -> None:
    n = services.pending_count(p.db, p.user)
    if n:
        st.page_link(LIST_PAGE, label=t("urgent.pending", n=n), query_params=FILTER,
                     icon=":material/notification_important:")
