"""Start page: login, who am I, my open work, unread messages, entries to report."""
from __future__ import annotations

import streamlit as st

from logic import messages
from logic.access import Action, decide
from logic.composition import wire
from ui import shell
from ui.format import md_escape
from ui.i18n import t
from ui.start_entries import ENTRIES
from ui.urgent_notice import pending_block
from ui.views import first_run, home

wire()             # the composition root: every context's policy, before anything decides
first_run.gate()   # ADM-13: no user yet — the first administrator, before any login
p = shell.page(Action.VIEW_START)
user = p.user

st.title(t("app.title"))
st.caption(t("app.tagline"))
st.markdown(t("signed_in_as", name=md_escape(user.name)) + " · "
            + ", ".join(t(f"role.{r.value}") for r in sorted(user.roles)))

unread = messages.unread(p.db, user)
if unread:
    st.info(t("start.unread", n=unread))
    st.page_link("pages/80_Meddelanden.py", label=t("nav.messages"), icon=":material/mail:")

pending_block(p)   # URG-8: insurer users see "X sag(er) skal tilknyttes"

first_run.admin_start(p.db, user)   # ADM-13: the imports in order, for the administrator

# Issue 16, item 8: "Mitt arbete" first and the report entries beside it. At 1400 px both are
# above the fold (the work wide on the left, the entries one under the other on the right);
# on a phone Streamlit stacks columns in source order, so the work comes first and the entries
# follow — a user who opens the start page on a phone is there for their work.
entries = [e for e in ENTRIES if decide(user, e.action)]
work, report = st.columns([3, 1], gap="medium") if entries else (st.container(), None)
with work:
    home.my_work(p.db, user)   # one compact row per case
if report is not None:
    with report:
        st.subheader(t("start.entries"))
        for entry in entries:
            st.page_link(entry.path, label=t(entry.label), icon=entry.icon or None)
            if entry.help:
                st.caption(t(entry.help))
