"""Issue 17's repair journey in a real browser (DEV-2, DEV-16 … DEV-19): a reporter reports wear
and tear, which becomes a repair request; the centre's technician plans it, answers and closes
it (asked first); the reporter has the messages and finds the closed request under Mina
avvikelser. Every screen in Swedish at 1400 and 390 px, no English left."""
from __future__ import annotations

import re

from tests.e2e.conftest import login, logout, open_tab, wait_idle
from tests.e2e.ui_checks import in_viewport
from tests.e2e.widgets import choose, commit, nav, press, radio, screen, see, segments


def _swedish(page, name: str) -> None:
    screen(page, name)


def _grid_row(page, number: str) -> list[str]:
    """The cells of the grid's row holding `number` (the grid is drawn on a canvas; its rows are
    also in the canvas's accessible table)."""
    return page.evaluate("(n) => Array.from(document.querySelectorAll('[role=row]'))"
                         ".map(r => Array.from(r.querySelectorAll('[role=gridcell]')).map(c => c.textContent))"
                         ".find(cells => cells.includes(n)) || []", number)


def test_i17_repair_from_wear_and_tear_to_the_reporters_message(server, new_page):
    page = new_page()

    # the reporter: wear and tear on a device of the recipient's list becomes a repair request (DEV-2)
    login(page, server.url, "reporter")
    nav(page, "Ny avvikelse/reklamation")
    choose(page, "Tjänsteställe *", "1012 Rehab medicinska kliniken (5)")
    radio(page, "Hjälpmedel registrerat på mottagare")
    commit(page, re.compile(r"^Mottagare: personnummer"), "191212121212")
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    radio(page, "10366 · Rollator Standard 62 · CFH229181")
    radio(page, "Ja", group="slitage")
    see(page, "Slitage vid normalt användande är en reparation")
    commit(page, "Beskriv felet som ska repareras *", "Bromsarna på rollatorn tar dåligt och behöver justeras.")
    press(page, "Skapa reparationsbeställning", "är skapad")
    number = re.search(r"RE26\d{6}", page.inner_text("body")).group(0)
    logout(page)

    # the technician: plans (DEV-16) — pressed empty first, each field says what is missing
    login(page, server.url, "tekniker", path=f"/Arende?id={number}")
    see(page, f"{number} · Reparation", "Inte planerad ännu.")
    _swedish(page, "i17-repair-planerad")
    page.get_by_role("button", name="Spara planering").click()
    wait_idle(page)
    see(page, "Planerad dag: Fyll i fältet.")
    segments(page, "Planerad dag *", "20261124")
    choose(page, "Tekniker *", "Tore Tekniker")
    press(page, "Spara planering", "Planeringen är sparad.")
    see(page, "Tid bokad", "Tore Tekniker")

    # answers the reporter (DEV-17)
    open_tab(page, "Svar")
    commit(page, "Skriv svar *", "Vi kommer tisdag 24/11 och justerar bromsarna på plats.")
    press(page, "Skicka svar", "Svaret är skickat till anmälaren.")
    see(page, "Besvarad")

    # closes with what was done, asked first (DEV-18)
    open_tab(page, "Avsluta reparationen")
    commit(page, "Vad har gjorts? *", "Bromsarna justerade och kontrollerade på plats.")
    _swedish(page, "i17-repair-avsluta")
    page.get_by_role("button", name="Avsluta reparationen", exact=True).click()
    wait_idle(page)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(f"Reparationsbeställning {number} avslutas").wait_for(timeout=10000)
    assert in_viewport(page, dialog.get_by_role("button", name="Ja, avsluta"))
    _swedish(page, "i17-repair-fraga")
    dialog.get_by_role("button", name="Ja, avsluta").click()
    wait_idle(page)
    see(page, "Reparationen är avslutad och anmälaren har fått ett meddelande.", "Åtgärdat")
    assert page.get_by_role("button", name="Spara planering").count() == 0
    # the board: repair requests are their own kind, with their status (DEV-19)
    page.goto(f"{server.url}/Arenden?kind=repair")
    wait_idle(page)
    page.wait_for_function("(n) => Array.from(document.querySelectorAll('[role=gridcell]'))"
                           ".some(c => c.textContent === n)", arg=number, timeout=20000)
    assert "Reparation" in _grid_row(page, number) and "Avslutad" in _grid_row(page, number)
    _swedish(page, "i17-repair-arenden")
    logout(page)

    # the dashboard counts them by status (DEV-19)
    login(page, server.url, "handlaggare", path="/Rapporter")
    see(page, "Reparationsbeställningar efter status")
    _swedish(page, "i17-repair-rapporter")
    logout(page)

    # the reporter: the messages (DEV-17, DEV-18) and the closed request under Mina avvikelser (DEV-19)
    login(page, server.url, "reporter")
    page.get_by_role("link", name=re.compile(r"^Meddelanden \(\d+ olästa\)")).first.click()
    wait_idle(page)
    see(page, f"Reparationsbeställning {number} är avslutad.", f"Svar på reparationsbeställning {number}")
    page.get_by_text(f"Reparationsbeställning {number} är avslutad.").first.click()     # opened, it is read
    wait_idle(page)
    see(page, "Bromsarna justerade och kontrollerade på plats.")
    _swedish(page, "i17-repair-meddelanden")
    nav(page, "Mina avvikelser")
    see(page, "sökträff")
    row = _grid_row(page, number)
    assert "Reparation" in row and "Avslutad" in row, row
    _swedish(page, "i17-repair-mina")
    page.goto(f"{server.url}/Arende?id={number}")
    wait_idle(page)
    see(page, "Avslutad", "Bromsarna justerade och kontrollerade på plats.",
        "Vi kommer tisdag 24/11 och justerar bromsarna på plats.")
    _swedish(page, "i17-repair-stangd")
