"""X-7 (every text in the user's language): a user who chooses Danish in the sidebar sees the
Swedish-centred screens — certificates, ORG deviations, deviations — in Danish, reference data
included. AppTest on a copy of the demo database."""
from __future__ import annotations

import json

import pytest

from logic.access import Role
from logic.store.connect import open_database
from tests.conftest import add_user
from tests.pages.conftest import texts
from tests.pages.test_certificate_pages import CERT, PATIENT, one

pytestmark = pytest.mark.both_backends

ORG_REPORT = "pages/30_Org_avvikelse.py"


def in_danish(at):
    """Choose Danish in the sidebar, as any user may. (Widgets are set before this: AppTest
    calls a format_func outside the script run, where it cannot see the session's language.)"""
    at.selectbox(key="_lang_select").set_value("da").run()
    assert not at.exception
    return at


def test_x7_i18n_a_danish_physician_sees_the_patients_certificates_in_danish(open_page):
    at = in_danish(open_page(PATIENT, "lakare"))
    at.text_input(key="certp_raw").input("19121212-1212")
    next(b for b in at.button if b.label == "Søg").click()
    shown = texts(at.run())
    assert "19121212-1212 · Tolvan Tolvansson" in shown
    for danish in ("Dato/tid", "Blanket/formular", "Behandlingsenhed", "Modtager", "Tomt udkast", "Annulleret",
                   "Lægeattest til sygedagpenge (Läkarintyg för sjukpenning)"):
        assert danish in shown, danish
    for swedish in ("Datum/tid", "Blankett/formulär", "Vårdenhet", "Tomt utkast", "Makulerat"):
        assert swedish not in shown, swedish


def test_x7_i18n_a_danish_physician_reads_the_missing_prerequisite_in_danish(open_page):
    at = open_page(PATIENT, "lakare2")
    at.sidebar.selectbox(key="cert_unit_select").select("site-1020").run()
    in_danish(at)
    assert ("Medarbejderopdraget ”Vård och behandling” (pleje og behandling) mangler for behandlingsenheden."
            in texts(at))


def test_x7_i18n_a_certificate_on_another_unit_is_refused_in_danish(open_page, demo_db_path):
    """The issue's example: cert.not_on_unit reached a Danish physician in Swedish. A physician
    of site 1020 only opens a certificate of site 1012."""
    database = open_database(demo_db_path)
    try:
        add_user(database, "lakare9", [Role.PHYSICIAN], ["site-1020"], name="Lone Læge")
    finally:
        database.close()
    case_id = one(demo_db_path, "sent", "lisjp")
    shown = texts(in_danish(open_page(CERT, "lakare9", {"id": case_id})))
    # a case the physician may not open is answered like one that does not exist, in Danish
    assert f"Der er ingen sag {case_id}, som du kan åbne." in shown
    assert "Intyget hör till" not in shown and "Berit" not in shown


def test_x7_i18n_the_certificate_page_is_danish_with_its_form(open_page, demo_db_path):
    case_id = one(demo_db_path, "sent", "lisjp")
    at = in_danish(open_page(CERT, "lakare", {"id": case_id}))
    shown = texts(at)
    assert [h.value for h in at.header] == ["Lægeattest til sygedagpenge (Läkarintyg för sjukpenning)"]
    assert [h.value for h in at.subheader] == ["Attestens indhold", "Håndter attesten",
                                              "Spørgsmål og svar med Försäkringskassan"]
    for danish in ("Försäkringskassan (den svenske socialforsikring)", "Logget ind på behandlingsenhed",
                   "Attesten er baseret på", "Nedsættelse af arbejdsevnen", "Venter på svar fra Försäkringskassan"):
        assert danish in shown, danish
    for swedish in ("Intyget är baserat på", "Inloggad på vårdenhet", "Väntar på svar"):
        assert swedish not in shown, swedish


def test_x7_i18n_the_org_report_form_offers_the_classification_in_danish(open_page):
    at = in_danish(open_page(ORG_REPORT, "sjukskoterska"))
    assert "**Virksomhed/organisation**" in texts(at)           # the insurance-medicine guidance
    area = next(s for s in at.selectbox if s.label == "Hvilket overordnet område er ramt? *")   # ui16: marked required
    assert area.options == ["Virksomhed/organisation", "Arbejdsmiljø", "Sikkerhed", "Ydre miljø"]
    area.select("verksamhet").run()
    kind = next(s for s in at.selectbox if s.label == "Hvilken type organisatorisk mangel er der tale om? *")
    assert kind.options[0] == "Forsikringsmedicin"
    assert "Mangler i, hvordan virksomheden er organiseret" in texts(at)


def test_x7_i18n_the_category_editor_shows_and_takes_danish_names(open_page):
    """The categories tab is the categories kind's grid (ADM-9): a Danish column with the Danish
    names, its headers in Danish, and a Danish name saved through it."""
    at = in_danish(open_page("pages/90_Admin.py", "admin"))
    grid = at.dataframe(key="md_grid_categories_0")
    table = grid.value
    assert "Faldulykke" in set(table["name_da"]) and not table["name_da"].isna().any()
    labels = {c: cfg.get("label") for c, cfg in json.loads(grid.proto.columns).items()}
    assert {labels["code"], labels["name_da"], labels["active"]} >= {"Kode *", "Navn (dansk)", "Aktiv"}
    row = table.index[table["code"] == "fall"][0] if "fall" in set(table["code"]) else 0
    at.session_state["md_grid_categories_0"] = {"edited_rows": {str(row): {"name_da": "Fald (ny)"}},
                                                "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="md_save_categories").click().run()
    assert not at.exception and not at.error
    assert "Fald (ny)" in set(at.dataframe(key="md_grid_categories_1").value["name_da"])
