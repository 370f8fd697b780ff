"""Filling Streamlit's widgets in a real browser, the same way in every journey.

Each helper waits for the script run its action starts (`wait_idle`). Streamlit's frontend can
drop a click that lands while the previous run is finishing, so the helpers that open
something check that it opened and try again rather than fail on a race.
"""
from __future__ import annotations

from tests.e2e.conftest import wait_idle


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
