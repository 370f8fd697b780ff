"""The certificate's actions, as its decisions allow: sign, delete, copy a locked draft (CERT-5),
send with consent (CERT-7), hand to the police (CERT-9), replace, void, and print (CERT-10)."""
from __future__ import annotations


import streamlit as st

from logic.access import PermissionDenied
from logic.certificates import services
from logic.certificates.model import CertAction, Status
from logic.errors import Conflict, FieldErrors, Refused
from ui import certificates as cu
from ui import confirm, feedback
from ui.i18n import lang, reason, t
from ui.views.certificate_common import _error_text, _prefix
from ui.views.certificate_form import draft_check


PLACE = "cert_actions"      # where the actions' messages show (ui.feedback)


def _run(case_id: str, fn, done: str, *, opens_new: bool = False) -> None:
    """Run a service; say `done` at the actions (on the new certificate when one was made), or
    the refusal."""
    try:
        result = fn()
    except (Conflict, Refused, PermissionDenied, FieldErrors) as e:
        feedback.flash(_error_text(e), kind="error", place=PLACE)
        st.rerun()
    if opens_new:
        feedback.flash(done)
        st.switch_page(cu.CERT_PAGE, query_params={"id": result})
    feedback.flash(done, place=PLACE)
    st.rerun()


def _action_button(cert: dict, action: CertAction, label_key: str, *, primary: bool = False,
                   show_refusal: bool = True) -> bool:
    decision = cert["decisions"][action]
    clicked = st.button(t(label_key), key=f"{_prefix(cert['id'])}{action.value}__btn",
                        type="primary" if primary and decision else "secondary",
                        disabled=not decision, help=None if decision else reason(decision))
    if not decision and show_refusal:
        st.caption(reason(decision))
    return clicked


def _actions(p, cert: dict, unit_id: str | None, msg: feedback.Message | None = None) -> None:
    user, db, clock = p.user, p.db, p.clock
    case_id, version = cert["id"], cert["version"]
    status = Status(cert["effective_status"])
    d = cert["decisions"]
    offers = cert["offers"]          # what the status machine offers (the rules), not re-derived here
    P = _prefix(case_id)
    st.subheader(t("cert.actions"))
    feedback.at(msg, PLACE)
    if offers[CertAction.DELETE]:        # an open draft (rule_delete): sign it or delete it
        c1, c2 = st.columns([2, 1])
        completes = cert.get("completes")     # CERT-14: a completion is signed and sent in one step
        with c1:
            check = draft_check(cert)
            if cert["errors"] and not d[CertAction.SIGN] and d[CertAction.EDIT]:
                # incomplete: the press shows what is missing at each field and here (issue 16 item 6)
                st.button(t("cert.sign"), key=P + "sign__btn", type="primary", on_click=check.attempt)
                check.summary()
            elif _action_button(cert, CertAction.SIGN, "cert.sign_send" if completes else "cert.sign", primary=True):
                confirm.request(P + "sign")
        with c2:
            if st.button(t("cert.delete"), key=P + "delete__btn", icon=":material/delete:",
                         disabled=not d[CertAction.DELETE]):
                confirm.request(P + "delete")
        if completes:
            confirm.dialog(P + "sign", title=t("cert.sign_send_confirm_title"),
                           text=t("cert.sign_send_confirm_text", case_id=case_id, original=completes),
                           yes=t("cert.sign_send_yes"),
                           on_yes=lambda _: _run(case_id, lambda: services.sign(db, clock, user, case_id, version),
                                                 t("cert.sign_sent_ok")))
        else:
            confirm.dialog(P + "sign", title=t("cert.sign_confirm_title"),
                           text=t("cert.sign_confirm_text", case_id=case_id), yes=t("cert.sign_confirm_yes"),
                           on_yes=lambda _: _run(case_id, lambda: services.sign(db, clock, user, case_id, version),
                                                 t("cert.signed_ok")))
        confirm.dialog(P + "delete", title=t("cert.delete"), text=t("cert.delete_confirm"),
                       yes=t("cert.delete_yes"), danger=True,
                       on_yes=lambda _: _run(case_id, lambda: services.delete_draft(db, clock, user, case_id, version),
                                             t("cert.deleted_ok")))
    if offers[CertAction.COPY]:          # a locked draft (rule_copy)
        st.caption(t("cert.locked_help"))
        if _action_button(cert, CertAction.COPY, "cert.copy", primary=True):
            confirm.request(P + "copy")          # issue 16 item 7: says what will happen first
        confirm.dialog(P + "copy", title=t("cert.copy_confirm_title"),
                       text=t("cert.copy_confirm_text", case_id=case_id), yes=t("cert.copy_confirm_yes"),
                       on_yes=lambda _: _run(case_id, lambda: services.copy_locked(db, clock, user, case_id,
                                                                                   unit_id=unit_id or ""),
                                             t("cert.copied_ok"), opens_new=True))
        # a locked draft can be neither edited, signed nor deleted (CERT-5)
        for action, key in ((CertAction.SIGN, "cert.sign"), (CertAction.DELETE, "cert.delete")):
            _action_button(cert, action, key)
    if status is Status.SIGNED:
        _send_form(p, cert)
        if cert.get("paper_to_police") and _action_button(cert, CertAction.HAND_TO_POLICE, "cert.hand_to_police"):
            confirm.request(P + "police")        # cannot be undone: asked first (issue 16 item 7)
        confirm.dialog(P + "police", title=t("cert.police_confirm_title"),
                       text=t("cert.police_confirm_text", case_id=case_id), yes=t("cert.police_confirm_yes"),
                       on_yes=lambda _: _run(case_id, lambda: services.hand_to_police(db, clock, user, case_id, version),
                                             t("cert.police_ok")))
    # CERT-16: while FK's completion request waits, Ersätt is shown refused with its reason
    replace_blocked = offers[CertAction.REPLACE].reason == "cert.replace_open_completion"
    if offers[CertAction.REPLACE] or replace_blocked:
        if _action_button(cert, CertAction.REPLACE, "cert.replace", show_refusal=replace_blocked):
            confirm.request(P + "replace")
        confirm.dialog(P + "replace", title=t("cert.replace_confirm_title"),
                       text=t("cert.replace_confirm_text", case_id=case_id), yes=t("cert.replace_confirm_yes"),
                       on_yes=lambda _: _run(case_id, lambda: services.replace(db, clock, user, case_id,
                                                                               unit_id=unit_id or ""),
                                             t("cert.replace_ok"), opens_new=True))
    if offers[CertAction.VOID]:
        with st.expander(t("cert.void"), icon=":material/block:"):
            with st.form(P + "void_form"):
                text = st.text_area(t("cert.void_reason"), key=P + "void_reason_input")
                if st.form_submit_button(t("cert.void_button"), disabled=not d[CertAction.VOID]):
                    if text.strip():
                        confirm.request(P + "void", text)
                    else:      # nothing to confirm: the service refuses an empty reason, at the field
                        _void(p, cert, text)
            if not d[CertAction.VOID]:
                st.caption(reason(d[CertAction.VOID]))
        confirm.dialog(P + "void", title=t("cert.void_button"), text=t("cert.void_confirm_text", case_id=case_id),
                       yes=t("cert.void_confirm_yes"), danger=True, on_yes=lambda text: _void(p, cert, text))


def _void(p, cert: dict, text: str) -> None:
    try:
        services.void(p.db, p.clock, p.user, cert["id"], text, cert["version"])
    except FieldErrors as e:     # at the field, the reason kept in it
        st.error(t(e.errors.get("void_reason", "form.invalid")), icon=":material/error:")
    except (Conflict, Refused, PermissionDenied) as e:
        feedback.flash(_error_text(e), kind="error", place=PLACE)
        st.rerun()
    else:
        feedback.flash(t("cert.voided_ok"), place=PLACE)
        st.rerun()


def _send_form(p, cert: dict) -> None:
    """CERT-7: only with the patient's consent confirmed."""
    d = cert["decisions"][CertAction.SEND]
    P = _prefix(cert["id"])
    authority = t(f"cert.authority.{cert['authority']}")
    if not d:
        st.info(reason(d), icon=":material/info:")
        if cert.get("in_mina_intyg"):
            st.caption(t("cert.patient_sends_from_mina_intyg"))
        return
    with st.form(P + "send_form"):
        consent = st.checkbox(t("cert.consent", authority=authority), key=P + "consent")
        st.caption(t("cert.consent_help"))
        if st.form_submit_button(t("cert.send", authority=authority), type="primary"):
            if consent:
                confirm.request(P + "send", consent)
            else:      # nothing to confirm: the service refuses without consent, at the field
                _send(p, cert, consent, authority)
    confirm.dialog(P + "send", title=t("cert.send", authority=authority),
                   text=t("cert.send_confirm_text", case_id=cert["id"], authority=authority),
                   yes=t("cert.send_confirm_yes"), on_yes=lambda consent: _send(p, cert, consent, authority))


def _send(p, cert: dict, consent: bool, authority: str) -> None:
    try:
        services.send(p.db, p.clock, p.user, cert["id"], consent=consent, expected_version=cert["version"])
    except FieldErrors as e:
        st.error(t(e.errors.get("consent", "form.invalid")), icon=":material/error:")
    except (Conflict, Refused, PermissionDenied) as e:
        st.error(_error_text(e))
    else:
        feedback.flash(t("cert.sent_ok", authority=authority), place=PLACE)
        st.rerun()


def _print(p, cert: dict) -> None:
    """CERT-10: the PDF is built on request, shown, and not stored."""
    P = _prefix(cert["id"])
    if not cert["decisions"][CertAction.PRINT]:
        return
    if st.button(t("cert.print"), key=P + "print__btn", icon=":material/print:"):
        try:
            st.session_state[P + "_pdf"] = services.print_certificate(p.db, p.clock, p.user, cert["id"],
                                                                      lang=lang(), tz=p.user.tz)
        except (Refused, PermissionDenied) as e:
            st.error(reason(e))
    data = st.session_state.pop(P + "_pdf", None)
    if data:
        st.caption(t("cert.print_note"))
        # Shown inline by streamlit-pdf (a dependency; its viewer and pdf.js are served from the
        # package, nothing is fetched from outside): the PDF is held in the server's memory for
        # this view only. The button opens the same PDF for the browser's own viewer and printing.
        st.pdf(data, height=700, key=P + "pdf_view", alt=t("cert.pdf_viewer_alt", case_id=cert["id"]))
        st.download_button(t("cert.open_pdf"), data, file_name=f"{cert['id']}.pdf", mime="application/pdf",
                           key=P + "pdf__btn", icon=":material/picture_as_pdf:", on_click="ignore")
