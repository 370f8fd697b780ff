"""Reporting an organisational (or care) deviation (ORG-4, ORG-7): the form's look-ups, the
check of a draft, and its registration routed to the nearest manager."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from logic import audit, messages
from logic.access import Action, User, decide, require
from logic.clock import Clock, from_local, naive_utc, to_local
from logic.errors import FieldErrors
from logic.org import message_texts, rules
from logic.org.model import (
    Arrival,
    Entry,
    Level,
    OrgDraft,
    Party,
    Status,
)
from logic.store import core_repo, org_repo
from logic.store.db import Database, Tx
from logic.org.services._common import (
    _ground_codes,
    _nodes,
    _route,
    _search_text,
)

ZONE = "Europe/Stockholm"   # numbers follow the service's calendar weeks


def reporter_units(db: Database, user: User) -> list[dict]:
    """The units the reporter belongs to; the report is made for one of them."""
    with db.read() as r:
        return [u for u in core_repo.units_by_ids(r, list(user.units)) if u["active"]]


def route_preview(db: Database, user: User, unit_id: str | None) -> dict | None:
    """ORG-4 shown on the form: who the report will go to."""
    with db.read() as r:
        found = _route(r, user.username, unit_id)
        if found is None:
            return None
        return {"manager": found.manager, "name": org_repo.user_name(r, found.manager),
                "unit_id": found.unit_id, "to_self": found.arrival is Arrival.ROUTED_SELF}


def _context(tx: Tx, clock: Clock, user: User, draft: OrgDraft) -> rules.CheckContext:
    units = [u["id"] for u in core_repo.units_by_ids(tx, list(user.units)) if u["active"]]
    found = _route(tx, user.username, draft.unit_id) if draft.unit_id in units else None
    return rules.CheckContext(now_local=to_local(clock.now(), user.tz), user_units=units,
                              nodes=_nodes(tx), routed_to=found.manager if found else None,
                              grounds=_ground_codes(tx))


def grounds(db: Database, active_only: bool = True) -> list[dict]:
    """ORG-8: the grounds for reporting (reference data), in their order."""
    with db.read() as r:
        return org_repo.grounds(r, active_only)


def check_draft(db: Database, clock: Clock, user: User, draft: OrgDraft) -> dict[str, str]:
    with db.read() as r:
        return rules.check(draft, _context(r, clock, user, draft))


def managers(db: Database) -> list[dict]:
    """Active managers: who a case can be forwarded to (ORG-4)."""
    with db.read() as r:
        return org_repo.active_managers(r)


# ------------------------------------------------------------------ registration


@dataclass(frozen=True)
class Registered:
    case_id: str
    linked_id: str | None
    holder: str
    holder_name: str | None
    to_self: bool


def register(db: Database, clock: Clock, user: User, draft: OrgDraft) -> Registered:
    """Report an organisational (or care) deviation; routes it to the nearest manager (ORG-4)
    and, when asked, registers the linked deviation of the other entry too (ORG-7)."""
    require(decide(user, Action.REPORT_ORG))
    with db.tx() as tx:
        ctx = _context(tx, clock, user, draft)
        errors = rules.check(draft, ctx)
        if errors:
            raise FieldErrors(errors)
        found = _route(tx, user.username, draft.unit_id)
        if found is None:          # check() already refuses a unit without a manager
            raise FieldErrors({"unit_id": "org.no_manager"})
        now = clock.now()
        local_day = to_local(now, ZONE).date()
        first = draft.entry
        case_id = _next_id(tx, first, local_day)
        linked_id = _next_id(tx, first.other, local_day) if draft.create_linked else None
        holder_name = org_repo.user_name(tx, found.manager)
        _insert(tx, clock, user, draft, first, draft.area, draft.deficiency, case_id, linked_id,
                found, holder_name, ctx.nodes)
        if linked_id:
            _insert(tx, clock, user, draft, first.other, draft.linked_area, draft.linked_deficiency,
                    linked_id, case_id, found, holder_name, ctx.nodes)
        return Registered(case_id, linked_id, found.manager, holder_name,
                          found.arrival is Arrival.ROUTED_SELF)


def _next_id(tx: Tx, entry: Entry, local_day: date) -> str:
    seq = core_repo.next_number(tx, rules.number_prefix(entry.prefix, local_day))
    return rules.case_number(entry.prefix, local_day, seq)


def _insert(tx: Tx, clock: Clock, user: User, d: OrgDraft, entry: Entry, area: str | None,
            deficiency: str | None, case_id: str, linked_id: str | None, found: rules.Route,
            holder_name: str | None, nodes: dict[str, rules.Node]) -> None:
    now = naive_utc(clock.now())
    area_node, type_node = nodes[area or ""], nodes[deficiency or ""]
    occurred = naive_utc(from_local(d.occurred_at_local(), user.tz))
    party = d.party
    core_repo.insert_case(tx, {
        "id": case_id, "kind": entry.value, "subtype": type_node.code, "category": area_node.code,
        "status": Status.OPEN.value, "title": d.title, "description": d.what_happened,
        "unit_id": d.unit_id, "created_by": user.username, "assignee": found.manager,
        "created_at": now, "updated_at": now, "version": 1,
        "search_text": _search_text(case_id, d.title, d.what_happened, d.location,
                                    area_node.name_sv, type_node.name_sv, d.party_other,
                                    d.harm_description, linked_id)})
    org_repo.insert_org(tx, {
        "case_id": case_id, "entry": entry.value, "reporter_unit_id": d.unit_id,
        "routed_unit_id": found.unit_id, "area": area_node.code, "deficiency": type_node.code,
        "ladder": type_node.ladder, "occurred_at": occurred, "location": d.location,
        "what_happened": d.what_happened, "affected": [a.value for a in d.affected],
        "party": party.value if party else None,
        "party_other": d.party_other if party is Party.OTHER else None,
        "patient_harmed": bool(d.patient_harmed), "harm_description": d.harm_description,
        "level": Level.MANAGER.value, "linked_case_id": linked_id,
        "grounds": list(dict.fromkeys(d.grounds)) if type_node.ladder else None})   # ORG-8
    org_repo.insert_step(tx, case_id, Level.MANAGER.value, found.manager, now, user.username,
                         found.arrival.value, None)
    audit.record(tx, clock, user.username, case_id, "registered", None, {
        "status": Status.OPEN.value, "level": Level.MANAGER.value, "assignee": found.manager,
        "area": area_node.code, "deficiency": type_node.code, "linked_case_id": linked_id,
        **({"grounds": list(dict.fromkeys(d.grounds))} if type_node.ladder else {})})
    to_self = found.arrival is Arrival.ROUTED_SELF
    messages.send(tx, clock, user.username,
                  message_texts.msg_registered(entry, case_id, holder_name or found.manager, to_self),
                  d.title or "", case_id)
    if not to_self:
        messages.send(tx, clock, found.manager, message_texts.msg_new_for_holder(entry, case_id, Level.MANAGER),
                      d.title or "", case_id)
