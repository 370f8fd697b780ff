"""Creating an urgent case, pages/51_Ny_akutsag.py (URG-4 … URG-6): the receipt, the service's decision
whether this partner may create one, and the form — the Sagsnummer field only where the office may
edit the case id (URG-3), every error at its field and nothing typed lost (X-7)."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.errors import FieldErrors, Refused
from logic.i18n import Count
from logic.urgent import services
from logic.urgent.model import NOTES_MAX, SHORT_DESCRIPTION_MAX, ZONE, ContactType, UrgentDraft
from logic.urgent.office_hours import local_time
from ui import feedback, forms
from ui.format import dt
from ui.i18n import reason, t
from ui.links import case_link

P = "urg_new_"


def show(db, clock, user) -> None:
    forms.keep(P)

    done = st.session_state.get(P + "receipt")
    if done:
        feedback.take()
        st.success(t("urgent.created", case_id=done), icon=":material/check_circle:")
        case_link(done, t("urgent.open_case", case_id=done))
        st.page_link("pages/50_Akutsager.py", label=t("nav.urgent_list"), icon=":material/list:")
        if st.button(t("urgent.new_button"), key=P + "again__btn"):
            forms.clear(P)
            st.rerun()
        return

    decision = services.create_decision(db, clock, user)       # URG-4, also for a deep link
    if not decision:
        st.error(reason(decision))
        return

    rights = [r for r in services.office_rights(db, clock, user) if r.create]
    by_office = {r.office_id: r for r in rights}
    forms.defaults({P + "office_id": rights[0].office_id})
    if st.session_state.get(P + "office_id") not in by_office:
        st.session_state[P + "office_id"] = rights[0].office_id
    if len(rights) > 1:
        st.selectbox(t("urgent.office"), list(by_office), key=P + "office_id",
                     format_func=lambda o: f"{by_office[o].company_name} · {by_office[o].office_name}")
    else:
        st.caption(f"{t('urgent.office')}: {rights[0].company_name} · {rights[0].office_name}")
    right = by_office[st.session_state[P + "office_id"]]
    assignable = services.assignable_offices(db, clock, user, right.office_id)
    office_names = {o["office_id"]: f"{o['company_name']} · {o['office_name']}" for o in assignable}
    # issue 16: one way to validate — required marked, the problem at its field by name, a summary
    # at the button; the refusal of a press stands at the fields until the next press
    labels = {"case_number": t("urgent.case_number"), "street": t("urgent.street"),
              "postcode": t("urgent.postcode"), "town": t("urgent.town"), "customer": t("urgent.customer"),
              "contact_name": t("urgent.contact_name"), "contact_phone": t("urgent.contact_phone"),
              "contact_email": t("urgent.contact_email"), "contact_type": t("urgent.contact_type"),
              "building_year": t("urgent.building_year"), "short_description": t("urgent.short_description"),
              "notes": t("urgent.notes"), "damage_date": t("urgent.damage_date"),
              "damage_time": t("urgent.damage_time"), "first_aid_office": t("urgent.task.first_aid"),
              "inspection_office": t("urgent.task.inspection")}
    check = forms.Check(P, {}, labels, required=("case_number", "street", "postcode", "town", "customer",
                                                 "contact_name", "contact_phone", "short_description",
                                                 "damage_date"))
    err, label = check.error, check.label

    with st.form(P + "form", border=True):
        if right.settings.may_edit_case_id:
            st.text_input(label("case_number"), key=P + "case_number",
                          help=t("urgent.case_number_help"))
            err("case_number")
        place_and_contact(P, check, clock, contact_required=True)
        c1, c2, c3 = st.columns(3)
        c1.date_input(label("damage_date"), key=P + "damage_date", value=None,
                      **forms.dates(clock, ZONE, keep=P + "damage_date"))     # Danish today, as the rule
        c2.time_input(t("urgent.damage_time"), key=P + "damage_time", value=None, step=300)
        c3.text_input(t("urgent.registered") + " *", value=dt(clock.now(), ZONE), disabled=True,
                      key="urg_registered_view")
        with c1:
            err("damage_date")
        st.markdown(f"**{t('urgent.tasks')}**")
        st.caption(t("urgent.tasks_help"))
        c1, c2 = st.columns(2)
        c1.selectbox(t("urgent.task.first_aid"), list(office_names), key=P + "first_aid_office", index=None,
                     format_func=office_names.get, placeholder=t("urgent.unassigned"))
        c2.selectbox(t("urgent.task.inspection"), list(office_names), key=P + "inspection_office", index=None,
                     format_func=office_names.get, placeholder=t("urgent.unassigned"))
        with c1:
            err("first_aid_office")
        with c2:
            err("inspection_office")
        check.summary()
        submitted = st.form_submit_button(t("urgent.add"), type="primary", on_click=check.attempt)

    if submitted:
        data = {f: st.session_state.get(P + f) for f in UrgentDraft.model_fields}
        if not right.settings.may_edit_case_id:
            data["case_number"] = None
        draft, model_errors = forms.build(UrgentDraft, data)
        try:
            if model_errors:
                raise FieldErrors(model_errors)
            case_id = services.create_urgent(db, clock, user, draft)
        except FieldErrors as e:
            check.refused(e.errors)
            st.rerun()
        except (PermissionDenied, Refused) as e:
            st.error(reason(e))
        else:
            forms.clear(P)
            st.session_state[P + "receipt"] = case_id
            feedback.flash(t("urgent.created", case_id=case_id))      # a toast too: the receipt replaces the form
            st.rerun()


def place_and_contact(prefix: str, check: forms.Check, clock, *, contact_required: bool) -> None:
    """The fields an urgent case (Ny akutsag) and a normal case (Ny sag, URG-13) share, inside
    their form: address, customer, contact, building year, short description and notes — each
    with its problem under it (`check`). The contact person is required on an urgent case only."""
    err, label = check.error, check.label
    st.text_input(label("street"), key=prefix + "street", placeholder=t("urgent.street"))
    err("street")
    c1, c2 = st.columns([1, 3])
    c1.text_input(label("postcode"), key=prefix + "postcode", placeholder="2300")
    c2.text_input(label("town"), key=prefix + "town")
    with c1:
        err("postcode")
    with c2:
        err("town")
    st.text_input(label("customer"), key=prefix + "customer")
    err("customer")
    st.markdown(f"**{t('urgent.contact')}" + (" \\*" if contact_required else "") + "**")
    c1, c2, c3, c4 = st.columns(4)
    c1.text_input(label("contact_name"), key=prefix + "contact_name")
    c2.text_input(label("contact_phone"), key=prefix + "contact_phone", placeholder="+45")
    c3.text_input(label("contact_email"), key=prefix + "contact_email")
    c4.selectbox(t("urgent.contact_type"), list(ContactType), key=prefix + "contact_type", index=None,
                 format_func={c: t(f"urgent.contact_type.{c.value}") for c in ContactType}.get,
                 placeholder=t("form.choose"))
    for column, name in ((c1, "contact_name"), (c2, "contact_phone"), (c3, "contact_email")):
        with column:
            err(name)
    st.number_input(t("urgent.building_year"), key=prefix + "building_year", value=None, min_value=1000,
                    max_value=local_time(clock.now()).year, step=1, format="%d")
    err("building_year")
    st.text_area(label("short_description") + " " + t("urgent.max_chars", n=Count(SHORT_DESCRIPTION_MAX)),
                 key=prefix + "short_description", height=100)
    err("short_description")
    st.text_area(t("urgent.notes") + " " + t("urgent.max_chars", n=Count(NOTES_MAX)), key=prefix + "notes",
                 height=150)
    err("notes")
