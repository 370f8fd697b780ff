"""Registering a deviation or complaint on an assistive device (DEV-1 … DEV-11): the wizard of
pages/10_Ny_avvikelse.py — a receipt, a repair request for wear and tear, or four steps."""
from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from logic.deviations import rules, services
from logic.deviations.model import (ALL_SUBJECT_FIELDS, PATH_SUBJECT_FIELDS, DesiredAction,
                                    DeviationDraft, DeviceReturn, EventType, RegistrationPath, WantedBack)
from logic.deviations.pdf import deviation_form, envelope_site
from logic.errors import FieldErrors, Refused
from logic.org import services as org_services
from ui import confirm, feedback, forms
from ui.format import Markdown, day, md_escape
from ui.i18n import lang, reason, t
from ui.links import case_link

P = "dev_"   # session-state prefix of this form (and of the entry screens that lead into it)
PAGE = "pages/10_Ny_avvikelse.py"
START_PAGE = "app.py"
ENTERED = P + "entered__"        # DEV-20 … 23: the subject came from an entry screen
# Paths whose whole subject an entry screen chooses (b and f only open the wizard on their path)
FIXED = (RegistrationPath.RECIPIENT_DEVICE, RegistrationPath.STOCK_INDIVIDUAL,
         RegistrationPath.STOCK_ARTICLE, RegistrationPath.SERVICE_WORK_ORDER)


def start(begin: services.Start) -> None:
    """DEV-20 … DEV-23: an entry screen opens the wizard with the subject filled in. A new
    registration: what an earlier one left in the form is not carried into it."""
    forms.clear(P)
    for name, value in begin.draft_fields().items():
        st.session_state[P + name] = value
    st.session_state[ENTERED] = True
    st.switch_page(PAGE)


def show(db, clock, user) -> None:
    forms.keep(P)
    st.caption(t("dev.scope_note"))   # DEV-15

    LABELS = {f: t(f"dev.{f}") for f in (
        "service_site_id", "path", "is_wear_and_tear", "recipient_id", "device_id", "article_no",
        "article_name", "individual_no", "stock_item_id", "work_order_no", "service_description",
        "event_type", "category", "occurred_date", "occurred_time", "location", "concerns",
        "what_happened", "injury", "desired_action", "device_return", "report_attached", "wanted_back",
        "delivery_note_no", "order_no", "comment", "contact_name", "contact_phone")}

    # ------------------------------------------------------------------ receipt (DEV-11)
    done = st.session_state.get(P + "receipt")
    if done:
        feedback.take()
        st.progress(1.0, text=t("dev.step4"))       # the receipt is the wizard's fourth and last step
        case = services.get_deviation(db, clock, user, done)
        _concerning_line(services.concerning_case(case))     # DEV-24: the last step names it too
        st.success(t("dev.receipt"), icon=":material/check_circle:")
        case_link(done, t("dev.receipt_number", case_id=done))
        language = lang()
        # made when clicked (deferred), not on every rerun of the receipt
        st.download_button(t("dev.print"), lambda: deviation_form(case, language, user.tz),
                           file_name=f"{done}.pdf", mime="application/pdf", key=P + "pdf__btn", on_click="ignore")
        st.warning(t("dev.return_instructions", site=envelope_site(case)),
                   icon=":material/local_shipping:")
        _own_routine(db, clock, user, done, case)
        if st.button(t("dev.new"), key=P + "again__btn"):
            forms.clear(P)
            st.rerun()
        _close_button("close__btn")
        return

    repair_done = st.session_state.get(P + "repair_receipt")
    if repair_done:
        feedback.take()
        st.success(t("dev.repair_created", case_id=repair_done), icon=":material/check_circle:")
        case_link(repair_done)
        if st.button(t("dev.new"), key=P + "again2__btn"):
            forms.clear(P)
            st.rerun()
        _close_button("close2__btn")
        return

    sites = services.user_sites(db, user)
    if not sites:
        st.warning(t("dev.no_sites"))
        return
    site_ids = [s["id"] for s in sites]
    site_label = {s["id"]: f"{s['code']} {s['name']}" for s in sites}
    forms.defaults({P + "step": 1, P + "service_site_id": site_ids[0] if len(site_ids) == 1 else None,
                    P + "contact_name": user.name})

    def draft_from_state() -> tuple[DeviationDraft | None, dict[str, str]]:
        data = {f: st.session_state.get(P + f) for f in DeviationDraft.model_fields}
        return forms.build(DeviationDraft, data)

    draft, model_errors = draft_from_state()
    errors = dict(model_errors)
    judged = draft if draft is not None else forms.rest(
        DeviationDraft, {f: st.session_state.get(P + f) for f in DeviationDraft.model_fields}, model_errors)
    if judged is not None:      # the rules still judge the other fields while one is refused
        errors.update({k: v for k, v in services.check_draft(db, clock, user, judged).items()
                       if k not in model_errors})
    step = st.session_state[P + "step"]
    st.progress(step / 4, text=t(f"dev.step{step}"))
    _concerning(db)                                   # DEV-24: on every step
    confirm.dialog("dev_cancel", title=t("dev.cancel_title"), text=t("dev.cancel_text"),
                   yes=t("dev.cancel_yes"), no=t("dev.cancel_no"), on_yes=_cancel, danger=True)
    entered = bool(st.session_state.get(ENTERED))
    steer_to_repair = errors.get("is_wear_and_tear") == "dev.is_repair"     # DEV-2: advice, not a mistake
    shown_errors = {k: v for k, v in errors.items() if not (k == "is_wear_and_tear" and steer_to_repair)}
    check = forms.Check(P + f"s{step}_", shown_errors, LABELS, required=_required(db, clock, user))
    field_error = check.error
    label = check.label

    def radio(field: str, options: list, label_key: str | None = None, fmt=None, **kw):
        st.radio(label(field, t(label_key) if label_key else None), options, key=P + field, index=None,
                 format_func=fmt or (lambda o: str(o)), **kw)
        field_error(field)

    def next_button(to: int, key: str, text: str | None = None) -> bool:
        """The step's button: never disabled; a press with problems shows them at their fields
        and names them here (issue 16), a press without moves on."""
        check.summary(rules.STEP_FIELDS[step])
        if st.button(text or t("form.next"), key=key, type="primary", on_click=check.attempt,
                     width="stretch" if to == 0 else "content"):
            if not check.blocks(rules.STEP_FIELDS[step]):
                if to:
                    st.session_state[P + "step"] = to
                    st.rerun()
                return True
        return False

    # ------------------------------------------------------------------ step 1: what it concerns
    if step == 1:
        if len(site_ids) > 1:
            st.selectbox(label("service_site_id"), site_ids, key=P + "service_site_id", index=None,
                         format_func=site_label.get, help=t("dev.service_site_help"),
                         placeholder=t("form.choose"))
        else:
            st.text_input(LABELS["service_site_id"], value=site_label[site_ids[0]], disabled=True)
        field_error("service_site_id")
        path = st.session_state.get(P + "path")
        if entered:                 # DEV-20 … 23: chosen on the entry screen, shown, not asked again
            _entered_subject(db, path, field_error)
        else:
            radio("path", list(RegistrationPath), fmt=lambda o: t(f"dev.path.{o.value}"))
            path = st.session_state.get(P + "path")
        if entered and path in FIXED:
            pass
        elif path is RegistrationPath.RECIPIENT_DEVICE:
            c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
            c1.text_input(label("recipient_id"), key=P + "recipient_id", placeholder="ÅÅÅÅMMDDNNNN")
            if c2.button(t("form.search"), key=P + "find__btn", icon=":material/search:"):
                try:
                    found, devices = services.find_recipient(db, clock, user, st.session_state.get(P + "recipient_id") or "")
                    st.session_state[P + "found"] = {"recipient": found, "devices": devices}
                    st.session_state[P + "device_id"] = None
                except Refused as e:
                    st.session_state[P + "found"] = {"error": e.key}
            found = st.session_state.get(P + "found") or {}
            if found.get("error"):
                st.error(t(found["error"]))
            elif "recipient" in found and found["recipient"] is None:
                st.error(t("dev.recipient_not_found"))
            elif found.get("recipient"):
                st.success(t("dev.recipient_found", name=md_escape(found["recipient"]["name"])))
                devices = found["devices"]
                if not devices:
                    st.info(t("dev.no_devices"))
                else:
                    st.dataframe([{t("dev.col.article"): d["article_no"], t("dev.col.name"): d["article_name"],
                                   t("dev.col.individual"): d["individual_no"] or "",
                                   t("dev.col.components"): t("form.yes") if d["has_components"] else "",
                                   t("dev.col.ordered"): day(d["ordered"]), t("dev.col.delivered"): day(d["delivered"])}
                                  for d in devices], hide_index=True)
                    labels = {d["id"]: f"{d['article_no']} · {d['article_name']}"
                              + (f" · {d['individual_no']}" if d["individual_no"] else "") for d in devices}
                    radio("device_id", list(labels), fmt=labels.get)
            else:
                field_error("recipient_id")
        elif path is RegistrationPath.UNREGISTERED_DEVICE:
            st.text_input(label("recipient_id", t("dev.recipient_id_b")), key=P + "recipient_id")
            field_error("recipient_id")
            c1, c2, c3 = st.columns(3)
            c1.text_input(label("article_no"), key=P + "article_no")
            c2.text_input(label("article_name"), key=P + "article_name")
            c3.text_input(label("individual_no"), key=P + "individual_no")
            for column, name in ((c1, "article_no"), (c2, "article_name"), (c3, "individual_no")):
                with column:
                    field_error(name)
        elif path is not None and path.on_stock:
            items = services.stock_items(db, individual=path is RegistrationPath.STOCK_INDIVIDUAL)
            labels = {i["id"]: f"{i['article_no']} · {i['article_name']}"
                      + (f" · {i['individual_no']}" if i["individual_no"] else f" · {i['quantity']} st")
                      for i in items}
            st.selectbox(label("stock_item_id"), list(labels), key=P + "stock_item_id", index=None,
                         format_func=labels.get, placeholder=t("form.choose"))
            field_error("stock_item_id")
        elif path is RegistrationPath.SERVICE_WORK_ORDER:
            st.text_input(label("work_order_no"), key=P + "work_order_no", placeholder="AO-26-1001")
            wo_no = st.session_state.get(P + "work_order_no")
            if wo_no:
                wo = services.find_work_order(db, wo_no)
                if wo:
                    st.info(f"{wo['no']} · {md_escape(wo['description'])} · {wo.get('article_name') or ''} · {day(wo['performed'])}")
            field_error("work_order_no")
        elif path is RegistrationPath.SERVICE_NO_ORDER:
            st.text_area(label("service_description"), key=P + "service_description")
            field_error("service_description")
        radio("is_wear_and_tear", [False, True],
              fmt=lambda o: t("form.yes") if o else t("form.no"), horizontal=True)
        if steer_to_repair:
            # DEV-2: steer wear and tear to a repair request, which needs a description of the fault
            # (the same field the deviation would use, so nothing typed is lost either way).
            st.info(t("dev.is_repair"), icon=":material/build:")
            repair_labels = {**LABELS, "what_happened": t("dev.repair_description")}
            repair_errors = {name: model_errors.get(name, rules.REQUIRED)
                             for name in ("service_site_id", "what_happened")
                             if name in model_errors or not st.session_state.get(P + name)}
            repair = forms.Check(P + "repair_", repair_errors, repair_labels,
                                 required=("service_site_id", "what_happened"))
            st.text_area(repair.label("what_happened"), key=P + "what_happened",
                         placeholder=t("dev.repair_description_help"))
            repair.error("what_happened")
            repair.summary()
            if st.button(t("dev.make_repair"), key=P + "repair__btn", type="primary", on_click=repair.attempt):
                d, _ = draft_from_state()
                try:
                    if repair.blocks():
                        raise FieldErrors({})
                    if d is None:
                        raise FieldErrors(model_errors)
                    st.session_state[P + "repair_receipt"] = services.request_repair(db, clock, user, d)
                    feedback.flash(t("dev.repair_created", case_id=st.session_state[P + "repair_receipt"]))
                    st.rerun()
                except FieldErrors as e:
                    if e.errors:
                        repair.refused(e.errors)
                        st.rerun()
                except Refused as e:
                    st.error(reason(e))
        else:
            next_button(2, P + "next1__btn")
        _cancel_button(1)

    # ------------------------------------------------------------------ step 2: the event
    elif step == 2:
        radio("event_type", list(EventType), fmt=lambda o: t(f"dev.event.{o.value}"),
              captions=[t(f"dev.event_help.{e.value}") for e in EventType])
        st.caption(t("dev.avvikelse_note"))
        event = st.session_state.get(P + "event_type")
        cats = services.categories_for(db, event)
        if st.session_state.get(P + "category") not in cats:
            st.session_state[P + "category"] = None
        st.selectbox(label("category"), list(cats), key=P + "category", index=None,
                     format_func=lambda c: cats[c].name(lang()),
                     placeholder=t("form.choose"), disabled=event is None)
        field_error("category")
        c1, c2 = st.columns(2)
        c1.date_input(label("occurred_date"), key=P + "occurred_date", value=None,
                      **forms.dates(clock, user.tz, keep=P + "occurred_date"))
        c2.time_input(label("occurred_time"), key=P + "occurred_time", value=None, step=300)
        with c1:                  # under its own field, also when a phone stacks the two
            field_error("occurred_date")
        with c2:
            field_error("occurred_time")
        st.text_input(label("location"), key=P + "location", placeholder=t("dev.location_help"))
        field_error("location")
        st.text_input(label("concerns"), key=P + "concerns", help=t("dev.concerns_help"),
                      placeholder=t("dev.concerns_help"))
        field_error("concerns")
        st.text_area(label("what_happened"), key=P + "what_happened",
                     help=t("dev.what_happened_help"), height=150)
        field_error("what_happened")
        if rules.looks_like_wear(" ".join(filter(None, [st.session_state.get(P + "concerns"),
                                                        st.session_state.get(P + "what_happened")]))):
            st.warning(t("dev.wear_hint"), icon=":material/build:")     # DEV-2
        next_button(3, P + "next2__btn")
        _back(1, P + "back2__btn")
        _cancel_button(2)

    # ------------------------------------------------------------------ step 3: action and contact
    elif step == 3:
        st.text_area(label("injury"), key=P + "injury")
        field_error("injury")
        radio("desired_action", list(DesiredAction), fmt=lambda o: t(f"dev.action.{o.value}"))
        radio("device_return", list(DeviceReturn), fmt=lambda o: t(f"dev.return.{o.value}"), horizontal=True)
        ret = st.session_state.get(P + "device_return")
        if ret is not None and ret.goes_to_centre:
            radio("report_attached", [True, False], fmt=lambda o: t("form.yes") if o else t("form.no"),
                  horizontal=True)
        radio("wanted_back", list(WantedBack), fmt=lambda o: t(f"dev.wanted.{o.value}"), horizontal=True)
        event = st.session_state.get(P + "event_type")
        category = services.categories_for(db, event).get(st.session_state.get(P + "category") or "")
        if event is EventType.COMPLAINT or (category and category.requires_delivery_ref):   # DEV-8
            c1, c2 = st.columns(2)
            c1.text_input(label("delivery_note_no"), key=P + "delivery_note_no")
            c2.text_input(label("order_no"), key=P + "order_no")
            with c1:
                field_error("delivery_note_no")
            with c2:
                field_error("order_no")
        st.text_area(label("comment"), key=P + "comment")
        field_error("comment")
        c1, c2 = st.columns(2)
        c1.text_input(label("contact_name"), key=P + "contact_name")
        c2.text_input(label("contact_phone"), key=P + "contact_phone")
        with c1:
            field_error("contact_name")
        with c2:
            field_error("contact_phone")
        submit = next_button(0, P + "submit__btn", t("dev.submit"))
        _back(2, P + "back3__btn")
        _cancel_button(3)
        if submit:
            try:
                if draft is None or errors:      # a problem on an earlier step: go back to it
                    raise FieldErrors(errors or model_errors)
                case_id = services.register_deviation(db, clock, user, draft)
            except FieldErrors as e:
                first = min((s_ for s_, names in rules.STEP_FIELDS.items() if set(e.errors) & set(names)),
                            default=3)
                st.session_state[P + f"s{first}_tried__"] = True
                st.session_state[P + "step"] = first
                if first == 3:
                    check.refused(e.errors)
                st.rerun()
            except Refused as e:
                st.error(reason(e))
            else:
                keep_site = st.session_state.get(P + "service_site_id")
                forms.clear(P)
                st.session_state[P + "receipt"] = case_id
                feedback.flash(t("dev.receipt"))      # a toast too: the receipt replaces the form
                st.session_state[P + "service_site_id"] = keep_site
                st.rerun()


def _concerning(db) -> None:
    """DEV-24: 'Avvikelse/reklamation avseende <patient>, <device>' on every step, once the
    subject is known (names only: no identity number)."""
    data = {f: st.session_state.get(P + f) for f in ("path", *ALL_SUBJECT_FIELDS)}
    try:
        draft = DeviationDraft.model_validate(data)
    except ValidationError:
        return                       # a subject field over its limit: its own field says so
    _concerning_line(services.concerning(db, draft))


def _concerning_line(about: services.Concerning) -> None:
    if not about:
        return
    device = md_escape(about.device) if about.device else None
    if about.on_stock and about.stock_unit:
        stock = t("dev.concerning_stock", unit=about.stock_unit)
        device = Markdown(f"{device} ({stock})") if device else stock
    parts = [md_escape(about.recipient) if about.recipient else None, device,
             t("dev.concerning_work_order", order=about.work_order) if about.work_order else None,
             md_escape(about.service) if about.service else None]
    st.markdown(Markdown(f"**{t('dev.concerning', what=Markdown(', '.join(p for p in parts if p)))}**"))


def _entered_subject(db, path: RegistrationPath | None, field_error) -> None:
    """DEV-20 … 23: the subject an entry screen chose, as the seed's box shows it ("Avvikelsen/
    reklamationen avser" with the recipient and the device), with the wizard's own refusal at it
    should it no longer hold."""
    data = {f: st.session_state.get(P + f) for f in ("path", *ALL_SUBJECT_FIELDS)}
    try:
        about = services.concerning(db, DeviationDraft.model_validate(data))
    except ValidationError:
        about = services.Concerning()
    with st.container(border=True):
        st.markdown(f"**{t('dev.path')}**")
        if path is not None:
            st.markdown(t(f"dev.path.{path.value}"))
        for label, value in (("dev.box.recipient", about.recipient), ("dev.box.work_order", about.work_order),
                             ("dev.box.device", about.device),
                             ("dev.box.stock", about.stock_unit if about.on_stock else None)):
            if value:
                st.markdown(Markdown(f"{t(label)}: **{md_escape(value)}**"))
        for name in PATH_SUBJECT_FIELDS.get(path, ()) if path in FIXED else ():
            field_error(name)


def _cancel_button(step: int) -> None:
    """DEV-24: 'Avbryt' on every step; it asks before the input is thrown away."""
    if st.button(t("dev.cancel"), key=P + f"cancel{step}__btn", icon=":material/close:"):
        confirm.request("dev_cancel")
        st.rerun()


def _cancel(_payload=None) -> None:
    """DEV-24: nothing of the input stays behind (the form's and its entry screens' keys all
    begin with P); back to the start page."""
    forms.clear(P)
    st.switch_page(START_PAGE)


def _close_button(key: str) -> None:
    """DEV-24: 'Stäng' on the receipt goes back to the start page (seed 000)."""
    if st.button(t("dev.receipt_close"), key=P + key, icon=":material/close:"):
        forms.clear(P)
        st.switch_page(START_PAGE)


CARE_PAGE = "pages/32_Vardavvikelse.py"
CARE_PREFIX = "org_care_"                # the care-deviation form's session keys (ui/org_form.py)
CARE_FROM = CARE_PREFIX + "from_deviation"


def _own_routine(db, clock, user, case_id: str, case: dict) -> None:
    """DEV-25: after a Negativ händelse or Tillbud, the reminder of seed 001 and the care-
    deviation form with the facts filled in (where the form is still empty)."""
    if not rules.reported_under_own_routine(case.get("event_type")):
        return
    st.info(t(f"dev.routine_reminder.{case['event_type']}"), icon=":material/assignment_late:")
    if not services.care_form_offered(user, case.get("event_type")):
        return
    if st.button(t("dev.care_form"), key=P + "care__btn", icon=":material/personal_injury:"):
        try:
            facts = services.care_deviation_facts(db, clock, user, case_id, lang())
        except Refused as e:
            st.error(reason(e))
            return
        prefill_care_form(db, user, facts)
        st.session_state[CARE_FROM] = case_id
        forms.clear(P)
        st.switch_page(CARE_PAGE)


def prefill_care_form(db, user, facts: dict) -> None:
    """The facts into the care-deviation form's fields that are still empty (nothing typed
    there is overwritten); the unit only when it is one the user reports for."""
    facts = dict(facts)
    if facts.get("unit_id") not in {u["id"] for u in org_services.reporter_units(db, user)}:
        facts.pop("unit_id", None)
    for name, value in facts.items():
        if value is not None and st.session_state.get(CARE_PREFIX + name) in (None, ""):
            st.session_state[CARE_PREFIX + name] = value


def care_prefilled_notice() -> None:
    """On the care-deviation page: which deviation's facts were filled in (DEV-25)."""
    case_id = st.session_state.get(CARE_FROM)
    if case_id:
        st.info(t("dev.care_prefilled", case_id=case_id), icon=":material/info:")


def _back(to: int, key: str) -> None:
    """Back one step, below the step's main button (on a phone the main button comes first)."""
    if st.button(t("form.back"), key=key, icon=":material/arrow_back:"):
        st.session_state[P + "step"] = to
        st.rerun()


# Fields whose choice decides which other fields the wizard asks for.
_DECIDING = ("path", "service_site_id", "event_type", "category", "device_return", "recipient_id")


def _required(db, clock, user) -> set[str]:
    """The fields the rules require, whatever is filled in yet: the rules judge a draft that
    holds only the deciding choices (so a field stays marked * after it is filled)."""
    required: set[str] = set()
    for data in ({}, {f: st.session_state.get(P + f) for f in _DECIDING}):   # always, and for these choices
        try:
            bare = DeviationDraft.model_validate(data)
        except ValidationError:
            continue
        required |= {k for k, v in services.check_draft(db, clock, user, bare).items() if v == rules.REQUIRED}
    return required
