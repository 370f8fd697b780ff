"""Issue 17's completion journey in a real browser (docs/RULES17.md, CERT-13 … CERT-15):
Försäkringskassan (the simulator) requests a completion of a sent sick-pay certificate; the
physician finds it in her work list, presses Komplettera, edits the new version, signs and sends
it in one step; the original then says it was completed by the new one, the request is answered
with it and handled, and the work-list row is gone."""
from __future__ import annotations

import re

import duckdb

from tests.e2e.conftest import login, logout, open_tab, wait_idle
from tests.e2e.widgets import choose, commit, nav, radio, screen, see

REQUEST = "Komplettera med hur aktivitetsbegränsningen visar sig i det nuvarande arbetet."
LIMITATION = "Klarar inte att planera arbetsuppgifter; orkar 2 timmar åt gången (testat 2026-11-18)."


def _sent_without_questions(demo_template) -> str:
    with duckdb.connect(str(demo_template), read_only=True) as con:
        return con.execute(
            "SELECT c.id FROM cases c JOIN certificates d ON d.case_id = c.id WHERE c.status = 'sent'"
            " AND d.type_code = 'lisjp' AND d.recipient = 'FK' AND c.unit_id = 'site-1012'"
            " AND NOT EXISTS (SELECT 1 FROM cert_questions q WHERE q.case_id = c.id)"
            " ORDER BY d.sent_at DESC LIMIT 1").fetchone()[0]


def test_i17_completion_request_answered_by_a_new_signed_version(server, new_page, demo_template):
    case_id = _sent_without_questions(demo_template)
    page = new_page()

    # Försäkringskassan requests a completion
    login(page, server.url, "admin")
    nav(page, "Försäkringskassan (simulator)")
    choose(page, "Intyg *", f"{case_id} · Läkarintyg för sjukpenning")
    radio(page, "Begäran om komplettering")
    choose(page, "Ämne *", "Komplettering")
    page.get_by_label("Meddelande *", exact=True).fill(REQUEST)
    page.get_by_role("button", name="Skicka till vården").click()
    wait_idle(page)
    assert f"Frågan om {case_id} är skickad till vården." in page.inner_text("body")
    logout(page)

    # The physician finds it in Frågor och svar and opens the certificate
    login(page, server.url, "lakare")
    nav(page, "Arbetslistor intyg")
    open_tab(page, "Fråga/svar via Webcert")
    panel = page.get_by_role("tabpanel").filter(has_text="Svara senast")
    panel.get_by_role("link", name=case_id).click()
    wait_idle(page)
    see(page, REQUEST, "Kan ej komplettera")
    assert page.get_by_label("Ditt svar *", exact=True).count() == 0     # no free-text answer to a completion
    screen(page, "i17-cert-1-request")

    # Komplettera: a new version, linked to the request, opens at once
    page.get_by_role("button", name="Komplettera", exact=True).click()
    wait_idle(page)
    see(page, f"Det här utkastet kompletterar intyg {case_id}.", REQUEST)
    new_id = re.search(r"id=(IN\d{8})", page.url).group(1)
    assert new_id != case_id
    commit(page, "Aktivitetsbegränsning *", LIMITATION)
    see(page, "Utkastet är klart att signera.")
    screen(page, "i17-cert-2-completion-draft")

    # Signera och skicka (asked first)
    page.get_by_role("button", name="Signera och skicka", exact=True).click()
    wait_idle(page)
    dialog = page.get_by_role("dialog")
    assert f"komplettering av {case_id}" in dialog.inner_text()
    dialog.get_by_role("button", name="Ja, signera och skicka").click()
    wait_idle(page)
    see(page, "Kompletteringen är signerad och skickad till Försäkringskassan.")
    assert "Skickat" in page.inner_text("body")

    # The original: completed by the new one, the request answered with it and handled
    page.get_by_role("link", name=f"Kompletterar {case_id}").click()
    wait_idle(page)
    see(page, f"Intyget har kompletterats med ett nytt intyg, {new_id}",
        f"Kompletterad av {new_id}", f"Besvarad med intyg {new_id}")
    assert page.get_by_role("button", name="Komplettera", exact=True).count() == 0
    screen(page, "i17-cert-3-original-completed")

    # All handled: the row has left the work list
    nav(page, "Arbetslistor intyg")
    open_tab(page, "Fråga/svar via Webcert")
    assert page.get_by_role("link", name=case_id).count() == 0
