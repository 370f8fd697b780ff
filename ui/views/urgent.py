"""The urgent case page and the insurer's normal case page (kinds 'urgent' and 'claim'): the
yellow banner with Til normal / Tilknyt (URG-9 … URG-11), tasks with budget and reports
(URG-7), attachments, and the Grand log that links converted and linked cases together."""
from __future__ import annotations

import functools

import streamlit as st

from logic.access import PermissionDenied
from logic.errors import Conflict, FieldErrors, Refused
from logic.urgent import attachments, rules, services
from logic.urgent.model import TaskKind
from ui import case_document, case_log, confirm, feedback, forms
from ui.views import urgent_claim
from ui.format import dt, md_escape
from ui.i18n import reason, t
from ui.links import case_link

PLACE = "urg_tasks"      # where the tasks' messages show (ui.feedback)
REFS = ("converted_to", "converted_from", "linked_to", "linked_from")


def show(p, case_id: str) -> None:
    try:
        case = services.get_case(p.db, p.clock, p.user, case_id)
    except (PermissionDenied, Refused) as e:
        st.error(reason(e))
        return
    msg = feedback.take()      # the last action's message: a toast, and in place below
    feedback.at(msg)
    tz = p.user.tz
    kind = case["kind"]
    st.header(f"{case['id']} · {t('urgent.kind.' + kind)}")
    if kind == "urgent":
        _banner(p, case)
    facts = [(t("urgent.col.status"), t(f"{kind}.status.{case['status']}")),
             (t("urgent.col.created"), dt(case["created_at"], tz, "%d.%m.%Y %H:%M")),
             (t("urgent.col.office"), case.get("office_name") or "–"),
             (t("urgent.case_handler"), case.get("case_handler_name") or t("urgent.unassigned"))]
    case_document.facts(facts)
    if kind == "claim":          # the normal case's actions (URG-14 … URG-18)
        urgent_claim.panel(p, case, msg)
    _details(case, tz)
    _tasks(p, case, msg)
    _grand_log(case, tz)


# ------------------------------------------------------------------ banner (URG-9, -10, -11)


def _banner(p, case: dict) -> None:
    if case["closed_at"] is not None:
        target = case.get("converted_to") or case.get("linked_to")
        st.info(t(f"urgent.closed_{case['state']}", case_id=target), icon=":material/link:")
        if target:
            case_link(target, t("urgent.open_case", case_id=target))
        return
    mode_key = f"urg_mode_{case['id']}"
    with st.container(border=True):
        st.warning(t("urgent.banner"), icon=":material/warning:")
        if not case["may_handle"]:
            return
        c1, c2, _ = st.columns([1, 1, 4])
        if c1.button(t("urgent.to_normal"), key="urg_to_normal_btn", type="primary"):
            st.session_state[mode_key] = "convert"
        if c2.button(t("urgent.link"), key="urg_link_btn", type="primary"):
            st.session_state[mode_key] = "link"
    mode = st.session_state.get(mode_key)
    if mode == "convert":
        _convert_form(p, case, mode_key)
    elif mode == "link":
        _link_form(p, case, mode_key)


def _convert_form(p, case: dict, mode_key: str) -> None:
    handlers = {u["username"]: u["name"] for u in case["case_handlers"]}
    check = forms.Check("urg_convert_", {}, {"case_number": t("urgent.case_number"),
                                             "case_handler": t("urgent.case_handler")},
                        {"case_number", "case_handler"})
    with st.form("urg_convert_form", border=True):
        st.subheader(t("urgent.convert_title"))
        number = st.text_input(check.label("case_number"), key="urg_convert_number")
        check.error("case_number")
        handler = st.selectbox(check.label("case_handler"), list(handlers), index=None,
                               format_func=handlers.get, placeholder=t("form.choose"), key="urg_convert_handler")
        check.error("case_handler")
        check.summary()
        c1, c2, _ = st.columns([1, 1, 4])
        save = c1.form_submit_button(t("form.save"), type="primary", on_click=check.attempt)
        cancel = c2.form_submit_button(t("urgent.cancel"))
    done = (mode_key, check.key + "tried__", check.key + "refused__")
    if cancel:
        for key in done:
            st.session_state.pop(key, None)
        st.rerun()
    name = f"urg_convert_{case['id']}"
    if save:
        errors = rules.convert_errors(number, handler)      # what is missing is said at its field first
        if errors:
            check.refused(errors)           # each problem at its field, named (issue 16 item 6)
            st.rerun()
        confirm.request(name, ((number or "").strip().upper(), handler))   # cannot be undone: asked first
    if confirm.pending(name):
        new_id, chosen = st.session_state[confirm.KEY][1]
        confirm.dialog(name, title=t("urgent.convert_confirm_title"),
                       text=t("urgent.convert_confirm_text", old=case["id"], case_id=new_id,
                              handler=handlers.get(chosen, chosen)),
                       yes=t("urgent.convert_confirm_yes"),
                       on_yes=lambda held: _convert(p, case, check, held, done))


def _convert(p, case: dict, check: forms.Check, held: tuple[str, str], done: tuple[str, ...]) -> None:
    number, handler = held
    ok, new_id = check.call(lambda: services.convert_to_normal(p.db, p.clock, p.user, case["id"], number, handler,
                                                               case["version"]))
    if ok:               # a refused number (e.g. taken) is said at its field by check.call
        for key in done:
            st.session_state.pop(key, None)
        feedback.flash(t("urgent.converted_ok", old=case["id"], case_id=new_id))
        st.query_params["id"] = new_id
        st.rerun()


def _link_form(p, case: dict, mode_key: str) -> None:
    targets = {r["id"]: r for r in services.link_targets(p.db, p.user, case["id"])}
    # issue 16 item 6: the one way to validate — the field marked, its problem at it by name,
    # a summary at the button
    check = forms.Check("urg_link_", {}, {"target": t("urgent.link_target")}, {"target"})
    with st.form("urg_link_form", border=True):
        st.subheader(t("urgent.link_title"))
        st.caption(t("urgent.link_help"))
        target = st.selectbox(check.label("target"), list(targets), index=None, key="urg_link_target",
                              format_func=lambda i: " · ".join(x for x in (
                                  i, targets[i]["title"], targets[i]["customer"]) if x),
                              placeholder=t("form.choose"))
        check.error("target")
        check.summary()
        c1, c2, _ = st.columns([1, 1, 4])
        save = c1.form_submit_button(t("form.save"), type="primary", on_click=check.attempt)
        cancel = c2.form_submit_button(t("urgent.cancel"))
    done = (mode_key, check.key + "tried__", check.key + "refused__")
    if cancel:
        for key in done:
            st.session_state.pop(key, None)
        st.rerun()
    name = f"urg_link_{case['id']}"
    if save:
        if target in targets:        # linking cannot be undone: asked first, with what differs
            confirm.request(name, target)
        else:                        # nothing chosen: the service names the field
            _link(p, case, target, check, done)
    if confirm.pending(name):
        chosen = targets.get(st.session_state[confirm.KEY][1]) or {}
        here, there = rules.address_text(case), rules.address_text(chosen) or "–"
        same = rules.same_address(case, chosen)
        warnings = ([t("urgent.link_address_differs", here=here, there=there, case_id=chosen.get("id"))]
                    if same is False else
                    [t("urgent.link_address_unknown", case_id=chosen.get("id"))] if same is None else [])
        confirm.dialog(name, title=t("urgent.link_confirm_title"), warnings=warnings,
                       text=t("urgent.link_confirm_text", old=case["id"], here=here, case_id=chosen.get("id"),
                              there=there),
                       yes=t("urgent.link_confirm_yes"),
                       on_yes=lambda chosen_id: _link(p, case, chosen_id, check, done))


def _link(p, case: dict, target: str | None, check: forms.Check, done: tuple[str, ...]) -> None:
    if check.call(lambda: services.link_into(p.db, p.clock, p.user, case["id"], target, case["version"]))[0]:
        for key in done:
            st.session_state.pop(key, None)
        feedback.flash(t("urgent.linked_ok", old=case["id"], case_id=target))
        st.rerun()


# ------------------------------------------------------------------ details


def _details(case: dict, tz: str) -> None:
    contact = " · ".join(x for x in (case.get("contact_name"), case.get("contact_phone"),
                                     case.get("contact_email"),
                                     t(f"urgent.contact_type.{case['contact_type']}") if case.get("contact_type") else None)
                         if x)
    rows = [
        (t("urgent.address"), case["title"]),
        (t("urgent.customer"), case.get("customer")),
        (t("urgent.contact"), contact),
        (t("urgent.building_year"), str(case["building_year"]) if case.get("building_year") else None),
        (t("urgent.short_description"), case.get("short_description")),
        (t("urgent.notes"), case.get("notes")),
        (t("urgent.damage_date"), dt(case.get("damage_at"), tz) if case.get("damage_at") else None),
        (t("urgent.registered"), dt(case.get("registered_at"), tz) if case.get("registered_at") else None),
        (t("urgent.company"), case.get("company_name")),
        (t("urgent.insurer"), case.get("insurer_name")),
    ]
    if case["kind"] == "urgent":
        rows.append((t("urgent.created_when"), t("urgent.inside_hours") if case["inside_office_hours"]
                     else t("urgent.outside_hours")))
    case_document.pairs(rows, t("urgent.details"), key="case_details")


# ------------------------------------------------------------------ tasks (URG-5, URG-7)


def _tasks(p, case: dict, msg: feedback.Message | None = None) -> None:
    st.subheader(t("urgent.tasks"))
    feedback.at(msg, PLACE)
    tz = p.user.tz
    office_names = {o["office_id"]: f"{o['company_name']} · {o['office_name']}" for o in case["assignable"]}
    open_tasks = {t_["kind"]: t_ for t_ in case["tasks"] if t_["status"] == "open"}
    if case["may_assign"]:
        with st.expander(t("urgent.assign_title"), icon=":material/assignment_ind:"):
            # issue 16 item 6: the one way to validate — a refusal at its field by name, a summary
            check = forms.Check("urg_assign_", {}, {"kind": t("urgent.task_kind"), "office_id": t("urgent.office")})
            with st.form("urg_assign_form", border=False):
                c1, c2 = st.columns(2)
                kind = c1.selectbox(check.label("kind"), list(TaskKind),
                                    format_func={k: t(f"urgent.task.{k.value}") for k in TaskKind}.get,
                                    key="urg_assign_kind")
                office = c2.selectbox(check.label("office_id"), list(office_names), index=None, key="urg_assign_office",
                                      format_func=office_names.get, placeholder=t("urgent.unassigned"))
                with c1:
                    check.error("kind")
                with c2:
                    check.error("office_id")
                check.summary()
                if st.form_submit_button(t("urgent.assign"), on_click=check.attempt):
                    _run(lambda: services.assign_task(p.db, p.clock, p.user, case["id"], kind, office),
                         "form.saved", check=check)
    if not case["tasks"]:
        st.caption(t("urgent.no_tasks"))
    reports = case["reports"]
    attachments = case["attachments"]
    for task in case["tasks"]:
        _task(p, case, task, [r for r in reports if r["task_id"] == task["id"]],
              [a for a in attachments if a["task_id"] == task["id"]], tz)
    for kind in TaskKind:
        if kind.value not in open_tasks and case["kind"] == "urgent" and case["closed_at"] is None:
            st.caption(f"{t('urgent.task.' + kind.value)}: {t('urgent.unassigned')}")


def _task(p, case: dict, task: dict, reports: list[dict], files: list[dict], tz: str) -> None:
    label = f"{t('urgent.task.' + task['kind'])}: {md_escape(task.get('office_name') or t('urgent.unassigned'))}"
    with st.container(border=True):
        st.markdown(f"**{label}**")
        budget = t(f"urgent.budget.{task['budget_state']}")
        if task.get("budget_amount") is not None:
            budget += f" ({_amount(task['budget_amount'])} kr.)"
        st.caption(f"{t('urgent.budget')}: {budget}"
                   + (f" · {t('urgent.from_case', case_id=task['origin_case_id'])}" if task.get("origin_case_id") else ""))
        for r in reports:
            st.text(f"{dt(r['reported_at'], tz)} {r.get('reported_by_name') or r['reported_by']}: {r['text']}")
        for a in files:
            if a.get("erased_at") is not None:        # URG-16: erased with the deleted case
                st.caption(t("urgent.file_erased", name=a["filename"]))
                continue
            # the bytes are read (and the permission checked again) only when the button is clicked
            st.download_button(file_label(a),
                               functools.partial(_attachment_bytes, p.db, p.user, a["id"]),
                               file_name=a["filename"], mime=a["mime"], key=f"urg_file_{a['id']}",
                               icon=":material/attach_file:", on_click="ignore")
        if task["may_report"]:
            check = forms.Check(f"urg_report_{task['id']}_", {}, {"text": t("urgent.report_text")}, {"text"})
            with st.form(f"urg_report_{task['id']}", border=False):
                box = f"urg_report_text_{task['id']}"
                text = st.text_area(check.label("text"), key=feedback.fresh_key(box))
                check.error("text")
                check.summary()
                if st.form_submit_button(t("urgent.report_send"), on_click=check.attempt):
                    _run(lambda: services.report_on_task(p.db, p.clock, p.user, task["id"], text), "urgent.reported",
                         clear=box, check=check)
        elif task.get("report_refusal"):      # the service says it only to the task's own office
            st.caption(t(task["report_refusal"]))
        if task["may_submit_budget"]:
            check = forms.Check(f"urg_budget_{task['id']}_", {}, {"amount": t("urgent.budget_amount")}, {"amount"})
            with st.form(f"urg_budget_{task['id']}", border=False):
                box = f"urg_budget_amount_{task['id']}"
                amount = st.number_input(check.label("amount"), min_value=0.0, step=500.0, value=None,
                                         key=feedback.fresh_key(box))
                check.error("amount")
                check.summary()
                if st.form_submit_button(t("urgent.budget_send"), on_click=check.attempt):
                    _run(lambda: services.submit_budget(p.db, p.clock, p.user, task["id"], amount), "urgent.budget_sent",
                         clear=box, check=check)
        if task["may_decide_budget"]:
            c1, c2, _ = st.columns([1, 1, 4])
            name = f"urg_budget_{task['id']}"       # a decision cannot be changed: asked first (issue 16 item 7)
            if c1.button(t("urgent.budget_approve"), key=f"urg_budget_ok_{task['id']}", type="primary"):
                confirm.request(name, True)
            if c2.button(t("urgent.budget_reject"), key=f"urg_budget_no_{task['id']}"):
                confirm.request(name, False)
            if confirm.pending(name):
                approve = bool(st.session_state[confirm.KEY][1])
                what = "approve" if approve else "reject"
                confirm.dialog(name, title=t(f"urgent.budget_{what}"),
                               text=t(f"urgent.budget_confirm_{what}", amount=_amount(task.get("budget_amount")),
                                      task=t("urgent.task." + task["kind"])),
                               yes=t(f"urgent.budget_confirm_{what}_yes"),
                               on_yes=lambda yes: _run(lambda: services.decide_budget(
                                   p.db, p.clock, p.user, task["id"], bool(yes)), "form.saved"))
        if task["may_upload"]:
            _upload(p, task)


def _amount(value) -> str:
    """An amount in kroner the Danish way: 12.500,00."""
    if value is None:
        return "–"
    return f"{float(value):,.2f}".replace(",", "x").replace(".", ",").replace("x", ".")


def file_label(attachment: dict) -> str:
    """A download button's label: the file name as text — button labels are markdown, and a
    name like foto_1_2.png would otherwise show in italics."""
    return f"{md_escape(attachment['filename'])} ({max(1, attachment['size_bytes'] // 1024)} kB)"


# Streamlit writes the browser's ceiling under the drop zone ("50MB per file", in English);
# the limit that counts is the rule's, shown in the caption instead. Constant CSS, no user text.
_HIDE_CEILING = ('<style>[class*="st-key-urg_upload_box"] [data-testid="stFileUploaderDropzoneInstructions"]'
                 " { display: none; }</style>")


def _upload(p, task: dict) -> None:
    """A photo or PDF on a task. The browser lets through what the server accepts
    (server.maxUploadSize, well above the rule, and no type filter), so a file the rule refuses
    gets the rule's message in the user's language at the field, before anything is stored —
    not Streamlit's English one. After a file is stored the uploader starts empty (a new key),
    so a second click cannot store it again (and logic refuses the same file twice anyway)."""
    generation_key = f"urg_upload_gen_{task['id']}"
    generation = st.session_state.get(generation_key, 0)
    with st.container(key=f"urg_upload_box_{task['id']}"):
        st.html(_HIDE_CEILING)
        upload = st.file_uploader(t("urgent.upload"), key=f"urg_upload_{task['id']}_{generation}",
                                  help=t("urgent.upload_help"))
        st.caption(t("urgent.upload_help"))          # the rule's limit, in the user's language
    if upload is None:
        return
    problem = attachments.attachment_error(upload.name, upload.getvalue())
    if problem:
        st.error(t(problem), icon=":material/error:")
        return
    if st.button(t("urgent.upload_button"), key=f"urg_upload_btn_{task['id']}"):
        try:
            services.upload_attachment(p.db, p.clock, p.user, task["id"], upload.name, upload.getvalue())
        except FieldErrors as e:
            st.error(forms.error_text(next(iter(e.errors.values()))), icon=":material/error:")
        except Conflict as e:
            st.error(t(e.key))
        except (PermissionDenied, Refused) as e:
            st.error(reason(e))
        else:
            st.session_state[generation_key] = generation + 1
            feedback.flash(t("urgent.uploaded"), place=PLACE)
            st.rerun()


def _attachment_bytes(db, user, attachment_id: int) -> bytes:
    return bytes(services.attachment(db, user, attachment_id)["content"])


def _run(action, ok_key: str, *, clear: str | None = None, check: forms.Check | None = None) -> None:
    """Run a service; on success say `ok_key` at the tasks and empty the form drawn under `clear`.
    A form's `check` places the service's FieldErrors at their fields by name (issue 16 item 6);
    what was typed stays (the widgets keep their keys until the success)."""
    try:
        action()
    except FieldErrors as e:
        if check is None:
            st.error(forms.error_text(next(iter(e.errors.values()))), icon=":material/error:")
        else:
            check.refused(e.errors)
            st.rerun()
    except Conflict as e:
        st.error(t(e.key))
    except (PermissionDenied, Refused) as e:
        st.error(reason(e))
    else:
        if check is not None:
            forms.clear(check.key)          # the press's flags go with the success
        if clear:
            feedback.clear(clear)
        feedback.flash(t(ok_key), place=PLACE)
        st.rerun()


# ------------------------------------------------------------------ Grand log (URG-11 link back)


def _grand_log(case: dict, tz: str) -> None:
    events = case["events"]
    with st.expander(t("urgent.grand_log") + f" ({len(events)})", expanded=case["kind"] == "claim"):
        for e in events:
            after = e.get("after_value") or {}
            what = case_log.action_text(e["action"], after) or t("urgent.event." + e["action"])
            line = f"{dt(e['logged_at'], tz, '%Y-%m-%d %H:%M')} · {e.get('actor_name') or e['actor']} · {what}"
            refs = [(name, after[name]) for name in REFS if isinstance(after, dict) and after.get(name)]
            if not refs:
                st.text(line)
                detail = urgent_claim.log_detail(e, case)         # the why of a claim action
                if detail:
                    st.caption(detail)
                continue
            c1, c2 = st.columns([3, 2])
            c1.text(line)
            for name, ref in refs:
                with c2:
                    case_link(ref, t(f"urgent.ref.{name}", case_id=ref))
