"""Issue 17, the insurer's normal case (URG-13 … URG-19, docs/RULES17.md) in a real browser, in
Danish: the insurer creates a normal case ("Ny sag"), puts it on hold and takes it back, decides
the claim (with a reason) and closes it — each asked first — and finds it on the case list
filtered by state. Every screen photographed at 1400 and 390 px, none with English left; the
case page once more in Swedish."""
from __future__ import annotations

from tests.e2e.conftest import login, wait_idle
from tests.e2e.ui_checks import in_viewport
from tests.e2e.widgets import choose, commit, screen, see, segments

FRIDAY_NOON = "2026-11-20T12:00:00+01:00"
SLOW = 60000
CASE = "NL-2026-3001"


def _open(page, url: str) -> None:
    page.goto(url)
    wait_idle(page, SLOW)


def _look(page, name: str) -> None:
    screen(page, f"i17-insurer-{name}")


def _ask(page, button: str, question: str):
    """Press an action and see its question where the user looks; the dialog is returned."""
    page.get_by_role("button", name=button, exact=True).click()
    wait_idle(page, SLOW)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(question).first.wait_for(timeout=SLOW)
    assert in_viewport(page, dialog)
    return dialog


def test_i17_insurer_creates_a_normal_case_puts_it_on_hold_decides_and_closes_it(server_factory, new_page):
    server = server_factory({"CASEDESK_NOW": FRIDAY_NOON})
    page = new_page("da-DK")
    page.set_default_timeout(SLOW)
    login(page, server.url, "forsikring")

    # --- Ny sag (URG-13) --------------------------------------------------------------------
    _open(page, server.url + "/Akutsager")
    see(page, "Sagsliste")
    page.get_by_role("link", name="Ny sag", exact=True).click()
    wait_idle(page, SLOW)
    see(page, "Kort beskrivelse")
    page.get_by_role("button", name="Tilføj", exact=True).click()          # nothing filled in
    wait_idle(page, SLOW)
    see(page, "Sagsnummer: ")
    commit(page, "Sagsnummer *", CASE.lower())
    commit(page, "Adresse *", "Irlandsvej 80")
    commit(page, "Postnr. *", "2300")
    commit(page, "By *", "København S")
    commit(page, "Kunde *", "Bente Larsen")
    commit(page, "Navn", "Bente Larsen")
    commit(page, "Telefonnummer", "+45 11 11 11 11")
    commit(page, "Kort beskrivelse * (Max 1.000 tegn)", "Vand i kælderen efter skybrud.")
    segments(page, "Skadedato *", "19112026")
    choose(page, "Sagsbehandler *", "Frida Forsikring")
    _look(page, "1-new-case-form")
    page.get_by_role("button", name="Tilføj", exact=True).click()
    see(page, f"Sag {CASE} er oprettet.", timeout=SLOW)
    page.get_by_role("link", name=f"Åbn sag {CASE}").click()
    wait_idle(page, SLOW)
    see(page, "Sagstiltag:", "Erstatningsbeslutning:", "Ingen beslutning endnu")
    _look(page, "2-case-open")

    # --- Sæt i bero, and back (URG-14) ------------------------------------------------------
    dialog = _ask(page, "Sæt i bero", "sættes i bero")
    _look(page, "3-hold-question")
    dialog.get_by_role("button", name="Ja, sæt i bero").click()
    see(page, "Sagen er i bero.", timeout=SLOW)
    assert page.get_by_role("button", name="Accepter", exact=True).count() == 0
    _look(page, "4-on-hold")
    dialog = _ask(page, "Genoptag", "bliver åben igen")
    dialog.get_by_role("button", name="Ja, genoptag").click()
    see(page, f"Sag {CASE} er genoptaget.", timeout=SLOW)

    # --- Erstatningsbeslutning (URG-17) -----------------------------------------------------
    page.get_by_role("button", name="Accepter", exact=True).click()
    wait_idle(page, SLOW)
    box = page.get_by_label("Begrundelse * (Max 1.000 tegn)")
    box.fill("Skaden er dækket af husforsikringen.")
    box.press("Tab")
    wait_idle(page, SLOW)
    _look(page, "5-decision-reason")
    page.get_by_role("button", name="Fortsæt", exact=True).click()
    wait_idle(page, SLOW)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Skaden er dækket af husforsikringen.").first.wait_for(timeout=SLOW)
    assert in_viewport(page, dialog)
    dialog.get_by_role("button", name="Ja, gem beslutningen").click()
    see(page, "Accepteret · Frida Forsikring · 20.11.2026", timeout=SLOW)

    # --- Luk (URG-15) -----------------------------------------------------------------------
    dialog = _ask(page, "Luk", "lukkes")
    assert "erstatningsbeslutning" not in dialog.inner_text()           # decided: no warning of it
    dialog.get_by_role("button", name="Ja, luk sagen").click()
    see(page, "Sagen er lukket.", timeout=SLOW)
    body = page.inner_text("body")
    for line in ("Sat i bero", "Genoptaget", "Erstatningsbeslutning", "Lukket"):
        assert line in body                                              # the Grand log
    assert page.get_by_role("button", name="Luk", exact=True).count() == 0
    _look(page, "6-closed")

    # --- the case list by state (URG-19) ----------------------------------------------------
    _open(page, server.url + "/Akutsager?state=closed")
    see(page, "Sagsliste")
    page.get_by_text(CASE, exact=True).first.wait_for(state="attached", timeout=SLOW)   # the grid's hidden cell
    _look(page, "7-list-closed")

    # --- the start page (kontrolpanel) counts the normal cases (URG-19) ----------------------
    _open(page, server.url)
    see(page, "Forsikringssager", "åbne sager")
    _look(page, "8-start-counts")

    # --- the same case page in Swedish ------------------------------------------------------
    box = page.get_by_label("Sprog", exact=True)
    box.click()
    page.get_by_role("option", name="Svenska", exact=True).click()
    wait_idle(page, SLOW)
    _open(page, f"{server.url}/Arende?id={CASE}")
    see(page, "Ersättningsbeslut:", "Ärendet är stängt.", "Godkänd · Frida Forsikring")
    _look(page, "9-closed-sv")
