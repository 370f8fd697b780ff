"""Issue 16 in a real browser, the case board (items 1, 8, 10): a case opens in the same tab
and the way back restores the board's filters; the columns a user chooses are kept after
logout and login; the filter panel starts closed (results first on a phone); the grid is as
tall as its rows. Screenshots at 1400 px and 390 px, no English on the Swedish screens."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.e2e.conftest import login, logout, wait_idle
from tests.e2e.ui_checks import english_left, screens
from tests.e2e.widgets import click_grid_row, see

FILTERS = "/Arenden?state=open&sort=id&dir=asc"
# every English string left is Streamlit's own (ui_checks.STREAMLIT_OWN): none allowed here
NOT_THE_BOARDS: set[str] = set()


ON_THE_CASE_PAGE: set[str] = set()


def _english(page, also: set[str] = frozenset()) -> list[str]:
    return [w for w in english_left(page) if w not in NOT_THE_BOARDS | set(also)]


def _grid(page):
    return page.locator("[data-testid='stDataFrame']").first


def _headers(page) -> list[str]:
    """The grid's column headers (from its accessible table)."""
    _grid(page).wait_for()
    return [h.strip() for h in _grid(page).locator("[role='columnheader']").all_inner_texts() if h.strip()]


def _click_row(page, row: int) -> None:
    """Click a cell of the grid's `row` (0 = the first data row): any cell opens the case."""
    click_grid_row(page, _grid(page), row, x=40)


def _query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_ui16_board_case_opens_in_the_same_tab_and_back_keeps_the_filters(server, new_page):
    page = new_page()
    popups = []
    page.context.on("page", lambda p: popups.append(p))
    login(page, server.url, "handlaggare", path=FILTERS)
    see(page, "Klicka på en rad för att öppna ärendet.")
    screens(page, "ui16-board")
    assert _english(page) == []
    # the filter panel is closed: the list comes right after the search box
    assert not page.get_by_label("Öppna eller avslutade").is_visible()
    # the grid is as tall as its rows (up to 50 on a page), not a box of ten
    rows = min(50, int(re.search(r"(\d+) ärenden", page.inner_text("body")).group(1)))
    assert rows > 10 and _grid(page).bounding_box()["height"] >= 35 * (rows + 1) - 5

    _click_row(page, 1)
    page.wait_for_url(re.compile(r"/Arende\?id="), timeout=20000)
    wait_idle(page)
    case_id = _query(page)["id"]
    assert popups == [] and len(page.context.pages) == 1          # the same tab, no new one
    see(page, case_id, "Tillbaka till ärendelistan")
    assert _english(page, also=ON_THE_CASE_PAGE) == []
    screens(page, "ui16-board-case")

    page.get_by_role("link", name="Tillbaka till ärendelistan").click()
    page.wait_for_url(re.compile(r"/Arenden\?"), timeout=20000)
    wait_idle(page)
    assert _query(page) == {"state": "open", "sort": "id", "dir": "asc"}
    page.get_by_text("Filter", exact=True).first.click()            # open the panel: the same choices
    wait_idle(page)
    assert page.get_by_label("Öppna eller avslutade").input_value() == "Öppna"
    assert page.get_by_label("Sortera efter").input_value() in ("Nummer", "Ärendenummer")
    assert popups == [] and len(page.context.pages) == 1


def test_ui16_board_chosen_columns_are_kept_after_logout_and_login(server, new_page):
    page = new_page()
    login(page, server.url, "handlaggare", path="/Arenden")
    see(page, "Klicka på en rad för att öppna ärendet.")
    before = _headers(page)
    assert before[:3] == ["Nummer", "Rubrik", "Status"] and len(before) > 3
    page.get_by_role("button", name="Kolumner").click()
    wait_idle(page)
    screens(page, "ui16-board-columns")
    box = page.get_by_role("dialog").get_by_role("combobox").first
    box.click()
    for _ in range(7):                         # drop all but the first two: Rubrik, Status
        box.press("Backspace")
        wait_idle(page)
    page.keyboard.press("Escape")
    wait_idle(page)
    assert _headers(page) == ["Nummer", "Rubrik", "Status"]
    logout(page)
    login(page, server.url, "handlaggare", path="/Arenden")
    see(page, "Klicka på en rad för att öppna ärendet.")
    assert _headers(page) == ["Nummer", "Rubrik", "Status"]
    assert _english(page) == []
    screens(page, "ui16-board-chosen-columns")


def test_ui16_browser_back_from_a_case_returns_to_the_filtered_board(server, new_page):
    page = new_page()
    login(page, server.url, "handlaggare", path=FILTERS)
    see(page, "Klicka på en rad för att öppna ärendet.")
    _click_row(page, 0)
    page.wait_for_url(re.compile(r"/Arende\?id="), timeout=20000)
    wait_idle(page)
    page.go_back()
    page.wait_for_url(re.compile(r"/Arenden\?"), timeout=20000)
    page.wait_for_url(re.compile(r"state=open"), timeout=20000)
    wait_idle(page)
    assert _query(page) == {"state": "open", "sort": "id", "dir": "asc"}
    see(page, "Klicka på en rad för att öppna ärendet.")


def test_ui16_danish_urgent_list_opens_a_case_in_the_same_tab(server, new_page):
    page = new_page("da-DK")
    login(page, server.url, "forsikring", path="/Akutsager")
    see(page, "Klik på en række for at åbne sagen.")
    assert _english(page) == []
    screens(page, "ui16-urgent-list-da")
    _click_row(page, 0)
    page.wait_for_url(re.compile(r"/Arende\?id="), timeout=20000)
    wait_idle(page)
    assert len(page.context.pages) == 1
    see(page, "Tilbage til Akut sager")
    page.get_by_role("link", name="Tilbage til Akut sager").click()
    page.wait_for_url(re.compile(r"/Akutsager"), timeout=20000)
    wait_idle(page)
    see(page, "Klik på en række for at åbne sagen.")
