"""Issue 16, items 6, 8 and 10 in a real browser: one way to validate (required fields marked *,
each problem at its field by name, a summary at the button, nothing typed lost), the deviation
wizard walked to its receipt on a 390 px phone with the progress bar ending full, and the ORG
report submitted empty showing the same pattern. Screens at 1400 and 390 px, no English left."""
from __future__ import annotations

import re

from tests.e2e.conftest import login, wait_idle
from tests.e2e.ui_checks import PHONE, english_left, in_viewport, screens
from tests.e2e.widgets import choose, commit, radio, segments, select_grid_row




def progress(page) -> int:
    bar = page.locator("[data-testid='stProgress'] [role='progressbar']").first
    return int(float(bar.get_attribute("aria-valuenow")))


def body(page) -> str:
    return page.inner_text("body")


def test_ui16_wizard_on_a_phone_to_the_receipt_with_the_errors_at_their_fields(server, new_page):
    page = new_page()
    page.set_viewport_size(PHONE)
    login(page, server.url, "reporter", path="/Ny_avvikelse")
    wait_idle(page)
    assert progress(page) == 25
    assert page.get_by_label("Tjänsteställe *", exact=True).count() == 1       # required: marked

    # pressed empty: the step stays, each problem at its field, the summary at the button
    page.get_by_role("button", name="Nästa").click()
    wait_idle(page)
    text = body(page)
    assert "Tjänsteställe: Fyll i fältet." in text
    assert "Avvikelsen/reklamationen avser: Fyll i fältet." in text
    said = "Fyll i 3 fält: Tjänsteställe, Avvikelsen/reklamationen avser och"
    assert page.get_by_test_id("stAlert").filter(has_text=said).count() == 1     # at the button
    screens(page, "ui16-wizard-step1-empty")
    page.get_by_role("button", name="Nästa").scroll_into_view_if_needed()
    assert in_viewport(page, page.get_by_test_id("stAlert").filter(has_text=said))   # seen with the button
    assert english_left(page) == []

    choose(page, "Tjänsteställe *", "1012 Rehab medicinska kliniken (5)")
    radio(page, "Hjälpmedel registrerat på mottagare")
    commit(page, re.compile(r"^Mottagare: personnummer"), "191212121212")
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    radio(page, "10366 · Rollator Standard 62 · CFH229181")
    radio(page, "Nej")
    assert "Fyll i fältet" not in body(page)                            # filled: the errors go
    page.get_by_role("button", name="Nästa").click()
    wait_idle(page)

    assert progress(page) == 50
    commit(page, "Var inträffade händelsen? *", "I hemmet")
    page.get_by_role("button", name="Nästa").click()                   # step 2 pressed half-filled
    wait_idle(page)
    assert "Kategori: Fyll i fältet." in body(page)
    assert page.get_by_label("Var inträffade händelsen? *", exact=True).input_value() == "I hemmet"
    screens(page, "ui16-wizard-step2-missing")
    radio(page, "Tillbud")
    choose(page, "Kategori *", "Trasig eller lös komponent")
    segments(page, "När inträffade händelsen? Datum *", "20261119")
    segments(page, "Tid *", "0930")
    commit(page, "Vad gäller avvikelsen/reklamationen? *", "Böjd länkhjulsgaffel på rollator")
    commit(page, "Vad har blivit fel? Är åtgärd utförd? *", "Gaffeln till höger länkhjul var böjd och lös.")
    page.get_by_role("button", name="Nästa").click()
    wait_idle(page)

    assert progress(page) == 75
    commit(page, "Har patienten skadats eller riskerats att skadas? På vilket sätt? *", "Nej.")
    radio(page, "Hjälpmedlet skickas till centralen för åtgärd och ska tillbaka till mottagaren")
    radio(page, "Kommer att skickas in")
    page.locator("[data-testid='stRadio']").filter(
        has_text="Skickas hjälpmedlet in med den utskrivna").get_by_text("Ja", exact=True).click()
    wait_idle(page)
    radio(page, "Samma hjälpmedel tillbaka")
    commit(page, "Kontaktperson, telefon *", "070-123 45 67")
    assert english_left(page) == []
    screens(page, "ui16-wizard-step3")
    page.get_by_role("button", name="Skicka avvikelse/reklamation").click()
    wait_idle(page)

    assert "Din avvikelse/reklamation är nu registrerad" in body(page)
    assert progress(page) == 100                                        # the bar ends full at the receipt
    assert english_left(page) == []
    screens(page, "ui16-wizard-receipt")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1                                  # nothing wider than the phone


def test_ui16_org_report_submitted_empty_shows_the_same_pattern(server, new_page):
    page = new_page()
    login(page, server.url, "sjukskoterska", path="/Org_avvikelse")
    wait_idle(page)
    assert page.get_by_label("Rubrik *", exact=True).count() == 1
    commit(page, "Rubrik *", "Intyget kom bort")
    page.get_by_role("button", name="Skicka avvikelsen").click()
    wait_idle(page)
    text = body(page)
    assert "Var hände det? Fyll i fältet." in text
    assert "Vilket övergripande område har drabbats? Fyll i fältet." in text
    assert "Obligatoriskt fält." not in text
    said = re.compile(r"Fyll i \d+ fält: .+ och ")
    summary = page.get_by_test_id("stAlert").filter(has_text=said)
    assert summary.count() == 1 and "Rubrik," not in summary.inner_text()
    page.get_by_role("button", name="Skicka avvikelsen").scroll_into_view_if_needed()
    assert in_viewport(page, summary)
    assert page.get_by_label("Rubrik *", exact=True).input_value() == "Intyget kom bort"   # nothing lost
    screens(page, "ui16-org-empty")
    assert english_left(page) == []


def test_ui16_admin_edits_a_user_by_selecting_the_row_in_the_grid(server, new_page):
    page = new_page()
    login(page, server.url, "admin", path="/Admin")
    wait_idle(page)
    assert page.get_by_label("Ändra användare", exact=True).count() == 0          # no dropdown under the grid
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for()
    select_grid_row(page, grid, "reporter2")
    page.get_by_role("heading", name=re.compile(r"^Ändra ")).first.wait_for()
    assert page.get_by_label("Användarnamn *", exact=True).first.input_value() == "reporter2"
    screens(page, "ui16-admin-user-picked")
    assert english_left(page) == []
