"""Issue 16 on the certificate side, in a real browser: the work lists named and split as the
seed says (CERT-19) and readable on a 390 px phone; a form that shows its problems the one way
(the patient page's "Skapa" pressed without a type); a confirmation before replacing a signed
certificate that says what will happen, in view, and changes nothing when cancelled.
Screens at 1400 and 390 px, no English left."""
from __future__ import annotations

from tests.e2e.conftest import login, open_tab, wait_idle
from tests.e2e.ui_checks import PHONE, english_left, in_viewport, screens
from tests.e2e.widgets import commit

SLOW = 60000
TABS = ("Att skicka – utkast att signera", "Signerade, ej skickade", "Fråga/svar via Webcert")


def _fits(page) -> bool:
    """Nothing wider than the phone: no sideways scrolling of the page."""
    return page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_cert_19_work_lists_named_split_and_readable_on_a_phone(server, new_page):
    page = new_page()
    page.set_default_timeout(SLOW)
    page.set_viewport_size(PHONE)
    login(page, server.url, "lakare", path="/Arbetslistor")
    wait_idle(page, SLOW)
    for name in TABS:
        assert page.get_by_role("tab", name=name).count() == 1
    rows = page.locator("[class*='st-key-certw_row_wl_draft']")
    assert rows.count() > 0
    first = rows.first
    box = first.bounding_box()
    assert box["width"] <= PHONE["width"] and box["height"] < 260     # a row is a short card, not 6 lines
    assert "Blankett/formulär:" in first.inner_text() and "Låses:" in first.inner_text()
    assert _fits(page)
    screens(page, "ui16-cert-worklist-drafts")
    assert english_left(page) == []

    open_tab(page, "Signerade, ej skickade", SLOW)
    signed = page.locator("[class*='st-key-certw_row_wl_signed']")
    assert signed.count() > 0 and "Mottagande myndighet:" in signed.first.inner_text()
    assert _fits(page)
    screens(page, "ui16-cert-worklist-signed")

    open_tab(page, "Fråga/svar via Webcert", SLOW)
    qa = page.locator("[class*='st-key-certw_row_wl_qa']")
    assert qa.count() > 0 and "Svara senast" in page.get_by_role("tabpanel").filter(has=qa.first).inner_text()
    assert _fits(page)
    screens(page, "ui16-cert-worklist-qa")
    assert english_left(page) == []


def test_ui16_cert_replace_asks_first_in_view_and_cancel_changes_nothing(server, new_page):
    page = new_page()
    page.set_default_timeout(SLOW)
    login(page, server.url, "lakare", path="/Arbetslistor")
    wait_idle(page, SLOW)
    open_tab(page, "Signerade, ej skickade", SLOW)
    link = page.locator("[class*='st-key-certw_row_wl_signed'] a").first
    case_id = link.inner_text().strip()
    link.click()
    wait_idle(page, SLOW)
    page.get_by_role("button", name="Ersätt intyget").click()
    wait_idle(page, SLOW)
    dialog = page.get_by_role("dialog")
    assert f"markeras {case_id} som ersatt" in dialog.inner_text()
    assert in_viewport(page, dialog)
    screens(page, "ui16-cert-replace-confirm")
    assert english_left(page) == []
    dialog.get_by_role("button", name="Avbryt").click()
    wait_idle(page, SLOW)
    assert page.get_by_role("dialog").count() == 0
    assert f"Ersätter {case_id}" not in page.inner_text("body")      # no new draft opened
    assert page.get_by_role("button", name="Ersätt intyget").count() == 1


def test_ui16_cert_create_without_a_type_names_the_field_at_it_and_at_the_button(server, new_page):
    page = new_page()
    page.set_default_timeout(SLOW)
    login(page, server.url, "lakare", path="/Intyg")
    wait_idle(page, SLOW)
    commit(page, "Personnummer, samordningsnummer eller reservnummer", "19121212-1212")
    page.get_by_role("button", name="Sök", exact=True).click()
    wait_idle(page, SLOW)
    assert page.get_by_label("Välj intygstyp *", exact=True).count() == 1      # required: marked
    page.get_by_role("button", name="Skapa", exact=True).click()
    wait_idle(page, SLOW)
    assert "Välj intygstyp: Fyll i fältet." in page.inner_text("body")
    summary = page.get_by_test_id("stAlert").filter(has_text="Fyll i 1 fält: Välj intygstyp.")
    assert summary.count() == 1
    page.get_by_role("button", name="Skapa", exact=True).scroll_into_view_if_needed()
    assert in_viewport(page, summary)                                          # seen with the button
    assert page.get_by_label("Personnummer, samordningsnummer eller reservnummer", exact=True).input_value() \
        == "19121212-1212"                                                     # nothing typed lost
    screens(page, "ui16-cert-create-empty")
    assert english_left(page) == []
