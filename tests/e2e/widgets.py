"""Filling Streamlit's widgets in a real browser, the same way in every journey.

Each helper waits for the script run its action starts (`wait_idle`). Streamlit's frontend can
drop a click that lands while the previous run is finishing, so the helpers that open
something check that it opened and try again rather than fail on a race.
"""
from __future__ import annotations

import re

from tests.e2e.conftest import wait_idle
from tests.e2e.ui_checks import english_found, english_left, screens


def commit(page, label, value: str) -> None:
    """Type into a field and leave it (a text field sends its value when it loses the focus)."""
    box = page.get_by_label(label, exact=True) if isinstance(label, str) else page.get_by_label(label)
    box.fill(value)
    box.press("Tab")
    wait_idle(page)


def choose(page, label: str, option: str, timeout: float | None = None) -> None:
    """Pick an option of a selectbox: type to filter it (long lists are virtualised), then click
    it; a click that lands during a re-render may leave the menu closed, so open it again."""
    box = page.get_by_label(label, exact=True)
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        box.click()
        box.fill(option)
        try:
            wanted.wait_for(timeout=3000)
            break
        except Exception:  # noqa: BLE001 - the menu did not open; try the keyboard
            box.press("ArrowDown")
            try:
                wanted.wait_for(timeout=2000)
                break
            except Exception:  # noqa: BLE001
                page.keyboard.press("Escape")
    wanted.click()
    wait_idle(page, *([timeout] if timeout else []))


def radio(page, option: str, group: str | None = None) -> None:
    """Pick a radio option by its text (inside the radio group whose label holds `group`)."""
    scope = page.locator("[data-testid='stRadio']").filter(has_text=group) if group else page
    scope.get_by_text(option, exact=True).click()
    wait_idle(page)


def segments(page, label: str, digits: str, nth: int = 0) -> None:
    """Streamlit's date and time inputs are segmented fields: type into the first segment, close
    the calendar pop-up (it would hold the focus) and leave the field."""
    group = page.get_by_label(label, exact=True).nth(nth)
    group.locator("[role=spinbutton]").first.click()
    page.keyboard.type(digits)
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    wait_idle(page)


def press(page, button: str, expected: str) -> None:
    """Click a button and wait for its confirmation; a click dropped by the frontend leaves the
    button there and nothing changed, so it is clicked once more."""
    for _ in range(3):
        page.get_by_role("button", name=button, exact=True).click()
        wait_idle(page)
        try:
            page.get_by_text(expected, exact=False).first.wait_for(timeout=5000)
            return
        except Exception:  # noqa: BLE001 - not confirmed yet
            if not page.get_by_role("button", name=button, exact=True).count():
                break
    assert expected in page.inner_text("body")


def see(page, *texts: str, timeout: float = 20000) -> None:
    """Wait until each text is on the page (a fresh session draws the login run first, then
    the cookie run, so a snapshot taken too early may still be the first)."""
    for text in texts:
        page.get_by_text(text, exact=False).first.wait_for(timeout=timeout)
    wait_idle(page)


def nav(page, name: str) -> None:
    """Follow a link of the sidebar (or the page) by its name."""
    page.get_by_role("link", name=name, exact=True).first.click()
    wait_idle(page)


ROW_PX = 35         # st.dataframe's row height (the header row too)


def click_grid_row(page, grid, row: int, x: float = 14) -> None:
    """Click `row` (0 = the first data row) of an st.dataframe, `x` px from its left edge (14: the
    row's selection box). The grid draws on a canvas, so the click goes to where the row is
    drawn; the page is scrolled first until that row is in view."""
    canvas = grid.locator("canvas").first
    canvas.wait_for()
    height = (page.viewport_size or {"height": 1000})["height"]
    for _ in range(5):
        box = canvas.bounding_box()
        y = box["y"] + ROW_PX * (row + 1) + ROW_PX // 2
        if 80 < y < height - 40:
            break
        page.mouse.move(box["x"] + 200, height / 2)
        page.mouse.wheel(0, y - height / 2)
        page.wait_for_timeout(300)
    page.mouse.click(box["x"] + x, y)
    wait_idle(page)


def select_grid_row(page, grid, text: str) -> None:
    """Select the row of a selectable st.dataframe that holds the cell `text`: the grid's
    accessible table beside the canvas says which row holds what."""
    cell = grid.locator("td[role=gridcell]", has_text=re.compile(f"^{re.escape(text)}$")).first
    cell.wait_for(state="attached")
    index = int(cell.locator("xpath=..").get_attribute("aria-rowindex"))   # 1 is the header row
    click_grid_row(page, grid, index - 2)


# Codes the app stores that a screen must not show as they are (issue 16, item 4): a snake_case
# code ("cert_rights_saved"), a raw "key=value" detail, and the demo's ASCII subtype codes whose
# texts are "Vårdskada", "Försäkringsmedicin", "Läkemedel".
RAW_CODE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\b[a-z_]+=\S|\b(vardskada|forsakringsmedicin|lakemedel)\b")


def screen(page, name: str) -> None:
    """One screen of a journey as issue 16 asks: photographed at 1400 px and at a 390 px phone
    (`ui_checks.screens`), no English left on it (a Swedish or Danish screen), no raw code and no
    markdown shown as text."""
    screens(page, name)
    assert english_left(page) == [], (name, english_found(page))
    icons = set(page.evaluate(      # Material Symbols ligatures ("check_circle"): drawn as icons, not read
        "() => Array.from(document.querySelectorAll('body *')).filter(e => !e.children.length"
        " && getComputedStyle(e).fontFamily.includes('Material')).map(e => e.textContent.trim())"))
    body = page.inner_text("body")
    codes = sorted({m.group(0) for m in RAW_CODE.finditer(body)} - icons)
    assert codes == [], (name, codes)
    assert "**" not in body, (name, "markdown shown as text")     # e.g. a bold label with its " *" inside
