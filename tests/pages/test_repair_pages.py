"""The repair request's page and Mina avvikelser (issue 17; DEV-16 … DEV-19): the centre's
technician plans, answers and closes (closing asked first); the reporter reads the planning,
the answer and what was done, has the messages, and finds her requests with their status."""
from __future__ import annotations

import json
from datetime import date

import pytest

from tests.pages.conftest import texts
from tests.pages.test_dashboard_pages import _values
from tests.pages.test_ui16_case_document import _a_repair

pytestmark = pytest.mark.both_backends

CASE = "pages/12_Arende.py"
SEARCH = "pages/11_Mina_avvikelser.py"


def _button(at, label):
    return [b for b in at.button if b.label == label][0]


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_dev_16_17_18_technician_plans_answers_and_closes_on_the_page(open_page, demo_db_path):
    number = _a_repair(demo_db_path)
    K = f"rep_{number}_"
    at = open_page(CASE, "tekniker", {"id": number})
    assert not at.exception, at.exception
    assert at.header[0].value == f"{number} · Reparation"
    assert "Inte planerad ännu." in texts(at)
    assert "Hantera reparationen" in [s.value for s in at.subheader]

    # DEV-16: pressed empty, each field says what is missing; then planned
    at.button(key=K + "plan__btn").click().run()
    shown = " ".join(_errors(at))
    assert "Planerad dag" in shown and "Tekniker" in shown
    assert at.date_input(key=K + "day").min == date(2026, 11, 20)        # today or later
    at.date_input(key=K + "day").set_value(date(2026, 11, 24))
    at.selectbox(key=K + "tech").set_value("tekniker")
    at.button(key=K + "plan__btn").click().run()
    assert not at.exception, at.exception
    assert "Planeringen är sparad." in [s.value for s in at.success]
    page = texts(at)
    assert "Tid bokad" in page and "2026-11-24" in page and "Tore Tekniker" in page

    # DEV-17: the answer, pressed empty first
    at.button(key=K + "answer__btn").click().run()
    assert any("Skriv svar" in e for e in _errors(at))
    [a for a in at.text_area if a.label.startswith("Skriv svar")][0].input("Vi kommer tisdag 24/11 och justerar bromsarna.")
    at.button(key=K + "answer__btn").click().run()
    assert "Svaret är skickat till anmälaren." in [s.value for s in at.success]
    assert "Vi kommer tisdag 24/11 och justerar bromsarna." in [x.value for x in at.text]
    assert "Besvarad" in texts(at)

    # DEV-18: closing needs what was done, and is asked first; cancelling changes nothing
    at.button(key=K + "close__btn").click().run()
    assert any("Vad har gjorts?" in e for e in _errors(at))
    assert not [b for b in at.button if b.key == f"confirm_{K}close_yes__btn"]
    [a for a in at.text_area if a.label.startswith("Vad har gjorts?")][0].input("Bromsarna justerade på plats.")
    at.button(key=K + "close__btn").click().run()
    at.button(key=f"confirm_{K}close_no__btn").click().run()
    assert "Avslutad" not in texts(at)
    at.button(key=K + "close__btn").click().run()
    at.button(key=f"confirm_{K}close_yes__btn").click().run()
    assert not at.exception, at.exception
    assert "Reparationen är avslutad och anmälaren har fått ett meddelande." in [s.value for s in at.success]
    page = texts(at)
    assert "Avslutad" in page and "Åtgärdat" in [s.value for s in at.subheader]
    assert "Hantera reparationen" not in [s.value for s in at.subheader]          # closed: nothing more to do
    assert "Bromsarna justerade på plats." in [x.value for x in at.text]

    # the reporter: the page as a document (no forms), her messages, Mina avvikelser
    at = open_page(CASE, "reporter", {"id": number})
    page = texts(at)
    assert "Avslutad" in page and "Tore Tekniker" in page and "Bromsarna justerade på plats." in page
    assert not [b for b in at.button if b.key and b.key.startswith(K)]
    at = open_page("pages/80_Meddelanden.py", "reporter")
    page = texts(at)
    assert f"Reparationsbeställning {number} är avslutad." in page
    assert f"Svar på reparationsbeställning {number}" in page


def test_dev_19_mina_avvikelser_lists_the_reporters_repair_with_its_status(open_page, demo_db_path):
    number = _a_repair(demo_db_path)
    at = open_page(SEARCH, "reporter")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    row = table[table["Aktivitet"] == number]
    assert list(row["Aktivitetstyp"]) == ["Reparation"] and list(row["Status"]) == ["Planerad"]
    # another site's reporter does not see it
    at = open_page(SEARCH, "reporter2")
    assert not at.dataframe or number not in set(at.dataframe[0].value["Aktivitet"])


def test_dev_16_reporter_and_handler_get_no_repair_forms(open_page, demo_db_path):
    number = _a_repair(demo_db_path)
    for username in ("reporter", "handlaggare"):
        at = open_page(CASE, username, {"id": number})
        assert not at.exception, at.exception
        assert "Hantera reparationen" not in [s.value for s in at.subheader]
        assert not [b for b in at.button if b.key == f"rep_{number}_plan__btn"]


def test_dev_19_dashboard_shows_repairs_by_status(open_page, demo_db_path):
    number = _a_repair(demo_db_path)
    at = open_page("pages/21_Rapporter.py", "handlaggare")
    assert not at.exception, at.exception
    assert "Reparationsbeställningar efter status" in [s.value for s in at.subheader]
    chart = [json.loads(c.proto.spec) for c in at.get("plotly_chart")
             if "Tid bokad" in json.dumps(json.loads(c.proto.spec)["data"], ensure_ascii=False)][0]
    bars = chart["data"][0]
    assert list(bars["x"]) == ["Planerad", "Tid bokad", "Besvarad", "Avslutad"]
    assert _values(bars["y"]) == [1, 0, 0, 0]         # the demo has no other repair request
    assert number
