"""Issue 16, items 5 and 10 in a real browser: one case of each kind (deviation, repair, ORG,
certificate, urgent, the insurer's normal case) opens as a readable document — the key facts,
label/value pairs with a 1,500-character text shown whole, the log below — at 1400 px and on a
390 px phone, with no English left on the Swedish screens nor on the Danish urgent case; and
after Til normal the page shows the new case number at the top."""
from __future__ import annotations

import re
import shutil

import pytest

from tests.e2e.conftest import Server, login, shot, wait_idle
from tests.e2e.ui_checks import english_left, in_viewport, screens
from tests.pages.test_ui16_case_document import LONG, _a_repair, _set

SLOW = 60000

# (kind, case, user, browser language, the label of the long text)
CASES = [
    ("deviation", "AV26310004", "reporter", "sv-SE", "Vad har blivit fel? Är åtgärd utförd?"),
    ("repair", None, "reporter", "sv-SE", "Vad har blivit fel? Är åtgärd utförd?"),
    ("org", "OA26470001", "chef.norrby", "sv-SE", "Vad hände?"),
    ("certificate", "IN26390004", "lakare", "sv-SE", "Funktionsnedsättning"),
    ("claim", "OF-2026-0501", "oresund", "da-DK", "Noter"),
    ("urgent", "AKUT-26-0004", "oresund", "da-DK", "Noter"),
]


@pytest.fixture
def case_server(demo_template, tmp_path):
    """The app on a demo copy where each case above holds LONG (and a repair request exists)."""
    path = tmp_path / "ui16-case.duckdb"
    shutil.copy(demo_template, path)
    _set(path, "UPDATE deviations SET what_happened = ? WHERE case_id = 'AV26310004'", [LONG])
    _set(path, "UPDATE org_deviations SET what_happened = ? WHERE case_id = 'OA26470001'", [LONG])
    _set(path, "UPDATE certificates SET content = json_merge_patch(content, json_object('functional_impairment', ?))"
               " WHERE case_id = 'IN26390004'", [LONG])
    _set(path, "UPDATE urgent_cases SET notes = ? WHERE case_id = 'AKUT-26-0004'", [LONG])
    _set(path, "UPDATE claim_cases SET notes = ? WHERE case_id = 'OF-2026-0501'", [LONG])
    repair = _a_repair(path)
    server = Server(path, {"CASEDESK_NOW": "2026-11-20T12:00:00+01:00"})
    yield server, repair
    server.stop()


def _english(page) -> list[str]:
    return english_left(page)


def _open_case(page, server: Server, case_id: str) -> None:
    page.goto(f"{server.url}/Arende?id={case_id}")
    wait_idle(page, SLOW)
    page.locator(".st-key-case_details").wait_for(timeout=SLOW)


def _open_log(page) -> None:
    log = page.locator("[data-testid='stExpander'] summary").filter(
        has_text=re.compile("Ärendelogg|Sagslog|Grand log")).first
    if log.locator("xpath=..").get_attribute("open") is None:
        log.click()
        wait_idle(page, SLOW)
    log.scroll_into_view_if_needed()
    page.wait_for_timeout(300)


def _check_document(page, label: str) -> None:
    details = page.locator(".st-key-case_details")
    row = details.locator("[data-testid='stHorizontalBlock']").filter(has_text=label).first
    shown = row.locator("[data-testid='stText']").inner_text()
    assert shown.replace("\n", " ").split() == LONG.replace("\n", " ").split()      # whole, wrapped
    box = row.locator("[data-testid='stText']").evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert box[0] <= box[1] + 1, box                                               # nothing cut at the side
    log = page.locator("[data-testid='stExpander'] summary").filter(
        has_text=re.compile("Ärendelogg|Sagslog|Grand log")).first
    log.wait_for(state="visible", timeout=SLOW)
    assert log.bounding_box()["y"] > details.bounding_box()["y"] + details.bounding_box()["height"] - 1


def test_ui16_case_every_kind_is_a_readable_document_at_1400_and_390(case_server, new_page):
    server, repair = case_server
    pages = {}
    for kind, case_id, username, locale, label in CASES:
        if username not in pages:
            pages[username] = new_page(locale)
            pages[username].set_default_timeout(SLOW)
            login(pages[username], server.url, username)
        page = pages[username]
        _open_case(page, server, case_id or repair)
        _check_document(page, label)
        screens(page, f"ui16-case-{kind}")
        assert _english(page) == [], kind
        _open_log(page)
        shot(page, f"ui16-case-{kind}-log")             # the log, below the document
        assert _english(page) == [], kind


def test_ui16_case_til_normal_shows_the_new_number_at_the_top(case_server, new_page):
    server, _ = case_server
    page = new_page("da-DK")
    page.set_default_timeout(SLOW)
    login(page, server.url, "oresund")
    _open_case(page, server, "AKUT-26-0004")
    assert page.get_by_label("Sagsnummer", exact=True).count() == 0         # one number field, not two
    page.get_by_role("button", name="Til normal").click()
    wait_idle(page, SLOW)
    assert page.get_by_label("Sagsnummer *", exact=True).count() == 1
    page.get_by_label("Sagsnummer *", exact=True).fill("RK-2201")
    box = page.get_by_label("Sagsbehandler *", exact=True)
    box.click()
    page.get_by_role("option").first.click()
    wait_idle(page, SLOW)
    screens(page, "ui16-case-til-normal-form")
    page.get_by_role("button", name="Gem").click()
    wait_idle(page, SLOW)
    page.get_by_role("dialog").get_by_role("button", name="Ja, gør til normal sag").click()   # item 7
    wait_idle(page, SLOW)
    page.get_by_role("heading", name="RK-2201").first.wait_for(timeout=SLOW)
    assert page.get_by_label("Gå til sag (nummer)").input_value() == "RK-2201"
    assert "id=RK-2201" in page.url
    screens(page, "ui16-case-after-til-normal")
    assert _english(page) == []


def test_ui16_cert_saved_is_said_where_the_physician_writes(case_server, new_page):
    """Item 10: "senast sparat" was only at the top of a long certificate form, out of sight."""
    server, _ = case_server
    page = new_page()
    page.set_default_timeout(SLOW)
    login(page, server.url, "lakare")
    page.goto(f"{server.url}/Arende?id=IN26470002")
    wait_idle(page, SLOW)
    box = page.locator(".st-key-cert_IN26470002_functional_impairment textarea")
    box.fill("Rörelseinskränkning i ländryggen, värre på morgonen.")
    box.press("Tab")
    wait_idle(page, SLOW)
    shot(page, "ui16-case-certificate-saved")
    saved = page.get_by_text(re.compile("Sparat 12:00:00")).first     # capital S: not "senast sparat"
    saved.wait_for(timeout=SLOW)
    assert in_viewport(page, saved)                                 # where the user is looking
    assert page.get_by_text(re.compile("senast sparat 12:00:00")).count() == 2   # at the top and the bottom
    screens(page, "ui16-case-certificate-draft")
    assert _english(page) == []
