"""Meddelanden (X-3; issue 16, item 9): 20 a page, newest first, each message one line (its
subject, unread marked ●, and when) that opens to the sender — a person's name, or the
system's — the text and the case as a link; opening marks it read; "mark all as read"."""
from __future__ import annotations

import streamlit as st

from logic import messages
from ui import context
from ui.format import dt, md_escape
from ui.i18n import t
from ui.links import case_link

_PAGE = "msg_page"
_FLASH = "msg_flash"
_OPENED = "msg_opened"     # ids opened in this session: their label loses its ● and so is a new
                           # widget to Streamlit, which must be drawn open, not shut in the reader's face


def system_name() -> str:
    """The system's name: `[casedesk] name` in .streamlit/secrets.toml, else the app's title."""
    configured = context.secrets().get("casedesk", {}).get("name")
    return str(configured) if configured else t("app.title")


def _opened(p, message_id: int, key: str) -> None:
    if st.session_state.get(key):
        messages.open_message(p.db, p.clock, p.user, message_id)
        st.session_state.setdefault(_OPENED, set()).add(message_id)


def _mark_all(p) -> None:
    st.session_state[_FLASH] = messages.mark_all_read(p.db, p.clock, p.user)


def _turn(step: int) -> None:
    st.session_state[_PAGE] = max(0, st.session_state.get(_PAGE, 0) + step)


def _label(row: dict, tz: str) -> str:
    subject = md_escape(row["subject"])
    when = dt(row["created_at"], tz).replace("-", "\u2060-\u2060")   # a date never broken at its hyphens
    if row["read_at"] is None:
        return f"● **{subject}** · :gray[{when}]"
    return f"{subject} · :gray[{when}]"


def inbox(p) -> None:
    if (done := st.session_state.pop(_FLASH, None)) is not None:
        st.toast(t("messages.all_read", n=done), icon=":material/done_all:")
    page = messages.inbox_page(p.db, p.user, st.session_state.get(_PAGE, 0))
    st.session_state[_PAGE] = page.page
    if not page.total:
        st.write(t("messages.none"))
        return
    unread = messages.unread(p.db, p.user)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t("messages.unread_n", n=unread, total=page.total))
        st.button(t("messages.mark_all_read"), key="msg_mark_all", on_click=_mark_all, args=(p,),
                  disabled=not unread, icon=":material/done_all:")
    sender_default = system_name()
    opened = st.session_state.get(_OPENED, set())
    for row in page.rows:
        key = f"msg_{row['id']}"
        with st.expander(_label(row, p.user.tz), expanded=row["id"] in opened, key=key,
                         on_change=_opened, args=(p, row["id"], key)):
            st.caption(t("messages.from", name=row["sender_name"] or sender_default))
            if row["body"]:
                st.text(row["body"])
            if row["case_id"]:
                case_link(row["case_id"], t("messages.open_case", case_id=row["case_id"]), key=key)
    if page.pages > 1:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.button(t("messages.newer"), key="msg_newer", on_click=_turn, args=(-1,),
                      disabled=page.page == 0, icon=":material/chevron_left:")
            st.caption(t("messages.page", page=page.page + 1, pages=page.pages))
            st.button(t("messages.older"), key="msg_older", on_click=_turn, args=(1,),
                      disabled=page.page >= page.pages - 1, icon=":material/chevron_right:")
