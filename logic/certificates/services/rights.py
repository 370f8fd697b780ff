"""CERT-2 administration: physicians' protected title, "Använda Webcert", care units and the
units' workplace codes."""
from __future__ import annotations


from logic import audit, inputs
from logic.access import Action, User, decide, require
from logic.certificates import rules
from logic.clock import Clock, naive_utc
from logic.errors import FieldErrors, Refused
from logic import settings_log as md_log
from logic.store import certificates_repo as repo
from logic.store import core_repo
from logic.store.db import Database, Tx


WORKPLACE_CODE_MAX = 20


def rights_overview(db: Database, user: User) -> list[dict]:
    require(decide(user, Action.ADMIN_USERS))
    with db.read() as r:
        return repo.rights_overview(r)


RIGHTS_SCREEN = "screen:cert_rights"    # the settings log's source for the certificate admin page


def rights_columns(tx: Tx, username: str) -> dict | None:
    """A user's CERT-2 rights as the cert_rights kind and the settings log name them."""
    row = repo.user_rights(tx, username)
    if row is None:
        return None
    return {"protected_title": row["protected_title"], "webcert": bool(row["webcert"]),
            "care_units": list(row["care_units"] or [])}


def write_rights(tx: Tx, clock: Clock, user: User, username: str, *, protected_title: str | None,
                 webcert: bool, care_units: list[str]) -> None:
    """CERT-2 in the caller's transaction — the admin page's and the cert_rights kind's one way
    to record a physician's protected title, "Använda Webcert" and care assignments
    (`rules.rights_errors`; a missing user is refused, a bad field named)."""
    require(decide(user, Action.ADMIN_USERS))
    title = (protected_title or "").strip() or None
    row = core_repo.user_row(tx, username)
    units = None if row is None else [u["unit_id"] for u in repo.user_unit_ids(tx, username)]
    errors = rules.rights_errors(title, care_units, units)
    if "username" in errors:
        raise Refused(errors["username"])
    if errors:
        raise FieldErrors(errors)
    repo.set_rights(tx, username, title, bool(webcert))
    repo.set_care_units(tx, username, care_units)
    audit.security(tx, clock, user.username, "cert_rights_saved",
                   f"{username}: title={title} webcert={bool(webcert)} care_units={sorted(care_units)}")


def set_rights(db: Database, clock: Clock, user: User, username: str, *, protected_title: str | None,
               webcert: bool, care_units: list[str]) -> None:
    """Admin records the HSA attributes and the permission 'Använda Webcert' (CERT-2); in the
    security log and the settings log (ADM-3)."""
    require(decide(user, Action.ADMIN_USERS))
    errors = rules.rights_errors(protected_title, [], [])
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        before = rights_columns(tx, username)
        write_rights(tx, clock, user, username, protected_title=protected_title, webcert=webcert,
                     care_units=care_units)
        md_log.record(tx, clock, user.username, "cert_rights", username, before,
                      rights_columns(tx, username), RIGHTS_SCREEN)


def set_workplace_code(db: Database, clock: Clock, user: User, unit_id: str, code: str | None) -> None:
    """CERT-2: a unit's workplace code (`rules.workplace_code_error`, the units kind's rule too);
    in the security log and the settings log (as a change of the unit)."""
    require(decide(user, Action.ADMIN_USERS))
    code = inputs.text(code, WORKPLACE_CODE_MAX, field="workplace_code")
    error = rules.workplace_code_error(code)
    if error:
        raise FieldErrors({"workplace_code": error})
    with db.tx() as tx:
        unit = core_repo.unit(tx, unit_id)
        if unit is None:
            raise Refused("form.invalid")
        repo.set_workplace_code(tx, unit_id, code)
        audit.security(tx, clock, user.username, "workplace_code_saved", f"{unit_id}: {code}")
        md_log.record(tx, clock, user.username, "units", unit_id, {"workplace_code": unit["workplace_code"]},
                      {"workplace_code": code}, RIGHTS_SCREEN)


def service_contracts(db: Database, user: User) -> dict[str, bool]:
    """CERT-18: which units' HSA-ids are connected to the service contract (unit id -> bool)."""
    require(decide(user, Action.ADMIN_USERS))
    with db.read() as r:
        return repo.service_contracts(r)


def set_service_contract(db: Database, clock: Clock, user: User, unit_id: str, connected: bool) -> None:
    """CERT-18: the admin records whether the unit's HSA-id is connected to the service contract
    with Inera (one more prerequisite, named in the refusal like the others); in the security
    log and the settings log (as a change of the unit)."""
    require(decide(user, Action.ADMIN_USERS))
    connected = bool(connected)
    with db.tx() as tx:
        if core_repo.unit(tx, unit_id) is None:
            raise Refused("form.invalid")
        before = repo.service_contracts(tx).get(unit_id, False)
        if before == connected:
            return
        repo.set_service_contract(tx, unit_id, connected, naive_utc(clock.now()), user.username)
        audit.security(tx, clock, user.username, "service_contract_saved",
                       f"{unit_id}: service_contract={connected}")
        md_log.record(tx, clock, user.username, "units", unit_id, {"service_contract": before},
                      {"service_contract": connected}, RIGHTS_SCREEN)
