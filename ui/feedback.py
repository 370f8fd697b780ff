"""Feedback after an action (issue 16, item 2): one way for every case view.

An action's handler calls `flash(text)` and then `st.rerun()`. The next run of the view calls
`take()` once, near its top: the message is shown as a toast (seen wherever the page is
scrolled) and returned, so the view can also show it in place with `at(msg, place)` next to the
action that was taken. A form is emptied after its action by drawing its widgets under
`fresh_key(base)` and calling `clear(base)` on success: the next run draws them under a new key,
so nothing typed stays behind — and on a refusal the key is kept, so nothing typed is lost (X-7).
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

KEY = "_feedback"
_GEN = "_feedback_gen_"


@dataclass(frozen=True)
class Message:
    text: str
    kind: str = "success"          # success | error | info
    place: str | None = None       # where in the view the action was taken (None: at the top)


def flash(text: str, *, kind: str = "success", place: str | None = None) -> None:
    """Keep `text` for the next run (call before st.rerun / st.switch_page)."""
    st.session_state[KEY] = Message(str(text), kind, place)


def take() -> Message | None:
    """The message kept by the last action, shown as a toast; None when there is none."""
    msg = st.session_state.pop(KEY, None)
    if msg is None:
        return None
    icon = ":material/check_circle:" if msg.kind == "success" else ":material/error:"
    st.toast(msg.text, icon=icon, duration="long")
    return msg


def at(msg: Message | None, place: str | None = None) -> None:
    """Show `msg` here when its action was taken here (the place the user is looking at)."""
    if msg is None or msg.place != place:
        return
    {"error": st.error, "info": st.info}.get(msg.kind, st.success)(
        msg.text, icon=":material/check_circle:" if msg.kind == "success" else ":material/error:")


def fresh_key(base: str) -> str:
    """A widget key that changes after `clear(base)`: the widget then starts empty."""
    return f"{base}__{st.session_state.get(_GEN + base, 0)}"


def clear(base: str) -> None:
    """Empty the widgets drawn under `fresh_key(base)` (after their action succeeded)."""
    st.session_state.pop(fresh_key(base), None)
    st.session_state[_GEN + base] = st.session_state.get(_GEN + base, 0) + 1
