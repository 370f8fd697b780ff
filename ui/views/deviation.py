"""The deviation case page: details, Svar, the handler's investigation and closing (DEV-11,
DEV-12, DEV-14), and the case log."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.deviations import services
from logic.deviations.model import ReportState, Status
from logic.deviations.pdf import category_label, deviation_form, yes_no
from logic.identity import format_id
from logic.errors import Conflict, FieldErrors, Refused
from ui import case_document, case_log, confirm, feedback, forms
from ui.format import day, dt, md_escape
from ui.i18n import lang, reason, t


def show(p, case_id: str) -> None:
    user, db, clock = p.user, p.db, p.clock
    try:
        case = services.get_deviation(db, clock, user, case_id)
    except (PermissionDenied, Refused) as e:
        st.error(reason(e))
        return
    # Optimistic concurrency: a change is made against the version this user was shown, i.e.
    # the one drawn in the previous run, not the one re-read in the run the click starts —
    # otherwise a change made meanwhile in another session would be silently overwritten.
    seen_key = f"dev_seen_version_{case_id}"
    case["seen_version"] = st.session_state.get(seen_key, case["version"])
    st.session_state[seen_key] = case["version"]
    msg = feedback.take()      # the last action's message: a toast, and in place below
    feedback.at(msg)
    st.header(f"{case['id']} · {t('dev.event.' + case['event_type'])}")
    case_document.facts([(t("dev.status"), t(f"dev.status.{case['status']}")),
                         (t("dev.registered"), dt(case["created_at"], user.tz, "%Y-%m-%d")),
                         (t("dev.orderer"), case.get("created_by_name") or case["created_by"]),
                         (t("dev.service_site_id"), case.get("site_code") or "")])
    language = lang()
    # made when clicked (deferred), not on every run of the page: ~150 ms of CPU each
    st.download_button(t("dev.print"), lambda: deviation_form(case, language, user.tz), file_name=f"{case_id}.pdf",
                       mime="application/pdf", key="dev_case_pdf", icon=":material/print:", on_click="ignore")

    recipient = " ".join(x for x in (format_id(case.get("recipient_id")), case.get("recipient_name")) if x)
    if case.get("recipient_kind") == "patient" and not recipient:
        recipient = t("dev.person_hidden")
    details = [
        (t("dev.path"), (t(f"dev.path.{case['path']}") if case.get("path") else "")),
        (t("dev.recipient"), recipient),
        (t("dev.article_no"), " · ".join(x for x in (case.get("article_no"), case.get("article_name")) if x)),
        (t("dev.individual_no"), case.get("individual_no")),
        (t("dev.work_order_no"), case.get("work_order_no")),
        (t("dev.service_description"), case.get("service_description")),
        (t("dev.category"), category_label(case, lang())),
        (t("dev.occurred_date"), dt(case["occurred_at"], user.tz)),
        (t("dev.location"), case.get("location")),
        (t("dev.concerns"), case.get("concerns")),
        (t("dev.what_happened"), case.get("what_happened")),
        (t("dev.injury"), case.get("injury")),
        (t("dev.desired_action"), (t(f"dev.action.{case['desired_action']}") if case.get("desired_action") else "")),
        (t("dev.device_return"), (t(f"dev.return.{case['device_return']}") if case.get("device_return") else "")),
        (t("dev.report_attached"), yes_no(case.get("report_attached"), lang())),
        (t("dev.wanted_back"), t(f"dev.wanted.{case['wanted_back']}") if case.get("wanted_back") else ""),
        (t("dev.delivery_note_no"), case.get("delivery_note_no")),
        (t("dev.order_no"), case.get("order_no")),
        (t("dev.comment"), case.get("comment")),
        (t("dev.contact_name"), case.get("contact_name")),
        (t("dev.contact_phone"), case.get("contact_phone")),
    ]
    case_document.pairs(details, t("dev.details"), key="case_details")

    if case["event_type"] != "reklamation" or case["status"] != Status.PLANNED.value:
        _handling_summary(case)
    if case["may_handle"]:
        _handler_panel(p, case, msg)

    st.subheader(t("dev.answer"))   # "Svar", at the bottom of the case (DEV-12)
    if case.get("answer"):
        st.text(case["answer"])
        # the person who answered, by name (issue 16 item 4; the username if no user has it now)
        st.caption(f"{md_escape(case.get('answered_by_name') or case.get('answered_by') or '')}"
                   f" · {dt(case.get('answered_at'), user.tz)}")
    else:
        st.caption(t("dev.answer_none"))
    if case["may_answer"]:
        _answer_form(p, case, msg)
    case_log.show(db, case_id, user)


def _handling_summary(case: dict) -> None:
    def state(prefix: str) -> str:
        value = t(f"dev.report.{case[prefix + '_report']}")
        on = case.get(prefix + "_reported_on")
        return f"{value} {day(on)}".strip()
    c1, c2 = st.columns(2)
    c1.caption(f"{t('dev.manufacturer_report')}: {state('manufacturer')}")
    c2.caption(f"{t('dev.mpa_report')}: {state('mpa')}")
    if case.get("investigation"):
        st.caption(t("dev.investigation"))
        st.text(case["investigation"])


def _answer_form(p, case: dict, msg) -> None:
    feedback.at(msg, "answer")
    box = f"dev_answer_{case['id']}"
    # issue 16 item 6: the one way to validate — marked, the problem at the field by name, a summary
    check = forms.Check(f"dev_answer_check_{case['id']}_", {}, {"answer": t("dev.write_answer")}, {"answer"})
    with st.form("dev_answer_form"):
        # keyed: kept if the case changes or the answer is refused; empty once it is saved
        text = st.text_area(check.label("answer"), key=feedback.fresh_key(box))
        check.error("answer")
        check.summary()
        if st.form_submit_button(t("dev.send_answer"), type="primary", on_click=check.attempt):
            try:
                status = services.answer(p.db, p.clock, p.user, case["id"], text, case["seen_version"])
            except FieldErrors as e:
                check.refused(e.errors)
                st.rerun()
            except (Conflict, Refused, PermissionDenied) as e:
                st.error(reason(e) if not isinstance(e, Conflict) else t(e.key))
            else:
                forms.clear(check.key)
                feedback.clear(box)
                feedback.flash(f"{t('dev.answer_saved')} {t('form.new_status', status=t(f'dev.status.{status}'))}",
                               place="answer")
                st.rerun()


def _handler_panel(p, case: dict, msg) -> None:
    st.subheader(t("dev.handling"))
    states = list(ReportState)
    cid = case["id"]
    refusal = services.close_refusal(case)
    # what the form may still decide (the reports) does not keep the close button from being pressed
    close_blocked = refusal is not None and refusal != "dev.close_needs_report_decision"
    # issue 16 item 6: each of the service's FieldErrors at its field by name, a summary at the buttons
    check = forms.Check(f"dev_handling_{cid}_", {}, {
        "investigation": t("dev.investigation"),
        "manufacturer_reported_on": t("dev.manufacturer_report"),
        "mpa_reported_on": t("dev.mpa_report")})
    with st.form("dev_handling_form"):
        investigation = st.text_area(check.label("investigation"), value=case.get("investigation") or "",
                                     key=f"dev_investigation_{cid}")
        check.error("investigation")
        c1, c2 = st.columns(2)
        man = c1.selectbox(t("dev.manufacturer_report"), states,
                           index=states.index(ReportState(case["manufacturer_report"])),
                           format_func=lambda s: t(f"dev.report.{s.value}"), key=f"dev_man_{cid}")
        man_on = c1.date_input(t("dev.reported_on"), value=case.get("manufacturer_reported_on"),
                               key=f"dev_man_on_{cid}", **forms.dates(
                                   p.clock, p.user.tz, keep=(f"dev_man_on_{cid}", case.get("manufacturer_reported_on"))))
        with c1:
            check.error("manufacturer_reported_on")
        mpa = c2.selectbox(t("dev.mpa_report"), states, index=states.index(ReportState(case["mpa_report"])),
                           format_func=lambda s: t(f"dev.report.{s.value}"), key=f"dev_mpa_{cid}")
        mpa_on = c2.date_input(t("dev.reported_on"), value=case.get("mpa_reported_on"), key=f"dev_mpa_on_{cid}",
                               **forms.dates(
                                   p.clock, p.user.tz, keep=(f"dev_mpa_on_{cid}", case.get("mpa_reported_on"))))
        with c2:
            check.error("mpa_reported_on")
        handling = {"investigation": investigation, "manufacturer": man, "manufacturer_on": man_on,
                    "mpa": mpa, "mpa_on": mpa_on}
        if refusal:
            st.caption(t(refusal))
        check.summary()
        b1, b2 = st.columns(2)
        save = b1.form_submit_button(t("dev.save_handling"), width="stretch", on_click=check.attempt)
        # closing takes what is typed in this form along (issue 16, item 10): one submit, one service call
        close = b2.form_submit_button(t("dev.close"), type="primary", disabled=close_blocked, width="stretch",
                                      key="dev_close_btn", on_click=check.attempt)
    feedback.at(msg, "handling")
    if save:
        _attempt(lambda: services.record_handling(p.db, p.clock, p.user, cid, expected_version=case["seen_version"],
                                                  **handling), t("form.saved"), check, place="handling")
    if close:
        confirm.request(f"dev_close_{cid}", handling)
    confirm.dialog(f"dev_close_{cid}", title=t("dev.close_confirm_title"),
                   text=t("dev.close_confirm_text", case_id=cid), yes=t("dev.close_confirm_yes"),
                   on_yes=lambda values: _close(p, case, values, check))


def _close(p, case: dict, handling: dict, check: forms.Check) -> None:
    """Save the handling form's values and close, in one service call (DEV-12, DEV-14)."""
    _attempt(lambda: services.close(p.db, p.clock, p.user, case["id"], case["seen_version"], handling=handling),
             f"{t('dev.closed_ok')} {t('form.new_status', status=t('dev.status.closed'))}", check)


def _attempt(call, said: str, check: forms.Check, place: str | None = None) -> None:
    """Run a handler's service call: its field errors at their fields by name (`check`), other
    refusals said; on success `said` is flashed (ui.feedback) and the page drawn again."""
    if check.call(call)[0]:
        forms.clear(check.key)
        feedback.flash(said, place=place)
        st.rerun()
