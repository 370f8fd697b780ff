"""Login from the organisation's directory, end to end in Chromium (ADM-14, ADM-16): the app
with a secrets.toml whose [auth] points at a real OpenID Connect provider on 127.0.0.1
(oidc-provider-mock, its own process), Streamlit's st.login doing the whole flow — redirect,
the provider's authorization form, code, tokens — and casedesk matching the identity to its
users by e-mail."""
from __future__ import annotations

import re

from logic.store import core_repo
from logic.store.db import Database
from tests.e2e.conftest import DIRECTORY_LABEL, shot, wait_idle

BUTTON = f"Logga in med {DIRECTORY_LABEL}"
IDENTITY_COOKIE = "_streamlit_user"


def directory_login(page, server, provider, sub: str) -> None:
    """From the app's login page through the provider's authorization form (the subject typed
    as a person would) and back to the app."""
    page.goto(server.url)
    wait_idle(page)
    page.get_by_role("button", name=BUTTON).click()
    page.wait_for_url(re.compile(re.escape(provider.url) + r"/oauth2/authorize"), timeout=20000)
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(server.url) + r"/?(\?.*)?$"), timeout=20000)
    wait_idle(page)


def identity_cookies(page) -> list[dict]:
    return [c for c in page.context.cookies() if c["name"].startswith(IDENTITY_COOKIE)]


def end_directory_session(page, server, provider) -> None:
    """After st.logout: the provider's end-session page (the mock asks), then back to the app."""
    page.wait_for_url(re.compile(re.escape(provider.url) + r"/oauth2/end_session"), timeout=20000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(re.escape(server.url) + r"/?(\?.*)?$"), timeout=20000)
    wait_idle(page)


def security_log(db_path) -> list[tuple]:
    db = Database(db_path)
    try:
        with db.read() as r:
            return [(row["actor"], row["event"], row["detail"]) for row in r.rows(
                "SELECT actor, event, detail FROM security_log ORDER BY id")]
    finally:
        db.close()


def test_adm14_a_known_user_logs_in_through_the_directory_with_their_roles(
        directory_server, oidc_provider, new_page):
    oidc_provider.set_claims("rita-4711", {"email": "Reporter@Example.invalid", "email_verified": True,
                                           "name": "Rita i katalogen"})
    server = directory_server()
    page = new_page()
    page.goto(server.url)
    wait_idle(page)
    assert page.get_by_role("button", name=BUTTON).is_visible()
    assert page.get_by_label("Användarnamn").is_visible()          # local accounts stay
    shot(page, "directory-login-page")

    directory_login(page, server, oidc_provider, "rita-4711")
    body = page.inner_text("body")
    shot(page, "directory-logged-in")
    assert "Inloggad som Rita Rapportör" in body and "Rapportör" in body, body
    assert page.get_by_role("button", name="Logga ut").is_visible()
    assert identity_cookies(page)
    page.get_by_role("link", name="Ny avvikelse/reklamation").first.click()   # a page of her role
    wait_idle(page)
    assert "Ny avvikelse" in page.inner_text("body")
    assert "Logga in för att se" not in page.inner_text("body")
    page.reload()                                               # a new session: the identity again
    wait_idle(page)
    assert "Rita Rapportör" in page.inner_text("body")


def test_adm14_an_unknown_identity_is_refused_and_not_logged_in(directory_server, oidc_provider, new_page):
    server = directory_server()
    page = new_page()
    directory_login(page, server, oidc_provider, "okand@example.invalid")
    body = page.inner_text("body").replace("\u2060", "")   # as read (a word joiner keeps the address from becoming a link)
    shot(page, "directory-refused-unknown")
    assert f"Inloggningen med {DIRECTORY_LABEL} nekades" in body, body
    assert "ingen användare i casedesk har okand@example.invalid" in body
    assert "Inloggad som" not in body and not page.get_by_role("button", name="Logga ut").count()
    assert not page.get_by_label("Användarnamn").count()          # no form beside a refused identity
    page.goto(server.url + "/Ny_avvikelse")                        # nor a deep link
    wait_idle(page)
    assert "Tolvan" not in page.inner_text("body") and "nekades" in page.inner_text("body")

    page.get_by_role("button", name="Tillbaka till inloggningen").click()
    end_directory_session(page, server, oidc_provider)
    assert not identity_cookies(page)
    assert page.get_by_role("button", name=BUTTON).is_visible()
    assert page.get_by_label("Användarnamn").is_visible()
    server.stop()                       # the database file is the app's while it runs
    assert (None, "directory_login_refused", "unknown: email=okand@example.invalid") in security_log(server.db_path)


def test_adm14_a_deactivated_user_is_refused(directory_server, oidc_provider, new_page):
    def deactivate(db_path):
        db = Database(db_path)
        try:
            with db.tx() as tx:
                core_repo.update_user(tx, "reporter2", {"active": False})
        finally:
            db.close()

    server = directory_server(prepare=deactivate)
    page = new_page()
    directory_login(page, server, oidc_provider, "reporter2@example.invalid")
    body = page.inner_text("body")
    shot(page, "directory-refused-deactivated")
    assert "ditt konto i casedesk är inaktiverat" in body, body
    assert "Rolf Rapportör" not in body and "Inloggad som" not in body


def test_adm16_logout_ends_both_sessions(directory_server, oidc_provider, new_page, browser):
    server = directory_server()
    page = new_page()
    directory_login(page, server, oidc_provider, "handlaggare@example.invalid")
    assert "Inloggad som Hanna Handläggare" in page.inner_text("body")
    copied = identity_cookies(page)
    assert copied

    page.get_by_role("button", name="Logga ut").click()
    end_directory_session(page, server, oidc_provider)
    shot(page, "directory-after-logout")
    assert not identity_cookies(page)                            # Streamlit's identity cookie: gone
    body = page.inner_text("body")
    assert "Hanna" not in body and page.get_by_label("Användarnamn").is_visible()
    page.reload()
    wait_idle(page)
    assert "Hanna" not in page.inner_text("body")                 # and ours: nothing logs in again

    other = browser.new_context(locale="sv-SE")       # a copy of the identity cookie taken before the logout
    try:
        other.add_cookies(copied)
        thief = other.new_page()
        thief.goto(server.url)
        wait_idle(thief)
        body = thief.inner_text("body")
        assert "har avslutats" in body, body
        assert "Hanna" not in body and "Inloggad som" not in body
    finally:
        other.close()
    server.stop()
    events = [(actor, event) for actor, event, _ in security_log(server.db_path)]
    assert ("handlaggare", "directory_login") in events and ("handlaggare", "logout") in events
