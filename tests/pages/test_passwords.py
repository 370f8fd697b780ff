"""Passwords longer than bcrypt's 72 bytes (issue 13 §5): the admin page refuses them at the
password field in words (X-7), and a login with one is a failed attempt like any wrong
password, counted towards the lockout and logged (X-1)."""
from __future__ import annotations

import pytest

from logic import users
from logic.access import Role
from tests.pages.test_ui16_forms import select_row

pytestmark = pytest.mark.both_backends

ADMIN = "pages/90_Admin.py"
LONG = "å" * 40          # 40 characters, 80 bytes in UTF-8
FAILED = "Fel användarnamn eller lösenord."
LOCKED = "Kontot är låst efter för många misslyckade inloggningar. Kontakta administratören."
TOO_LONG = "Lösenordet får vara högst 72 byte långt; å, ä och ö räknas som två."


def db_now():
    """The app's one Database (st.cache_resource lives in this process, as AppTest runs here)."""
    from ui import context

    return context.get_db()


def query(sql: str, params=()) -> list[dict]:
    with db_now().read() as r:
        return r.rows(sql, list(params))


def _fill_new_user(at, password: str) -> None:
    at.text_input(key="new_user_username").input("vera")
    at.text_input(key="new_user_name").input("Vera Vårdare")
    at.multiselect(key="new_user_roles").select(Role.REPORTER)
    at.text_input(key="new_user_pw").input(password)
    [b for b in at.button if b.label == "Spara" and "new_user" in b.form_id][0].click().run()


def _form(at, form_key: str):
    return next(f for f in at.get("form") if f.proto.form.form_id == form_key)


def _form_errors(at, form_key: str) -> list[str]:
    """The error boxes inside one form."""
    return [e.value for e in _form(at, form_key).error]


def _after(at, form_key: str, widget_key: str) -> str | None:
    """The text of the element drawn right after a widget in a form (in page order)."""
    nodes = list(_walk(_form(at, form_key)))
    i = next(n for n, node in enumerate(nodes) if getattr(node, "key", None) == widget_key)
    return getattr(nodes[i + 1], "value", None) if i + 1 < len(nodes) else None


def _walk(block):
    for child in block.children.values():
        if hasattr(child, "children"):
            yield from _walk(child)
        else:
            yield child


def test_x7_admin_creating_a_user_with_a_password_over_72_bytes_sees_why_at_the_field(open_page):
    at = open_page(ADMIN, "admin")
    _fill_new_user(at, LONG)
    assert not at.exception, at.exception
    shown = " ".join(e.value for e in at.error)
    assert "longer than 72" not in shown and "password cannot" not in shown
    assert _form_errors(at, "new_user_form") == [f"Lösenord: {TOO_LONG}", "Rätta 1 fält: Lösenord."]
    assert _after(at, "new_user_form", "new_user_pw") == f"Lösenord: {TOO_LONG}"   # right below the field
    assert query("SELECT username FROM users WHERE username = 'vera'") == []
    assert at.text_input(key="new_user_pw").value == LONG          # nothing entered is lost


def test_x7_admin_resetting_to_a_password_over_72_bytes_sees_why(open_page):
    at = open_page(ADMIN, "admin")
    select_row(at, "admin_users_grid", list(at.dataframe[0].value["Användarnamn"]).index("reporter2"))
    at.text_input(key="reset_pw_reporter2").input(LONG)
    [b for b in at.button if b.label == "Återställ lösenord"][0].click().run()
    assert not at.exception, at.exception
    assert _form_errors(at, "reset_reporter2") == [f"Nytt lösenord: {TOO_LONG}", "Rätta 1 fält: Nytt lösenord."]
    assert query("SELECT failed_logins FROM users WHERE username = 'reporter2'") == [{"failed_logins": 0}]


def test_x7_the_password_error_is_in_swedish_english_and_danish():
    from logic import i18n

    texts = {lang: i18n.t(lang, "users.password_too_long") for lang in ("sv", "en", "da")}
    assert "72" in texts["en"] and "bytes" in texts["en"] and "two" in texts["en"]
    assert "72 bytes" in texts["da"] and "æ, ø og å" in texts["da"] and "to" in texts["da"]
    assert len(set(texts.values())) == 3


def _login_form(at, username: str, password: str) -> None:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    next(b for b in at.button if b.label == "Logga in").click().run()


def test_x1_a_login_with_a_password_over_72_bytes_is_a_failed_attempt(open_page):
    """bcrypt 5 raises on it; the authenticator swallowed that without counting a failed
    attempt, so such guesses never locked the account nor reached the security log."""
    at = open_page("app.py", None)
    for attempt in range(1, users.MAX_FAILED_LOGINS + 1):
        _login_form(at, "reporter", LONG)
        assert not at.exception, at.exception
        assert [e.value for e in at.error][-1] in (FAILED, LOCKED)
        assert query("SELECT failed_logins FROM users WHERE username = 'reporter'") == [
            {"failed_logins": attempt}]
    events = [(r["event"], r["detail"]) for r in query(
        "SELECT event, detail FROM security_log WHERE actor = 'reporter' ORDER BY id")]
    assert events[:users.MAX_FAILED_LOGINS] == [("login_failed", f"attempt {n}")
                                                for n in range(1, users.MAX_FAILED_LOGINS + 1)]
    assert ("locked_out", "") in events
    _login_form(at, "reporter", "casedesk-demo")            # the right password no longer opens it
    assert LOCKED in [e.value for e in at.error]
    assert not at.session_state["authentication_status"]
