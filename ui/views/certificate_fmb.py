"""CERT-17: "När diagnos är satt finns möjlighet att klicka på knappen FMB" (seed 003) — the link
to Socialstyrelsen's försäkringsmedicinskt beslutsstöd for the diagnosis code, under the code's
field and in a signed certificate's content. A link the browser follows in a new tab: the
server calls nothing. Its address: `rules.fmb_link` (CASEDESK_FMB_URL, see docs/RULES17.md)."""
from __future__ import annotations

import os

import streamlit as st

from logic.certificates import rules
from ui.i18n import t


def link(code: str | None, key: str) -> None:
    url = rules.fmb_link(code, os.environ.get(rules.FMB_URL_SETTING))
    if url is None:
        return
    st.link_button(t("cert.fmb_link", code=code.strip().upper()), url, icon=":material/open_in_new:",
                   help=t("cert.fmb_help"), key=key)
