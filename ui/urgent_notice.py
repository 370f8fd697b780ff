"""URG-8 on the start page and the case list: insurer users see "X sag(er) skal tilknyttes";
a click opens the case list filtered to urgent cases (the "Akut sag" filter). URG-19: on the
start page (kontrolpanel) they also see their normal cases counted — open, on hold, waiting for
further information, without a claim decision — each a link to the case list so filtered."""
from __future__ import annotations

import streamlit as st

from logic.urgent import services
from ui.i18n import t

LIST_PAGE = "pages/50_Akutsager.py"
FILTER = {"filter": "urgent"}
# count -> (its text, the case list's filter it opens, icon)
COUNTS = (("open", "urgent.count.open", {"state": "open"}, ":material/folder_open:"),
          ("on_hold", "urgent.count.on_hold", {"state": "on_hold"}, ":material/pause_circle:"),
          ("decision.more_info", "urgent.count.more_info", {"decision": "more_info"}, ":material/help:"))


def pending_block(p) -> None:
    n = services.pending_count(p.db, p.user)
    if n:
        st.page_link(LIST_PAGE, label=t("urgent.pending", n=n), query_params=FILTER,
                     icon=":material/notification_important:")
    counts = services.claim_counts(p.db, p.user)
    if not counts:
        return
    shown = [(t(key, n=counts[name]), query, icon) for name, key, query, icon in COUNTS if counts.get(name)]
    undecided = counts.get("decision.none", 0)
    if not shown and not undecided:
        return
    st.subheader(t("urgent.count.title"))
    with st.container(horizontal=True, gap="medium"):
        for label, query, icon in shown:
            st.page_link(LIST_PAGE, label=label, query_params=query, icon=icon)
    if undecided:
        st.caption(t("urgent.count.none", n=undecided))
