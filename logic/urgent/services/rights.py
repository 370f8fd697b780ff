"""What a partner member may do from their offices right now (URG-1 … URG-4): the office
rights, the create decision, the offices a task may be given to."""
from __future__ import annotations

from dataclasses import dataclass

from logic.access import ALLOW, Action, Decision, Role, User, decide, deny
from logic.clock import Clock
from logic.store import urgent_repo
from logic.store.db import Database, Tx
from logic.urgent import office_hours, office_settings
from logic.urgent.services._common import _hours, _portal, _settings


@dataclass(frozen=True)
class OfficeRight:
    """What a partner member may do from one of their offices right now (URG-1 … URG-4)."""
    office_id: str
    office_name: str
    company_id: str
    company_name: str
    insurer_id: str
    settings: office_settings.OfficeSettings    # effective: the extra rights only when enhanced (URG-3)
    hours: office_hours.OfficeHours
    create: Decision


def _office_rights(tx: Tx, clock: Clock, user: User) -> list[OfficeRight]:
    out = []
    for unit_id in user.units:
        scope = urgent_repo.office_scope(tx, unit_id)
        if scope is None:
            continue
        portal = _portal(tx, scope["insurer_id"])
        settings = office_settings.effective(_settings(tx, unit_id), portal)
        hours = _hours(tx, scope["company_id"])
        out.append(OfficeRight(unit_id, scope["office_name"], scope["company_id"], scope["company_name"],
                               scope["insurer_id"], settings, hours,
                               office_settings.may_create_now(settings, hours, clock.now())))
    return out


def office_rights(db: Database, clock: Clock, user: User) -> list[OfficeRight]:
    if not user.has(Role.PARTNER):
        return []
    with db.read() as r:
        return _office_rights(r, clock, user)


def create_decision(db: Database, clock: Clock, user: User) -> Decision:
    """URG-4: "+ Ny akutsag" only for a member of a permitted office at a permitted time."""
    first = decide(user, Action.CREATE_URGENT)
    if not first:
        return first
    rights = office_rights(db, clock, user)
    if not rights:
        return deny("urgent.no_office")
    for right in rights:
        if right.create:
            return ALLOW
    return rights[0].create


def _assignable(tx: Tx, user: User, insurer_id: str, company_id: str | None,
                rights: list[OfficeRight]) -> list[dict]:
    """Offices a task may be given to: an insurer user — any office of the insurer; a partner —
    the offices of its own company, and of other partners only with the URG-3 right."""
    offices = urgent_repo.offices_of_insurer(tx, insurer_id)
    if user.has(Role.INSURER) and insurer_id in user.units:
        return offices
    mine = [r for r in rights if r.insurer_id == insurer_id and r.company_id == company_id]
    if not mine:
        return []
    if any(r.settings.may_assign_other_partners for r in mine):
        return offices
    return [o for o in offices if o["company_id"] == company_id]


def assignable_offices(db: Database, clock: Clock, user: User, office_id: str) -> list[dict]:
    """For the form: where the tasks of a new case from `office_id` may go."""
    with db.read() as r:
        scope = urgent_repo.office_scope(r, office_id)
        if scope is None:
            return []
        return _assignable(r, user, scope["insurer_id"], scope["company_id"], _office_rights(r, clock, user))
