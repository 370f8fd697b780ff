"""Issue 16, items 8–10, in a real browser: a reporter with work and messages on a phone and
at 1400 px — the start page's work list one compact row per case (short enough to use at
390 px), case numbers that look like links and open the case in the same tab; Meddelanden a
page at a time, a message read when opened, all read at once; no English left."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import SHOTS, login, wait_idle
from tests.e2e.ui_checks import DESKTOP, PHONE, english_left, screens
from tests.e2e.widgets import nav, see

# The height the page's content takes (Streamlit scrolls inside its main section, not the body).
HEIGHT = ("() => Math.max(document.documentElement.scrollHeight, ...Array.from(document.querySelectorAll("
          "'[data-testid=\"stMain\"], [data-testid=\"stAppScrollToBottomContainer\"], "
          "[data-testid=\"stMainBlockContainer\"]')).map(e => e.scrollHeight))")
CASE_NUMBER = re.compile(r"^(AV|OA|RE)\d{8}$")


def phone_height(page) -> int:
    before = page.viewport_size
    page.set_viewport_size(PHONE)
    wait_idle(page)
    height = page.evaluate(HEIGHT)
    page.set_viewport_size(before)
    wait_idle(page)
    return height


def test_ui16_home_start_page_and_messages_on_a_phone_and_a_desktop(server, new_page):
    page = new_page()
    login(page, server.url, "reporter")
    see(page, "Mitt arbete", "Visa alla 25")

    # the start page: ten compact rows, each number a link that looks like one
    screens(page, "ui16-home-start")
    assert english_left(page) == []
    assert phone_height(page) < 2600, "the start page is too long on a phone"
    page.set_viewport_size(PHONE)                     # the work list itself, as a phone shows it
    wait_idle(page)
    page.get_by_role("heading", name="Mitt arbete").evaluate("e => e.scrollIntoView()")
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "ui16-home-start-work-390.png"))
    page.set_viewport_size(DESKTOP)
    wait_idle(page)
    number = page.locator('[class*="st-key-caselink_work_"] a').first
    expect(number).to_have_text(CASE_NUMBER)
    look = number.locator("p").first.evaluate(
        "e => [getComputedStyle(e).textDecorationLine, getComputedStyle(e).color]")
    assert "underline" in look[0] and look[1] != "rgb(49, 51, 63)", look
    case_id = number.inner_text().strip()
    number.click()                                    # the same tab: no new page opened
    wait_idle(page)
    see(page, case_id)
    assert len(page.context.pages) == 1 and "Arende" in page.url and case_id in page.url

    # Meddelanden: one page of 20, the unread marked, the sender a person or the system
    nav(page, "Meddelanden (3 olästa)")
    see(page, "3 olästa av 94", "Sida 1 av 5")
    screens(page, "ui16-home-messages")
    assert english_left(page) == []
    assert phone_height(page) < 2600, "Meddelanden is too long on a phone"

    # opening a message marks it read
    page.locator('[data-testid="stExpander"] summary').filter(has_text="●").first.click()
    wait_idle(page)
    see(page, "Från ", "2 olästa av 94")
    expect(page.get_by_role("link", name="Meddelanden (2 olästa)")).to_be_visible()
    screens(page, "ui16-home-message-open")

    # older messages, then all read at once
    page.get_by_role("button", name="Äldre").click()
    see(page, "Sida 2 av 5")
    page.get_by_role("button", name="Markera alla som lästa").click()
    see(page, "2 meddelanden markerade som lästa.", "0 olästa av 94")
    expect(page.get_by_role("link", name="Meddelanden", exact=True)).to_be_visible()
    assert "olästa)" not in page.inner_text("body")
    screens(page, "ui16-home-messages-all-read")
    assert english_left(page) == []


def test_ui16_home_danish_messages_page(server, new_page):
    """A Danish insurer's Beskeder: Danish throughout, on a phone and at 1400 px."""
    page = new_page("da-DK")
    login(page, server.url, "forsikring")
    page.get_by_role("link", name=re.compile(r"^Beskeder")).first.click()
    wait_idle(page)
    see(page, "Beskeder")
    screens(page, "ui16-home-messages-da")
    assert english_left(page) == []
    assert "Meddelanden" not in page.inner_text("body")
