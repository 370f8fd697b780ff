"""One certificate: the self-saving draft form (CERT-4), the lock (CERT-5), signing, sending,
voiding, copying, printing (CERT-6 … CERT-10), questions with Försäkringskassan (CERT-11)
and the case log. Used by pages/41_Intyg_utkast.py and by the case page for kind
"certificate"."""
from __future__ import annotations

from datetime import date

import streamlit as st

from logic.access import PermissionDenied
from logic.certificates import fields, services
from logic.certificates.fields import DEGREES, Kind
from logic.certificates.model import QUESTION_TOPICS, CertAction, Status
from logic.errors import Conflict, FieldErrors, Refused
from logic.identity import format_id
from ui import case_log, forms
from ui import certificates as cu
from ui.case_views import register
from ui.format import day, dt, md_escape
from ui.i18n import lang, reason, t

def _prefix(case_id: str) -> str:
    return f"cert_{case_id}_"


def _flash(case_id: str, text: str, kind: str = "success") -> None:
    st.session_state[_prefix(case_id) + "_flash"] = (kind, text)


def _error_text(e: Exception) -> str:
    if isinstance(e, Conflict):
        return t(e.key)
    if isinstance(e, FieldErrors):
        return " ".join(t(v) for v in e.errors.values())
    return reason(e)


@register("certificate")
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
    flash = st.session_state.pop(P + "_flash", None)
    if flash:
        getattr(st, flash[0])(flash[1])

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
    for col, (label, value) in zip(st.columns(len(facts)), facts):
        col.caption(label)
        col.markdown(f"**{md_escape(value)}**")
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

    if decisions[CertAction.EDIT]:
        _draft_form(p, cert)
    else:
        _read_only(cert)
    if Status(status).is_draft and status != Status.LOCKED.value:
        _completeness(cert)
    _actions(p, cert, unit_id)
    _print(p, cert)
    offers = cert["offers"]          # CERT-11: a sent FK certificate may be asked about (rule_ask)
    if offers[CertAction.ASK] or (cert["authority"] == "FK" and offers[CertAction.ANSWER]):
        _questions(p, cert, unit_id)
    case_log.show(db, case_id, user)


def _relations(cert: dict) -> None:
    for column, key in (("copied_from", "cert.copied_from"), ("replaces", "cert.replaces"),
                        ("replaced_by", "cert.replaced_by")):
        if cert.get(column):
            cu.link(cert[column], t(key, case_id=cert[column]))


# ------------------------------------------------------------------ the draft form (CERT-4)


def _widget_value(spec: fields.Field, value):
    if spec.kind is Kind.DATE:
        return fields.parse_date(value) if value else None
    if spec.kind is Kind.CHOICE:
        return value if value in spec.options else None
    return value or ""


def _autosave(p, case_id: str, name: str, value) -> None:
    P = _prefix(case_id)
    field_errors = st.session_state.setdefault(P + "_field_errors", {})
    try:
        version = services.save_field(p.db, p.clock, p.user, case_id, name, value, st.session_state[P + "_version"])
    except FieldErrors as e:
        field_errors.update(e.errors)        # at the field; what was typed stays in it
        return
    except (Conflict, Refused, PermissionDenied) as e:
        st.session_state[P + "_save_error"] = _error_text(e)
        return
    field_errors.pop(name, None)
    st.session_state[P + "_version"] = version
    st.session_state[P + "_saved_at"] = dt(p.clock.now(), p.user.tz, "%H:%M:%S")
    st.session_state.pop(P + "_save_error", None)


def _on_field(p, case_id: str, spec: fields.Field) -> None:
    value = st.session_state.get(_prefix(case_id) + spec.name)
    if spec.kind is Kind.DATE and isinstance(value, date):
        value = value.isoformat()
    _autosave(p, case_id, spec.name, value)


def _periods_from_state(case_id: str) -> list[dict]:
    P = _prefix(case_id)
    out = []
    for degree in DEGREES:
        start, end = st.session_state.get(f"{P}sick_leave_{degree}_from"), st.session_state.get(f"{P}sick_leave_{degree}_to")
        if start or end:
            out.append({"degree": degree, "from": start.isoformat() if start else None,
                        "to": end.isoformat() if end else None})
    return out


def _on_periods(p, case_id: str) -> None:
    _autosave(p, case_id, "sick_leave", _periods_from_state(case_id))


def _forget_typed(case_id: str) -> None:
    """After a conflict: drop what this session typed and show what is stored (a callback, so
    it runs before any widget of the page exists)."""
    P = _prefix(case_id)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(P)]:
        del st.session_state[key]


def _draft_form(p, cert: dict) -> None:
    case_id = cert["id"]
    P = _prefix(case_id)
    st.session_state.setdefault(P + "_version", cert["version"])
    content, errors = cert["content"], cert["errors"]
    save_error = st.session_state.get(P + "_save_error")
    if save_error:
        st.error(save_error)
        st.button(t("cert.reload"), key=P + "_reload__btn", on_click=_forget_typed, args=(case_id,))
    saved = st.session_state.get(P + "_saved_at")
    st.caption(t("cert.autosave_note") + (" · " + t("cert.saved_at", time=saved) if saved else ""),
               help=t("cert.autosave_help"))
    for spec in fields.form(cert["type_code"]):
        label = t(f"cert.field.{spec.name}") + ("" if spec.required else f" ({t('cert.optional')})")
        help_text = t(f"cert.help.{spec.name}")
        key = P + spec.name
        if spec.kind is Kind.PERIODS:
            _periods_widget(p, cert, label, help_text)
        else:
            # The value is passed on every run (never written into session_state): a browser
            # that missed an earlier run still shows what is stored, and a field being typed
            # in while another one saves is never overwritten by the server.
            current = st.session_state[key] if key in st.session_state else \
                _widget_value(spec, content.get(spec.name))
            kwargs = dict(key=key, help=help_text, on_change=_on_field, args=(p, case_id, spec))
            # No max_chars: a paste is taken whole and the field says when it is too long.
            if spec.kind is Kind.TEXTAREA:
                st.text_area(label, value=current, height=110, **kwargs)
            elif spec.kind in (Kind.TEXT, Kind.ICD10):
                st.text_input(label, value=current,
                              placeholder=t("cert.icd10_placeholder") if spec.kind is Kind.ICD10 else None,
                              **kwargs)
            elif spec.kind is Kind.DATE:
                st.date_input(label, value=current, format="YYYY-MM-DD", **kwargs,
                              **forms.dates(p.clock, p.user.tz, years_ahead=0 if spec.not_future else 10,
                                            keep=current))
            elif spec.kind is Kind.CHOICE:
                st.radio(label, list(spec.options), index=spec.options.index(current) if current in spec.options
                         else None, horizontal=len(spec.options) <= 3,
                         format_func=lambda o, n=spec.name: t(f"cert.opt.{n}.{o}"), **kwargs)
        problem = (st.session_state.get(P + "_field_errors") or {}).get(spec.name) or errors.get(spec.name)
        if problem and problem != fields.REQUIRED:
            st.error(t(problem), icon=":material/error:")


def _periods_widget(p, cert: dict, label: str, help_text: str) -> None:
    case_id = cert["id"]
    P = _prefix(case_id)
    stored = {x.get("degree"): x for x in (cert["content"].get("sick_leave") or []) if isinstance(x, dict)}
    st.markdown(f"**{label}**", help=help_text)
    for degree in DEGREES:
        row = stored.get(degree, {})
        c1, c2, c3 = st.columns([1, 3, 3])
        c1.markdown(f"{t('cert.degree_row', degree=degree)}")
        for col, part, label_key in ((c2, "from", "cert.period_from"), (c3, "to", "cert.period_to")):
            key = f"{P}sick_leave_{degree}_{part}"
            current = st.session_state[key] if key in st.session_state else \
                (fields.parse_date(row.get(part)) if row.get(part) else None)
            col.date_input(t(label_key), value=current, format="YYYY-MM-DD", key=key,
                           on_change=_on_periods, args=(p, case_id),
                           **forms.dates(p.clock, p.user.tz, years_ahead=10, keep=current))


def _completeness(cert: dict) -> None:
    """CERT-4: whether the draft is complete enough to sign, and what is missing."""
    errors = cert["errors"]
    if not errors:
        st.success(t("cert.complete"), icon=":material/task_alt:")
        return
    names = [t(f"cert.field.{f}") for f, key in errors.items() if key == fields.REQUIRED]
    wrong = [t(f"cert.field.{f}") for f, key in errors.items() if key != fields.REQUIRED]
    parts = []
    if names:
        parts.append(t("cert.missing", fields=", ".join(names)))
    if wrong:
        parts.append(t("cert.wrong", fields=", ".join(wrong)))
    st.info(" ".join(parts), icon=":material/pending:")


def _read_only(cert: dict) -> None:
    content = cert["content"]
    rows = []
    for spec in fields.form(cert["type_code"]):
        value = content.get(spec.name)
        if fields.is_blank(value):
            shown = ""
        elif spec.kind is Kind.CHOICE:
            shown = t(f"cert.opt.{spec.name}.{value}")
        elif spec.kind is Kind.PERIODS:
            shown = "; ".join(f"{x.get('degree')} %: {x.get('from') or '?'} – {x.get('to') or '?'}"
                              for x in value if not fields.is_blank_period(x))
        else:
            shown = str(value)
        rows.append({t("cert.field"): t(f"cert.field.{spec.name}"), t("cert.value"): shown})
    # st.dataframe shows values as plain text: typed text can never become HTML.
    st.dataframe(rows, hide_index=True, width="stretch", height=35 * (len(rows) + 1) + 3)


# ------------------------------------------------------------------ actions


def _run(case_id: str, fn, done: str, *, opens_new: bool = False) -> None:
    """Run a service; on success flash `done` (on the new certificate when one was made)."""
    try:
        result = fn()
    except (Conflict, Refused, PermissionDenied, FieldErrors) as e:
        st.session_state[_prefix(case_id) + "_action_error"] = _error_text(e)
        st.rerun()
    st.session_state.pop(_prefix(case_id) + "_action_error", None)
    if opens_new:
        _flash(result, done)
        st.switch_page(cu.CERT_PAGE, query_params={"id": result})
    _flash(case_id, done)
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


def _actions(p, cert: dict, unit_id: str | None) -> None:
    user, db, clock = p.user, p.db, p.clock
    case_id, version = cert["id"], cert["version"]
    status = Status(cert["effective_status"])
    d = cert["decisions"]
    offers = cert["offers"]          # what the status machine offers (the rules), not re-derived here
    P = _prefix(case_id)
    error = st.session_state.pop(P + "_action_error", None)
    if error:
        st.error(error)
    st.subheader(t("cert.actions"))
    if offers[CertAction.DELETE]:        # an open draft (rule_delete): sign it or delete it
        c1, c2 = st.columns([2, 1])
        with c1:
            if _action_button(cert, CertAction.SIGN, "cert.sign", primary=True):
                _run(case_id, lambda: services.sign(db, clock, user, case_id, version), t("cert.signed_ok"))
        with c2:
            with st.popover(t("cert.delete"), icon=":material/delete:", disabled=not d[CertAction.DELETE]):
                st.write(t("cert.delete_confirm"))
                if st.button(t("cert.delete_yes"), key=P + "delete_yes__btn", type="primary"):
                    _run(case_id, lambda: services.delete_draft(db, clock, user, case_id, version),
                         t("cert.deleted_ok"))
    if offers[CertAction.COPY]:          # a locked draft (rule_copy)
        st.caption(t("cert.locked_help"))
        if _action_button(cert, CertAction.COPY, "cert.copy", primary=True):
            _run(case_id, lambda: services.copy_locked(db, clock, user, case_id, unit_id=unit_id or ""),
                 t("cert.copied_ok"), opens_new=True)
        # a locked draft can be neither edited, signed nor deleted (CERT-5)
        for action, key in ((CertAction.SIGN, "cert.sign"), (CertAction.DELETE, "cert.delete")):
            _action_button(cert, action, key)
    if status is Status.SIGNED:
        _send_form(p, cert)
        if cert.get("paper_to_police") and _action_button(cert, CertAction.HAND_TO_POLICE, "cert.hand_to_police"):
            _run(case_id, lambda: services.hand_to_police(db, clock, user, case_id, version), t("cert.police_ok"))
    if offers[CertAction.REPLACE]:
        if _action_button(cert, CertAction.REPLACE, "cert.replace", show_refusal=False):
            _run(case_id, lambda: services.replace(db, clock, user, case_id, unit_id=unit_id or ""),
                 t("cert.replace_ok"), opens_new=True)
    if offers[CertAction.VOID]:
        with st.expander(t("cert.void"), icon=":material/block:"):
            with st.form(P + "void_form"):
                text = st.text_area(t("cert.void_reason"), key=P + "void_reason_input")
                if st.form_submit_button(t("cert.void_button"), disabled=not d[CertAction.VOID]):
                    try:
                        services.void(db, clock, user, case_id, text, version)
                    except FieldErrors as e:     # at the field, the reason kept in it
                        st.error(t(e.errors.get("void_reason", "form.invalid")), icon=":material/error:")
                    except (Conflict, Refused, PermissionDenied) as e:
                        st.session_state[P + "_action_error"] = _error_text(e)
                        st.rerun()
                    else:
                        st.session_state.pop(P + "_action_error", None)
                        _flash(case_id, t("cert.voided_ok"))
                        st.rerun()
            if not d[CertAction.VOID]:
                st.caption(reason(d[CertAction.VOID]))


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
            try:
                services.send(p.db, p.clock, p.user, cert["id"], consent=consent, expected_version=cert["version"])
            except FieldErrors as e:
                st.error(t(e.errors.get("consent", "form.invalid")), icon=":material/error:")
            except (Conflict, Refused, PermissionDenied) as e:
                st.error(_error_text(e))
            else:
                _flash(cert["id"], t("cert.sent_ok", authority=authority))
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


# ------------------------------------------------------------------ questions (CERT-11)


def _questions(p, cert: dict, unit_id: str | None) -> None:
    user, db, clock = p.user, p.db, p.clock
    d = cert["decisions"]
    P = _prefix(cert["id"])
    st.subheader(t("cert.qa_title"))
    if not d[CertAction.ANSWER] and cert["questions"]:
        st.caption(reason(d[CertAction.ANSWER]))
    if not cert["questions"]:
        st.caption(t("cert.qa_empty"))
    for q in cert["questions"]:
        incoming = q["direction"] == "incoming"
        with st.container(border=True):
            head = t("cert.qa_incoming") if incoming else t("cert.qa_sent")
            kind = t(f"cert.qkind.{q['kind']}")
            c1, c2, c3 = st.columns([4, 2, 2])
            topic = t("cert.topic." + q["topic"])
            with c1:
                cu.direction_badge(incoming, f"{head} · {kind} · {topic}")
            c2.caption(dt(q["created_at"], user.tz))
            if q.get("reply_by"):
                c3.caption(f"{t('cert.reply_by')}: {day(q['reply_by'])}")
            st.text(q["text"])
            if q.get("answer"):
                st.caption(f"{t('cert.qa_answer')} · {dt(q['answered_at'], user.tz)}")
                st.text(q["answer"])
            else:
                st.caption(t(f"cert.qstatus.{q['status']}"))
            if incoming and q["status"] == "waiting_for_care" and d[CertAction.ANSWER]:
                with st.form(f"{P}answer_{q['id']}"):
                    text = st.text_area(t("cert.qa_write_answer"), key=f"{P}answer_text_{q['id']}")
                    if st.form_submit_button(t("cert.qa_send_answer"), type="primary"):
                        try:
                            services.answer_question(db, clock, user, q["id"], unit_id=unit_id or "", text=text)
                        except FieldErrors as e:
                            st.error(t(next(iter(e.errors.values()))), icon=":material/error:")
                        except (Refused, PermissionDenied) as e:
                            st.error(reason(e))
                        else:
                            _flash(cert["id"], t("cert.qa_answered_ok"))
                            st.rerun()
            hkey = f"{P}handled_{q['id']}"
            st.checkbox(t("cert.qa_handled"), value=q["handled_at"] is not None, key=hkey,
                        disabled=not d[CertAction.MARK_HANDLED],
                        on_change=_on_handled, args=(p, cert["id"], q["id"], unit_id or ""))
    if d[CertAction.ASK]:
        with st.expander(t("cert.qa_new"), icon=":material/forum:"):
            with st.form(P + "ask_form"):
                topics = [x for x in QUESTION_TOPICS if x != "completion"]
                topic = st.selectbox(t("cert.qa_topic"), topics, format_func=lambda x: t(f"cert.topic.{x}"),
                                     key=P + "ask_topic")
                text = st.text_area(t("cert.qa_question_text"), key=P + "ask_text")
                if st.form_submit_button(t("cert.qa_send_question"), type="primary"):
                    try:
                        services.ask_fk(db, clock, user, cert["id"], unit_id=unit_id or "", topic=topic, text=text)
                    except FieldErrors as e:
                        st.error(t(next(iter(e.errors.values()))), icon=":material/error:")
                    except (Refused, PermissionDenied) as e:
                        st.error(reason(e))
                    else:
                        _flash(cert["id"], t("cert.qa_asked_ok"))
                        st.rerun()


def _on_handled(p, case_id: str, question_id: int, unit_id: str) -> None:
    handled = bool(st.session_state.get(f"{_prefix(case_id)}handled_{question_id}"))
    try:
        services.set_handled(p.db, p.clock, p.user, question_id, unit_id=unit_id, handled=handled)
    except (Refused, PermissionDenied) as e:
        _flash(case_id, reason(e), "error")
    else:
        _flash(case_id, t("cert.qa_handled_ok" if handled else "cert.qa_unhandled_ok"))
