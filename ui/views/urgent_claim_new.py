"""Creating a normal case, pages/53_Ny_sag.py (URG-13): the receipt, and the form — required
fields marked, every error at its field by name, a summary at the button, nothing typed lost."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.errors import FieldErrors, Refused
from logic.i18n import Count
from logic.urgent import services
from logic.urgent.model import NOTES_MAX, SHORT_DESCRIPTION_MAX, ZONE, ClaimDraft, ContactType
from logic.urgent.office_hours import local_time
from ui import feedback, forms
from ui.i18n import reason, t
from ui.links import case_link

P = "claim_new_"
LIST_PAGE = "pages/50_Akutsager.py"


def show(db, clock, user) -> None:
    forms.keep(P)

    done = st.session_state.get(P + "receipt")
    if done:
        feedback.take()
        st.success(t("urgent.claim_created", case_id=done), icon=":material/check_circle:")
        case_link(done, t("urgent.open_case", case_id=done))
        st.page_link(LIST_PAGE, label=t("nav.urgent_list"), icon=":material/list:")
        if st.button(t("urgent.new_claim_button"), key=P + "again__btn", icon=":material/add:"):
            forms.clear(P)
            st.rerun()
        return

    insurers = {i["id"]: i for i in services.claim_insurers(db, user)}
    if not insurers:
        st.error(t("urgent.no_portal"))
        return
    forms.defaults({P + "insurer_id": next(iter(insurers))})
    if st.session_state.get(P + "insurer_id") not in insurers:
        st.session_state[P + "insurer_id"] = next(iter(insurers))
    if len(insurers) > 1:
        st.selectbox(t("urgent.insurer"), list(insurers), key=P + "insurer_id", format_func=lambda i: insurers[i]["name"])
    else:
        st.caption(f"{t('urgent.insurer')}: {next(iter(insurers.values()))['name']}")
    insurer = insurers[st.session_state[P + "insurer_id"]]
    handlers = {h["username"]: h["name"] for h in insurer["handlers"]}
    if user.username in handlers:
        forms.defaults({P + "case_handler": user.username})      # the creator handles it, unless changed
    if st.session_state.get(P + "case_handler") not in handlers:
        st.session_state.pop(P + "case_handler", None)

    labels = {"case_number": t("urgent.case_number"), "street": t("urgent.street"),
              "postcode": t("urgent.postcode"), "town": t("urgent.town"), "customer": t("urgent.customer"),
              "contact_name": t("urgent.contact_name"), "contact_phone": t("urgent.contact_phone"),
              "contact_email": t("urgent.contact_email"), "contact_type": t("urgent.contact_type"),
              "building_year": t("urgent.building_year"), "short_description": t("urgent.short_description"),
              "notes": t("urgent.notes"), "damage_date": t("urgent.damage_date"),
              "case_handler": t("urgent.case_handler"), "insurer_id": t("urgent.insurer")}
    check = forms.Check(P, {}, labels, required=("case_number", "street", "postcode", "town", "customer",
                                                 "short_description", "damage_date", "case_handler"))
    err, label = check.error, check.label

    with st.form(P + "form", border=True):
        st.text_input(label("case_number"), key=P + "case_number", help=t("urgent.claim_case_number_help"))
        err("case_number")
        st.text_input(label("street"), key=P + "street")
        err("street")
        c1, c2 = st.columns([1, 3])
        c1.text_input(label("postcode"), key=P + "postcode", placeholder="2300")
        c2.text_input(label("town"), key=P + "town")
        with c1:
            err("postcode")
        with c2:
            err("town")
        st.text_input(label("customer"), key=P + "customer")
        err("customer")
        st.markdown(f"**{t('urgent.contact')}**")
        c1, c2, c3, c4 = st.columns(4)
        c1.text_input(t("urgent.contact_name"), key=P + "contact_name")
        c2.text_input(t("urgent.contact_phone"), key=P + "contact_phone", placeholder="+45")
        c3.text_input(t("urgent.contact_email"), key=P + "contact_email")
        c4.selectbox(t("urgent.contact_type"), list(ContactType), key=P + "contact_type", index=None,
                     format_func={c: t(f"urgent.contact_type.{c.value}") for c in ContactType}.get,
                     placeholder=t("form.choose"))
        for column, name in ((c1, "contact_name"), (c2, "contact_phone"), (c3, "contact_email")):
            with column:
                err(name)
        now_local = local_time(clock.now())
        st.number_input(t("urgent.building_year"), key=P + "building_year", value=None, min_value=1000,
                        max_value=now_local.year, step=1, format="%d")
        err("building_year")
        st.text_area(label("short_description") + " " + t("urgent.max_chars", n=Count(SHORT_DESCRIPTION_MAX)),
                     key=P + "short_description", height=100)
        err("short_description")
        st.text_area(t("urgent.notes") + " " + t("urgent.max_chars", n=Count(NOTES_MAX)), key=P + "notes", height=150)
        err("notes")
        c1, c2 = st.columns(2)
        c1.date_input(label("damage_date"), key=P + "damage_date", value=None,
                      **forms.dates(clock, ZONE, keep=P + "damage_date"))
        c2.selectbox(label("case_handler"), list(handlers), key=P + "case_handler",
                     **({} if P + "case_handler" in st.session_state else {"index": None}),
                     format_func=handlers.get, placeholder=t("form.choose"))
        with c1:
            err("damage_date")
        with c2:
            err("case_handler")
        err("insurer_id")
        check.summary()
        submitted = st.form_submit_button(t("urgent.add"), type="primary", on_click=check.attempt)

    if submitted:
        data = {f: st.session_state.get(P + f) for f in ClaimDraft.model_fields}
        draft, model_errors = forms.build(ClaimDraft, data)
        try:
            if model_errors:
                raise FieldErrors(model_errors)
            case_id = services.create_case(db, clock, user, draft)
        except FieldErrors as e:
            check.refused(e.errors)
            st.rerun()
        except (PermissionDenied, Refused) as e:
            st.error(reason(e))
        else:
            forms.clear(P)
            st.session_state[P + "receipt"] = case_id
            feedback.flash(t("urgent.claim_created", case_id=case_id))
            st.rerun()
