"""The certificates' section of the report dashboard (issue 5 → pages/21_Rapporter.py):
drafts by age, locked drafts, signed and sent per week, questions from Försäkringskassan past
their reply-by date. Aggregates only (logic/certificates/reports.py), each chart with its data
as CSV. Call `section(p)` from the dashboard page, where `p` is what shell.page returned."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from logic.certificates import reports
from ui import charts
from ui.i18n import t
from logic.exports import frame_csv


def _csv_button(df: pd.DataFrame, name: str) -> None:
    st.download_button(t("certdash.download"), lambda: frame_csv(df), file_name=f"{name}.csv",
                       mime="text/csv", key=f"certdash_dl_{name}", icon=":material/download:", on_click="ignore")


def section(p, unit_ids: list[str] | None = None) -> None:
    db, clock = p.db, p.clock
    st.subheader(t("certdash.title"))
    ages = reports.drafts_by_age(db, clock, unit_ids)
    weeks = reports.signed_and_sent_per_week(db, clock, unit_ids=unit_ids)
    overdue = reports.open_questions_past_reply_by(db, clock, unit_ids)
    m1, m2, m3 = st.columns(3)
    m1.metric(t("certdash.open_drafts"), sum(r["drafts"] for r in ages))
    m2.metric(t("certdash.locked"), reports.locked_drafts(db, clock, unit_ids), help=t("certdash.locked_help"))
    m3.metric(t("certdash.overdue"), len(overdue), help=t("certdash.overdue_help"))
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(f"**{t('certdash.by_age')}**")
        df = pd.DataFrame([{t("certdash.col.age"): r["age_days"], t("certdash.col.drafts"): r["drafts"]} for r in ages])
        st.plotly_chart(charts.bar(df, x=t("certdash.col.age"), y=t("certdash.col.drafts")), key="certdash_age")
        _csv_button(df, "certificate_drafts_by_age")
    with c2:
        st.markdown(f"**{t('certdash.per_week')}**")
        df = pd.DataFrame([{t("certdash.col.week"): r["week"], t("certdash.col.signed"): r["signed"],
                            t("certdash.col.sent"): r["sent"]} for r in weeks])
        st.plotly_chart(charts.bar(df, x=t("certdash.col.week"), y=[t("certdash.col.signed"), t("certdash.col.sent")],
                               barmode="group"), key="certdash_weeks")
        _csv_button(df, "certificates_per_week")
    if overdue:
        st.markdown(f"**{t('certdash.overdue')}**")
        df = pd.DataFrame([{t("certdash.col.certificate"): r["case_id"], t("certdash.col.kind"): t(f"cert.qkind.{r['kind']}"),
                            t("certdash.col.reply_by"): r["reply_by"].isoformat(),
                            t("certdash.col.days_overdue"): r["days_overdue"]} for r in overdue])
        st.dataframe(df, hide_index=True, width="stretch")
        _csv_button(df, "certificate_questions_overdue")
