"""Logout really ends the session: a copy of the login cookie taken before logout opens
nothing afterwards (issue 7)."""
from __future__ import annotations

from tests.e2e.conftest import login, logout, wait_idle


def test_x1_cookie_copied_before_logout_is_refused_after(server, new_page, browser):
    page = new_page()
    login(page, server.url, "reporter")
    stolen = [c for c in page.context.cookies() if c["name"] == "casedesk_auth"]
    assert stolen
    logout(page)

    other = browser.new_context()
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
