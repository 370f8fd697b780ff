"""Login from the organisation's directory (ADM-14): which casedesk user a directory identity
is, or why it is none.

Streamlit's `st.login` does the OpenID Connect part (redirect, code, tokens, signature) and
hands over the identity's claims (`st.user`); this decides. The identity is matched on one
claim (`DirectorySettings.claim`) against one users column (`match`: the e-mail address,
compared without regard to case, or the HSA-id). Refused, with the reason in the user's
language and an entry in the security log:

- the identity lacks the claim (or its issue time `iat`);
- an e-mail the directory itself marks unverified (`email_verified` false);
- no casedesk user has it, or more than one active user has it;
- the user is deactivated;
- the identity was issued before the user's last logout or idle expiry (a copy of the
  directory cookie taken before it — as `users.cookie_is_void` for the local cookie), or longer
  ago than a login cookie lives (`cookie_expiry_days`).

A login is logged as `directory_login`, a refusal as `directory_login_refused` with the reason
and the claim. No streamlit here; the page shell calls `sign_in` and starts or refuses the
session.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from logic import users
from logic.access import User
from logic.clock import Clock
from logic.login_settings import DirectorySettings
from logic.store import core_repo
from logic.store.db import Database

MAX_CLAIM = 254                    # an e-mail address's limit; an HSA-id is shorter

UNKNOWN = "login.directory.unknown"
AMBIGUOUS = "login.directory.ambiguous"
DEACTIVATED = "login.directory.deactivated"
NO_CLAIM = "login.directory.no_claim"
UNVERIFIED = "login.directory.unverified"
ENDED = "login.directory.ended"
REASONS = (UNKNOWN, AMBIGUOUS, DEACTIVATED, NO_CLAIM, UNVERIFIED, ENDED)


@dataclass(frozen=True)
class Outcome:
    """The user to log in, or the refusal: a translation key and its parameters."""
    user: User | None
    reason: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.user is not None


def claim_value(claims: Mapping[str, Any], claim: str) -> str | None:
    """The claim as text: printable characters only, at most MAX_CLAIM; None when the identity
    lacks it (or carries something else than text, e.g. a list)."""
    value = claims.get(claim)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = "".join(ch for ch in value if ch.isprintable()).strip()
    return value[:MAX_CLAIM] or None


def _issued(claims: Mapping[str, Any]) -> float | None:
    iat = claims.get("iat")
    if isinstance(iat, bool) or not isinstance(iat, (int, float)):
        return None
    return float(iat)


def sign_in(db: Database, clock: Clock, settings: DirectorySettings, claims: Mapping[str, Any],
            now_epoch: float, lifetime_seconds: float) -> Outcome:
    """Decide whether the directory identity `claims` logs in, and as whom; log it.

    `now_epoch` is the wall-clock time the identity's `iat` is compared with (the directory's
    clock, like the login cookie's times in `users.cookie_is_void`)."""
    value = claim_value(claims, settings.claim)
    detail = f"{settings.claim}={value}"
    if value is None:
        return _refuse(db, clock, None, NO_CLAIM, "no claim", detail, claim=settings.claim)
    if settings.match == "email" and claims.get("email_verified") is False:
        return _refuse(db, clock, None, UNVERIFIED, "unverified", detail, value=value)
    with db.read() as r:
        rows = (core_repo.users_by_email(r, value) if settings.match == "email"
                else core_repo.users_by_hsa_id(r, value))
    active = [row["username"] for row in rows if row["active"]]
    if not rows:
        return _refuse(db, clock, None, UNKNOWN, "unknown", detail, value=value)
    if len(active) > 1:
        return _refuse(db, clock, None, AMBIGUOUS, f"ambiguous ({', '.join(active)})", detail, value=value)
    if not active:
        return _refuse(db, clock, rows[0]["username"], DEACTIVATED, "deactivated", detail)
    username = active[0]
    issued = _issued(claims)
    if issued is None:
        return _refuse(db, clock, username, NO_CLAIM, "no iat", detail, claim="iat")
    if now_epoch - issued > lifetime_seconds or users.cookie_is_void(db, username, issued):
        return _refuse(db, clock, username, ENDED, "ended", detail)
    user = users.load_user(db, username)
    if user is None:            # deactivated between the two reads
        return _refuse(db, clock, username, DEACTIVATED, "deactivated", detail)
    users.log_security(db, clock, username, "directory_login", detail)
    return Outcome(user=user)


def _refuse(db: Database, clock: Clock, actor: str | None, reason: str, why: str, detail: str,
            **params: Any) -> Outcome:
    users.log_security(db, clock, actor, "directory_login_refused", f"{why}: {detail}")
    return Outcome(user=None, reason=reason, params=params)
