"""AppTest, issue 17 organisational deviations (seed 002), on a copy of the demo database: the
grounds for reporting in the report form and on the case page (ORG-8, ORG-9), the statistics
by ground and the trend (ORG-10), the contact register in ORG admin (ORG-11) and contacts
chosen from it (ORG-12)."""
from __future__ import annotations

import pytest

from tests.pages.conftest import texts
from tests.pages.test_org_pages import CASE, P, REPORT, fill_report, find_case, links, set_state

pytestmark = pytest.mark.both_backends

STATS = "pages/33_Org_statistik.py"
ADMIN = "pages/39_Org_admin.py"
GROUND = "Beteende"


def test_org_8_grounds_are_asked_for_an_insurance_medicine_report_only(open_page):
    at = open_page(REPORT, "sjukskoterska")
    assert not [m for m in at.multiselect if m.key == P + "grounds"]
    set_state(at, {P + "area": "verksamhet", P + "deficiency": "forsakringsmedicin"})
    grounds = at.multiselect(key=P + "grounds")
    assert grounds.label == "Grund för rapporteringen *"
    assert list(grounds.options)[:2] == [
        "Följsamhet till försäkringsmedicinska styrande dokument", "Beteende"]
    set_state(at, {P + "area": "sakerhet", P + "deficiency": "hot_vald"})
    assert not [m for m in at.multiselect if m.key == P + "grounds"]


def test_org_8_a_report_without_a_ground_is_named_at_the_field(open_page):
    at = open_page(REPORT, "sjukskoterska")
    fill_report(at, **{P + "grounds": []})
    at.button(key=P + "submit__btn").click().run()
    assert not at.exception and not at.success
    assert "Grund för rapporteringen: Fyll i fältet." in [e.value for e in at.error]


def test_org_8_a_report_with_grounds_is_registered_and_the_case_shows_them(open_page):
    at = open_page(REPORT, "sjukskoterska")
    fill_report(at, **{P + "grounds": ["beteende", "tillganglighet"]})
    at.button(key=P + "submit__btn").click().run()
    assert not at.exception
    number = next(x for x in links(at) if x.startswith("Organisatorisk avvikelse OA")).split()[-1]
    case = open_page(CASE, "chef.norrby", {"id": number})
    assert "Beteende, Tillgänglighet" in texts(case)


def test_org_9_the_manager_edits_the_grounds_on_the_case_page(open_page, demo_db_path):
    case = find_case(demo_db_path, "Bemötande vid trepartsmöte")          # at chef.psykiatri, ground Beteende
    at = open_page(CASE, "chef.psykiatri", {"id": case["id"]})
    k = f"orgc_{case['id']}_g_"
    assert at.multiselect(key=k + "grounds").value == ["beteende"]
    at.multiselect(key=k + "grounds").set_value([]).run()
    at.button(key=k + "save__btn").click().run()
    assert "Grund för rapporteringen: Fyll i fältet." in [e.value for e in at.error]
    at.multiselect(key=k + "grounds").set_value(["beteende", "patientsakerhet"]).run()
    at.button(key=k + "save__btn").click().run()
    assert not at.exception
    assert "Grunderna är sparade." in [s.value for s in at.success]
    assert "Beteende, Patientsäkerhet" in texts(at)
    assert "Grunder för rapportering ändrade" in texts(at)                  # in the case log


def test_org_9_a_reader_sees_the_grounds_but_no_form(open_page, demo_db_path):
    case = find_case(demo_db_path, "Bemötande vid trepartsmöte")
    at = open_page(CASE, "kurator", {"id": case["id"]})
    assert not at.exception and "Beteende" in texts(at)
    assert not [m for m in at.multiselect if m.key and m.key.endswith("_g_grounds")]


def test_org_10_statistics_by_ground_from_the_demo_data(open_page):
    at = open_page(STATS, "analytiker")
    assert not at.exception
    by_ground = next(df.value for df in at.dataframe if "Beteende" in df.value.to_csv())
    counts = dict(zip(by_ground["Namn"], by_ground["Ärenden"]))
    assert counts["Samarbete med berörda aktörer"] >= 3 and counts["Beteende"] >= 1
    assert "Per grund för rapporteringen" in [s.value for s in at.subheader]


def test_org_10_trend_chart_by_ground_then_by_unit_with_its_data_and_download(open_page):
    import json

    at = open_page(STATS, "analytiker")
    chart = next(c for c in at.get("plotly_chart") if c.key == "org_trend_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["layout"]["barmode"] == "stack"
    assert "Beteende" in {trace["name"] for trace in spec["data"]}
    table = at.dataframe[-1].value
    assert list(table.columns) == ["Månad", "Grund", "Högsta nivå som nåtts", "Ärenden"]
    assert [b.proto.label for b in at.get("download_button")] == ["Ladda ner data (CSV)"]
    at.radio(key="org_trend_by").set_value(at.radio(key="org_trend_by").options[2]).run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table.columns)[1] == "Enhet" and "Vårdcentralen Norrby" in set(table["Enhet"])
    at.selectbox(key="org_trend_reached").select_index(3).run()          # at least the collaboration group
    table = at.dataframe[-1].value
    assert set(table["Högsta nivå som nåtts"]) == {"Försäkringsmedicinska samverkansgruppen"}


def test_org_11_the_admin_adds_a_person_to_a_units_register_and_sees_it_listed(open_page):
    at = open_page(ADMIN, "admin")
    assert "Kontaktregister" in [tab.label for tab in at.tabs]
    at.selectbox(key="org_reg_unit").set_value("org-vc-osterby").run()
    assert "Inga personer i registret för enheten." in texts(at)
    F = "org_reg_org-vc-osterby_new_"
    at.button(key=F + "save__btn").click().run()
    errors = [e.value for e in at.error]
    assert "Roll: Fyll i fältet." in errors and "Namn: Fyll i fältet." in errors
    at.selectbox(key=F + "role").select_index(0).run()
    at.selectbox(key=F + "party").select_index(0).run()
    at.text_input(key=F + "name").input("Olga Utredare").run()
    at.button(key=F + "save__btn").click().run()
    assert "Telefon: Ange telefon eller e-post." in [e.value for e in at.error]
    at.text_input(key=F + "phone").input("010-116 00 55").run()
    at.button(key=F + "save__btn").click().run()
    assert not at.exception
    assert "Kontaktregistret är sparat." in [s.value for s in at.success]
    table = next(df.value for df in at.dataframe if "Roll" in df.value.columns)
    assert list(table["Namn"]) == ["Olga Utredare"] and list(table["Roll"]) == ["Försäkringsutredare"]


def test_org_12_the_manager_picks_the_investigator_from_the_register_with_the_order_as_guidance(
        open_page, demo_db_path):
    case = find_case(demo_db_path, "Försäkringsmedicinsk rutin saknas på enheten")     # reporter's unit, at chef
    at = open_page(CASE, "chef", {"id": case["id"]})
    k = f"orgc_{case['id']}_"
    assert "1. Kontakta i första hand den berörda **försäkringsutredaren**." in texts(at)
    register = at.selectbox(key=k + "c_register")
    assert register.label == "Person ur kontaktregistret"
    assert register.options and "Försäkringsutredare" in register.options[0]       # investigators first
    register.select_index(0).run()
    assert not [s for s in at.selectbox if s.key == k + "c_party"]                  # nothing to type
    from datetime import date
    at.date_input(key=k + "c_on").set_value(date(2026, 11, 19)).run()
    at.text_area(key=k + "c_outcome").input("Utredaren lovade återkoppling.").run()
    at.button(key=k + "contact__btn").click().run()
    assert not at.exception
    assert "Kontakten är registrerad." in [s.value for s in at.success]
    assert at.selectbox(key=k + "c1_register").value is None                        # the form starts empty
    assert not at.text_area(key=k + "c1_outcome").value
    contacts = next(df.value for df in at.dataframe if "Resultat av kontakten" in df.value.columns)
    assert "(Försäkringsutredare)" in contacts["Vem kontaktades?"].iloc[-1]
