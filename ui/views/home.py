"""The start page's own work list, "Mitt arbete" (issue 16, item 8): each case one compact row —
the number as a link, its status, the title, when it last changed — that wraps to three short
lines on a phone instead of four unlabelled ones; the first few shown, the rest on request."""
from __future__ import annotations

import streamlit as st

from logic import work
from logic.access import User
from logic.store.db import Database
from ui.format import dt, md_escape
from ui.i18n import t
from ui.links import case_link

SHOWN = 10          # rows before "Visa alla"
_ALL = "start_all_work"


def status_text(row: dict) -> str:
    kind = "dev" if row["kind"] in ("deviation", "repair") else row["kind"]
    return t(f"{kind}.status.{row['status']}")


def _toggle() -> None:
    st.session_state[_ALL] = not st.session_state.get(_ALL, False)


def my_work(db: Database, user: User) -> None:
    st.subheader(t("start.my_work"))
    rows = work.my_open_work(db, user)
    if not rows:
        st.write(t("start.no_work"))
        return
    show_all = st.session_state.get(_ALL, False)
    for row in rows if show_all else rows[:SHOWN]:
        with st.container(border=True, horizontal=True, vertical_alignment="center", gap="small",
                          key=f"work_{row['id']}"):
            case_link(row["id"], key=f"work_{row['id']}")
            st.badge(status_text(row), color="blue")
            st.markdown(md_escape(row["title"]), width="stretch")
            st.caption(t("start.updated", when=dt(row["updated_at"], user.tz)), width="content")
    if len(rows) > SHOWN:
        st.button(t("start.show_fewer") if show_all else t("start.show_all", n=len(rows)),
                  key="start_more", on_click=_toggle, type="tertiary")
