"""The contact register per unit (ORG-11): the unit's contact person at Försäkringskassan, the
insurance investigators and the managers at the authority, kept in ORG admin; and the people a
case's contacts are chosen from (ORG-12): its unit's and those of the units above it."""
from __future__ import annotations

from typing import Any

from logic import audit
from logic import settings_log as md_log
from logic.access import Action, User, decide, require
from logic.clock import Clock, naive_utc
from logic.errors import FieldErrors
from logic.org import reference_rules, rules
from logic.org.model import RegisterRole
from logic.store import core_repo, org_repo
from logic.store.db import Database, Tx

COLUMNS = ("unit_id", "role", "party", "name", "phone", "email", "note", "active")


def _ordered(rows: list[dict]) -> list[dict]:
    """The seed's order (ORG-12): investigators first, then the managers at the authority, then
    the unit's contact person; nearest unit first within a role (the rows come in that order)."""
    return sorted(rows, key=lambda r: RegisterRole(r["role"]).rank)


def register_units(db: Database, actor: User) -> list[dict]:
    """The active units a register may be kept for."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    with db.read() as r:
        return sorted((u for u in core_repo.units(r) if u["active"]), key=lambda u: (u["name"] or "", u["id"]))


def register_of(db: Database, actor: User, unit_id: str | None) -> list[dict]:
    """ORG-11 for the admin: a unit's register, retired people too."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    if not unit_id:
        return []
    with db.read() as r:
        return _ordered(org_repo.register_contacts(r, [unit_id]))


def register_for_case(tx: Tx, unit_id: str | None) -> list[dict]:
    """ORG-12: the active people of the case's unit's register and of the units above it."""
    chain = rules.units_up(org_repo.unit_tree(tx), unit_id)
    if not chain:
        return []
    rows = org_repo.register_contacts(tx, chain, active_only=True)
    rows.sort(key=lambda r: (RegisterRole(r["role"]).rank, chain.index(r["unit_id"]), r["name"]))
    return rows


def save_register_contact(db: Database, clock: Clock, actor: User, contact_id: int | None,
                          row: dict[str, Any]) -> int:
    """ORG-11: add a person to a unit's register or change (or retire) one; in the security
    log and the settings log (ADM-3). Returns the person's id."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    with db.tx() as tx:
        units = {u["id"] for u in core_repo.units(tx)}
        values, errors = reference_rules.register_fields(row, units)
        if errors:
            raise FieldErrors(errors)
        now = naive_utc(clock.now())
        before = None
        if contact_id is not None:
            stored = org_repo.register_contact(tx, contact_id)
            if stored is None:
                raise FieldErrors({"name": "form.invalid"})
            before = {c: stored[c] for c in COLUMNS}
            org_repo.update_register_contact(tx, contact_id, values, actor.username, now)
        else:
            contact_id = org_repo.insert_register_contact(tx, values, actor.username, now)
        audit.security(tx, clock, actor.username, "org_register_saved", f"{values['unit_id']}: {values['name']}")
        md_log.record(tx, clock, actor.username, "org_register", str(contact_id), before,
                      {c: values[c] for c in COLUMNS}, "screen:org_admin")
        return contact_id
