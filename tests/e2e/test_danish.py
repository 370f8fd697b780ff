"""X-7 in a real browser: a physician switches the sidebar language to Danish and reads the
patient's certificates and a certificate in Danish (the screens were Swedish for a Danish user)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, shot, wait_idle


def test_x7_i18n_a_physician_who_chooses_danish_reads_the_certificate_pages_in_danish(server, new_page):
    page = new_page()
    login(page, server.url, "lakare")
    box = page.get_by_label("Språk", exact=True)
    box.click()
    page.get_by_role("option", name="Dansk", exact=True).click()
    wait_idle(page)
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()

    page.get_by_role("link", name="Attester", exact=True).first.click()
    wait_idle(page)
    expect(page.get_by_text("Attester via patientens journal")).to_be_visible()
    page.get_by_role("textbox", name="Personnummer, samordningsnummer eller reservenummer").fill("191212121212")
    page.get_by_role("button", name="Søg", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("Dato/tid").first).to_be_visible()
    expect(page.get_by_text("Lægeattest til sygedagpenge (Läkarintyg för sjukpenning)").first).to_be_visible()
    shot(page, "x7-danish-patient-certificates")
    assert "Blankett/formulär" not in page.content() and "Tomt utkast" not in page.content()

    page.get_by_role("link", name=re.compile(r"^IN\d{8}$")).first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Håndter attesten")).to_be_visible()
    shot(page, "x7-danish-certificate")
    assert "Hantera intyget" not in page.content()
