"""User administration and login bookkeeping. Passwords are bcrypt hashes (the same format
streamlit-authenticator checks)."""
from __future__ import annotations

import re

import bcrypt
from pydantic import BaseModel, Field, field_validator

from logic import audit
from logic.access import Action, Role, User, decide, require, with_scopes
from logic.clock import Clock, naive_utc
from logic.inputs import Text
from logic.store import core_repo
from logic.store.db import Database, Tx

MAX_FAILED_LOGINS = 5
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_BYTES = 72     # bcrypt reads at most 72 bytes, and bcrypt 5 raises on more
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def password_too_long(password: str) -> bool:
    """Counted in UTF-8 bytes, as bcrypt counts: å, ä, ö (and æ, ø) take two bytes each."""
    return len(password.encode("utf-8")) > MAX_PASSWORD_BYTES


def password_problem(password: str | None) -> str | None:
    """The translation key of what is wrong with a new password, or None."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return "users.password_too_short"
    if password_too_long(password or ""):
        return "users.password_too_long"
    return None


def hash_password(password: str, rounds: int = 12) -> str:
    if password_too_long(password):
        raise ValueError("users.password_too_long")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def check_password(password: str, hashed: str) -> bool:
    if password_too_long(password):
        return False                      # no stored password is that long
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))
    except ValueError:
        return False


def load_user(db: Database, username: str) -> User | None:
    """The user as of the last committed write (Database.cached: every page run asks, and
    any change of a user — roles, units, deactivation, logout — is a write)."""
    return db.cached(f"user:{username}", lambda r: _load(r, username))


def _load(tx: Tx, username: str) -> User | None:
    return _user(tx, core_repo.user_with_roles(tx, username))


def _user(tx: Tx, row: dict | None) -> User | None:
    """The user of a row, with the scopes the case rules need (access.with_scopes: e.g. the
    units where a physician may read certificates), read in the same transaction."""
    if row is None or not row["active"]:
        return None
    return with_scopes(tx, User(
        username=row["username"], name=row["name"],
        roles=frozenset(Role(x) for x in row["roles"] or ()),
        units=tuple(row["units"] or ()),
        prescriber_code=row["prescriber_code"], title=row["title"], lang=row["lang"],
        tz=row["tz"], authority_level=row["authority_level"], email=row["email"],
    ))


def _credential(row: dict) -> dict:
    return {"name": row["name"], "email": row["email"] or f"{row['username']}@casedesk.invalid",
            "password": row["password_hash"], "roles": list(row["roles"] or []),
            "failed_login_attempts": int(row["failed_logins"]), "logged_in": False}


def credentials(db: Database) -> dict:
    """The credentials dict streamlit-authenticator wants, built from the database."""
    return {"usernames": {row["username"]: _credential(row) for row in list_users(db) if row["active"]}}


def signed_in(db: Database, username: str) -> tuple[dict, User | None]:
    """For a session that is already logged in: the authenticator's credentials of that one
    user and the User, from one query (the page shell needs both on every run; the whole user
    list is only needed while the login form is shown)."""
    with db.read() as r:
        row = core_repo.user_with_roles(r, username)
        user = _user(r, row)
    return {"usernames": {username: _credential(row)} if user is not None else {}}, user


def list_users(db: Database) -> list[dict]:
    with db.read() as r:
        return core_repo.all_users(r)


def record_login_attempts(db: Database, clock: Clock, username: str, failed: int,
                          before: int | None = None) -> None:
    """Persist the failed-login counter the authenticator keeps for one run; log lockouts.

    `before` is the count the authenticator started the run with (read from the database):
    the wrong passwords of this run are then added to what is stored now, so attempts made at
    the same moment in other sessions or app processes are all counted (issue 18) instead of
    each writing its own total over the other's."""
    with db.tx() as tx:
        row = core_repo.user_row(tx, username)
        if row is None:
            return
        if before is not None and failed > before:
            failed = row["failed_logins"] + (failed - before)
        if row["failed_logins"] == failed:
            return
        core_repo.update_user(tx, username, {"failed_logins": failed})
        if failed == 0:
            audit.security(tx, clock, username, "login_ok")
        else:
            audit.security(tx, clock, username, "login_failed", f"attempt {failed}")
            if failed >= MAX_FAILED_LOGINS:
                audit.security(tx, clock, username, "locked_out")


def is_locked(db: Database, username: str) -> bool:
    with db.read() as r:
        row = core_repo.user_row(r, username)
    return bool(row and row["failed_logins"] >= MAX_FAILED_LOGINS)


def log_security(db: Database, clock: Clock, actor: str | None, event: str, detail: str = "") -> None:
    with db.tx() as tx:
        audit.security(tx, clock, actor, event, detail)


class UserInput(BaseModel):
    username: Text(40, optional=False) = Field(min_length=2)
    name: Text(120, optional=False) = Field(min_length=1)
    email: Text(120) = None
    password: str | None = None          # as typed: a password is never cleaned
    roles: list[Role] = Field(min_length=1)
    units: list[str] = []
    prescriber_code: Text(20) = None
    title: Text(60) = None
    lang: str = "sv"
    tz: str = "Europe/Stockholm"
    authority_level: int | None = Field(default=None, ge=1, le=6)

    @field_validator("username")
    @classmethod
    def _username(cls, v: str) -> str:
        v = v.strip().lower()
        if not USERNAME.match(v):
            raise ValueError("users.bad_username")
        return v

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        v = (v or "").strip() or None
        if v is not None and not EMAIL.match(v):
            raise ValueError("form.bad_email")
        return v

    @field_validator("password")
    @classmethod
    def _password(cls, v: str | None) -> str | None:
        if v is not None and (problem := password_problem(v)):
            raise ValueError(problem)
        return v


def create_user(db: Database, clock: Clock, actor: User | None, data: UserInput,
                rounds: int = 12) -> None:
    """`actor` None is the installer (bootstrap/demo); otherwise an admin."""
    if actor is not None:
        require(decide(actor, Action.ADMIN_USERS))
    if not data.password:
        raise ValueError("users.password_required")
    if problem := password_problem(data.password):
        raise ValueError(problem)
    with db.tx() as tx:
        if core_repo.user_row(tx, data.username):
            raise ValueError("users.exists")
        core_repo.insert_user(tx, {**data.model_dump(exclude={"password", "roles", "units"}),
                                   "password_hash": hash_password(data.password, rounds),
                                   "created_at": naive_utc(clock.now())})
        core_repo.set_roles(tx, data.username, [r.value for r in data.roles])
        core_repo.set_units(tx, data.username, data.units)
        audit.security(tx, clock, actor.username if actor else None, "user_created", data.username)


def update_user(db: Database, clock: Clock, actor: User, data: UserInput) -> None:
    require(decide(actor, Action.ADMIN_USERS))
    with db.tx() as tx:
        if not core_repo.user_row(tx, data.username):
            raise ValueError("users.not_found")
        core_repo.update_user(tx, data.username, {
            "name": data.name, "email": data.email, "prescriber_code": data.prescriber_code,
            "title": data.title, "lang": data.lang, "tz": data.tz,
            "authority_level": data.authority_level})
        core_repo.set_roles(tx, data.username, [r.value for r in data.roles])
        core_repo.set_units(tx, data.username, data.units)
        audit.security(tx, clock, actor.username, "user_updated",
                       f"{data.username}: roles={sorted(r.value for r in data.roles)} units={sorted(data.units)}")


def reset_password(db: Database, clock: Clock, actor: User, username: str, password: str,
                   rounds: int = 12) -> None:
    """Admin sets a new password; also lifts a lockout."""
    require(decide(actor, Action.ADMIN_USERS))
    if problem := password_problem(password):
        raise ValueError(problem)
    with db.tx() as tx:
        if not core_repo.user_row(tx, username):
            raise ValueError("users.not_found")
        core_repo.update_user(tx, username, {"password_hash": hash_password(password, rounds),
                                             "failed_logins": 0})
        audit.security(tx, clock, actor.username, "password_reset", username)


def set_language(db: Database, user: User, lang: str) -> None:
    with db.tx() as tx:
        core_repo.update_user(tx, user.username, {"lang": lang})


def security_log(db: Database, actor: User, limit: int = 200) -> list[dict]:
    require(decide(actor, Action.ADMIN_USERS))
    with db.read() as r:
        return core_repo.security_entries(r, limit)


def list_units(db: Database, kind: str | None = None) -> list[dict]:
    with db.read() as r:
        return core_repo.units(r, kind)


# ------------------------------------------------------------------ sessions

IDLE_TIMEOUT_MINUTES = 30   # a session idle this long is logged out (the cookie lives 12 h)


def revoke_sessions(db: Database, clock: Clock, username: str, at_epoch: float,
                    event: str = "logout") -> None:
    """At logout or idle expiry: every login cookie of this user issued until now is void."""
    with db.tx() as tx:
        core_repo.revoke_sessions(tx, username, at_epoch)
        audit.security(tx, clock, username, event)


def cookie_is_void(db: Database, username: str, issued_epoch: float) -> bool:
    with db.read() as r:
        revoked = core_repo.revoked_epoch(r, username)
    return revoked is not None and issued_epoch <= revoked
