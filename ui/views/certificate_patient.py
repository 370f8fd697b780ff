"""Certificates from the patient, pages/40_Intyg.py (CERT-2, CERT-3, CERT-8, CERT-12): the missing
prerequisites, the patient search (and registering one not in the register), the patient's
certificates, and creating a new one by choosing a type — or cancelling, which creates nothing."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.certificates import rules, services
from logic.certificates.model import Patient
from logic.errors import FieldErrors, Refused
from logic.identity import format_id
from ui import certificates as cu
from ui import forms
from ui.format import dt, md_escape
from ui.i18n import lang, reason, t

P = "certp_"


def show(db, clock, user, unit_id: str) -> None:
    """The page for the physician on `unit_id` (the unit chosen in the sidebar)."""
    # CERT-2: name every missing prerequisite before the physician starts.
    missing = services.missing_prerequisites(db, user, unit_id)
    if missing:
        st.warning(t("cert.pre.intro") + " " + " ".join(t(k) for k in missing), icon=":material/gpp_maybe:")

    # issue 16 item 6: a number that cannot be a person's is said at the field, by its name
    search_check = forms.Check(P + "search_", {"patient_id": st.session_state[P + "search_error"]}
                               if st.session_state.get(P + "search_error") else {},
                               {"patient_id": t("cert.search_patient")})
    with st.form(P + "search_form"):
        c1, c2 = st.columns([4, 1])
        raw = c1.text_input(t("cert.search_patient"), key=P + "raw",
                            placeholder="ÅÅÅÅMMDD-NNNN", help=t("cert.search_patient_help"))
        with c1:
            search_check.error("patient_id")
        c2.write("")
        searched = c2.form_submit_button(t("form.search"), icon=":material/search:", type="primary")
    if searched:
        st.session_state.pop(P + "patient", None)
        st.session_state.pop(P + "not_found", None)
        st.session_state.pop(P + "search_error", None)
        try:
            found = services.find_patient(db, clock, user, unit_id, raw)
        except Refused as e:
            st.session_state[P + "search_error"] = e.key
            st.rerun()                    # drawn at the field, what was typed kept in it
        else:
            if found:
                st.session_state[P + "patient"] = found["id"]
            else:
                st.session_state[P + "not_found"] = raw

    # ------------------------------------------------------------------ not in the register
    not_found = st.session_state.get(P + "not_found")
    if not_found:
        st.info(t("cert.patient_not_in_register"))
        check = forms.Check(P + "register_", {}, {"patient_id": t("cert.search_patient"),
                                                  "name": t("cert.patient_name")}, required={"patient_id", "name"})
        with st.form(P + "register_form"):
            st.text_input(check.label("patient_id"), value=not_found, disabled=True)
            check.error("patient_id")
            name = st.text_input(check.label("name"), key=P + "new_name")
            check.error("name")
            protected = st.checkbox(t("cert.protected_identity"), key=P + "new_protected")
            check.summary()
            if st.form_submit_button(t("cert.register_patient"), on_click=check.attempt):
                try:
                    row = services.register_patient(db, clock, user, unit_id, not_found, name, protected)
                except FieldErrors as e:      # at their fields, the name kept (issue 16 item 6)
                    check.refused(e.errors)
                    st.rerun()
                except PermissionDenied as e:
                    st.error(reason(e))
                else:
                    st.session_state.pop(P + "not_found", None)
                    st.session_state[P + "patient"] = row["id"]
                    st.rerun()

    patient_id = st.session_state.get(P + "patient")
    if not patient_id:
        return

    # Logged when the list is first shown for this patient, not on every rerun while choosing a type
    # (the type selectbox's key exists only while the list is on screen).
    first_view = searched or st.session_state.get(P + "logged") != patient_id or P + "type" not in st.session_state
    try:
        patient = services.find_patient(db, clock, user, unit_id, patient_id)
        rows = services.list_for_patient(db, clock, user, unit_id, patient_id, log_view=first_view)
    except (PermissionDenied, Refused) as e:
        st.error(reason(e))
        return

    st.session_state[P + "logged"] = patient_id
    st.subheader(f"{format_id(patient['id'])} · {md_escape(patient['name'])}")
    if patient["protected_identity"]:
        st.badge(t("cert.protected_identity"), icon=":material/shield:", color="violet")
    if patient["id_kind"] == "reservnummer":
        st.badge(t("cert.reserve_number_badge"), icon=":material/badge:", color="orange")
        st.info(t("cert.reserve_number_note"), icon=":material/print:")    # CERT-8
    elif patient["id_kind"] == "samordningsnummer":
        st.badge(t("cert.coordination_number_badge"), color="gray")

    # ------------------------------------------------------------------ CERT-12 the patient's certificates
    st.markdown(f"#### {t('cert.patient_list')}")
    if not rows:
        st.caption(t("cert.patient_list_empty"))
    else:
        widths = [2, 4, 2, 3, 3, 3]
        cu.header_row(widths, ("cert.col.datetime", "cert.col.form", "cert.col.status", "cert.col.unit",
                               "cert.col.recipient", "cert.col.number"))
        for row in rows:
            cols = st.columns(widths)
            cols[0].text(dt(row["created_at"], user.tz))
            cols[1].text(cu.type_name(row))
            cols[2].text(cu.status_label(row["effective_status"]))
            cols[3].text(row.get("unit_name") or row["unit_id"])
            cols[4].text(cu.recipient(row))
            with cols[5]:
                if row["may_open"]:
                    cu.link(row["id"], key=f"pat_{row['id']}")
                else:
                    st.text(row["id"])

    # ------------------------------------------------------------------ CERT-3 create
    st.markdown(f"#### {t('cert.new')}")
    types = services.certificate_types(db)
    type_codes = [x.code for x in types]
    by_code = {x.code: x for x in types}
    with st.expander(t("cert.types_overview")):
        st.dataframe([{t("cert.col.form"): x.name(lang()), t("cert.col.authority"): t(f"cert.authority.{x.authority.value}"),
                       t("cert.col.mina_intyg"): t("form.yes") if x.mina_intyg else t("form.no")} for x in types],
                     hide_index=True, width="stretch")
    docs = services.physicians(db, unit_id)
    doc_ids = [d["username"] for d in docs]
    chosen_now = st.session_state.get(P + "type")
    check = forms.Check(P + "create_", {} if chosen_now else {"type": forms.REQUIRED},
                        {"type": t("cert.choose_type"), "responsible": t("cert.responsible")},
                        required={"type", "responsible"})
    c1, c2 = st.columns([3, 2])
    chosen = c1.selectbox(check.label("type"), type_codes, index=None, key=P + "type",
                          format_func=lambda c: by_code[c].name(lang()), placeholder=t("form.choose"))
    with c1:
        check.error("type")
    responsible = c2.selectbox(check.label("responsible"), doc_ids, key=P + "responsible",
                               index=doc_ids.index(user.username) if user.username in doc_ids else 0,
                               format_func=lambda u: next(d["name"] for d in docs if d["username"] == u),
                               help=t("cert.responsible_help"))
    with c2:
        check.error("responsible")
    if chosen:
        x = by_code[chosen]
        mina = rules.in_mina_intyg(x, Patient.from_row(patient))
        st.caption(t("cert.type_info", authority=t(f"cert.authority.{x.authority.value}"),
                     mina=t("form.yes") if mina else t("form.no")))
    error = st.session_state.pop(P + "create_error", None)
    if error:
        st.error(error, icon=":material/error:")
    check.summary()
    b1, b2, _ = st.columns([1, 1, 4])
    if b1.button(t("cert.create"), key=P + "create__btn", type="primary", on_click=check.attempt) and chosen:
        try:
            case_id = services.create_certificate(db, clock, user, unit_id=unit_id, patient_id=patient_id,
                                                  type_code=chosen, responsible=responsible)
        except (PermissionDenied, Refused) as e:
            st.session_state[P + "create_error"] = reason(e)
            st.rerun()
        except FieldErrors as e:          # e.g. the responsible is not a physician on the unit: at that field
            check.refused(e.errors)
            st.rerun()
        else:
            st.switch_page(cu.CERT_PAGE, query_params={"id": case_id})

    def _cancel() -> None:
        """CERT-3: cancel creates nothing — it only clears the choice."""
        st.session_state[P + "type"] = None

    b2.button(t("form.cancel"), key=P + "cancel__btn", on_click=_cancel)
