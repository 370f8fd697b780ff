"""The list of urgent cases, pages/50_Akutsager.py: pending cases (URG-8), the way to a new one where
the service's decision allows it, the search and its filters, and the list."""
from __future__ import annotations

import streamlit as st

from logic.access import Role
from logic.errors import FieldErrors
from logic.urgent import services
from logic.urgent.model import LIST_STATES, ClaimDecision
from ui import forms
from ui.case_table import case_table
from ui.format import dt
from ui.i18n import reason, t

URGENT_LIST_PAGE = "pages/50_Akutsager.py"
NEW_CLAIM_PAGE = "pages/53_Ny_sag.py"


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
        if services.claim_insurers(db, user):         # URG-13: the insurer's own normal case
            st.page_link(NEW_CLAIM_PAGE, label=t("urgent.new_claim_button"), icon=":material/add:")

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

        states, decisions = _state_filters()

    # "Akut sag" shows the urgent cases still to be attached: a converted one is a normal case now,
    # a linked one is closed (afbrudt).
    try:
        rows = services.list_cases(db, clock, user, urgent_only=urgent_filter, open_only=open_only or urgent_filter,
                                   text=text, states=tuple(states), decisions=tuple(decisions))
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
            t("urgent.col.decision"): t(f"claim.decision.{r['decision']}") if r.get("decision") else "",
            t("urgent.col.created"): dt(r["created_at"], user.tz),
            t("urgent.col.last_activity"): dt(r["updated_at"], user.tz, "%Y-%m-%d %H:%M:%S"),
        } for r in rows]
        case_table(table, [r["id"] for r in rows], key="urg_list_table", back_page=URGENT_LIST_PAGE,
                   back_label="urgent.back_to_list", back_query=st.query_params.to_dict())


def _synced(name: str, key: str, allowed) -> list[str]:
    """A filter kept in the URL (`?state=on_hold`, as the start page's links set it) and in its
    widget: a link brings its values into the widget, a change in the widget goes to the URL."""
    from_url = [v for v in st.query_params.get_all(name) if v in allowed]
    if st.session_state.get(key + "_url") != from_url:
        st.session_state[key] = from_url
        st.session_state[key + "_url"] = from_url
    return from_url


def _state_filters() -> tuple[list[str], list[str]]:
    """URG-19: the case list by state (none chosen: all but the deleted cases) and by claim decision."""
    decisions = [d.value for d in ClaimDecision]
    _synced("state", "urg_list_states", LIST_STATES)
    _synced("decision", "urg_list_decisions", decisions)
    c1, c2 = st.columns(2)
    states = forms.choose_many(c1, t("urgent.filter_state"), list(LIST_STATES), key="urg_list_states",
                               format_func=lambda s: t(f"urgent.list_state.{s}"), help=t("urgent.filter_state_help"))
    chosen = forms.choose_many(c2, t("urgent.filter_decision"), decisions, key="urg_list_decisions",
                               format_func=lambda d: t(f"claim.decision.{d}"))
    for name, key, values in (("state", "urg_list_states", states), ("decision", "urg_list_decisions", chosen)):
        if values != st.session_state.get(key + "_url"):
            st.session_state[key + "_url"] = list(values)
            if values:
                st.query_params[name] = list(values)
            else:
                st.query_params.pop(name, None)
    return list(states), list(chosen)
