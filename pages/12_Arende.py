"""One case, whatever its kind: opened by number (?id=AV26070002)."""
from __future__ import annotations

import streamlit as st

from logic.access import Action
from logic.cases import case_kind
from ui import case_views, shell
from ui.case_table import back_link
from ui.i18n import t

p = shell.page(Action.VIEW_CASE, "nav.case")
case_id = (st.query_params.get("id") or "").strip().upper()
back_link(case_id)          # to the list the case was opened from, with its filters
# the field belongs to the number in the URL (a key per number): after a link to another case
# it shows that case's number, not the previous one (which would open the previous case again)
# labelled "go to", not "case number": an urgent case's Til normal asks for a (new) case number
typed = st.text_input(t("case.go_to"), value=case_id, key=f"case_open_id:{case_id}")
if typed and typed.strip().upper() != case_id:
    st.query_params["id"] = typed.strip().upper()
    st.rerun()
if not case_id:
    st.stop()
kind = case_kind(p.db, case_id)
if kind is None:
    st.error(t("case.not_found", case_id=case_id))
    st.stop()
view = case_views.VIEWS.get(kind)
if view is None:
    st.error(t("case.kind_unknown"))
    st.stop()
view(p, case_id)
