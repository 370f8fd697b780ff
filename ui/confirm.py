"""A confirmation before what cannot be undone (issue 16, item 7): sign, send, escalate, link,
close, void, delete.

The button that asks for the action only calls `request(name, payload)`; the view calls
`dialog(name, …)` on every run where the action is offered. While a request is pending, the
dialog says what will happen (and warns of mismatches the caller found in logic/), and only its
confirm button runs `on_yes(payload)`. Cancelling or closing the dialog drops the request, and
nothing has changed. Whether the action is allowed stays with the services in logic/: the
dialog only asks.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

import streamlit as st

from ui.i18n import t

KEY = "_confirm"


def request(name: str, payload: Any = None) -> None:
    """Ask for the action `name` (its dialog opens in this run, drawn by `dialog`)."""
    st.session_state[KEY] = (name, payload)


def pending(name: str) -> bool:
    held = st.session_state.get(KEY)
    return held is not None and held[0] == name


def _drop() -> None:
    st.session_state.pop(KEY, None)


def dialog(name: str, *, title: str, text: str, yes: str, on_yes: Callable[[Any], None],
           warnings: Iterable[str] = (), danger: bool = False, no: str | None = None) -> None:
    """Open the dialog for `name` when it was requested. `on_yes(payload)` runs the service and
    reruns the page (it shows its own refusal otherwise; the dialog then stays open with it).
    `no` names the button that keeps things as they are (default "Avbryt"; a dialog that asks
    whether to cancel something says "Nej, fortsätt" instead)."""
    held = st.session_state.get(KEY)
    if held is None or held[0] != name:
        return
    payload = held[1]

    @st.dialog(title, on_dismiss=_drop)
    def _ask() -> None:
        st.markdown(text)
        for warning in warnings:
            st.warning(warning, icon=":material/warning:")
        c1, c2 = st.columns(2)
        if c1.button(yes, key=f"confirm_{name}_yes__btn", type="primary",
                     icon=":material/delete:" if danger else ":material/check:", width="stretch"):
            _drop()
            on_yes(payload)
        if c2.button(no or t("form.cancel"), key=f"confirm_{name}_no__btn", width="stretch"):
            _drop()
            st.rerun()

    _ask()
