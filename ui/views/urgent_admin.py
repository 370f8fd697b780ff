"""Virksomheds admin for urgent cases, pages/59_Akut_admin.py: per office "may create urgent cases"
(URG-1) and the enhanced rights (URG-3), office hours per company (URG-2), the portal settings and
the log of every change."""
from __future__ import annotations

from datetime import timedelta
import streamlit as st

from logic import audit
from logic.access import PermissionDenied
from logic.errors import FieldErrors, Refused
from logic.urgent import office_hours, services
from logic.urgent.model import CreatePermission, ReportPeriod
from ui import feedback, forms
from ui.format import day, dt, md_escape
from ui.i18n import lang, reason, t


def show(db, clock, user) -> None:

    feedback.at(feedback.take())      # the last action's message: a toast, and here

    insurers = services.administered_insurers(db, user)
    if not insurers:
        st.info(t("urgent.no_portal"))
        return
    names = {i["id"]: i["name"] for i in insurers}
    insurer_id = st.selectbox(t("urgent.insurer"), list(names), format_func=names.get, key="urg_admin_insurer") \
        if len(names) > 1 else next(iter(names))
    portal = services.portal_settings(db, insurer_id)

    def saved() -> None:
        feedback.flash(t("form.saved"))
        st.rerun()

    def done(check: forms.Check) -> None:
        forms.clear(check.key)          # the press's flags: the widgets show what is stored
        saved()

    tab_offices, tab_hours, tab_portal, tab_log = st.tabs(
        [t("urgent.admin.offices"), t("urgent.admin.hours"), t("urgent.admin.portal"), t("urgent.admin.log")])

    yes_no = {True: t("form.yes"), False: t("form.no")}

    with tab_offices:
        offices = services.offices(db, insurer_id)
        st.dataframe([{
            t("urgent.col.company"): o["company_name"], t("urgent.col.office"): o["office_name"],
            t("urgent.col.city"): o["office_city"] or "",
            t("urgent.field.create_permission"): t(f"urgent.permission.{o['create_permission']}"),
            t("urgent.field.may_assign_other_partners"): yes_no[o["may_assign_other_partners_effective"]],
            t("urgent.field.may_edit_case_id"): yes_no[o["may_edit_case_id_effective"]],
        } for o in offices], hide_index=True, width="stretch")
        if offices:
            labels = {o["office_id"]: f"{o['company_name']} · {o['office_name']}" for o in offices}
            office_id = st.selectbox(t("urgent.admin.choose_office"), list(labels), format_func=labels.get,
                                     key="urg_admin_office")
            current = next(o for o in offices if o["office_id"] == office_id)
            # issue 16 item 6: the one way to validate — each problem at its field by name, a summary
            check = forms.Check(f"urg_office_{office_id}_", {}, {
                f: t("urgent.field." + f) for f in ("create_permission", "may_assign_other_partners",
                                                    "may_edit_case_id")})
            with st.form(f"urg_office_form_{office_id}"):
                st.markdown(f"**{md_escape(labels[office_id])}**")
                perms = list(CreatePermission)
                permission = st.radio(check.label("create_permission"), perms, horizontal=True,
                                      index=perms.index(CreatePermission(current["create_permission"])),
                                      format_func={c: t(f"urgent.permission.{c.value}") for c in perms}.get)
                check.error("create_permission")
                if not portal.enhanced:
                    st.caption(t("urgent.enhanced_needed"))
                assign = st.radio(check.label("may_assign_other_partners"), [True, False], horizontal=True,
                                  index=0 if current["may_assign_other_partners_effective"] else 1,
                                  format_func=yes_no.get, disabled=not portal.enhanced)
                check.error("may_assign_other_partners")
                edit_id = st.radio(check.label("may_edit_case_id"), [True, False], horizontal=True,
                                   index=0 if current["may_edit_case_id_effective"] else 1,
                                   format_func=yes_no.get, disabled=not portal.enhanced)
                check.error("may_edit_case_id")
                check.summary()
                if st.form_submit_button(t("form.save"), type="primary", on_click=check.attempt):
                    try:
                        services.set_office_settings(
                            db, clock, user, office_id, create_permission=permission,
                            may_assign_other_partners=bool(assign) and portal.enhanced,
                            may_edit_case_id=bool(edit_id) and portal.enhanced)
                    except FieldErrors as e:
                        check.refused(e.errors)
                        st.rerun()
                    except (PermissionDenied, Refused) as e:
                        st.error(reason(e))
                    else:
                        done(check)

    with tab_hours:
        st.caption(t("urgent.hours_note"))
        for company in services.companies(db, insurer_id):
            hours = company["hours"]
            check = forms.Check(f"urg_hours_{company['id']}_", {},
                                {"start": t("urgent.field.start"), "end": t("urgent.field.end")}, {"start", "end"})
            with st.form(f"urg_hours_{company['id']}"):
                st.markdown(f"**{md_escape(company['name'])}**")
                c1, c2 = st.columns(2)
                start = c1.time_input(check.label("start"), value=hours.start, step=900)
                end = c2.time_input(check.label("end"), value=hours.end, step=900)
                with c1:
                    check.error("start")
                with c2:
                    check.error("end")
                check.summary()
                if st.form_submit_button(t("form.save"), on_click=check.attempt):
                    try:
                        services.set_office_hours(db, clock, user, company["id"], start, end)
                    except FieldErrors as e:
                        check.refused(e.errors)
                        st.rerun()
                    except (PermissionDenied, Refused) as e:
                        st.error(reason(e))
                    else:
                        done(check)
        today = office_hours.local_time(clock.now()).date()
        upcoming = [(today + timedelta(days=i)) for i in range(0, 366)]
        holidays = [(d, office_hours.public_holiday(d)) for d in upcoming if office_hours.public_holiday(d)][:8]
        st.markdown(f"**{t('urgent.holidays_next')}**")
        st.dataframe([{t("urgent.col.date"): day(d), t("urgent.col.holiday"): name}
                      for d, name in holidays], hide_index=True)

    with tab_portal:
        with st.form("urg_portal_form"):
            enhanced = st.toggle(t("urgent.field.enhanced"), value=portal.enhanced, help=t("urgent.enhanced_help"))
            choices = list(ReportPeriod)
            period = st.radio(t("urgent.field.report_period"), choices, horizontal=True,
                              index=choices.index(ReportPeriod(portal.report_period)),
                              format_func={c: t(f"urgent.period.{c.value}") for c in choices}.get)
            if st.form_submit_button(t("form.save"), type="primary"):
                try:
                    services.set_portal_settings(db, clock, user, insurer_id, enhanced=enhanced, report_period=period)
                except (PermissionDenied, Refused) as e:
                    st.error(reason(e))
                else:
                    saved()

    with tab_log:
        entries = services.settings_log(db, user, insurer_id)
        st.dataframe([{t("urgent.col.date"): dt(e["logged_at"], user.tz, "%Y-%m-%d %H:%M:%S"),
                       t("log.actor"): e["actor"] or "", t("log.action"): t(f"urgent.event.{e['event']}"),
                       t("urgent.col.change"): audit.security_detail(lang(), e["detail"])} for e in entries], hide_index=True, width="stretch")
