"""One certificate: the self-saving draft form (CERT-4), the lock (CERT-5), signing, sending,
voiding, copying, printing (CERT-6 … CERT-10), questions with Försäkringskassan (CERT-11)
and the case log. Used by pages/41_Intyg_utkast.py and by the case page for kind
"certificate"."""
from __future__ import annotations


import streamlit as st

from logic.access import PermissionDenied
from logic.certificates import services
from logic.certificates.model import CertAction, Status
from logic.errors import Refused
from logic.identity import format_id
from ui import case_document, case_log, feedback
from ui import certificates as cu
from ui.format import day, dt, md_escape
from ui.i18n import reason, t
from ui.views.certificate_actions import _actions, _print
from ui.views.certificate_common import _prefix
from ui.views.certificate_form import _completeness, _draft_form, _read_only
from ui.views.certificate_questions import _questions


def show(p, case_id: str) -> None:
    user, db, clock = p.user, p.db, p.clock
    unit_id = cu.active_unit(p, draw=False)   # drawn once the certificate may be shown
    P = _prefix(case_id)
    # Widgets not drawn in a run leave session_state: without the print button's key this is
    # a new visit (not a rerun after a field saved itself). A visit is logged in the access
    # log, and editing starts from the version it shows.
    fresh = P + "print__btn" not in st.session_state
    try:
        cert = services.get_certificate(db, clock, user, case_id, unit_id=unit_id, log_view=fresh)
    except (PermissionDenied, Refused) as e:
        st.error(reason(e))
        return
    cu.active_unit(p)
    if fresh:
        st.session_state[P + "_version"] = cert["version"]
        for key in ("_save_error", "_saved_at"):
            st.session_state.pop(P + key, None)
    msg = feedback.take()      # the last action's message: a toast, and in place below
    feedback.at(msg)

    status = cert["effective_status"]
    st.header(cu.type_name(cert))
    c1, c2 = st.columns([3, 2])
    with c1:
        authority = t("cert.authority." + cert["authority"])
        mina = (" · " + t("cert.in_mina_intyg")) if cert.get("in_mina_intyg") else ""
        st.caption(f"{t('cert.number')} {cert['id']} · {authority}{mina}")
        if cert["person_visible"]:
            st.markdown(f"**{format_id(cert['patient_id'])}** · {md_escape(cert['patient_name'])}")
            if cert["protected_identity"]:
                st.badge(t("cert.protected_identity"), icon=":material/shield:", color="violet")
            if cert.get("patient_id_kind") == "reservnummer":
                st.badge(t("cert.reserve_number_badge"), icon=":material/badge:", color="orange",
                         help=t("cert.reserve_number_note"))
    with c2:
        cu.status_badge(status)
    facts = [(t("cert.created"), dt(cert["created_at"], user.tz)),
             (t("cert.responsible"), cert.get("assignee_name") or cert.get("assignee") or ""),
             (t("cert.unit"), cert.get("unit_name") or cert.get("unit_id") or "")]
    if Status(status).is_draft:
        facts.append((t("cert.lock_day"), day(cert["lock_day"])))
    elif cert.get("signed_at"):
        facts.append((t("cert.signed"), dt(cert["signed_at"], user.tz)))
    case_document.facts(facts)
    _relations(cert)
    if not cert["person_visible"]:
        st.info(t("cert.content_hidden"))
        case_log.show(db, case_id, user)
        return

    decisions = cert["decisions"]
    if status == Status.DELETED.value:
        st.info(t("cert.deleted"), icon=":material/delete:")
        case_log.show(db, case_id, user)
        return
    if status == Status.LOCKED.value:
        st.warning(t("cert.locked_banner", day=day(cert["lock_day"])), icon=":material/lock:")
    if status == Status.VOIDED.value:
        st.error(t("cert.voided_banner", reason=cert.get("void_reason") or ""), icon=":material/block:")
    if cert.get("paper_to_police") and status == Status.SIGNED.value:
        st.warning(t("cert.police_banner"), icon=":material/local_police:")
    elif cert.get("paper_only"):
        # CERT-6/8: a type sent automatically on signing that may not go electronically here
        if status == Status.SIGNED.value:
            st.warning(t("cert.paper_banner", authority=authority), icon=":material/print:")
        elif status in (Status.EMPTY.value, Status.DRAFT.value):
            st.info(t("cert.paper_on_signing", authority=authority), icon=":material/print:")

    _completion(cert, status)
    if decisions[CertAction.EDIT]:
        _draft_form(p, cert)
    else:
        _read_only(cert)
    if Status(status).is_draft and status != Status.LOCKED.value:
        _completeness(cert)
    _actions(p, cert, unit_id, msg)
    _print(p, cert)
    offers = cert["offers"]          # CERT-11: a sent FK certificate may be asked about (rule_ask)
    if offers[CertAction.ASK] or (cert["authority"] == "FK" and offers[CertAction.ANSWER]):
        _questions(p, cert, unit_id, msg)
    case_log.show(db, case_id, user)


def _relations(cert: dict) -> None:
    for column, key in (("copied_from", "cert.copied_from"), ("replaces", "cert.replaces"),
                        ("replaced_by", "cert.replaced_by"), ("completes", "cert.completes"),
                        ("completed_by", "cert.completed_by")):
        if cert.get(column):
            cu.link(cert[column], t(key, case_id=cert[column]))


def _completion(cert: dict, status: str) -> None:
    """CERT-13/14: the original says it was completed by the new version; a completing draft says
    what it completes and shows Försäkringskassan's completion requests next to the form."""
    if cert.get("completed_by"):
        st.info(t("cert.completed_banner", case_id=cert["completed_by"]), icon=":material/task_alt:")
    if not cert.get("completes") or not Status(status).is_draft:
        return
    st.info(t("cert.completion_draft_info", case_id=cert["completes"]), icon=":material/edit_note:")
    for q in cert.get("completion_requests") or []:
        with st.container(border=True):
            cu.direction_badge(True, t("cert.completion_requests"))
            if q.get("reply_by"):
                st.caption(f"{t('cert.reply_by')}: {day(q['reply_by'])}")
            st.text(q["text"])
