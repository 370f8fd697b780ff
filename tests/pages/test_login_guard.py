"""X-1: every page requires login; a page opened directly without a session shows no data."""
from __future__ import annotations


import pytest

from logic.i18n import t
from logic.store.connect import open_database
from tests.conftest import ROOT
from tests.pages.conftest import texts

pytestmark = pytest.mark.both_backends

PAGES = ["app.py"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_x1_page_without_session_shows_login_and_no_data(open_page, page):
    at = open_page(page, None)
    assert not at.exception
    shown = texts(at)
    assert "Logga in" in shown or any(el.value == "Logga in" for el in at.subheader)
    assert "Tolvan" not in shown and "AV26" not in shown and "191212121212" not in shown
    assert len(at.dataframe) == 0


def _scalar(path, sql: str, params=()):
    db = open_database(path)                       # as the app opens it (same process, same file)
    try:
        with db.read() as r:
            return r.scalar(sql, list(params))
    finally:
        db.close()


# page -> (a demo user who may use it, its URL query, its title key, a widget it shows by key)
PERMITTED = {
    "app.py": ("handlaggare", None, "app.title", None),
    "pages/10_Ny_avvikelse.py": ("reporter", None, "dev.title", "dev_service_site_id"),
    "pages/11_Mina_avvikelser.py": ("reporter", None, "dev.search_title", "dev_search_code"),
    "pages/13_Mottagare.py": ("reporter", None, "dev.recipient_title", "dev_rcp_q"),
    "pages/14_Individkort.py": ("reporter", None, "dev.individual_title", "dev_ind_q"),
    "pages/15_Dina_uppgifter.py": ("reporter", None, "dev.my_details_title", "dev_my_wo_q"),
    "pages/12_Arende.py": ("handlaggare", "SELECT min(id) FROM cases WHERE kind = 'deviation'", "nav.case",
                           "case_open_id:{id}"),
    "pages/20_Arenden.py": ("handlaggare", None, "board.title", "board_q"),
    "pages/21_Rapporter.py": ("analytiker", None, "dash.title", "dash_types"),
    "pages/30_Org_avvikelse.py": ("reporter", None, "org.title_report", "org_org_title"),
    "pages/31_Org_arenden.py": ("chef", None, "org.cases_title", "org_list_status"),
    "pages/32_Vardavvikelse.py": ("reporter", None, "org.title_care", "org_care_title"),
    "pages/33_Org_statistik.py": ("chef", None, "org.stats_title", None),
    "pages/39_Org_admin.py": ("admin", None, "org.admin_title", "org_holder_user_forum"),
    "pages/40_Intyg.py": ("lakare", None, "cert.patient_title", "certp_raw"),
    "pages/41_Intyg_utkast.py": ("lakare", "SELECT min(id) FROM cases WHERE kind = 'certificate' AND created_by = 'lakare'",
                                 None, "{id}_print__btn"),
    "pages/42_Arbetslistor.py": ("lakare", None, "cert.worklists_title", None),
    "pages/48_Intygsbehorighet.py": ("admin", None, "cert.admin_title", "certa_code"),
    "pages/49_FK_simulator.py": ("admin", None, "cert.fk_title", "certfk_case"),
    "pages/50_Akutsager.py": ("forsikring", None, "urgent.list_title", "urg_list_text"),
    "pages/51_Ny_akutsag.py": ("partner2", None, "urgent.new_title", "urg_new_street"),     # may create always
    "pages/52_Akutrapport.py": ("forsikring", None, "urgent.report_title", None),
    "pages/53_Ny_sag.py": ("forsikring", None, "urgent.new_claim_title", "claim_new_street"),
    "pages/59_Akut_admin.py": ("forsikring", None, "urgent.admin_title", "urg_admin_office"),
    "pages/80_Meddelanden.py": ("chef", None, "messages.title", None),
    "pages/90_Admin.py": ("admin", None, "nav.admin", "new_user_username"),
    "pages/91_Atkomstlogg.py": ("granskare", None, "admin.access_log", "access_log_pid"),
    "pages/92_Grunddata.py": ("admin", None, "nav.masterdata", "md_save_units"),
    "pages/93_Import.py": ("admin", None, "nav.import", "imp_kind"),
    "pages/94_Export.py": ("admin", None, "nav.export", "xfer_export"),
}
WIDGETS = ("button", "text_input", "text_area", "selectbox", "multiselect", "checkbox", "radio", "toggle",
           "number_input", "date_input")


def test_x1_every_page_has_a_permitted_user_in_the_table():
    assert sorted(PERMITTED) == sorted(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_x1_every_page_opens_for_a_permitted_user_and_shows_itself(open_page, demo_db_path, page):
    """Each page as a user who may use it: its title (shell.page shows it only once the user
    is let in), what it is for, and no refusal or error box."""
    username, case_sql, title_key, widget = PERMITTED[page]
    query = {"id": _scalar(demo_db_path, case_sql)} if case_sql else None
    lang = _scalar(demo_db_path, "SELECT lang FROM users WHERE username = ?", [username])
    at = open_page(page, username, query)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]                     # no refusal
    shown = texts(at)
    if title_key:
        assert [x.value for x in at.title] == [t(lang, title_key)]
    if widget:
        key = widget.format(id=(query["id"] if widget.startswith("case_open_id") else f"cert_{query['id']}")) \
            if query else widget
        assert key in {w.key for kind in WIDGETS for w in getattr(at, kind)}, key
    for what in SHOWS.get(page, ()):                                    # what the page is for
        assert what(at, shown, query), (page, what.__doc__)


def _charts_and_table(at, shown, query):
    """its figures: charts and a table"""
    return len(at.get("plotly_chart")) >= 2 and len(at.dataframe) >= 1


def _case_header(at, shown, query):
    """the case's number in its header"""
    return at.header and at.header[0].value.startswith(query["id"] + " · ")


SHOWS = {
    "app.py": [lambda at, shown, q: "Mitt arbete" in [s.value for s in at.subheader]],
    "pages/12_Arende.py": [_case_header],
    "pages/20_Arenden.py": [lambda at, shown, q: len(at.dataframe[0].value) > 0],
    "pages/21_Rapporter.py": [lambda at, shown, q: len(at.get("plotly_chart")) == 7],   # with the repairs (DEV-19)
    "pages/33_Org_statistik.py": [_charts_and_table],
    "pages/41_Intyg_utkast.py": [lambda at, shown, q: [h.value for h in at.header][:1] == ["Läkarintyg för sjukpenning"]],
    "pages/42_Arbetslistor.py": [lambda at, shown, q: "19121212-1212 Tolvan Tolvansson" in shown],
    "pages/50_Akutsager.py": [lambda at, shown, q: "AKUT-26-0001" in shown],
    "pages/52_Akutrapport.py": [_charts_and_table, lambda at, shown, q: "AKUT-26-0001" in shown],
    "pages/80_Meddelanden.py": [lambda at, shown, q: "Organisatorisk avvikelse OA26460002 väntar på dig." in shown],
    "pages/90_Admin.py": [lambda at, shown, q: "reporter" in shown],
    "pages/92_Grunddata.py": [lambda at, shown, q: [d.key for d in at.dataframe][:1] == ["md_grid_units_0"]],
    "pages/93_Import.py": [lambda at, shown, q: len(at.get("file_uploader")) == 1],
}
