"""Registering a deviation or complaint on an assistive device (DEV-1 … DEV-11): the wizard of
pages/10_Ny_avvikelse.py — a receipt, a repair request for wear and tear, or four steps."""
from __future__ import annotations

import streamlit as st

from logic.deviations import rules, services
from logic.deviations.model import (DesiredAction, DeviationDraft, DeviceReturn, EventType,
                                    RegistrationPath, WantedBack)
from logic.deviations.pdf import deviation_form, envelope_site
from logic.errors import FieldErrors, Refused
from ui import feedback, forms
from ui.format import day, md_escape
from ui.i18n import lang, reason, t
from ui.links import case_link

P = "dev_"   # session-state prefix of this form


def show(db, clock, user) -> None:
    forms.keep(P)
    st.caption(t("dev.scope_note"))   # DEV-15

    LABELS = {f: t(f"dev.{f}") for f in (
        "path", "service_site_id", "is_wear_and_tear", "recipient_id", "device_id", "article_no",
        "article_name", "individual_no", "stock_item_id", "work_order_no", "service_description",
        "event_type", "category", "occurred_date", "occurred_time", "location", "concerns",
        "what_happened", "injury", "desired_action", "device_return", "report_attached", "wanted_back",
        "delivery_note_no", "order_no", "comment", "contact_name", "contact_phone")}

    # ------------------------------------------------------------------ receipt (DEV-11)
    done = st.session_state.get(P + "receipt")
    if done:
        feedback.take()
        st.success(t("dev.receipt"), icon=":material/check_circle:")
        case_link(done, t("dev.receipt_number", case_id=done))
        case = services.get_deviation(db, clock, user, done)
        language = lang()
        # made when clicked (deferred), not on every rerun of the receipt
        st.download_button(t("dev.print"), lambda: deviation_form(case, language, user.tz),
                           file_name=f"{done}.pdf", mime="application/pdf", key=P + "pdf__btn", on_click="ignore")
        st.warning(t("dev.return_instructions", site=envelope_site(case)),
                   icon=":material/local_shipping:")
        if st.button(t("dev.new"), key=P + "again__btn"):
            forms.clear(P)
            st.rerun()
        return

    repair_done = st.session_state.get(P + "repair_receipt")
    if repair_done:
        feedback.take()
        st.success(t("dev.repair_created", case_id=repair_done), icon=":material/check_circle:")
        case_link(repair_done)
        if st.button(t("dev.new"), key=P + "again2__btn"):
            forms.clear(P)
            st.rerun()
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

    def radio(field: str, options: list, label_key: str | None = None, fmt=None, **kw):
        st.radio(t(label_key or f"dev.{field}"), options, key=P + field, index=None,
                 format_func=fmt or (lambda o: str(o)), **kw)
        forms.field_error(errors, field)

    # ------------------------------------------------------------------ step 1: what it concerns
    if step == 1:
        if len(site_ids) > 1:
            st.selectbox(LABELS["service_site_id"], site_ids, key=P + "service_site_id", index=None,
                         format_func=site_label.get, help=t("dev.service_site_help"),
                         placeholder=t("form.choose"))
        else:
            st.text_input(LABELS["service_site_id"], value=site_label[site_ids[0]], disabled=True)
        forms.field_error(errors, "service_site_id")
        radio("path", list(RegistrationPath), fmt=lambda o: t(f"dev.path.{o.value}"))
        path = st.session_state.get(P + "path")
        if path is RegistrationPath.RECIPIENT_DEVICE:
            c1, c2 = st.columns([3, 1])
            c1.text_input(LABELS["recipient_id"], key=P + "recipient_id", placeholder="ÅÅÅÅMMDDNNNN")
            c2.write("")
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
                forms.field_error(errors, "recipient_id")
        elif path is RegistrationPath.UNREGISTERED_DEVICE:
            st.text_input(t("dev.recipient_id_b"), key=P + "recipient_id")
            forms.field_error(errors, "recipient_id")
            c1, c2, c3 = st.columns(3)
            c1.text_input(LABELS["article_no"], key=P + "article_no")
            c2.text_input(t("dev.article_name"), key=P + "article_name")
            c3.text_input(t("dev.individual_no"), key=P + "individual_no")
            for column, name in ((c1, "article_no"), (c2, "article_name"), (c3, "individual_no")):
                with column:
                    forms.field_error(errors, name)
        elif path is not None and path.on_stock:
            items = services.stock_items(db, individual=path is RegistrationPath.STOCK_INDIVIDUAL)
            labels = {i["id"]: f"{i['article_no']} · {i['article_name']}"
                      + (f" · {i['individual_no']}" if i["individual_no"] else f" · {i['quantity']} st")
                      for i in items}
            st.selectbox(LABELS["stock_item_id"], list(labels), key=P + "stock_item_id", index=None,
                         format_func=labels.get, placeholder=t("form.choose"))
            forms.field_error(errors, "stock_item_id")
        elif path is RegistrationPath.SERVICE_WORK_ORDER:
            st.text_input(LABELS["work_order_no"], key=P + "work_order_no", placeholder="AO-26-1001")
            wo_no = st.session_state.get(P + "work_order_no")
            if wo_no:
                wo = services.find_work_order(db, wo_no)
                if wo:
                    st.info(f"{wo['no']} · {md_escape(wo['description'])} · {wo.get('article_name') or ''} · {day(wo['performed'])}")
            forms.field_error(errors, "work_order_no")
        elif path is RegistrationPath.SERVICE_NO_ORDER:
            st.text_area(LABELS["service_description"], key=P + "service_description")
            forms.field_error(errors, "service_description")
        radio("is_wear_and_tear", [False, True],
              fmt=lambda o: t("form.yes") if o else t("form.no"), horizontal=True)
        step_errors = rules.errors_for_step(errors, 1)
        if errors.get("is_wear_and_tear") == "dev.is_repair":
            # DEV-2: steer wear and tear to a repair request, which needs a description of the fault
            # (the same field the deviation would use, so nothing typed is lost either way).
            st.text_area(t("dev.repair_description"), key=P + "what_happened",
                         placeholder=t("dev.repair_description_help"))
            forms.field_error(errors, "what_happened")
            repair_missing = {name: rules.REQUIRED for name in ("service_site_id", "what_happened")
                              if not st.session_state.get(P + name)}
            forms.missing_caption(repair_missing, {**LABELS, "what_happened": t("dev.repair_description")})
            if st.button(t("dev.make_repair"), key=P + "repair__btn", type="primary",
                         disabled=bool(repair_missing)):
                d, _ = draft_from_state()
                try:
                    if d is None:
                        raise FieldErrors(model_errors)
                    st.session_state[P + "repair_receipt"] = services.request_repair(db, clock, user, d)
                    feedback.flash(t("dev.repair_created", case_id=st.session_state[P + "repair_receipt"]))
                    st.rerun()
                except FieldErrors as e:
                    for name, key in e.errors.items():
                        st.error(f"{LABELS.get(name, name)}: {t(key)}")
                except Refused as e:
                    st.error(reason(e))
        else:
            forms.missing_caption(step_errors, LABELS)
            if st.button(t("form.next"), key=P + "next1__btn", type="primary", disabled=bool(step_errors)):
                st.session_state[P + "step"] = 2
                st.rerun()

    # ------------------------------------------------------------------ step 2: the event
    elif step == 2:
        radio("event_type", list(EventType), fmt=lambda o: t(f"dev.event.{o.value}"),
              captions=[t(f"dev.event_help.{e.value}") for e in EventType])
        st.caption(t("dev.avvikelse_note"))
        event = st.session_state.get(P + "event_type")
        cats = services.categories_for(db, event)
        if st.session_state.get(P + "category") not in cats:
            st.session_state[P + "category"] = None
        st.selectbox(LABELS["category"], list(cats), key=P + "category", index=None,
                     format_func=lambda c: cats[c].name(lang()),
                     placeholder=t("form.choose"), disabled=event is None)
        forms.field_error(errors, "category")
        c1, c2 = st.columns(2)
        c1.date_input(LABELS["occurred_date"], key=P + "occurred_date", value=None,
                      **forms.dates(clock, user.tz, keep=P + "occurred_date"))
        c2.time_input(LABELS["occurred_time"], key=P + "occurred_time", value=None, step=300)
        forms.field_error(errors, "occurred_date")
        st.text_input(LABELS["location"], key=P + "location", placeholder=t("dev.location_help"))
        forms.field_error(errors, "location")
        st.text_input(LABELS["concerns"], key=P + "concerns", help=t("dev.concerns_help"),
                      placeholder=t("dev.concerns_help"))
        forms.field_error(errors, "concerns")
        st.text_area(LABELS["what_happened"], key=P + "what_happened",
                     help=t("dev.what_happened_help"), height=150)
        forms.field_error(errors, "what_happened")
        if rules.looks_like_wear(" ".join(filter(None, [st.session_state.get(P + "concerns"),
                                                        st.session_state.get(P + "what_happened")]))):
            st.warning(t("dev.wear_hint"), icon=":material/build:")     # DEV-2
        step_errors = rules.errors_for_step(errors, 2)
        forms.missing_caption(step_errors, LABELS)
        c1, c2 = st.columns([1, 5])
        if c1.button(t("form.back"), key=P + "back2__btn"):
            st.session_state[P + "step"] = 1
            st.rerun()
        if c2.button(t("form.next"), key=P + "next2__btn", type="primary", disabled=bool(step_errors)):
            st.session_state[P + "step"] = 3
            st.rerun()

    # ------------------------------------------------------------------ step 3: action and contact
    elif step == 3:
        st.text_area(LABELS["injury"], key=P + "injury")
        forms.field_error(errors, "injury")
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
            c1.text_input(t("dev.delivery_note_no"), key=P + "delivery_note_no")
            c2.text_input(t("dev.order_no"), key=P + "order_no")
            with c1:
                forms.field_error(errors, "delivery_note_no")
            with c2:
                forms.field_error(errors, "order_no")
        st.text_area(t("dev.comment"), key=P + "comment")
        forms.field_error(errors, "comment")
        c1, c2 = st.columns(2)
        c1.text_input(LABELS["contact_name"], key=P + "contact_name")
        c2.text_input(LABELS["contact_phone"], key=P + "contact_phone")
        with c1:
            forms.field_error(errors, "contact_name")
        with c2:
            forms.field_error(errors, "contact_phone")
        forms.missing_caption(errors, LABELS)
        c1, c2 = st.columns([1, 5])
        if c1.button(t("form.back"), key=P + "back3__btn"):
            st.session_state[P + "step"] = 2
            st.rerun()
        if c2.button(t("dev.submit"), key=P + "submit__btn", type="primary", disabled=bool(errors)):
            try:
                case_id = services.register_deviation(db, clock, user, draft)
            except FieldErrors as e:
                for name, key in e.errors.items():
                    st.error(f"{LABELS.get(name, name)}: {t(key)}")
            except Refused as e:
                st.error(reason(e))
            else:
                keep_site = st.session_state.get(P + "service_site_id")
                forms.clear(P)
                st.session_state[P + "receipt"] = case_id
                feedback.flash(t("dev.receipt"))      # a toast too: the receipt replaces the form
                st.session_state[P + "service_site_id"] = keep_site
                st.rerun()
