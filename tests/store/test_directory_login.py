"""ADM-14: a directory identity logs in as the casedesk user its claim names — by e-mail
(without regard to case) or by HSA-id, as configured — or is refused with a reason the user
can read; every login and refusal is in the security log. ADM-16: an identity issued before
the user's logout or idle expiry, or older than a login cookie lives, opens nothing."""
from __future__ import annotations

import time

import pytest

from logic import directory, users
from logic.access import Role
from logic.login_settings import DirectorySettings
from logic.store import core_repo
from tests.conftest import add_user

pytestmark = pytest.mark.both_backends

BY_EMAIL = DirectorySettings(provider=None, label="Region Exempel", match="email", claim="email")
BY_HSA = DirectorySettings(provider="region", label=None, match="hsa_id", claim="employeeHsaId")
DAY = 86400.0
NOW = 1_800_000_000.0


def identity(**claims) -> dict:
    return {"is_logged_in": True, "sub": "abc-123", "iat": int(NOW) - 5, "exp": int(NOW) + 3600, **claims}


def security(db) -> list[tuple]:
    with db.read() as r:
        return [(row["actor"], row["event"], row["detail"]) for row in r.rows(
            "SELECT actor, event, detail FROM security_log ORDER BY id")]


@pytest.fixture
def people(db):
    add_user(db, "rita", [Role.REPORTER], name="Rita Rapportör", email="Rita.Rapportor@Region.example")
    add_user(db, "hanna", [Role.HANDLER, Role.MANAGER], name="Hanna Handläggare",
             email="hanna@region.example")
    with db.tx() as tx:
        tx.execute("UPDATE users SET hsa_id = 'SE2321000016-1003' WHERE username = 'hanna'")
    return db


def sign_in(db, clock, claims, settings=BY_EMAIL, now=NOW, lifetime=0.5 * DAY):
    return directory.sign_in(db, clock, settings, claims, now, lifetime)


def test_adm14_a_known_email_logs_in_as_that_user_with_its_roles(people, clock):
    outcome = sign_in(people, clock, identity(email="rita.rapportor@region.example"))
    assert outcome and outcome.user.username == "rita" and outcome.user.roles == {Role.REPORTER}
    assert security(people)[-1] == ("rita", "directory_login", "email=rita.rapportor@region.example")


def test_adm14_the_hsa_id_claim_matches_the_users_hsa_id_when_configured(people, clock):
    outcome = sign_in(people, clock, identity(email="someone@else.example", employeeHsaId="se2321000016-1003"),
                      settings=BY_HSA)
    assert outcome.user.username == "hanna"
    assert outcome.user.roles == {Role.HANDLER, Role.MANAGER}
    # matched on the HSA-id only: the e-mail claim does not log anyone in
    refused = sign_in(people, clock, identity(email="hanna@region.example"), settings=BY_HSA)
    assert refused.user is None and refused.reason == directory.NO_CLAIM
    assert refused.params == {"claim": "employeeHsaId"}


def test_adm14_an_unknown_identity_is_refused_and_logged(people, clock):
    outcome = sign_in(people, clock, identity(email="okand@region.example"))
    assert not outcome and outcome.user is None
    assert (outcome.reason, outcome.params) == (directory.UNKNOWN, {"value": "okand@region.example"})
    assert security(people)[-1] == (None, "directory_login_refused", "unknown: email=okand@region.example")


def test_adm14_a_deactivated_user_is_refused_and_logged_under_the_user(people, clock):
    with people.tx() as tx:
        core_repo.update_user(tx, "rita", {"active": False})
    outcome = sign_in(people, clock, identity(email="rita.rapportor@region.example"))
    assert outcome.user is None and outcome.reason == directory.DEACTIVATED
    assert security(people)[-1] == ("rita", "directory_login_refused",
                                    "deactivated: email=rita.rapportor@region.example")


def test_adm14_two_active_users_with_the_same_email_are_refused(people, clock):
    add_user(people, "rita2", [Role.ADMIN], email="rita.rapportor@region.example")
    outcome = sign_in(people, clock, identity(email="RITA.RAPPORTOR@region.example"))
    assert outcome.user is None and outcome.reason == directory.AMBIGUOUS
    assert "rita, rita2" in security(people)[-1][2]
    # the deactivated one of two does not count
    with people.tx() as tx:
        core_repo.update_user(tx, "rita2", {"active": False})
    assert sign_in(people, clock, identity(email="rita.rapportor@region.example")).user.username == "rita"


@pytest.mark.parametrize("claims", [
    identity(),                                       # no e-mail at all
    identity(email=""),
    identity(email="   "),
    identity(email=["rita.rapportor@region.example"]),  # not text
])
def test_adm14_an_identity_without_the_claim_is_refused(people, clock, claims):
    outcome = sign_in(people, clock, claims)
    assert outcome.user is None and outcome.reason == directory.NO_CLAIM
    assert outcome.params == {"claim": "email"}
    assert security(people)[-1][1] == "directory_login_refused"


def test_adm14_an_email_the_directory_has_not_verified_is_refused(people, clock):
    outcome = sign_in(people, clock, identity(email="rita.rapportor@region.example", email_verified=False))
    assert outcome.user is None and outcome.reason == directory.UNVERIFIED
    assert sign_in(people, clock, identity(email="rita.rapportor@region.example", email_verified=True)).user


def test_adm14_control_characters_and_overlong_claims_do_not_reach_the_log(people, clock):
    outcome = sign_in(people, clock, identity(email="x\n\x1b[31m@evil.example" + "a" * 400))
    assert outcome.reason == directory.UNKNOWN
    logged = security(people)[-1][2]
    assert "\n" not in logged and "\x1b" not in logged and len(logged) < 300


def test_adm16_an_identity_issued_before_the_users_logout_opens_nothing(people, clock):
    """A copy of the directory cookie taken before the logout (or idle expiry) is void, as a
    copied login cookie is (X-1); a login after it works."""
    claims = identity(email="rita.rapportor@region.example", iat=int(NOW) - 60)
    assert sign_in(people, clock, claims).user
    users.revoke_sessions(people, clock, "rita", NOW - 30, "logout")
    outcome = sign_in(people, clock, claims)
    assert outcome.user is None and outcome.reason == directory.ENDED
    assert security(people)[-1][:2] == ("rita", "directory_login_refused")
    assert sign_in(people, clock, {**claims, "iat": int(NOW) - 10}).user      # logged in again since


def test_adm16_an_identity_older_than_a_login_cookie_lives_opens_nothing(people, clock):
    claims = identity(email="rita.rapportor@region.example", iat=int(NOW - 0.5 * DAY) - 1)
    assert sign_in(people, clock, claims).reason == directory.ENDED
    assert sign_in(people, clock, claims, lifetime=1 * DAY).user


def test_adm16_an_identity_without_issue_time_is_refused(people, clock):
    claims = identity(email="rita.rapportor@region.example")
    del claims["iat"]
    outcome = sign_in(people, clock, claims)
    assert outcome.reason == directory.NO_CLAIM and outcome.params == {"claim": "iat"}


def test_adm14_every_refusal_speaks_swedish_english_and_danish():
    from logic import i18n

    for key in directory.REASONS + ("login.directory", "login.directory.back", "login.local_or",
                                    "login.directory_default_name", "login.directory.unavailable"):
        texts = {lang: i18n.t(lang, key, name="Region X", value="v@x", claim="email") for lang in ("sv", "en", "da")}
        assert all(t and t != key for t in texts.values()), key
        assert len(set(texts.values())) == 3 or key == "login.directory_default_name", texts


def test_adm14_sign_in_compares_with_wall_clock_time_like_the_cookie(people, clock):
    """The identity's times are the directory's wall clock (as the login cookie's): sign_in
    takes that time from the caller, never from the app's pinned clock."""
    claims = identity(email="rita.rapportor@region.example", iat=int(time.time()) - 5)
    assert directory.sign_in(people, clock, BY_EMAIL, claims, time.time(), 0.5 * DAY).user
