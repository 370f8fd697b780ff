"""The page shell with the directory login (ADM-14, ADM-16), in AppTest: the identity
Streamlit's st.login leaves in st.user (at.user) logs in as the matched casedesk user with its
roles, or is refused on a page of its own — never with a casedesk session beside it — whose
one way on ends the directory's session too (st.logout); logout and idle expiry end both.
Without [auth] nothing changes on the login page."""
from __future__ import annotations

import time

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from logic import users
from logic.store import core_repo
from logic.store.connect import open_database
from tests.conftest import ROOT
from tests.pages.conftest import close_app_database, read, serve_demo, texts

pytestmark = pytest.mark.both_backends

AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "c" * 40,
        "client_id": "casedesk", "client_secret": "secret",
        "server_metadata_url": "http://127.0.0.1:9400/.well-known/openid-configuration"}
DIRECTORY = {"label": "Region Exempel"}
RITA = "reporter@example.invalid"          # the demo user `reporter`'s e-mail


def identity(email: str, **claims) -> dict:
    return {"is_logged_in": True, "sub": f"sub-{email}", "email": email, "iat": int(time.time()) - 2,
            "exp": int(time.time()) + 3600, "provider": "default", **claims}


@pytest.fixture
def app(demo_db_path, monkeypatch):
    """app(user=…, directory={…} or None, page="app.py") -> an AppTest run once."""
    serve_demo(demo_db_path, monkeypatch)
    st.cache_resource.clear()

    def _app(user: dict | None = None, directory: dict | None = DIRECTORY, page: str = "app.py") -> AppTest:
        at = AppTest.from_file(str(ROOT / page), default_timeout=30)
        if directory is not None:
            at.secrets["auth"] = dict(AUTH)
            at.secrets["directory"] = dict(directory)
        if user is not None:
            at.user = user
        return at.run()

    yield _app
    close_app_database(demo_db_path)


def security(db_path, event: str) -> list[tuple]:
    from ui import context

    db = context.get_db()
    with db.read() as r:
        return [(row["actor"], row["detail"]) for row in r.rows(
            "SELECT actor, detail FROM security_log WHERE event = ? ORDER BY id", [event])]


def logged_in(at: AppTest) -> bool:
    return "authentication_status" in at.session_state and bool(at.session_state["authentication_status"])


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def test_adm15_without_auth_the_login_page_is_as_before(app):
    at = app(directory=None)
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Användarnamn", "Lösenord"]
    assert not [label for label in buttons(at) if label.startswith("Logga in med")]


def test_adm14_the_login_page_offers_the_directory_beside_the_local_form(app):
    at = app()
    assert not at.exception, at.exception
    assert "Logga in med Region Exempel" in buttons(at)
    assert [w.label for w in at.text_input] == ["Användarnamn", "Lösenord"]     # local accounts stay
    assert "lokalt konto" in texts(at)


def test_adm14_the_label_defaults_to_the_organisations_directory(app):
    at = app(directory={"match": "email"})
    assert "Logga in med organisationens katalog" in buttons(at)


def test_adm14_a_known_identity_logs_in_as_the_user_with_its_roles(app, demo_db_path):
    at = app(identity(RITA))
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Rita Rapportör" in shown and "Rapportör" in shown
    assert logged_in(at)
    assert at.session_state["username"] == "reporter" and at.session_state["roles"] == ["reporter"]
    assert any(label == "Logga ut" for label in buttons(at))
    at.switch_page("pages/10_Ny_avvikelse.py").run()            # a page of the role
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert security(demo_db_path, "directory_login") == [("reporter", f"email={RITA}")]


@pytest.mark.parametrize(("who", "message"), [
    ("okand@example.invalid", "ingen användare i casedesk har okand@example.invalid"),
    ("deactivated", "ditt konto i casedesk är inaktiverat"),
])
def test_adm14_a_refused_identity_sees_why_and_no_session_starts(app, demo_db_path, who, message):
    if who == "deactivated":
        db = open_database(demo_db_path)
        with db.tx() as tx:
            core_repo.update_user(tx, "reporter", {"active": False})
        db.close()
        who = RITA
    at = app(identity(who))
    assert not at.exception, at.exception
    errors = read(" ".join(e.value for e in at.error))                  # as the user reads it
    assert message in errors and "Region Exempel" in errors and "inte inloggad" in errors
    assert not logged_in(at)
    assert "Rita Rapportör" not in texts(at) and "Logga ut" not in buttons(at)
    assert not at.text_input                                  # no local form beside a refused identity
    assert buttons(at) == ["Tillbaka till inloggningen"]
    at.run()                                                  # decided and logged once per session
    assert len(security(demo_db_path, "directory_login_refused")) == 1
    # a deep link with the refused identity shows no data either
    at.switch_page("pages/10_Ny_avvikelse.py").run()
    assert "Tolvan" not in texts(at) and not at.text_input

    at.switch_page("app.py").run()
    next(b for b in at.button if b.label == "Tillbaka till inloggningen").click().run()
    assert not at.exception, at.exception
    assert at.user["is_logged_in"] is False                   # st.logout: the identity is gone
    assert "_directory_refusal" not in at.session_state
    assert [w.label for w in at.text_input] == ["Användarnamn", "Lösenord"]
    assert "Logga in med Region Exempel" in buttons(at)


def test_adm14_refusal_in_english_and_danish(app):
    for lang, words in (("en", "no casedesk user has"), ("da", "ingen bruger i casedesk har")):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.secrets["auth"] = dict(AUTH)
        at.secrets["directory"] = dict(DIRECTORY)
        at.user = identity("okand@example.invalid")
        at.session_state["lang"] = lang
        at.run()
        assert words in " ".join(e.value for e in at.error), lang


def test_adm16_logout_ends_the_directory_session_and_ours(app, demo_db_path):
    at = app(identity(RITA))
    assert logged_in(at)
    next(b for b in at.sidebar.button if b.label == "Logga ut").click().run()
    assert not at.exception, at.exception
    assert at.user["is_logged_in"] is False                   # st.logout was called
    assert not logged_in(at)
    assert "Rita Rapportör" not in texts(at)
    assert [w.label for w in at.text_input] == ["Användarnamn", "Lösenord"]
    assert security(demo_db_path, "logout")[-1][0] == "reporter"

    # the same identity again (a copy of the directory cookie taken before the logout): refused
    again = app(identity(RITA, iat=int(time.time()) - 60))
    assert "har avslutats" in " ".join(e.value for e in again.error)
    assert "Rita Rapportör" not in texts(again)


def test_adm16_an_idle_directory_session_ends_and_says_so(app, demo_db_path):
    at = app(identity(RITA))
    assert logged_in(at)
    at.session_state["_last_seen"] = time.time() - (users.IDLE_TIMEOUT_MINUTES * 60 + 5)
    at.run()
    assert not at.exception, at.exception
    assert any("30 minuter" in w.value for w in at.warning)
    assert "Rita Rapportör" not in texts(at) and not at.text_input
    assert buttons(at) == ["Tillbaka till inloggningen"]
    assert security(demo_db_path, "session_expired")[-1][0] == "reporter"
    at.run()                                                  # stays out, and says why
    assert "Rita Rapportör" not in texts(at) and any("30 minuter" in w.value for w in at.warning)
    assert not security(demo_db_path, "directory_login_refused")
    fresh = app(identity(RITA))                               # a new tab: the identity is void now
    assert "har avslutats" in " ".join(e.value for e in fresh.error)
    assert "Rita Rapportör" not in texts(fresh)
    next(b for b in at.button if b.label == "Tillbaka till inloggningen").click().run()
    assert at.user["is_logged_in"] is False


def test_adm16_a_user_deactivated_during_a_directory_session_is_out_at_the_next_click(app, demo_db_path):
    at = app(identity(RITA))
    assert logged_in(at)
    from ui import context

    with context.get_db().tx() as tx:
        core_repo.update_user(tx, "reporter", {"active": False})
    at.run()
    assert not at.exception, at.exception
    assert "Rita Rapportör" not in texts(at)
    assert "inaktiverat" in " ".join(e.value for e in at.error)
