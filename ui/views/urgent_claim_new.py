"""Creating a normal case, pages/53_Ny_sag.py (URG-13): the receipt, and the form — required
fields marked, every error at its field by name, a summary at the button, nothing typed lost."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.errors import FieldErrors, Refused
from logic.urgent import services
from logic.urgent.model import ZONE, ClaimDraft
from ui import feedback, forms
from ui.i18n import reason, t
from ui.links import case_link
from ui.views.urgent_new import place_and_contact

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
        place_and_contact(P, check, clock, contact_required=False)
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
