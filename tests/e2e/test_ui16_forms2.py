"""Issue 16, items 6 and 7 in a real browser: a form pressed with empty required fields says
each problem at its field and sums them up at the button, keeping what was typed (ORG admin's
new node, Swedish); Til normal on a Danish urgent case asks in a dialog — in view — what will
happen, and cancelling changes nothing. Screenshots at 1400 px and 390 px."""
from __future__ import annotations


from tests.e2e.conftest import login, open_tab, wait_idle
from tests.e2e.ui_checks import english_left, in_viewport, screens

SLOW = 60000


def test_ui16_forms_org_admin_new_node_errors_at_fields_and_summary_at_the_button(server, new_page):
    page = new_page("sv-SE")
    page.set_default_timeout(SLOW)
    login(page, server.url, "admin")
    page.goto(f"{server.url}/Org_admin")
    wait_idle(page, SLOW)
    open_tab(page, "Klassificering", SLOW)       # a stale copy of the page's tabs may linger for a moment
    form = page.locator("[data-testid='stForm']:visible").filter(has=page.get_by_label("Kod *", exact=True)).first
    form.get_by_label("Namn på engelska", exact=True).fill("Waiting times")
    form.get_by_role("button", name="Spara").click()
    wait_idle(page, SLOW)
    code_error = form.locator("[data-testid='stAlertContentError']").filter(has_text="Kod: Fyll i fältet.")
    code_error.wait_for(timeout=SLOW)
    summary = form.locator("[data-testid='stAlertContentError']").filter(
        has_text="Fyll i 2 fält: Kod och Namn på svenska.")
    assert summary.count() == 1
    assert form.get_by_label("Namn på engelska", exact=True).input_value() == "Waiting times"
    summary.scroll_into_view_if_needed()
    assert in_viewport(page, summary)
    screens(page, "ui16-forms2-org-node")
    assert english_left(page) == []


def test_ui16_confirm_til_normal_asks_in_view_and_cancel_changes_nothing(server, new_page):
    page = new_page("da-DK")
    page.set_default_timeout(SLOW)
    login(page, server.url, "oresund")
    page.goto(f"{server.url}/Arende?id=AKUT-26-0004")
    wait_idle(page, SLOW)
    page.get_by_role("button", name="Til normal").click()
    wait_idle(page, SLOW)
    page.get_by_role("button", name="Gem").click()
    wait_idle(page, SLOW)
    page.get_by_text("Udfyld 2 felter: Sagsnummer og Sagsbehandler.").wait_for(timeout=SLOW)
    assert page.get_by_text("Sagsnummer: Udfyld feltet.").count() == 1
    screens(page, "ui16-forms2-til-normal-empty")
    page.get_by_label("Sagsnummer *", exact=True).fill("RK-2201")
    page.get_by_label("Sagsbehandler *", exact=True).click()
    page.get_by_role("option").first.click()
    wait_idle(page, SLOW)
    page.get_by_role("button", name="Gem").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=SLOW)
    assert "Akutsag AKUT-26-0004 afsluttes og bliver den normale sag RK-2201" in dialog.inner_text()
    assert in_viewport(page, dialog.get_by_role("button", name="Ja, gør til normal sag"))
    screens(page, "ui16-forms2-til-normal-confirm")
    assert english_left(page) == []
    dialog.get_by_role("button", name="Annuller").click()
    wait_idle(page, SLOW)
    assert page.get_by_role("dialog").count() == 0
    assert "id=AKUT-26-0004" in page.url
    assert page.get_by_label("Sagsnummer *", exact=True).input_value() == "RK-2201"   # nothing typed lost
    page.get_by_role("button", name="Gem").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, gør til normal sag").click()
    wait_idle(page, SLOW)
    page.get_by_role("heading", name="RK-2201").first.wait_for(timeout=SLOW)
