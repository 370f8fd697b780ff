"""ADM-6, ADM-7 in the browser: the admin opens the patients/recipients list (identity numbers
masked until revealed) and the device register's grid."""
from __future__ import annotations

from tests.e2e.conftest import login, shot, wait_idle


def test_adm7_admin_sees_the_patient_list_masked_and_reveals_it(server, new_page):
    page = new_page()
    login(page, server.url, "admin")
    page.goto(server.url + "/Grunddata")
    wait_idle(page)
    page.get_by_text("Patienter/mottagare", exact=True).click()
    wait_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    page.wait_for_timeout(800)
    shot(page, "adm7-patients-masked")
    assert page.get_by_text("Visa identitetsnummer").is_visible()
    page.get_by_text("Visa identitetsnummer").click()
    wait_idle(page)
    page.wait_for_timeout(800)
    shot(page, "adm7-patients-revealed")
    page.get_by_text("Mottagares hjälpmedel", exact=True).click()
    wait_idle(page)
    page.wait_for_timeout(800)
    shot(page, "adm6-recipient-devices")
    assert "10 rader" in page.inner_text("body")                 # the demo's ten devices (the grid is a canvas)
    assert page.get_by_text("Visa identitetsnummer").is_visible()  # recipients are identity numbers too
