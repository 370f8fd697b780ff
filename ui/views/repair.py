"""A repair request (DEV-2): what was reported, for which device, and its log."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.deviations.repairs import get_repair
from logic.errors import Refused
from logic.identity import format_id
from ui import case_document, case_log
from ui.format import dt
from ui.i18n import reason, t


def show(p, case_id: str) -> None:
    try:
        case = get_repair(p.db, p.clock, p.user, case_id)
    except (PermissionDenied, Refused) as e:
        st.error(reason(e))
        return
    st.header(f"{case['id']} · {t('dev.kind.repair')}")
    case_document.facts([(t("dev.status"), t(f"dev.status.{case['status']}")),
                         (t("dev.registered"), dt(case["created_at"], p.user.tz, "%Y-%m-%d")),
                         (t("dev.service_site_id"), case.get("site_code") or "")])
    rows = [(t("dev.recipient"), format_id(case.get("person_id") or case.get("recipient_id"))),
            (t("dev.article_no"), case.get("article_no")),
            (t("dev.individual_no"), case.get("individual_no")),
            (t("dev.what_happened"), case.get("description")),
            (t("dev.contact_name"), case.get("contact_name")),
            (t("dev.contact_phone"), case.get("contact_phone"))]
    case_document.pairs(rows, t("dev.details"), key="case_details")
    case_log.show(p.db, case_id, p.user)
