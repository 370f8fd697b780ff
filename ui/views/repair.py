"""A repair request (DEV-2): what was reported, for which device, and its log."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.deviations.repairs import get_repair
from logic.errors import Refused
from ui import case_log
from ui.format import dt
from ui.i18n import reason, t


def show(p, case_id: str) -> None:
    try:
        case = get_repair(p.db, p.clock, p.user, case_id)
    except (PermissionDenied, Refused) as e:
        st.error(reason(e))
        return
    st.header(f"{case['id']} · {t('dev.kind.repair')}")
    c1, c2, c3 = st.columns(3)
    c1.metric(t("dev.status"), t(f"dev.status.{case['status']}"))
    c2.metric(t("dev.registered"), dt(case["created_at"], p.user.tz, "%Y-%m-%d"))
    c3.metric(t("dev.service_site_id"), case.get("site_code") or "")
    rows = [(t("dev.recipient"), case.get("person_id") or case.get("recipient_id")),
            (t("dev.article_no"), case.get("article_no")),
            (t("dev.individual_no"), case.get("individual_no")),
            (t("dev.what_happened"), case.get("description")),
            (t("dev.contact_name"), case.get("contact_name")),
            (t("dev.contact_phone"), case.get("contact_phone"))]
    st.dataframe([{"": k, " ": v} for k, v in rows if v], hide_index=True, width="stretch")
    case_log.show(p.db, case_id, p.user)
