"""The sidebar's pages: (file, label key, action). Only permitted ones are shown.

Each context appends its pages here; the shell filters them through logic.access.decide.
"""
from __future__ import annotations

from dataclasses import dataclass

from logic.access import Action


@dataclass(frozen=True)
class PageEntry:
    path: str
    label: str
    action: Action
    icon: str = ""


PAGES: list[PageEntry] = [
    PageEntry("app.py", "nav.start", Action.VIEW_START, ":material/home:"),
    PageEntry("pages/10_Ny_avvikelse.py", "nav.dev_register", Action.REGISTER_DEVIATION, ":material/add_circle:"),
    PageEntry("pages/13_Mottagare.py", "nav.dev_recipient", Action.REGISTER_DEVIATION, ":material/person_search:"),
    PageEntry("pages/14_Individkort.py", "nav.dev_individual", Action.REGISTER_DEVIATION, ":material/badge:"),
    PageEntry("pages/11_Mina_avvikelser.py", "nav.dev_search", Action.SEARCH_DEVIATIONS, ":material/search:"),
    PageEntry("pages/15_Dina_uppgifter.py", "nav.dev_my_details", Action.REGISTER_DEVIATION, ":material/account_circle:"),
    PageEntry("pages/20_Arenden.py", "nav.board", Action.VIEW_BOARD, ":material/view_list:"),
    PageEntry("pages/21_Rapporter.py", "nav.dashboard", Action.VIEW_DASHBOARD, ":material/monitoring:"),
    PageEntry("pages/30_Org_avvikelse.py", "nav.org_report", Action.REPORT_ORG, ":material/domain:"),
    PageEntry("pages/32_Vardavvikelse.py", "nav.care_report", Action.REPORT_ORG, ":material/personal_injury:"),
    PageEntry("pages/31_Org_arenden.py", "nav.org_cases", Action.REPORT_ORG, ":material/stairs:"),
    PageEntry("pages/33_Org_statistik.py", "nav.org_stats", Action.VIEW_DASHBOARD, ":material/bar_chart:"),
    PageEntry("pages/39_Org_admin.py", "nav.org_admin", Action.ADMIN_REFERENCE, ":material/account_tree:"),
    PageEntry("pages/40_Intyg.py", "nav.cert_patient", Action.WRITE_CERTIFICATE, ":material/clinical_notes:"),
    PageEntry("pages/42_Arbetslistor.py", "nav.cert_worklists", Action.WRITE_CERTIFICATE, ":material/checklist:"),
    PageEntry("pages/48_Intygsbehorighet.py", "nav.cert_admin", Action.ADMIN_USERS, ":material/verified_user:"),
    PageEntry("pages/49_FK_simulator.py", "nav.fk_simulator", Action.SIMULATE_FK, ":material/account_balance:"),
    PageEntry("pages/50_Akutsager.py", "nav.urgent_list", Action.VIEW_URGENT, ":material/e911_emergency:"),
    PageEntry("pages/52_Akutrapport.py", "nav.urgent_report", Action.URGENT_REPORT, ":material/bar_chart:"),
    PageEntry("pages/59_Akut_admin.py", "nav.urgent_admin", Action.ADMIN_URGENT, ":material/tune:"),
    PageEntry("pages/80_Meddelanden.py", "nav.messages", Action.VIEW_MESSAGES, ":material/mail:"),
    PageEntry("pages/90_Admin.py", "nav.admin", Action.ADMIN_USERS, ":material/settings:"),
    PageEntry("pages/92_Grunddata.py", "nav.masterdata", Action.ADMIN_USERS, ":material/database:"),
    PageEntry("pages/93_Import.py", "nav.import", Action.ADMIN_USERS, ":material/upload_file:"),
    PageEntry("pages/94_Export.py", "nav.export", Action.ADMIN_USERS, ":material/archive:"),
    PageEntry("pages/91_Atkomstlogg.py", "nav.access_log", Action.READ_ACCESS_LOG, ":material/policy:"),
]

CASE_PAGE = "pages/12_Arende.py"


def case_url(case_id: str) -> str:
    """A link to a case that survives copy-paste (the page path Streamlit gives CASE_PAGE)."""
    return f"/Arende?id={case_id}"
