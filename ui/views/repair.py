"""A repair request (DEV-2) and its life cycle (DEV-16 … DEV-18): what was reported, for which
device; its planning, the centre's answer (Svar) and what was done; the technician's forms to
plan, answer and close (closing asked first); and the case log."""
from __future__ import annotations

import streamlit as st

from logic import inputs
from logic.access import PermissionDenied
from logic.clock import to_local
from logic.deviations import repair_rules, repairs
from logic.errors import Refused
from logic.identity import format_id
from ui import case_document, case_log, confirm, feedback, forms
from ui.format import day, dt, md_escape
from ui.i18n import reason, t

PLACE = "repair"


def show(p, case_id: str) -> None:
    try:
        case = repairs.get_repair(p.db, p.clock, p.user, case_id)
    except (PermissionDenied, Refused) as e:
        st.error(reason(e))
        return
    # a change is made against the version this user was shown (as on the deviation page)
    seen_key = f"rep_seen_version_{case_id}"
    case["seen_version"] = st.session_state.get(seen_key, case["version"])
    st.session_state[seen_key] = case["version"]
    msg = feedback.take()
    # Every part that comes and goes stands in a container of its own, so the technician's tabs
    # keep their place in the page — Streamlit keeps the chosen tab only while they do.
    with st.container():
        feedback.at(msg)
    tz = p.user.tz
    st.header(f"{case['id']} · {t('dev.kind.repair')}")
    case_document.facts([(t("dev.status"), t(f"dev.status.{case['status']}")),
                         (t("dev.registered"), dt(case["created_at"], tz, "%Y-%m-%d")),
                         (t("dev.orderer"), case.get("created_by_name") or case["created_by"]),
                         (t("dev.service_site_id"), case.get("site_code") or "")])
    rows = [(t("dev.recipient"), format_id(case.get("person_id") or case.get("recipient_id"))),
            (t("dev.article_no"), " · ".join(x for x in (case.get("article_no"), case.get("article_name")) if x)),
            (t("dev.individual_no"), case.get("individual_no")),
            (t("dev.what_happened"), case.get("description")),
            (t("dev.contact_name"), case.get("contact_name")),
            (t("dev.contact_phone"), case.get("contact_phone"))]
    case_document.pairs(rows, t("dev.details"), key="case_details")

    with st.container():
        st.subheader(t("dev.repair.planning"))
        if case.get("planned_on"):
            case_document.pairs([(t("dev.repair.planned_on"), day(case["planned_on"])),
                                 (t("dev.repair.technician"), case.get("technician_name") or case.get("technician"))],
                                key="repair_planning")
        else:
            st.caption(t("dev.repair.not_planned"))

    with st.container():
        st.subheader(t("dev.answer"))      # "Svar", as on the centre's work orders (seed 001)
        if case.get("answer"):
            st.text(case["answer"])
            st.caption(f"{md_escape(case.get('answered_by_name') or case.get('answered_by') or '')}"
                       f" · {dt(case.get('answered_at'), tz)}")
        else:
            st.caption(t("dev.answer_none"))

    with st.container():
        if case.get("work_done"):
            st.subheader(t("dev.repair.done"))
            st.text(case["work_done"])
            st.caption(f"{md_escape(case.get('closed_by_name') or case.get('closed_by') or '')}"
                       f" · {dt(case.get('closed_at'), tz)}")

    if case["may_handle"]:
        _handle(p, case, msg)
    case_log.show(p.db, case_id, p.user)


def _call(fn, *, check: forms.Check, flash: str, clear: tuple[str, ...] = (), place: str | None = PLACE) -> None:
    """Run a service: its field errors stand at their fields (forms.Check), other refusals
    here; on success the forms in `clear` are emptied and `flash` said (at `place`; a closed
    request has no forms left, so its closing is said at the top)."""
    if check.call(fn)[0]:
        for base in clear:
            feedback.clear(base)
        for name in (check.key + "tried__", check.key + "refused__"):
            st.session_state.pop(name, None)
        feedback.flash(flash, place=place)
        st.rerun()


def _text_errors(value: str | None, limit: int, field: str) -> dict[str, str]:
    """What the service will say of a required text (logic.inputs), before it is asked."""
    errors: dict[str, str] = {}
    inputs.text(value, limit, field=field, errors=errors, required=True, multiline=True)
    return errors


def _handle(p, case: dict, msg) -> None:
    cid, version = case["id"], case["seen_version"]
    K = f"rep_{cid}_"
    st.subheader(t("dev.repair.handle"))
    with st.container():
        feedback.at(msg, PLACE)
    tab_plan, tab_answer, tab_close = st.tabs([t("dev.repair.plan"), t("dev.answer"), t("dev.repair.close")])

    with tab_plan:
        staff = repairs.technicians(p.db, p.user)
        names = {s["username"]: s["name"] for s in staff}
        check = forms.Check(K + "plan_", {}, {"planned_on": t("dev.repair.planned_on"),
                                              "technician": t("dev.repair.technician")},
                            {"planned_on", "technician"})
        st.date_input(check.label("planned_on"), value=case.get("planned_on"), key=K + "day",
                      **forms.dates(p.clock, p.user.tz, years_ahead=1,      # today or later (DEV-16)
                                    earliest=to_local(p.clock.now(), p.user.tz).date(),
                                    keep=(K + "day", case.get("planned_on"))))
        check.error("planned_on")
        st.selectbox(check.label("technician"), list(names), key=K + "tech",
                     index=forms.pick_index(names, case.get("technician")),
                     format_func=lambda u: names.get(u, u), placeholder=t("form.choose"))
        check.error("technician")
        check.summary()
        if st.button(t("dev.repair.save_plan"), key=K + "plan__btn", type="primary", on_click=check.attempt):
            s = st.session_state
            _call(lambda: repairs.plan(p.db, p.clock, p.user, cid, planned_on=s.get(K + "day"),
                                       technician=s.get(K + "tech"), expected_version=version),
                  check=check, flash=t("dev.repair.planned_ok"))

    with tab_answer:
        box = K + "answer"
        value = st.session_state.get(feedback.fresh_key(box))
        check = forms.Check(K + "ans_", _text_errors(value, repair_rules.REPAIR_ANSWER_MAX, "answer"),
                            {"answer": t("dev.write_answer")}, {"answer"})
        st.text_area(check.label("answer"), key=feedback.fresh_key(box), help=t("dev.repair.answer_help"))
        check.error("answer")
        check.summary()
        if st.button(t("dev.repair.send_answer"), key=K + "answer__btn", type="primary", on_click=check.attempt):
            if not check.blocks():
                _call(lambda: repairs.answer(p.db, p.clock, p.user, cid, st.session_state.get(feedback.fresh_key(box)),
                                             version),
                      check=check, flash=t("dev.repair.answer_sent"), clear=(box,))

    with tab_close:
        box = K + "done"
        value = st.session_state.get(feedback.fresh_key(box))
        check = forms.Check(K + "close_", _text_errors(value, repair_rules.WORK_DONE_MAX, "work_done"),
                            {"work_done": t("dev.repair.work_done")}, {"work_done"})
        st.text_area(check.label("work_done"), key=feedback.fresh_key(box),
                     placeholder=t("dev.repair.work_done_help"))
        check.error("work_done")
        check.summary()
        if st.button(t("dev.repair.close"), key=K + "close__btn", type="primary", on_click=check.attempt):
            if not check.blocks():     # closing cannot be undone: asked first
                confirm.request(K + "close", value)
        confirm.dialog(K + "close", title=t("dev.repair.close_confirm_title"),
                       text=t("dev.repair.close_confirm_text", case_id=cid), yes=t("dev.close_confirm_yes"),
                       on_yes=lambda done: _call(lambda: repairs.close(p.db, p.clock, p.user, cid, done, version),
                                                 check=check, flash=t("dev.repair.closed_ok"), clear=(box,),
                                                 place=None))
