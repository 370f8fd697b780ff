"""The insurer's units: the insurers a user administers or belongs to, partner companies,
offices, members and the insurer's users."""
from __future__ import annotations

import re

from logic import audit, inputs
from logic.access import Action, PermissionDenied, Role, User, decide, deny, require
from logic.clock import Clock
from logic.errors import FieldErrors, Refused
from logic.store import core_repo, urgent_repo
from logic.store.db import Database
from logic.urgent.services._common import _actor, _require_admin_of

UNIT_NAME_MAX = 120              # a partner company's or office's name


def administered_insurers(db: Database, user: User) -> list[dict]:
    """Insurers whose portal the user may administer: an admin all, an insurer user its own."""
    require(decide(user, Action.ADMIN_URGENT))
    with db.read() as r:
        insurers = urgent_repo.units_of_kind(r, "insurer")
    if user.has(Role.ADMIN):
        return insurers
    return [i for i in insurers if i["id"] in user.units]


def own_insurers(db: Database, user: User) -> list[dict]:
    """The insurers an insurer user belongs to."""
    with db.read() as r:
        return [i for i in urgent_repo.units_of_kind(r, "insurer") if i["id"] in user.units]


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("æ", "ae").replace("å", "aa")
                                       .replace("Ø", "O").replace("Æ", "AE").replace("Å", "AA"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.encode("ascii", "ignore").decode().lower()).strip("-")[:40]


def create_insurer(db: Database, clock: Clock, user: User | None, name: str, unit_id: str | None = None) -> str:
    if user is not None and not user.has(Role.ADMIN):
        raise PermissionDenied(deny("access.role_missing", action="admin_urgent"))
    unit_id = unit_id or f"ins-{_slug(name)}"
    with db.tx() as tx:
        core_repo.insert_unit(tx, {"id": unit_id, "code": None, "name": name, "kind": "insurer"})
        audit.security(tx, clock, _actor(user), "urgent_insurer_created", unit_id)
    return unit_id


def create_company(db: Database, clock: Clock, user: User | None, insurer_id: str, name: str,
                   city: str | None = None) -> str:
    """A partner company of the insurer (with the default office hours 08:00–16:00)."""
    _require_admin_of(user, insurer_id)
    name = inputs.text(name, UNIT_NAME_MAX, field="name", required=True)
    with db.tx() as tx:
        unit_id = f"co-{_slug(name)}"
        if core_repo.unit(tx, unit_id):
            raise FieldErrors({"name": "urgent.name_taken"})
        core_repo.insert_unit(tx, {"id": unit_id, "name": name, "kind": "company",
                                   "parent_id": insurer_id, "city": city})
        audit.security(tx, clock, _actor(user), "urgent_company_created", f"{insurer_id}/{unit_id}")
    return unit_id


def create_office(db: Database, clock: Clock, user: User | None, company_id: str, name: str,
                  city: str | None = None) -> str:
    """An office of a partner company; may create urgent cases: Aldrig until set (URG-1)."""
    name = inputs.text(name, UNIT_NAME_MAX, field="name", required=True)
    with db.tx() as tx:
        company = core_repo.unit(tx, company_id)
        if company is None or company["kind"] != "company":
            raise Refused("urgent.unknown_company")
        _require_admin_of(user, company["parent_id"])
        unit_id = f"{company_id.removeprefix('co-')}-{_slug(name)}"[:60]
        if core_repo.unit(tx, unit_id):
            raise FieldErrors({"name": "urgent.name_taken"})
        core_repo.insert_unit(tx, {"id": unit_id, "name": name, "kind": "office",
                                   "parent_id": company_id, "city": city})
        audit.security(tx, clock, _actor(user), "urgent_office_created", f"{company_id}/{unit_id}")
    return unit_id


def add_member(db: Database, clock: Clock, user: User | None, username: str, unit_id: str) -> None:
    """Make a user a member of an office (and its company) or of an insurer."""
    with db.tx() as tx:
        unit = core_repo.unit(tx, unit_id)
        if unit is None or unit["kind"] not in ("office", "insurer"):
            raise Refused("urgent.unknown_office")
        if unit["kind"] == "office":
            scope = urgent_repo.office_scope(tx, unit_id)
            _require_admin_of(user, scope["insurer_id"])
            urgent_repo.add_member(tx, username, unit_id)
            urgent_repo.add_member(tx, username, scope["company_id"])
        else:
            _require_admin_of(user, unit_id)
            urgent_repo.add_member(tx, username, unit_id)
        audit.security(tx, clock, _actor(user), "urgent_member_added", f"{username} -> {unit_id}")


def insurer_users(db: Database, insurer_id: str) -> list[dict]:
    with db.read() as r:
        return urgent_repo.insurer_users(r, insurer_id)
