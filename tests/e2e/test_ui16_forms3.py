"""Issue 16, item 6 (third part) in a real browser: the partner's report on a Danish urgent task,
pressed empty, says the problem at the field by name and sums it up at the button — in view, no
English; the report dashboard's period (Swedish) says an end before the start at the end date.
Screenshots at 1400 px and 390 px (tests/e2e/widgets.screen)."""
from __future__ import annotations

from tests.e2e.conftest import login, wait_idle
from tests.e2e.ui_checks import in_viewport
from tests.e2e.widgets import screen, segments

SLOW = 60000


def test_ui16_forms_urgent_report_empty_is_said_at_the_field_and_summed_up_in_view(server, new_page):
    page = new_page("da-DK")
    page.set_default_timeout(SLOW)
    login(page, server.url, "partner3")
    page.goto(f"{server.url}/Arende?id=AKUT-26-0004")
    wait_idle(page, SLOW)
    form = page.locator("[data-testid='stForm']:visible").filter(has=page.get_by_label("Rapport *", exact=True)).first
    form.get_by_role("button", name="Rapportér").click()
    wait_idle(page, SLOW)
    errors = form.locator("[data-testid='stAlertContentError']")
    errors.filter(has_text="Rapport: Udfyld feltet.").wait_for(timeout=SLOW)
    summary = errors.filter(has_text="Udfyld 1 felt: Rapport.")
    assert summary.count() == 1
    summary.scroll_into_view_if_needed()
    assert in_viewport(page, summary)
    screen(page, "ui16-forms3-urgent-report-da")


def test_ui16_forms_dashboard_period_end_before_start_at_the_end_date(server, new_page):
    page = new_page("sv-SE")
    page.set_default_timeout(SLOW)
    login(page, server.url, "analytiker")
    page.goto(f"{server.url}/Rapporter")
    wait_idle(page, SLOW)
    segments(page, "Registrerad från *", "20261101")
    segments(page, "till och med *", "20261001")
    wait_idle(page, SLOW)
    error = page.locator("[data-testid='stAlertContentError']").filter(has_text="Till och med: Slutdatum före startdatum.")
    error.wait_for(timeout=SLOW)
    assert in_viewport(page, error)
    screen(page, "ui16-forms3-dashboard-period-sv")
