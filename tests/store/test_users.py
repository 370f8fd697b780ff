"""Users in DuckDB (logic/users.py): the streamlit-authenticator credentials built from the
database with bcrypt hashes, the failed-login counter and lockout, admin-only user
administration, and the security log."""
from __future__ import annotations

import bcrypt
import pytest
from pydantic import ValidationError
from streamlit_authenticator.models.authentication_model import AuthenticationModel
from streamlit_authenticator.utilities.exceptions import LoginError

from logic import users
from logic.access import PermissionDenied, Role
from tests.conftest import TEST_PASSWORD, add_unit, add_user

pytestmark = pytest.mark.both_backends

NEW_PASSWORD = "nytt-lösenord-42"


@pytest.fixture
def admin(db):
    add_unit(db, "site-1")
    add_unit(db, "site-2")
    return add_user(db, "adam", [Role.ADMIN], name="Adam Admin")


@pytest.fixture
def rita(db):
    return add_user(db, "rita", [Role.REPORTER], ["site-1"], name="Rita Rapportör", prescriber_code="FK0001",
                    email="rita@example.invalid")


def security(db, event: str | None = None) -> list[tuple]:
    with db.read() as r:
        rows = r.rows("SELECT actor, event, detail FROM security_log ORDER BY id")
    return [(x["actor"], x["event"], x["detail"]) for x in rows if event is None or x["event"] == event]


def a_user(**overrides) -> users.UserInput:
    values = dict(username="vera", name="Vera Vårdare", email="vera@example.invalid", password=NEW_PASSWORD,
                  roles=[Role.REPORTER], units=["site-1"], prescriber_code="FK0042")
    values.update(overrides)
    return users.UserInput(**values)


def authenticator(db) -> AuthenticationModel:
    """What ui/shell.py builds on every run: streamlit-authenticator over the database's users."""
    return AuthenticationModel(users.credentials(db), auto_hash=False)


def failed_attempt(db, clock, username: str, password: str = "fel-lösenord") -> None:
    """One login attempt through streamlit-authenticator, persisted the way the shell does."""
    model = authenticator(db)
    before = model.credentials["usernames"][username]["failed_login_attempts"]
    try:
        assert model.login(username, password, max_login_attempts=users.MAX_FAILED_LOGINS) is False
    finally:
        after = model.credentials["usernames"][username]["failed_login_attempts"]
        if after != before:
            users.record_login_attempts(db, clock, username, after)


# ------------------------------------------------------------------ credentials


def test_credentials_for_streamlit_authenticator_come_from_the_database(db, admin, rita):
    creds = users.credentials(db)
    assert set(creds["usernames"]) == {"adam", "rita"}
    entry = creds["usernames"]["rita"]
    assert entry["name"] == "Rita Rapportör" and entry["email"] == "rita@example.invalid"
    assert entry["roles"] == ["reporter"]
    assert (entry["failed_login_attempts"], entry["logged_in"]) == (0, False)
    assert entry["password"].startswith("$2b$")
    assert bcrypt.checkpw(TEST_PASSWORD.encode(), entry["password"].encode())
    assert TEST_PASSWORD not in repr(creds)
    assert creds["usernames"]["adam"]["email"] == "adam@casedesk.invalid"      # a placeholder, never empty


def test_inactive_users_get_no_credentials_and_do_not_load(db, admin, rita):
    with db.tx() as tx:
        tx.execute("UPDATE users SET active = FALSE WHERE username = 'rita'")
    assert "rita" not in users.credentials(db)["usernames"]
    assert users.load_user(db, "rita") is None
    assert users.load_user(db, "nobody") is None


def test_streamlit_authenticator_accepts_the_stored_hash(db, rita):
    assert authenticator(db).login("rita", TEST_PASSWORD, max_login_attempts=users.MAX_FAILED_LOGINS)


def test_hash_and_check_password():
    hashed = users.hash_password("ett-långt-lösenord", rounds=4)
    assert users.check_password("ett-långt-lösenord", hashed)
    assert not users.check_password("ett-annat-lösenord", hashed)
    assert not users.check_password("x", "not a bcrypt hash")


# ------------------------------------------------------------------ failed logins and lockout


def test_failed_logins_are_counted_persisted_and_lock_the_account(db, clock, rita):
    for attempt in range(1, users.MAX_FAILED_LOGINS + 1):
        assert not users.is_locked(db, "rita")
        failed_attempt(db, clock, "rita")
        assert users.credentials(db)["usernames"]["rita"]["failed_login_attempts"] == attempt
    assert users.is_locked(db, "rita")
    # a new session (new credentials from the database) refuses even the right password
    with pytest.raises(LoginError):
        authenticator(db).login("rita", TEST_PASSWORD, max_login_attempts=users.MAX_FAILED_LOGINS)
    assert security(db, "login_failed") == [("rita", "login_failed", f"attempt {n}")
                                            for n in range(1, users.MAX_FAILED_LOGINS + 1)]
    assert security(db, "locked_out") == [("rita", "locked_out", "")]


def test_a_successful_login_before_the_limit_resets_the_counter(db, clock, rita):
    failed_attempt(db, clock, "rita")
    failed_attempt(db, clock, "rita")
    model = authenticator(db)
    assert model.login("rita", TEST_PASSWORD, max_login_attempts=users.MAX_FAILED_LOGINS)
    users.record_login_attempts(db, clock, "rita", model.credentials["usernames"]["rita"]["failed_login_attempts"])
    assert users.credentials(db)["usernames"]["rita"]["failed_login_attempts"] == 0
    assert security(db)[-1] == ("rita", "login_ok", "")


def test_recording_an_unchanged_counter_or_an_unknown_user_writes_nothing(db, clock, rita):
    users.record_login_attempts(db, clock, "rita", 0)
    users.record_login_attempts(db, clock, "nobody", 3)
    assert security(db) == []


def test_admin_reset_lifts_the_lockout(db, clock, admin, rita):
    for _ in range(users.MAX_FAILED_LOGINS):
        failed_attempt(db, clock, "rita")
    assert users.is_locked(db, "rita")
    users.reset_password(db, clock, admin, "rita", NEW_PASSWORD, rounds=4)
    assert not users.is_locked(db, "rita")
    model = authenticator(db)
    assert not model.login("rita", TEST_PASSWORD, max_login_attempts=users.MAX_FAILED_LOGINS)
    assert model.login("rita", NEW_PASSWORD, max_login_attempts=users.MAX_FAILED_LOGINS)
    assert security(db, "password_reset") == [("adam", "password_reset", "rita")]


# ------------------------------------------------------------------ administration (admin only)


def test_admin_creates_a_user_with_roles_units_and_a_bcrypt_password(db, clock, admin):
    users.create_user(db, clock, admin, a_user(), rounds=4)
    vera = users.load_user(db, "vera")
    assert vera.roles == frozenset({Role.REPORTER}) and vera.units == ("site-1",)
    assert (vera.name, vera.prescriber_code, vera.lang, vera.tz) == ("Vera Vårdare", "FK0042", "sv", "Europe/Stockholm")
    assert authenticator(db).login("vera", NEW_PASSWORD, max_login_attempts=users.MAX_FAILED_LOGINS)
    assert security(db) == [("adam", "user_created", "vera")]


def test_create_refuses_a_taken_username_and_a_missing_password(db, clock, admin, rita):
    with pytest.raises(ValueError, match="users.exists"):
        users.create_user(db, clock, admin, a_user(username="rita"), rounds=4)
    with pytest.raises(ValueError, match="users.password_required"):
        users.create_user(db, clock, admin, a_user(password=None), rounds=4)
    assert security(db) == []


@pytest.mark.parametrize("field, value, key", [
    ("username", "åsa", "users.bad_username"),
    ("username", "a b", "users.bad_username"),
    ("password", "kort", "users.password_too_short"),
    ("email", "inte-en-adress", "form.bad_email"),
])
def test_user_input_is_validated_with_reasons(field, value, key):
    with pytest.raises(ValidationError) as caught:
        a_user(**{field: value})
    assert key in str(caught.value)


def test_user_input_normalises_the_username_and_accepts_no_email():
    assert a_user(username="  Vera.V ").username == "vera.v"
    assert a_user(email=None).email is None
    assert a_user(email="  ").email is None


@pytest.mark.parametrize("role", [Role.REPORTER, Role.HANDLER, Role.CENTRE_STAFF, Role.AUDITOR, Role.ANALYST])
def test_only_admins_create_update_and_reset(db, clock, admin, rita, role):
    someone = add_user(db, f"u-{role.value}".replace("_", "-"), [role], ["site-1"])
    with pytest.raises(PermissionDenied):
        users.create_user(db, clock, someone, a_user(), rounds=4)
    with pytest.raises(PermissionDenied):
        users.update_user(db, clock, someone, a_user(username="rita", roles=[Role.ADMIN]))
    with pytest.raises(PermissionDenied):
        users.reset_password(db, clock, someone, "rita", NEW_PASSWORD, rounds=4)
    with pytest.raises(PermissionDenied):
        users.security_log(db, someone)
    assert users.load_user(db, "vera") is None
    assert users.load_user(db, "rita").roles == frozenset({Role.REPORTER})
    assert authenticator(db).login("rita", TEST_PASSWORD, max_login_attempts=users.MAX_FAILED_LOGINS)
    assert security(db) == []


def test_admin_updates_roles_and_units(db, clock, admin, rita):
    users.update_user(db, clock, admin, a_user(username="rita", name="Rita Rapportör", password=None,
                                               roles=[Role.REPORTER, Role.HANDLER], units=["site-1", "site-2"],
                                               prescriber_code="FK0001"))
    rita2 = users.load_user(db, "rita")
    assert rita2.roles == frozenset({Role.REPORTER, Role.HANDLER}) and rita2.units == ("site-1", "site-2")
    assert authenticator(db).login("rita", TEST_PASSWORD, max_login_attempts=5)   # password untouched
    assert security(db) == [("adam", "user_updated",
                              "rita: roles=['handler', 'reporter'] units=['site-1', 'site-2']")]
    with pytest.raises(ValueError, match="users.not_found"):
        users.update_user(db, clock, admin, a_user(username="nobody"))


def test_reset_refuses_a_short_password_and_an_unknown_user(db, clock, admin, rita):
    with pytest.raises(ValueError, match="users.password_too_short"):
        users.reset_password(db, clock, admin, "rita", "kort", rounds=4)
    with pytest.raises(ValueError, match="users.not_found"):
        users.reset_password(db, clock, admin, "nobody", NEW_PASSWORD, rounds=4)
    assert security(db) == []


def test_security_log_lists_newest_first_for_admins(db, clock, admin, rita):
    users.log_security(db, clock, "rita", "logout")
    users.create_user(db, clock, admin, a_user(), rounds=4)
    assert [x["event"] for x in users.security_log(db, admin)] == ["user_created", "logout"]


def test_language_choice_is_kept(db, rita):
    users.set_language(db, rita, "en")
    assert users.load_user(db, "rita").lang == "en"


# ------------------------------------------------------------------ passwords over 72 bytes (bcrypt)
# bcrypt reads at most 72 bytes and bcrypt 5 raises on more; å/ä/ö take two bytes in UTF-8, so
# 40 × "å" (40 characters) is 80 bytes.
LONG = "å" * 40


@pytest.mark.parametrize("password, fits", [
    ("å" * 36, True),               # 72 bytes: the most bcrypt reads
    ("å" * 37, False),              # 74 bytes, 37 characters
    ("a" * 72, True),
    ("a" * 73, False),
    (LONG, False),
])
def test_x7_password_length_is_counted_in_utf8_bytes(password, fits):
    if fits:
        assert a_user(password=password).password == password
    else:
        with pytest.raises(ValidationError) as caught:
            a_user(password=password)
        assert "users.password_too_long" in str(caught.value)
        assert caught.value.errors()[0]["loc"] == ("password",)


def test_x7_create_and_reset_refuse_a_password_over_72_bytes_with_a_reason(db, clock, admin, rita):
    model = users.UserInput.model_construct(**a_user().model_dump() | {"password": LONG})
    with pytest.raises(ValueError, match="^users.password_too_long$"):
        users.create_user(db, clock, admin, model, rounds=4)
    with pytest.raises(ValueError, match="^users.password_too_long$"):
        users.reset_password(db, clock, admin, "rita", LONG, rounds=4)
    assert users.load_user(db, "vera") is None
    assert authenticator(db).login("rita", TEST_PASSWORD, max_login_attempts=users.MAX_FAILED_LOGINS)
    assert security(db) == []

