"""A case number that opens its case: one look and one behaviour everywhere (issue 16, item 10).

`st.page_link` opens the case in the same tab (the session and its filters kept), unlike a
markdown link, which Streamlit opens in a new tab — a fresh session each time. A page link on
its own looks like plain text, so every case link is drawn inside a container keyed
`caselink…` that the constant CSS below underlines in the theme's link colour: a receipt's
number, a work list's number and a message's case all look like what they are.
"""
from __future__ import annotations

import hashlib

import streamlit as st

from ui.nav import CASE_PAGE

# Constant CSS, no user text: a case link looks like a link (underlined, the theme's colour).
_LOOK = ('<style>[class*="st-key-caselink"] [data-testid="stPageLink-NavLink"] p'
         ' {{ color: {colour}; text-decoration: underline; }}</style>')


def case_link(case_id: str, label: str | None = None, *, page: str = CASE_PAGE,
              icon: str | None = None, key: str | None = None) -> None:
    """The case `case_id` as a link (label: the number, or a text naming it) on `page`
    (the case page; a certificate's draft page for certificates). `key` tells two links to the
    same case with the same label on one screen apart (e.g. two messages about one case)."""
    label = label or case_id
    digest = hashlib.sha1(f"{page}|{case_id}|{label}".encode()).hexdigest()[:10]
    with st.container(key=f"caselink_{key or digest}", width="content"):
        st.html(_LOOK.format(colour=st.get_option("theme.primaryColor") or "#1f5f8b"))
        st.page_link(page, label=label, query_params={"id": case_id}, icon=icon)
