"""The physician's work lists of pages/42_Arbetslistor.py (CERT-12): "Att signera" and "Frågor och
svar" (questions with Försäkringskassan not yet marked Hanterad, CERT-11)."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.certificates import rules, services
from logic.errors import Refused
from ui import certificates as cu
from ui.format import day, dt
from ui.i18n import reason, t


def show(db, clock, user, unit_id: str) -> None:
    """The lists for the physician on `unit_id` (the unit chosen in the sidebar)."""
    tab_sign, tab_qa = st.tabs([t("cert.to_sign"), t("cert.qa_list")])

    with tab_sign:
        whole_unit = st.toggle(t("cert.whole_unit"), key="certw_whole_unit")
        try:
            rows = services.to_sign(db, clock, user, unit_id=unit_id if whole_unit else None)
        except (PermissionDenied, Refused) as e:
            st.error(reason(e))
            rows = []
        if not rows:
            st.caption(t("cert.to_sign_empty"))
        else:
            widths = [3, 4, 2, 2, 2, 3]
            cu.header_row(widths, ("cert.col.patient", "cert.col.form", "cert.col.status", "cert.col.created",
                                   "cert.col.lock_day", "cert.col.number"))
            for row in rows:
                cols = st.columns(widths)
                cols[0].text(cu.person(row))
                cols[1].text(cu.type_name(row))
                status = row["effective_status"]
                with cols[2]:
                    cu.status_badge(status)
                cols[3].text(dt(row["created_at"], user.tz, "%Y-%m-%d"))
                cols[4].text(day(row["lock_day"]))
                with cols[5]:
                    cu.link(row["id"], key=f"wl_draft_{row['id']}")

    with tab_qa:
        st.caption(t("cert.qa_list_help"))
        try:
            rows = services.question_rows(db, clock, user, unit_id=unit_id)
        except (PermissionDenied, Refused) as e:
            st.error(reason(e))
            rows = []
        if not rows:
            st.caption(t("cert.qa_list_empty"))
        else:
            widths = [3, 4, 3, 2, 2, 2, 3]
            cu.header_row(widths, ("cert.col.patient", "cert.col.kind", "cert.col.form", "cert.col.responsible",
                                   "cert.col.datetime", "cert.reply_by", "cert.col.number"))
            today = rules.today(clock.now())
            for i, row in enumerate(rows):
                cols = st.columns(widths)
                cols[0].text(cu.person(row))
                incoming = row["direction"] == "incoming"
                with cols[1]:
                    cu.direction_badge(incoming, t("cert.qa_row_incoming") if incoming else t("cert.qa_row_sent"))
                    if row["completion"]:
                        st.caption(t("cert.qkind.completion"))
                cols[2].text(cu.type_name(row))
                cols[3].text(row.get("assignee_name") or row.get("assignee") or "")
                cols[4].text(dt(row["latest_at"], user.tz))
                late = row["reply_by"] is not None and row["reply_by"] < today
                if late:
                    cols[5].markdown(f":red[:material/warning: **{day(row['reply_by'])}**]",
                                     help=t("cert.reply_by_passed"))
                else:
                    cols[5].text(day(row["reply_by"]))
                with cols[6]:
                    cu.link(row["case_id"], key=f"wl_qa_{i}_{row['case_id']}")
