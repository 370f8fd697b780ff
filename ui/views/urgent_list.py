"""The list of urgent cases, pages/50_Akutsager.py: pending cases (URG-8), the way to a new one where
the service's decision allows it, the search and its filters, and the list."""
from __future__ import annotations

import streamlit as st

from logic.access import Role
from logic.errors import FieldErrors
from logic.urgent import services
from ui import forms
from ui.case_table import case_table
from ui.format import dt
from ui.i18n import reason, t

URGENT_LIST_PAGE = "pages/50_Akutsager.py"


def show(db, clock, user) -> None:

    urgent_filter = st.query_params.get("filter") == "urgent"
    left, right = st.columns([3, 1])
    with left:
        pending = services.pending_count(db, user)
        if pending and st.button(t("urgent.pending", n=pending), key="urg_pending_btn", type="tertiary",
                                 icon=":material/notification_important:"):
            st.query_params["filter"] = "urgent"      # URG-8: adds the "Akut sag" filter
            st.rerun()
    with right:
        if user.has(Role.PARTNER):
            decision = services.create_decision(db, clock, user)
            if decision:
                st.page_link("pages/51_Ny_akutsag.py", label=t("urgent.new_button"), icon=":material/add:")
            else:
                st.caption(reason(decision))

    with st.container(border=True):
        c1, c2, c3 = st.columns([3, 1, 1])
        text = c1.text_input(t("form.search"), key="urg_list_text", placeholder=t("urgent.search_help"))
        search_error = c1.empty()
        open_only = c2.toggle(t("urgent.open_only"), key="urg_list_open")
        if urgent_filter:
            c3.markdown(f":orange-badge[{t('urgent.filter_chip')}]")
            if c3.button(t("urgent.filter_reset"), key="urg_filter_reset", icon=":material/close:"):
                del st.query_params["filter"]
                st.rerun()
        elif c3.button(t("urgent.filter_chip"), key="urg_filter_set", icon=":material/filter_alt:"):
            st.query_params["filter"] = "urgent"
            st.rerun()

    # "Akut sag" shows the urgent cases still to be attached: a converted one is a normal case now,
    # a linked one is closed (afbrudt).
    try:
        rows = services.list_cases(db, clock, user, urgent_only=urgent_filter, open_only=open_only or urgent_filter,
                                   text=text)
    except FieldErrors as e:          # too long — said at the box, the text kept in it
        with search_error:
            forms.field_error(e.errors, "text")
        return
    st.write(t("urgent.hits", n=len(rows)))
    if rows:
        table = [{
            t("urgent.col.status"): t(f"{r['kind']}.status.{r['status']}"),
            t("urgent.col.case_id"): r["id"],
            t("urgent.col.kind"): t(f"urgent.kind.{r['kind']}"),
            t("urgent.col.address"): r["title"],
            t("urgent.col.customer"): r["customer"] or "",
            t("urgent.col.office"): " · ".join(x for x in (r["company_name"], r["office_name"]) if x),
            t("urgent.col.case_handler"): r["case_handler_name"] or "",
            t("urgent.col.created"): dt(r["created_at"], user.tz),
            t("urgent.col.last_activity"): dt(r["updated_at"], user.tz, "%Y-%m-%d %H:%M:%S"),
        } for r in rows]
        case_table(table, [r["id"] for r in rows], key="urg_list_table", back_page=URGENT_LIST_PAGE,
                   back_label="urgent.back_to_list", back_query=st.query_params.to_dict())
