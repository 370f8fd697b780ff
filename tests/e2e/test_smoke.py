"""The app serves, a deep link without login shows no data, and a demo user logs in."""
from __future__ import annotations

from tests.e2e.conftest import login, shot, wait_idle


def test_x1_deep_link_without_login_shows_login_not_data(server, new_page):
    page = new_page()
    page.goto(server.url + "/Arende?id=AV26470001")
    wait_idle(page)
    body = page.inner_text("body")
    assert "Logga in" in body
    assert "AV26470001" not in body.replace("id=AV26470001", "")
    assert "Tolvan" not in body


def test_reporter_logs_in_and_sees_start_page(server, new_page):
    page = new_page()
    login(page, server.url, "reporter")
    body = page.inner_text("body")
    assert "Rita Rapportör" in body
    shot(page, "start-reporter")
