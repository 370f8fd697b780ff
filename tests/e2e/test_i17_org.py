"""Issue 17's ORG journey in a real browser (seed 002): a nurse reports an insurance-medicine
deviation on two grounds (ORG-8); her manager adds a ground (ORG-9) and records the contact
with the investigator picked from the unit's contact register, with the routine's order shown
(ORG-12); an analyst reads the statistics by ground and the trend, switches it to units and
downloads its data (ORG-10). Each screen at 1400 and 390 px, without English."""
from __future__ import annotations

import re

from tests.e2e.conftest import login, logout, open_tab, shot, wait_idle
from tests.e2e.widgets import choose, commit, press, radio, screen, see, segments

INVESTIGATOR = ("Ingrid Utredare – Försäkringsutredare, Försäkringskassan · 010-116 00 01 · "
                "ingrid.utredare@fk.example.invalid (Vårdcentralen Norrby)")


def pick_many(page, label: str, *options: str) -> None:
    """Add options to a multiselect: open it, click each, close it."""
    for option in options:
        page.get_by_label(label, exact=True).click()
        page.get_by_role("option", name=option, exact=True).click()
        wait_idle(page)
    page.keyboard.press("Escape")
    wait_idle(page)


def test_i17_org_grounds_register_contact_statistics_and_trend(server, new_page):
    # ORG-8: the nurse reports on two grounds
    page = new_page()
    login(page, server.url, "sjukskoterska", path="/Org_avvikelse")
    see(page, "Rapporten går till din närmaste chef: Nora Norrbychef")
    choose(page, "Vilket övergripande område har drabbats? *", "Verksamhet/organisation")
    choose(page, "Vilken typ av organisatorisk brist har inträffat? *", "Försäkringsmedicin")
    pick_many(page, "Grund för rapporteringen *", "Beteende", "Samarbete med berörda aktörer")
    commit(page, "Rubrik *", "Nedsättande bemötande vid avstämningsmöte")
    commit(page, "Vad hände? *", "Handläggaren avbröt patienten upprepade gånger och ifrågasatte vårdens bedömning.")
    segments(page, "Datum för händelsen *", "20261118")
    commit(page, "Var hände det? *", "Mottagningen")
    pick_many(page, "Vem drabbades? *", "Organisationen/verksamheten")
    radio(page, "Försäkringskassan", group="Berörd samverkanspart")
    radio(page, "Nej", group="Har en patient drabbats av vårdskada?")
    screen(page, "i17-org-report")
    press(page, "Skicka avvikelsen", "Din avvikelse är nu registrerad")
    number = re.search(r"Organisatorisk avvikelse (OA26\d{6})", page.inner_text("body")).group(1)
    logout(page)

    # ORG-9: her manager adds a ground; ORG-12: the contact picked from the register
    page = new_page()
    login(page, server.url, "chef.norrby", path=f"/Arende?id={number}")
    see(page, f"{number} · Organisatorisk avvikelse", "Beteende, Samarbete med berörda aktörer")
    open_tab(page, "Grunder")
    pick_many(page, "Grund för rapporteringen *", "Patientsäkerhet")
    press(page, "Spara", "Grunderna är sparade.")
    see(page, "Beteende, Samarbete med berörda aktörer, Patientsäkerhet")
    open_tab(page, "Kontakt med samverkanspart")
    see(page, "Kontakta i första hand den berörda försäkringsutredaren")
    choose(page, "Person ur kontaktregistret", INVESTIGATOR)
    open_tab(page, "Kontakt med samverkanspart")
    shot(page, "i17-org-contact-picked")
    assert page.get_by_label("Vem kontaktades? *", exact=True).count() == 0      # nothing to type
    segments(page, "Datum *", "20261119")
    commit(page, "Resultat av kontakten *", "Utredaren tar upp bemötandet med sin chef och återkommer.")
    press(page, "Spara kontakt", "Kontakten är registrerad.")
    page.get_by_text("Ingrid Utredare (Försäkringsutredare)").first.wait_for(state="attached")   # the grid's cell
    open_tab(page, "Kontakt med samverkanspart")
    screen(page, "i17-org-case-contact")
    logout(page)

    # ORG-10: statistics by ground, and the trend by unit with its data downloaded
    page = new_page()
    login(page, server.url, "analytiker", path="/Org_statistik")
    see(page, "Per grund för rapporteringen", "Trend per månad")
    radio(page, "Enhet", group="Dela upp efter")
    see(page, "Vårdcentralen Norrby")
    page.get_by_text("Trend per månad").first.scroll_into_view_if_needed()
    screen(page, "i17-org-statistics")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Ladda ner data (CSV)").click()
    assert dl.value.suggested_filename == "org-trend-unit.csv"
    text = dl.value.path().read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Månad;Enhet;Högsta nivå som nåtts;Ärenden"
    assert any(line.startswith("2026-11;Vårdcentralen Norrby;Chef;") for line in lines)
