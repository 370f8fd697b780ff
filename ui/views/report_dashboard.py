"""The report dashboard of pages/21_Rapporter.py (X-5): filters, key figures, the charts with their
CSV downloads, and the certificate section behind its toggle. Pseudonymised: no names, no identity numbers."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pydantic import ValidationError

from logic import exports, i18n, reports
from logic.reports import EVENT_TYPES, ReportFilters
from ui import certificate_dashboard, charts, forms
from ui.i18n import lang, t


def show(p) -> None:
    user, db, clock = p.user, p.db, p.clock
    L = lang()
    st.caption(t("dash.intro"))

    choices = reports.filter_choices(db)      # kept until the next write (no st.cache_data here: see 20_Arenden)
    default = ReportFilters.default(clock)
    units = {u["id"]: f"{u['code']} {u['name']}" for u in choices["units"]}

    c1, c2, c3, c4 = st.columns([1, 1, 2, 1])
    # the end's label continues the start's ("Registrerad från" … "till och med"): named alone
    # in a message, it begins with a capital ("Till och med: …")
    labels = {"date_from": t("dash.from"), "date_to": t("dash.to")[:1].upper() + t("dash.to")[1:]}
    date_from = c1.date_input(forms.mark(labels["date_from"]), value=default.date_from, key="dash_from",
                              **forms.dates(clock, reports.ZONE, keep="dash_from"))
    date_to = c2.date_input(forms.mark(t("dash.to")), value=default.date_to, key="dash_to",
                            **forms.dates(clock, reports.ZONE, keep="dash_to"))
    # issue 16 item 6: the period's problem at its field by name ("Till: Slutdatum före startdatum."),
    # from the filter model; the filters apply as they change, so every problem shows at once
    _, period_errors = forms.build(ReportFilters, {"date_from": date_from, "date_to": date_to})
    check = forms.Check("dash_period_", period_errors, labels, labels)
    check.attempt()
    with c1:
        check.error("date_from")
    with c2:
        check.error("date_to")
    chosen_units = forms.choose_many(c3, t("dash.units"), list(units), key="dash_units", format_func=units.get,
                                  placeholder=t("board.choose"))
    grain = c4.radio(t("dash.grain"), ["month", "week"], key="dash_grain", horizontal=True,
                     format_func=lambda g: t(f"dash.grain.{g}"))
    c1, c2 = st.columns(2)
    types = forms.choose_many(c1, t("dash.event_types"), list(EVENT_TYPES), key="dash_types",
                           format_func=lambda e: t(f"dev.event.{e}"), placeholder=t("board.choose"))
    cats = {f"{c['event_type']}:{c['code']}": c for c in choices["categories"]
            if not types or c["event_type"] in types}
    cat_codes = sorted({c["code"] for c in cats.values()})
    # a category is named with its event type: two types have categories of (nearly) one name
    # ("Fel eller brist på hjälpmedel(et)"), and a list of two equal names says nothing (issue 16 item 10)
    cat_types: dict[str, list[str]] = {}
    for c in cats.values():
        cat_types.setdefault(c["code"], []).append(c["event_type"])
    cat_label = {}
    for c in cats.values():
        cat_label.setdefault(c["code"], f"{i18n.pick_row(L, c, 'name')} · "
                                        + ", ".join(t(f"dev.event.{e}") for e in cat_types[c["code"]]))
    chosen_cats = forms.choose_many(c2, t("dash.categories"), cat_codes, key="dash_cats", format_func=cat_label.get,
                                 placeholder=t("board.choose"))

    try:
        f = ReportFilters(date_from=date_from, date_to=date_to, units=chosen_units, event_types=types,
                          categories=chosen_cats, grain=grain)
    except ValidationError:
        return          # said at the date fields above

    d = reports.dashboard(db, clock, user, f)
    tables = reports.tables(d, L)

    def _download(name: str) -> None:
        header, rows = tables[name]
        # made when clicked (deferred), not on every rerun of the dashboard
        st.download_button(t("dash.download"), lambda: exports.to_csv(header, rows), file_name=f"{name}.csv",
                           mime="text/csv", key=f"dash_dl_{name}", icon=":material/download:", on_click="ignore")

    def _frame(name: str) -> pd.DataFrame:
        header, rows = tables[name]
        return pd.DataFrame(rows, columns=header)

    share = d.share_within_14
    m1, m2, m3, m4, m5 = st.columns(5)
    m1.metric(t("dash.total"), f"{d.registered:,}".replace(",", " "))
    m2.metric(t("dash.open"), f"{int(d.close['open'] or 0):,}".replace(",", " "))
    m3.metric(t("dash.median"), "–" if d.close["median_days"] is None else f"{d.close['median_days']:.1f}")
    m4.metric(t("dash.p90"), "–" if d.close["p90_days"] is None else f"{d.close['p90_days']:.1f}")
    m5.metric(t("dash.within14"), "–" if share is None else f"{share:.0%}", help=t("dash.within14_help"))

    if not d.registered:
        st.info(t("dash.no_data"))
        _repairs(tables, _download)
        return

    count = t("dash.col.count")
    st.subheader(t("dash.per_period", grain=t(f"dash.grain.{f.grain}")))
    df = _frame("per_period")
    fig = charts.bar(df, x=t("dash.col.period"), y=count, color=t("dash.col.event_type"), barmode="stack")
    fig.update_xaxes(type="category")          # "2026-07", "2026-V27" as they are, not re-read as dates
    st.plotly_chart(fig, key="dash_chart_period")
    _download("per_period")

    c1, c2 = st.columns(2)
    with c1:
        st.subheader(t("dash.by_category"))
        df = _frame("by_category")
        # each bar names its event type too: the types' categories share names (see cat_label)
        df[t("dash.col.category")] = df[t("dash.col.category")] + " · " + df[t("dash.col.event_type")]
        fig = charts.bar(df, x=count, y=t("dash.col.category"), color=t("dash.col.event_type"), orientation="h")
        # the long names get the room they need (not cut at a phone's edge), the legend goes below
        fig.update_yaxes(automargin=True, title_text=None)
        fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0})
        st.plotly_chart(fig, key="dash_chart_category")
        _download("by_category")
    with c2:
        st.subheader(t("dash.by_unit"))
        df = _frame("by_unit")
        st.plotly_chart(charts.bar(df, x=count, y=t("dash.col.unit"), orientation="h"), key="dash_chart_unit")
        _download("by_unit")

    st.subheader(t("dash.by_article"))
    df = _frame("pareto")
    label = df[t("dash.col.article_no")] + " " + df[t("dash.col.article")].str.slice(0, 24)
    fig = go.Figure()
    fig.add_bar(x=label, y=df[count], name=count,
                hovertemplate="%{x}<br>" + count + ": %{y}<extra></extra>")
    fig.add_scatter(x=label, y=df[t("dash.col.cum_share")], name=t("dash.col.cum_share"), yaxis="y2",
                    mode="lines+markers", hovertemplate="%{x}<br>%{y:.0%}<extra></extra>")
    # the share's own ticks at 0, 20 … 100 %, not at the count axis's grid (19 %, 38 % …)
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%", "range": [0, 1.05],
                              "tickmode": "array", "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1.0], "showgrid": False},
                      legend={"orientation": "h", "y": 1.12}, xaxis={"tickangle": -35, "type": "category"},
                      margin={"b": 140})
    st.plotly_chart(fig, key="dash_chart_pareto")
    _download("pareto")

    c1, c2 = st.columns(2)
    with c1:
        st.subheader(t("dash.open_by_age"))
        df = _frame("open_by_age")
        st.plotly_chart(charts.bar(df, x=t("dash.col.age"), y=count), key="dash_chart_age")
        _download("open_by_age")
    with c2:
        st.subheader(t("dash.reports"))
        df = _frame("regulatory")
        st.plotly_chart(charts.bar(df, x=t("dash.col.recipient"), y=count, color=t("dash.col.state"),
                               barmode="group"), key="dash_chart_reports")
        _download("regulatory")

    _repairs(tables, _download)

    # ------------------------------------------------------------------ certificates (issue 5, CERT)
    # Aggregates only (logic/certificates/reports.py), drawn by ui/certificate_dashboard.py; behind a
    # toggle so the deviation figures above stay as they are.
    st.divider()
    if st.toggle(t("certdash.show"), key="certdash_show"):
        certificate_dashboard.section(p, chosen_units or None)


def _repairs(tables: dict, download) -> None:
    """DEV-19: repair requests as their own kind, counted by status (their data downloadable)."""
    header, rows = tables["repairs"]
    st.subheader(t("dash.repairs"), help=t("dash.repairs_help"))
    df = pd.DataFrame(rows, columns=header)
    fig = charts.bar(df, x=header[0], y=header[1])
    fig.update_layout(height=300, margin={"t": 10})       # four bars need no full height
    st.plotly_chart(fig, key="dash_chart_repairs")
    download("repairs")
