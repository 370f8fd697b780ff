"""Organisational deviations and care deviations: what waits for me (the manager or ladder
level holding it, ORG-4/ORG-6), what I reported (to follow it and read the outcome), and all
I may see. Each row opens the case."""
from __future__ import annotations

import streamlit as st

from logic import i18n
from logic.access import Action, Role
from logic.org import services
from logic.org.model import LADDER, Status
from ui import shell
from ui.format import dt
from ui.i18n import lang, t
from ui.case_table import case_table

p = shell.page(Action.REPORT_ORG, "org.cases_title")
user, db = p.user, p.db
language = lang()

scopes = ["waiting", "mine"]
if user.has(Role.MANAGER, Role.ORG_LADDER):
    scopes.append("all")
c1, c2, c3 = st.columns([3, 2, 2])
scope = c1.radio(t("org.scope"), scopes, horizontal=True, key="org_list_scope",
                 index=0 if user.has(Role.MANAGER, Role.ORG_LADDER) else 1,
                 format_func=lambda s: t(f"org.scope.{s}"))
status = c2.selectbox(t("org.status"), [None] + [s.value for s in Status], key="org_list_status",
                      format_func=lambda s: t(f"org.status.{s}") if s else t("org.any"))
level = c3.selectbox(t("org.level"), [None] + [lv.value for lv in LADDER], key="org_list_level",
                     format_func=lambda v: t(f"org.level.{v}") if v else t("org.any"))

rows = services.list_cases(db, user, scope, status=status, level=level)
st.write(t("org.hits", n=len(rows)))
if rows:
    number = t("org.number")
    case_table([{
        number: r["id"],
        t("org.kind"): t(f"org.kind.{r['kind']}"),
        t("org.title"): r["title"],
        t("org.col.deficiency"): i18n.pick_row(language, r, "deficiency") or r["deficiency"],
        t("org.level"): t(f"org.level.{r['level']}"),
        t("org.handler"): r["assignee_name"] or r["assignee"] or "",
        t("org.status"): t(f"org.status.{r['status']}"),
        t("org.reported"): dt(r["created_at"], user.tz, "%Y-%m-%d"),
        t("org.updated"): dt(r["updated_at"], user.tz),
    } for r in rows], [r["id"] for r in rows], key="org_list_table", back_page="pages/31_Org_arenden.py",
        back_label="org.back_to_list")
else:
    st.caption(t("org.none"))
