"""Akutsag rapport of pages/52_Akutrapport.py (URG-12): urgent cases per week or month by office,
hour and weekday inside/outside office hours, outcome and time to attach — charts and a file."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.urgent import report, services
from ui import charts
from ui.format import day
from ui.i18n import lang, reason, t


def show(db, clock, user) -> None:

    insurers = services.own_insurers(db, user)
    if not insurers:
        st.error(t("urgent.not_your_portal"))
        return
    names = {i["id"]: i["name"] for i in insurers}
    c1, c2 = st.columns([2, 1])
    insurer_id = c1.selectbox(t("urgent.insurer"), list(names), format_func=names.get, key="urg_rep_insurer") \
        if len(names) > 1 else next(iter(names))
    periods = c2.number_input(t("urgent.report_periods"), min_value=1, max_value=104, value=12, step=1,
                              key="urg_rep_periods")
    try:
        rep = report.build(db, clock, user, insurer_id, periods=int(periods))
    except PermissionDenied as e:
        st.error(reason(e))
        return

    unit = t(f"urgent.period.{rep.period.value}")
    per = t(f"urgent.per.{rep.period.value}")
    st.caption(t("urgent.report_scope", period=per, first=day(rep.first_day),
                 last=day(rep.last_day), n=len(rep.cases)))
    d1, d2, _ = st.columns([2, 1.4, 2])
    stem = f"akutsag-rapport-{rep.first_day:%Y%m%d}-{rep.last_day:%Y%m%d}"
    language = lang()
    # made when clicked (deferred), not on every rerun of the report
    d1.download_button(t("urgent.download_xlsx"), lambda: report.to_xlsx(rep, language), file_name=f"{stem}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="urg_rep_xlsx", icon=":material/download:", type="primary", on_click="ignore")
    d2.download_button(t("urgent.download_csv"), lambda: report.to_csv(rep, language), file_name=f"{stem}.csv",
                       mime="text/csv", key="urg_rep_csv", icon=":material/download:", on_click="ignore")

    counts = rep.outcome.groupby("state")["count"].sum()
    m = st.columns(4)
    m[0].metric(t("urgent.report_total"), int(len(rep.cases)))
    for col, state in zip(m[1:], ("open", "converted", "linked")):
        col.metric(t(f"urgent.state.{state}"), int(counts.get(state, 0)))

    _claims(rep)

    inside_label = {True: t("urgent.inside_hours"), False: t("urgent.outside_hours")}
    colors = {t("urgent.inside_hours"): "#1f5f8b", t("urgent.outside_hours"): "#e8a33d"}
    period_axis = {"categoryorder": "array", "categoryarray": rep.periods}

    def counts_axis(fig) -> None:
        """Whole numbers on a count axis."""
        fig.update_yaxes(rangemode="tozero", tickformat="d", dtick=1 if len(rep.cases) <= 10 else None)

    st.subheader(t("urgent.chart.by_office", period=per))
    fig = charts.bar(rep.by_office, x="period", y="count", color="office",
                 labels={"period": unit, "count": t("urgent.col.count"), "office": t("urgent.col.office")})
    fig.update_xaxes(**period_axis)
    counts_axis(fig)
    st.plotly_chart(fig, key="urg_chart_office")

    c1, c2 = st.columns(2)
    with c1:
        st.subheader(t("urgent.chart.by_hour"))
        hours = rep.by_hour.assign(inside=rep.by_hour["inside_office_hours"].map(inside_label))
        fig = charts.bar(hours, x="hour", y="count", color="inside", color_discrete_map=colors,
                     labels={"hour": t("urgent.col.hour"), "count": t("urgent.col.count"), "inside": ""})
        counts_axis(fig)
        st.plotly_chart(fig, key="urg_chart_hour")
    with c2:
        st.subheader(t("urgent.chart.by_weekday"))
        days = rep.by_weekday.assign(inside=rep.by_weekday["inside_office_hours"].map(inside_label),
                                     day=[t(f"urgent.weekday.{report.WEEKDAYS[d]}") for d in rep.by_weekday["weekday"]])
        fig = charts.bar(days, x="day", y="count", color="inside", color_discrete_map=colors,
                     labels={"day": t("urgent.col.weekday"), "count": t("urgent.col.count"), "inside": ""})
        counts_axis(fig)
        st.plotly_chart(fig, key="urg_chart_weekday")

    c1, c2 = st.columns(2)
    with c1:
        st.subheader(t("urgent.chart.outcome", period=per))
        outcome = rep.outcome.assign(state=[t(f"urgent.state.{s}") for s in rep.outcome["state"]])
        fig = charts.bar(outcome, x="period", y="count", color="state",
                     labels={"period": unit, "count": t("urgent.col.count"), "state": ""})
        fig.update_xaxes(**period_axis)
        counts_axis(fig)
        st.plotly_chart(fig, key="urg_chart_outcome")
    with c2:
        st.subheader(t("urgent.chart.time_to_attach", period=per))
        tta = rep.time_to_attach.melt(id_vars=["period", "attached"], value_vars=["median_hours", "mean_hours"],
                                      var_name="measure", value_name="hours")
        tta["measure"] = [t(f"urgent.col.{m}") for m in tta["measure"]]
        fig = charts.bar(tta, x="period", y="hours", color="measure", barmode="group",
                     labels={"period": unit, "hours": t("urgent.col.hours"), "measure": ""})
        fig.update_xaxes(**period_axis)
        st.plotly_chart(fig, key="urg_chart_tta")

    st.subheader(t("urgent.sheet.cases"))
    cases = rep.cases.assign(
        state=[t(f"urgent.state.{s}") for s in rep.cases["state"]],
        inside_office_hours=rep.cases["inside_office_hours"].map(inside_label),
        weekday=[t(f"urgent.weekday.{report.WEEKDAYS[d]}") for d in rep.cases["weekday"]])
    st.dataframe(cases.rename(columns=lambda c: t(f"urgent.col.{c}")), hide_index=True, width="stretch")


def _claims(rep) -> None:
    """URG-19: the insurer's normal cases now, by state, and the open ones by claim decision."""
    st.subheader(t("urgent.report_claims"))
    st.caption(t("urgent.report_claims_help"))
    states = dict(zip(rep.claims["state"], rep.claims["count"]))
    with st.container(horizontal=True, gap="medium", key="urg_rep_claims"):
        for state, n in states.items():
            st.metric(t(f"claim.status.{state}"), int(n), width=150)
    decisions = dict(zip(rep.claim_decisions["decision"], rep.claim_decisions["count"]))
    with st.container(horizontal=True, gap="medium", key="urg_rep_decisions"):
        for decision, n in decisions.items():
            st.metric(t("urgent.decision_none") if decision == "none" else t(f"claim.decision.{decision}"), int(n),
                      width=230)
