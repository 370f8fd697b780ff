"""ORG on the dashboard: cases by affected area, deficiency type and level reached, and the
time at each level of the ladder (ORG-2, ORG-6). `section(p)` draws it on any page that has
passed the shell with Action.VIEW_DASHBOARD (page 33, or the dashboard of issue 3). Each
chart's data is shown beside it (and downloadable from the table)."""
from __future__ import annotations

import textwrap

import streamlit as st

from logic import exports, i18n
from logic.org import services
from logic.org.model import LADDER
from logic.org.trend import TrendBy
from ui import charts
from ui.i18n import lang, t


def _named(rows: list[dict], language: str, level: bool = False) -> list[dict]:
    return [{
        t("org.stats.name"): t("org.level." + r["code"]) if level
        else (i18n.pick_row(language, r, "name") or r["code"] or t("org.grounds_none")),
        t("org.kind"): t("org.kind." + r["kind"]), t("org.stats.cases"): r["cases"],
        t("org.stats.open"): r["open_cases"]} for r in rows]


def _chart(title_key: str, rows: list[dict], key: str, horizontal: bool = False) -> None:
    """`horizontal`: names along the side, for long ones (the grounds, ORG-10)."""
    st.subheader(t(title_key))
    if not rows:
        st.caption(t("org.none"))
        return
    if horizontal:
        name = t("org.stats.name")
        wrapped = [{**r, name: "<br>".join(textwrap.wrap(r[name], 34))} for r in rows]
        fig = charts.bar(wrapped, x=t("org.stats.cases"), y=t("org.stats.name"), color=t("org.kind"),
                         barmode="stack", orientation="h")
        lines = {r[name]: r[name].count("<br>") + 1 for r in wrapped}     # every row as tall as the tallest name
        fig.update_layout(height=110 + len(lines) * max(40, 17 * max(lines.values()) + 12), margin={"t": 10, "b": 10},
                          yaxis_title=None, yaxis={"autorange": "reversed", "automargin": True},
                          legend={"orientation": "h", "y": -0.2})
    else:
        fig = charts.bar(rows, x=t("org.stats.name"), y=t("org.stats.cases"), color=t("org.kind"), barmode="stack")
        fig.update_layout(height=320, margin={"t": 10, "b": 10}, xaxis_title=None)
    st.plotly_chart(fig, key=key)
    st.dataframe(rows, hide_index=True, width="stretch")


def section(p) -> None:
    language = lang()
    stats = services.statistics(p.db, p.clock, p.user)
    c1, c2 = st.columns(2)
    with c1:
        _chart("org.stats.by_area", _named(stats["by_area"], language), "org_stats_area")
    with c2:
        _chart("org.stats.by_deficiency", _named(stats["by_deficiency"], language), "org_stats_type")
    _chart("org.stats.by_level", _named(stats["by_level"], language, level=True), "org_stats_level")

    st.subheader(t("org.stats.days"))
    days = [{t("org.level"): t("org.level." + r["level"]), t("org.stats.steps"): r["steps"],
             t("org.stats.waiting"): r["waiting"], t("org.stats.avg_days"): r["avg_days"],
             t("org.stats.median_days"): r["median_days"], t("org.stats.max_days"): r["max_days"]}
            for r in stats["days_per_level"]]
    if not days:
        st.caption(t("org.none"))
    else:
        fig = charts.bar(days, x=t("org.level"), y=[t("org.stats.avg_days"), t("org.stats.median_days")],
                         barmode="group")
        fig.update_layout(height=320, margin={"t": 10, "b": 10}, xaxis_title=None,
                          yaxis_title=t("org.stats.day_unit"), legend_title=None)
        st.plotly_chart(fig, key="org_stats_days")
        st.dataframe(days, hide_index=True, width="stretch")
        st.caption(t("org.stats.days_help"))

    _chart("org.stats.by_ground", _named(stats["by_ground"], language), "org_stats_ground", horizontal=True)
    st.caption(t("org.stats.by_ground_help"))
    trend(p)


def trend(p) -> None:
    """ORG-10: cases per month by ground, type of deficiency or unit, with the level each
    reached; the chart's data beside it and as a CSV file (logic.exports)."""
    language = lang()
    st.subheader(t("org.trend.title"))
    c1, c2 = st.columns(2)
    by = c1.radio(t("org.trend.by"), list(TrendBy), key="org_trend_by", horizontal=True,
                  format_func=lambda b: t(f"org.trend.by.{b.value}"))
    reached = c2.selectbox(t("org.trend.reached"), LADDER, key="org_trend_reached",
                           format_func=lambda lv: t("org.trend.reached_any") if lv is LADDER[0]
                           else t("org.trend.reached_at_least", level=t(f"org.level.{lv.value}")))
    data = services.trend(p.db, p.clock, p.user, by, reached if reached is not LADDER[0] else None)
    st.caption(t("org.trend.help"))
    if not data["rows"]:
        st.caption(t("org.none"))
        return
    month, name, level, cases = (t("org.trend.month"), t(f"org.trend.by.{by.value}"), t("org.stats.by_level"),
                                 t("org.stats.cases"))
    rows = [{month: r["month"], name: (i18n.pick_row(language, r, "name") if r["key"] is not None
                                       else t("org.grounds_none")),
             level: t(f"org.level.{r['level']}"), cases: r["cases"]} for r in data["rows"]]
    per_month: dict[tuple[str, str], int] = {}
    for r in rows:
        per_month[(r[month], r[name])] = per_month.get((r[month], r[name]), 0) + r[cases]
    first = rows[0][name]
    for m in data["months"]:          # a month without cases stands in the chart too, as nothing
        per_month.setdefault((m, first), 0)
    bars = sorted(per_month.items(), key=lambda kv: data["months"].index(kv[0][0]))
    fig = charts.bar([{month: m, name: "<br>".join(textwrap.wrap(n, 40)), cases: c} for (m, n), c in bars],
                     x=month, y=cases, color=name, barmode="stack")
    named = {r[name] for r in rows}            # the legend below the plot: room for each of its names
    fig.update_layout(height=320 + 22 * len(named), margin={"t": 10, "b": 10},
                      legend={"orientation": "h", "yanchor": "top", "y": -0.2})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=data["months"])
    st.plotly_chart(fig, key="org_trend_chart")
    st.dataframe(rows, hide_index=True, width="stretch")
    header = [month, name, level, cases]
    st.download_button(t("org.trend.download"),
                       lambda: exports.to_csv(header, [[r[h] for h in header] for r in rows]),
                       file_name=f"org-trend-{by.value}.csv", mime="text/csv", key="org_trend_download",
                       icon=":material/download:", on_click="ignore")
