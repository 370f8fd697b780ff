"""The urgent-case journey in Danish, in a real browser: a partner creates an urgent case at
17:30 on a weekday (outside office hours), the insurer sees "1 sag(er) skal tilknyttes",
links it into an existing case, and the level-6 user downloads the report showing it. Issue 16:
every screen at 1400 px and 390 px in Danish with no English or raw code left, each confirmation
where the user is looking."""
from __future__ import annotations

import io
import re
import zipfile

from tests.e2e.conftest import login, wait_idle
from tests.e2e.ui_checks import in_viewport
from tests.e2e.widgets import screen

MONDAY_1730 = "2026-11-23T17:30:00+01:00"
SLOW = 60000    # ms: a shared 2-core machine can take long to draw a page with five charts


def _choose(page, label: str, option: str) -> None:
    """Open a selectbox and pick an option (a first click may only move the focus)."""
    box = page.get_by_label(label, exact=True)
    box.click()
    choice = page.get_by_role("option", name=option)
    try:
        choice.wait_for(timeout=2000)
    except Exception:
        box.click()
    choice.click()
    wait_idle(page, SLOW)


def _settle(page) -> None:
    wait_idle(page, SLOW)
    page.wait_for_timeout(800)      # let Streamlit drop the elements of the previous run
    wait_idle(page, SLOW)


def _see(page, text: str) -> None:
    """Wait until the text is on the page (Streamlit draws after the run has started)."""
    page.get_by_text(text).first.wait_for(timeout=SLOW)


def _open(page, url: str) -> None:
    page.goto(url)
    _settle(page)


def test_urg_journey_partner_creates_at_1730_insurer_links_and_downloads_report(server_factory, new_page):
    server = server_factory({"CASEDESK_NOW": MONDAY_1730})

    # --- the partner (office "København": may create outside working hours) ----------------
    partner = new_page("da-DK")
    partner.set_default_timeout(SLOW)
    login(partner, server.url, "partner")
    _open(partner, server.url + "/Akutsager")
    _see(partner, "Sagsliste")
    partner.get_by_role("link", name="Ny akutsag", exact=True).click()
    _settle(partner)
    _see(partner, "Kort beskrivelse")
    assert partner.get_by_label("Sagsnummer *").count() == 0         # the office may not edit the id
    partner.get_by_label("Adresse *", exact=True).fill("Irlandsvej 80")
    partner.get_by_label("Postnr. *").fill("2300")
    partner.get_by_label("By *").fill("København S")
    partner.get_by_label("Kunde *").fill("Kaj Kunde")
    partner.get_by_label("Navn *").fill("Kaj Kunde")
    partner.get_by_label("Telefonnummer *").fill("+45 11 22 33 44")
    partner.get_by_label("E-mail").fill("kaj@example.invalid")
    partner.get_by_label("Kort beskrivelse * (Max 1.000 tegn)").fill("Vand trænger ind gennem kældervæg.")
    partner.get_by_role("spinbutton", name="day, Skadedato *").click()
    partner.keyboard.type("23112026")                              # dd mm yyyy segments
    _choose(partner, "Førstehjælp", "Skybrud Service ApS · København")
    screen(partner, "urgent-1-partner-form")
    partner.get_by_role("button", name="Tilføj").click()
    _see(partner, "er oprettet.")
    body = partner.inner_text("body")
    created = re.search(r"Akutsag (AKUT-\d{2}-\d{4}) er oprettet\.", body)
    assert created, body
    case_id = created.group(1)
    said = partner.get_by_text(f"Akutsag {case_id} er oprettet.")        # where the partner looks
    assert any(in_viewport(partner, x) for x in said.all())
    screen(partner, "urgent-2-partner-created")

    # --- the insurer (level 6) -----------------------------------------------------------------
    insurer = new_page("da-DK")
    insurer.set_default_timeout(SLOW)
    login(insurer, server.url, "forsikring")
    _see(insurer, "1 sag(er) skal tilknyttes")
    screen(insurer, "urgent-3-insurer-start")
    insurer.get_by_role("link", name="1 sag(er) skal tilknyttes").click()
    _settle(insurer)
    assert "filter=urgent" in insurer.url
    _see(insurer, "1 sager")                                          # the "Akut sag" filter is on
    assert "Akut sag" in insurer.inner_text("body")
    screen(insurer, "urgent-4-insurer-list-filtered")

    _open(insurer, f"{server.url}/Arende?id={case_id}")
    _see(insurer, "Dette er en akut sag.")
    insurer.get_by_role("button", name="Tilknyt").click()
    _settle(insurer)
    _choose(insurer, "Sag *", "NL-2026-1003 · Vestergade 40, 5000 Odense C · Lis Lejer")
    screen(insurer, "urgent-5-insurer-link")
    insurer.get_by_role("button", name="Gem").click()
    _settle(insurer)
    dialog = insurer.get_by_role("dialog")
    dialog.wait_for()
    assert in_viewport(insurer, dialog)
    screen(insurer, "urgent-5b-insurer-link-confirm")
    dialog.get_by_role("button", name="Ja, tilknyt").click()      # issue 16, item 7
    _see(insurer, "Akutsagen er afbrudt og tilknyttet sag")
    said = insurer.get_by_text(f"Akutsag {case_id} er tilknyttet sag NL-2026-1003.")
    assert any(in_viewport(insurer, x) for x in said.all())
    screen(insurer, "urgent-5c-insurer-linked")
    body = insurer.inner_text("body")
    assert f"Akutsag {case_id} er tilknyttet sag NL-2026-1003." in body
    assert "Akutsagen er afbrudt og tilknyttet sag NL-2026-1003." in body

    _open(insurer, f"{server.url}/Arende?id=NL-2026-1003")
    _see(insurer, "Førstehjælp: København")
    body = insurer.inner_text("body")
    assert "Førstehjælp: København" in body                           # the task moved along
    assert f"Akutsag {case_id}" in body                               # the Grand log links back
    screen(insurer, "urgent-6-target-case")

    _open(insurer, server.url + "/Akutrapport")
    _see(insurer, "Oprettede akut sager pr. uge og kontor")
    screen(insurer, "urgent-7-report")
    with insurer.expect_download() as got:
        insurer.get_by_role("button", name="Hent som CSV").click()
    csv = got.value.path().read_bytes().decode("utf-8-sig")
    row = next(line for line in csv.splitlines() if line.startswith(case_id))
    assert "Tilknyttet" in row and "NL-2026-1003" in row and "Uden for kontortid" in row and ";17;" in row
    with insurer.expect_download() as got:
        insurer.get_by_role("button", name="Hent akutsagsrapport").click()
    with zipfile.ZipFile(io.BytesIO(got.value.path().read_bytes())) as xlsx:
        assert case_id in xlsx.read("xl/sharedStrings.xml").decode()
