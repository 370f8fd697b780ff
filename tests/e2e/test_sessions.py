"""Logout really ends the session: a copy of the login cookie taken before logout opens
nothing afterwards (issue 7), and nothing the user typed or found is there for the next user
in the same tab (issue 13 §2, X-1, ASVS V3)."""
from __future__ import annotations

import re

from tests.e2e.conftest import DEMO_PASSWORD, login, logout, shot, wait_idle
from tests.e2e.widgets import choose

PNR = "191212121212"


def test_x1_cookie_copied_before_logout_is_refused_after(server, new_page, browser):
    page = new_page()
    login(page, server.url, "reporter")
    stolen = [c for c in page.context.cookies() if c["name"] == "casedesk_auth"]
    assert stolen
    logout(page)

    other = browser.new_context(locale="sv-SE")     # a Swedish browser: the login page follows it
    try:
        other.add_cookies(stolen)
        thief = other.new_page()
        thief.goto(server.url + "/Mina_avvikelser")
        wait_idle(thief)
        body = thief.inner_text("body")
        assert "Logga in" in body
        assert "Rita Rapportör" not in body and "sökträffar" not in body
    finally:
        other.close()


def test_x1_asvs_v3_the_next_user_in_the_same_tab_finds_the_wizard_empty(server, new_page):
    """Issue 13 §2 on a shared ward PC: `reporter` types the patient's personnummer in step 1 of
    Ny avvikelse and logs out; `reporter2` logs in in the same tab: the wizard is empty and his."""
    page = new_page()
    login(page, server.url, "reporter", path="/Ny_avvikelse")
    choose(page, "Tjänsteställe *", "1012 Rehab medicinska kliniken (5)")
    page.get_by_text("Hjälpmedel registrerat på mottagare", exact=True).click()
    wait_idle(page)
    box = page.get_by_label(re.compile(r"^Mottagare: personnummer"))
    box.fill(PNR)
    box.press("Tab")
    wait_idle(page)
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    assert "Tolvan Tolvansson" in page.inner_text("body")

    logout(page)
    body = page.inner_text("body")
    shot(page, "sessions-after-logout")
    assert page.get_by_label("Användarnamn").is_visible()          # the login form, in this tab
    assert "Tolvan" not in body and PNR not in body and "Rita Rapportör" not in body
    assert "Ny_avvikelse" in page.url and "?" not in page.url

    page.get_by_label("Användarnamn").fill("reporter2")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    wait_idle(page)
    page.wait_for_function("() => document.cookie.includes('casedesk_auth')", timeout=15000)
    wait_idle(page)
    for _ in range(2):          # in the same session, then after a reload on the new user's cookie
        body = page.inner_text("body")
        assert "Rolf Rapportör" in body, body
        assert "Tolvan" not in body and PNR not in body and "Rita Rapportör" not in body
        assert page.get_by_label("Tjänsteställe").input_value() == "1033 Vårdcentralen Söder"  # his only site
        page.get_by_text("Hjälpmedel registrerat på mottagare", exact=True).click()
        wait_idle(page)
        assert page.get_by_label(re.compile(r"^Mottagare: personnummer")).input_value() == ""
        shot(page, "sessions-next-user-wizard")
        page.reload()
        wait_idle(page)
