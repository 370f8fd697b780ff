"""One certificate, opened by number (?id=IN26470001): the draft that saves itself, signing,
sending, printing and questions with Försäkringskassan (CERT-4 … CERT-11)."""
from __future__ import annotations

import streamlit as st

from logic.access import Action
from ui import shell
from ui.certificates import PATIENT_PAGE
from ui.i18n import t
from ui.views import certificate

p = shell.page(Action.WRITE_CERTIFICATE)
case_id = (st.query_params.get("id") or "").strip().upper()
st.page_link(PATIENT_PAGE, label=t("cert.back_to_patient"), icon=":material/arrow_back:")
if not case_id:
    st.info(t("cert.open_from_list"))
    st.stop()
certificate.show(p, case_id)
