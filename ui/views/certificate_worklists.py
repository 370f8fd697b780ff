"""The physician's work lists of pages/42_Arbetslistor.py (CERT-12), named and split as seed 003
names them (CERT-19): "Att skicka" (drafts to sign), "Signerade, ej skickade" and "Fråga/svar via
Webcert" (questions with Försäkringskassan not yet marked Hanterad, CERT-11).

Each row is a small card — the certificate's number (a link), its status and the patient on one
line, the rest as labelled values under it — so a 390 px phone shows a row in two or three short
lines instead of a six-column table broken into unlabelled pieces (issue 16)."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.certificates import rules, services
from logic.errors import Refused
from ui import certificates as cu
from ui.format import day, dt, md_escape
from ui.i18n import reason, t


def _facts(pairs: list[tuple[str, str]]) -> None:
    """Labelled values on one wrapping line ("Blankett/formulär: … · Skapat: …")."""
    st.caption(" · ".join(f"{label}: {value}" for label, value in pairs if value))


def _card(case_id: str, key: str, head):
    """A row: a bordered box whose first line (number, status, patient) wraps on a phone."""
    box = st.container(border=True, key=f"certw_row_{key}")
    with box:
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            cu.link(case_id, key=key)
            head()
    return box


def _rows(rows: list[dict], key: str, user, with_lock: bool) -> None:
    for row in rows:
        def head(row=row) -> None:
            cu.status_badge(row["effective_status"])
            st.markdown(f"**{md_escape(cu.person(row))}**", width="content")
        with _card(row["id"], f"{key}_{row['id']}", head):
            facts = [(t("cert.col.form"), md_escape(cu.type_name(row))),
                     (t("cert.col.created"), dt(row["created_at"], user.tz, "%Y-%m-%d"))]
            if with_lock:
                facts.append((t("cert.col.lock_day"), day(row["lock_day"])))
            else:
                facts.append((t("cert.col.authority"), t(f"cert.authority.{row['authority']}")))
            _facts(facts)


def _listed(fetch, empty_key: str):
    try:
        rows = fetch()
    except (PermissionDenied, Refused) as e:
        st.error(reason(e))
        return []
    if not rows:
        st.caption(t(empty_key))
    return rows


def show(db, clock, user, unit_id: str) -> None:
    """The lists for the physician on `unit_id` (the unit chosen in the sidebar)."""
    tab_sign, tab_send, tab_qa = st.tabs([t("cert.to_sign"), t("cert.signed_unsent"), t("cert.qa_list")])

    with tab_sign:
        st.caption(t("cert.to_sign_help"))
        whole_unit = st.toggle(t("cert.whole_unit"), key="certw_whole_unit")
        rows = _listed(lambda: services.to_sign(db, clock, user, unit_id=unit_id if whole_unit else None),
                       "cert.to_sign_empty")
        _rows(rows, "wl_draft", user, with_lock=True)

    with tab_send:
        st.caption(t("cert.signed_unsent_help"))
        whole_unit = st.toggle(t("cert.whole_unit_signed"), key="certw_whole_unit_signed")
        rows = _listed(lambda: services.signed_unsent(db, clock, user, unit_id=unit_id if whole_unit else None),
                       "cert.signed_unsent_empty")
        _rows(rows, "wl_signed", user, with_lock=False)

    with tab_qa:
        st.caption(t("cert.qa_list_help"))
        rows = _listed(lambda: services.question_rows(db, clock, user, unit_id=unit_id), "cert.qa_list_empty")
        today = rules.today(clock.now())
        for i, row in enumerate(rows):
            incoming = row["direction"] == "incoming"

            def head(row=row, incoming=incoming) -> None:
                cu.direction_badge(incoming, t("cert.qa_row_incoming") if incoming else t("cert.qa_row_sent"))
                if row["completion"]:
                    st.badge(t("cert.qkind.completion"), color="violet")
                st.markdown(f"**{md_escape(cu.person(row))}**", width="content")
            with _card(row["case_id"], f"wl_qa_{i}_{row['case_id']}", head):
                _facts([(t("cert.col.form"), md_escape(cu.type_name(row))),
                        (t("cert.col.responsible"), md_escape(row.get("assignee_name") or row.get("assignee") or "")),
                        (t("cert.col.datetime"), dt(row["latest_at"], user.tz))])
                if row["reply_by"] is not None and row["reply_by"] < today:
                    st.markdown(f"{t('cert.reply_by')}: :red[:material/warning: **{day(row['reply_by'])}**]",
                                help=t("cert.reply_by_passed"))
                elif row["reply_by"] is not None:
                    st.caption(f"{t('cert.reply_by')}: {day(row['reply_by'])}")
