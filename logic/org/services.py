"""Organisational deviation use cases (ORG) — the only way a page changes ORG data. Each is
one transaction that checks permission and rules, writes the case, its steps, its log entries
and the messages to the people concerned."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from logic import audit, inputs, messages
from logic.board import present
from logic.access import Action, Role, User, decide, require
from logic.cases import open_for_reading
from logic.clock import Clock, from_local, naive_utc, to_local
from logic.errors import Conflict, FieldErrors, Refused
from logic import settings_log as md_log
from logic.org import rules
from logic.org.model import (
    CONTACT_PARTIES,
    HELD_LEVELS,
    Arrival,
    Entry,
    Level,
    OrgDraft,
    Party,
    Status,
    StepMove,
)
from logic.store import core_repo, org_repo
from logic.store.db import Database, Tx

ZONE = "Europe/Stockholm"   # numbers follow the service's calendar weeks
REQUIRED = rules.REQUIRED
MAX_TEXT = 4000
NODE_CODE_MAX = 40


def _text(value: str | None, field: str, errors: dict[str, str], *, required: bool = True,
          max_len: int = MAX_TEXT, multiline: bool = True) -> str | None:
    """Typed text checked the one way (logic.inputs, X-7): control characters removed, a
    missing or over-long value recorded in `errors` at its field."""
    return inputs.text(value, max_len, field=field, errors=errors, required=required, multiline=multiline)


def _search_text(*parts: Any) -> str:
    return " ".join(str(p) for p in parts if p).lower()


# ------------------------------------------------------------------ look-ups for the form


def _nodes(tx: Tx, active_only: bool = True) -> dict[str, rules.Node]:
    return {r["code"]: rules.Node(
        code=r["code"], parent_code=r["parent_code"], entry=r["entry"], name_sv=r["name_sv"],
        name_en=r["name_en"], guidance_sv=r["guidance_sv"], guidance_en=r["guidance_en"],
        name_da=r.get("name_da"), guidance_da=r.get("guidance_da"),
        ladder=bool(r["ladder"]), sort=r["sort"], active=bool(r["active"]))
        for r in org_repo.nodes(tx, active_only)}


def classification(db: Database, active_only: bool = True) -> dict[str, rules.Node]:
    """ORG-2: the classification tree (reference data)."""
    with db.read() as r:
        return _nodes(r, active_only)


def reporter_units(db: Database, user: User) -> list[dict]:
    """The units the reporter belongs to; the report is made for one of them."""
    with db.read() as r:
        return [u for u in core_repo.units_by_ids(r, list(user.units)) if u["active"]]


def _route(tx: Tx, reporter: str, unit_id: str | None) -> rules.Route | None:
    if not unit_id:
        return None
    managers = {m["username"] for m in org_repo.active_managers(tx)}
    return rules.route(reporter, unit_id, org_repo.unit_tree(tx), managers.__contains__)


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
                              nodes=_nodes(tx), routed_to=found.manager if found else None)


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
        "level": Level.MANAGER.value, "linked_case_id": linked_id})
    org_repo.insert_step(tx, case_id, Level.MANAGER.value, found.manager, now, user.username,
                         found.arrival.value, None)
    audit.record(tx, clock, user.username, case_id, "registered", None, {
        "status": Status.OPEN.value, "level": Level.MANAGER.value, "assignee": found.manager,
        "area": area_node.code, "deficiency": type_node.code, "linked_case_id": linked_id})
    to_self = found.arrival is Arrival.ROUTED_SELF
    messages.send(tx, clock, user.username,
                  rules.msg_registered(entry, case_id, holder_name or found.manager, to_self),
                  d.title or "", case_id)
    if not to_self:
        messages.send(tx, clock, found.manager, rules.msg_new_for_holder(entry, case_id, Level.MANAGER),
                      d.title or "", case_id)


# ------------------------------------------------------------------ reading


def handled_scope(tx: Tx, user: User) -> list[str]:
    """access.USER_SCOPES[rules.HANDLED]: the ORG cases the user held a level of or decided on
    (who sees everything needs none)."""
    if user.has(Role.ORG_LADDER, Role.ANALYST):
        return []
    return org_repo.handled_cases(tx, user.username)


def managed_scope(tx: Tx, user: User) -> set[str]:
    """access.USER_SCOPES[rules.MANAGED]: the units the user manages, and every unit below."""
    if user.has(Role.ORG_LADDER, Role.ANALYST):
        return set()
    return rules.managed_units(org_repo.unit_tree(tx), user.username)


def _enrich(tx: Tx, row: dict) -> dict:
    """Add what `rules.act_decision` needs beyond the `cases` row."""
    holders = org_repo.holders(tx)
    row["org_level"] = row["level"]
    row["org_ladder_applies"] = bool(row["ladder"])
    row["org_holders"] = {lv: h["username"] for lv, h in holders.items() if h.get("holder_active")}
    return row


def get_case(db: Database, clock: Clock, user: User, case_id: str) -> dict:
    """The case as the user may see it, with its ladder, steps, contacts and link, and what
    the user may do with it."""
    with db.read() as r:
        row, _ = open_for_reading(r, user, case_id, org_repo.org_case, prepare=_enrich)
        row["steps"] = org_repo.steps(r, case_id)
        row["contacts"] = org_repo.contacts(r, case_id)
        row["holders"] = org_repo.holders(r)
        linked = core_repo.case(r, row["linked_case_id"]) if row.get("linked_case_id") else None
    row["linked"] = ({"id": linked["id"], "kind": linked["kind"], "status": linked["status"]}
                     if linked else None)
    act = decide(user, Action.HANDLE_ORG, row)
    row["may_act"] = act.allowed
    row["act_refusal"] = act
    row["decisions"] = (rules.decisions(row["status"], row["level"], row["org_ladder_applies"])
                        if act.allowed else [])
    key = present.analyst_key(db, user, row)
    if key is not None:                 # analysts: the people on the case pseudonymised
        for part in (row, *row["steps"], *row["contacts"], *row["holders"].values()):
            present.pseudonymise(part, key)
        row["org_holders"] = {level: present.pseudonym(key, u) for level, u in row["org_holders"].items()}
    return row


def list_cases(db: Database, user: User, scope: str = "waiting", *, status: str | None = None,
               level: str | None = None) -> list[dict]:
    """Lists for the ORG page: waiting for me / reported by me / all I may see."""
    require(decide(user, Action.REPORT_ORG))
    with db.read() as r:
        if scope == "waiting":
            rows = org_repo.list_cases(r, assignee=user.username, status=status, level=level)
        elif scope == "mine":
            rows = org_repo.list_cases(r, created_by=user.username, status=status, level=level)
        else:
            rows = org_repo.list_cases(r, status=status, level=level, limit=2000)
    return [row for row in rows if decide(user, Action.VIEW_CASE, row).allowed]


# ------------------------------------------------------------------ handling (ORG-4/5/6)


def _load_for_change(tx: Tx, user: User, case_id: str, expected_version: int) -> dict:
    row = org_repo.org_case(tx, case_id)
    if row is None:
        raise Refused("case.not_found", case_id=case_id)
    _enrich(tx, row)
    require(decide(user, Action.HANDLE_ORG, row))
    if row["version"] != expected_version:
        raise Conflict(case_id)
    return row


def _check_decision(row: dict, decision: StepMove) -> None:
    refusal = rules.decision_refusal(decision, row["status"], row["level"], bool(row["ladder"]))
    if refusal:
        raise Refused(refusal)


def _touch(tx: Tx, row: dict, now: datetime, **fields: Any) -> None:
    if not core_repo.update_case(tx, row["id"], row["version"], {"updated_at": now, **fields}):
        raise Conflict(row["id"])


def _next_holder(tx: Tx, level: Level) -> tuple[str, str | None]:
    holder = org_repo.holders(tx).get(level.value)
    if not holder or not holder.get("holder_active"):
        raise Refused("org.no_holder", level=rules.LEVEL_SV[level])
    return holder["username"], holder.get("holder_name")


def forward(db: Database, clock: Clock, user: User, case_id: str, to: str | None,
            reason: str | None, expected_version: int) -> str:
    """ORG-4: the manager forwards the case to another manager, with a reason."""
    errors: dict[str, str] = {}
    reason = _text(reason, "reason", errors, max_len=2000)
    if not to:
        errors["to"] = REQUIRED
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        row = _load_for_change(tx, user, case_id, expected_version)
        _check_decision(row, StepMove.FORWARD)
        if to == row["assignee"]:
            raise FieldErrors({"to": "org.forward_to_holder"})
        if to not in {m["username"] for m in org_repo.active_managers(tx)}:
            raise FieldErrors({"to": "org.not_a_manager"})
        now = naive_utc(clock.now())
        entry = Entry(row["kind"])
        org_repo.decide_step(tx, case_id, StepMove.FORWARD.value, user.username, now, reason)
        org_repo.insert_step(tx, case_id, Level.MANAGER.value, to, now, user.username,
                             Arrival.FORWARDED.value, reason)
        _touch(tx, row, now, assignee=to)
        audit.record(tx, clock, user.username, case_id, "forwarded", {"assignee": row["assignee"]},
                     {"assignee": to, "reason": reason})
        name = org_repo.user_name(tx, to) or to
        messages.send(tx, clock, row["created_by"], rules.msg_forwarded(entry, case_id, name), reason, case_id)
        messages.send(tx, clock, to, rules.msg_new_for_holder(entry, case_id, Level.MANAGER), reason, case_id)
        return to


def escalate(db: Database, clock: Clock, user: User, case_id: str, reason: str | None,
             expected_version: int) -> str:
    """ORG-6: lift an unresolved case to the next level of the ladder; its holder gets it."""
    errors: dict[str, str] = {}
    reason = _text(reason, "reason", errors, max_len=2000)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        row = _load_for_change(tx, user, case_id, expected_version)
        _check_decision(row, StepMove.ESCALATE)
        return _lift(tx, clock, user, row, StepMove.ESCALATE, Arrival.UNRESOLVED, reason, reason)


def lift_for_learning(db: Database, clock: Clock, user: User, case_id: str, outcome: str | None,
                      reason: str | None, expected_version: int) -> str:
    """ORG-6: a resolved case of principled importance is lifted to the next level for
    learning; the outcome so far is kept and told to the reporter."""
    errors: dict[str, str] = {}
    outcome = _text(outcome, "outcome", errors)
    reason = _text(reason, "reason", errors, required=False, max_len=2000)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        row = _load_for_change(tx, user, case_id, expected_version)
        _check_decision(row, StepMove.LEARNING)
        return _lift(tx, clock, user, row, StepMove.LEARNING, Arrival.LEARNING, outcome, reason)


def _lift(tx: Tx, clock: Clock, user: User, row: dict, decision: StepMove, arrival: Arrival,
          outcome: str | None, note: str | None) -> str:
    case_id = row["id"]
    level = Level(row["level"])
    target = level.next
    if target is None:          # _check_decision already refuses at the top
        raise Refused("org.top_of_ladder")
    holder, holder_name = _next_holder(tx, target)
    now = naive_utc(clock.now())
    entry = Entry(row["kind"])
    org_repo.decide_step(tx, case_id, decision.value, user.username, now, outcome)
    org_repo.insert_step(tx, case_id, target.value, holder, now, user.username, arrival.value, note)
    status = Status.LEARNING.value if decision is StepMove.LEARNING else row["status"]
    fields: dict[str, Any] = {"assignee": holder, "status": status}
    if decision is StepMove.LEARNING:
        fields["search_text"] = _search_text(row["search_text"], outcome)
    _touch(tx, row, now, **fields)
    detail: dict[str, Any] = {"level": target.value}
    if decision is StepMove.LEARNING and row["status"] == Status.OPEN.value:
        detail.update(outcome=outcome, resolved_at=now, resolved_level=level.value)
    org_repo.update_org(tx, case_id, detail)
    audit.record(tx, clock, user.username, case_id,
                 "escalated" if decision is StepMove.ESCALATE else "lifted_for_learning",
                 {"level": level.value, "assignee": row["assignee"], "status": row["status"]},
                 {"level": target.value, "assignee": holder, "status": status,
                  "outcome" if decision is StepMove.LEARNING else "reason": outcome})
    if decision is StepMove.ESCALATE:
        to_reporter = rules.msg_escalated(entry, case_id, target)
        body = note or ""
    else:
        to_reporter = rules.msg_learning(entry, case_id, target)
        body = outcome or ""
    messages.send(tx, clock, row["created_by"], to_reporter, body, case_id)
    messages.send(tx, clock, holder, rules.msg_new_for_holder(entry, case_id, target),
                  "\n\n".join(x for x in (note, outcome if decision is StepMove.LEARNING else None) if x),
                  case_id)
    return holder


def close(db: Database, clock: Clock, user: User, case_id: str, outcome: str | None,
          expected_version: int) -> None:
    """The level holding the case resolves (or, for a learning case, notes its conclusion)
    and closes it; the reporter gets the outcome in a message."""
    errors: dict[str, str] = {}
    outcome = _text(outcome, "outcome", errors)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        row = _load_for_change(tx, user, case_id, expected_version)
        _check_decision(row, StepMove.CLOSE)
        now = naive_utc(clock.now())
        entry = Entry(row["kind"])
        org_repo.decide_step(tx, case_id, StepMove.CLOSE.value, user.username, now, outcome)
        _touch(tx, row, now, status=Status.CLOSED.value, closed_at=now,
               search_text=_search_text(row["search_text"], outcome))
        detail: dict[str, Any] = {"outcome": outcome, "closed_by": user.username}
        if row["status"] == Status.OPEN.value:
            detail.update(resolved_at=now, resolved_level=row["level"])
        org_repo.update_org(tx, case_id, detail)
        audit.record(tx, clock, user.username, case_id, "closed",
                     {"status": row["status"], "outcome": row["outcome"]},
                     {"status": Status.CLOSED.value, "outcome": outcome})
        messages.send(tx, clock, row["created_by"], rules.msg_closed(entry, case_id), outcome or "", case_id)


def add_contact(db: Database, clock: Clock, user: User, case_id: str, *, party: Party | None,
                contact_role: str | None, contacted_on: date | None, outcome: str | None,
                expected_version: int) -> None:
    """ORG-5: a contact with the collaboration party — who, when, outcome."""
    errors: dict[str, str] = {}
    if party is None:
        errors["contact_party"] = REQUIRED
    elif party not in CONTACT_PARTIES:
        errors["contact_party"] = "form.invalid"
    contact_role = _text(contact_role, "contact_role", errors, max_len=200, multiline=False)
    if contacted_on is None:
        errors["contacted_on"] = REQUIRED
    elif contacted_on > to_local(clock.now(), user.tz).date():
        errors["contacted_on"] = "org.in_future"
    outcome = _text(outcome, "contact_outcome", errors, max_len=2000)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        row = _load_for_change(tx, user, case_id, expected_version)
        now = naive_utc(clock.now())
        org_repo.insert_contact(tx, case_id, party.value, contact_role, contacted_on, outcome,
                                user.username, now)
        _touch(tx, row, now)
        audit.record(tx, clock, user.username, case_id, "contact_recorded", None, {
            "party": party.value, "contact_role": contact_role, "contacted_on": contacted_on,
            "outcome": outcome})


def record_unit_meeting(db: Database, clock: Clock, user: User, case_id: str, *,
                        held_on: date | None, note: str | None, expected_version: int) -> None:
    """ORG-5: the deviation was taken up at the unit meeting (enhetsmöte) on this date."""
    errors: dict[str, str] = {}
    if held_on is None:
        errors["unit_meeting_on"] = REQUIRED
    elif held_on > to_local(clock.now(), user.tz).date():
        errors["unit_meeting_on"] = "org.in_future"
    note = _text(note, "unit_meeting_note", errors, required=False, max_len=2000)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        row = _load_for_change(tx, user, case_id, expected_version)
        now = naive_utc(clock.now())
        new = {"unit_meeting_on": held_on, "unit_meeting_note": note}
        before, after = audit.changes({k: row.get(k) for k in new}, new)
        if not after:
            return
        org_repo.update_org(tx, case_id, new)
        _touch(tx, row, now)
        audit.record(tx, clock, user.username, case_id, "unit_meeting_recorded", before, after)


# ------------------------------------------------------------------ admin: ladder and tree


def holders(db: Database) -> dict[str, dict]:
    with db.read() as r:
        return org_repo.holders(r)


def eligible_holders(db: Database) -> list[dict]:
    """Users who may hold a ladder level: they need a role that may handle org cases."""
    with db.read() as r:
        return org_repo.users_with_roles(r, [Role.ORG_LADDER.value, Role.MANAGER.value])


def eligible_usernames(tx: Tx) -> set[str]:
    return {u["username"] for u in org_repo.users_with_roles(tx, [Role.ORG_LADDER.value, Role.MANAGER.value])}


def holder_columns(tx: Tx, level: str) -> dict | None:
    """A level's holder as the org_ladder kind and the settings log name the columns."""
    row = org_repo.holders(tx).get(level)
    return None if row is None else {"level": level, "username": row["username"], "title": row["title"]}


def write_holder(tx: Tx, clock: Clock, actor: User, level: str, username: str | None,
                 title: str | None = None) -> int:
    """ORG-6 in the caller's transaction — the admin form's and the org_ladder kind's one way to
    name a level's holder (`rules.holder_errors`). Open cases waiting at that level move to the
    new holder, with a step, a log entry and messages. Returns how many moved."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    title = (title or "").strip() or None
    errors = rules.holder_errors(level, username, title, eligible_usernames(tx))
    if errors:
        raise FieldErrors(errors)
    lv = Level(level)
    now = naive_utc(clock.now())
    org_repo.set_holder(tx, lv.value, username, title, actor.username, now)
    audit.security(tx, clock, actor.username, "org_holder_set", f"{lv.value}={username}")
    name = org_repo.user_name(tx, username) or username
    moved = 0
    for case in org_repo.open_cases_at_level(tx, lv.value):
        if case["assignee"] == username:
            continue
        entry = Entry(case["kind"])
        org_repo.decide_step(tx, case["id"], StepMove.REASSIGNED.value, actor.username, now, None)
        org_repo.insert_step(tx, case["id"], lv.value, username, now, actor.username,
                             Arrival.REASSIGNED.value, None)
        if not core_repo.update_case(tx, case["id"], case["version"],
                                     {"assignee": username, "updated_at": now}):
            raise Conflict(case["id"])
        audit.record(tx, clock, actor.username, case["id"], "reassigned",
                     {"assignee": case["assignee"]}, {"assignee": username})
        messages.send(tx, clock, case["created_by"],
                      rules.msg_reassigned(entry, case["id"], lv, name), "", case["id"])
        messages.send(tx, clock, username, rules.msg_new_for_holder(entry, case["id"], lv),
                      "", case["id"])
        moved += 1
    return moved


def cases_moving_to_holder(tx: Tx, level: str, username: str) -> list[str]:
    """The open cases at a level that a new holder takes over (the plan's note)."""
    return [c["id"] for c in org_repo.open_cases_at_level(tx, level) if c["assignee"] != username]


def set_holder(db: Database, clock: Clock, actor: User, level: Level, username: str | None,
               title: str | None = None) -> int:
    """ORG-6: the admin names the holder of a level (the committee's chair, …). Open cases
    waiting at that level move to the new holder, with a step and a message. Returns how many.
    In the security log and the settings log (ADM-3)."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    level_value = level.value if isinstance(level, Level) else level
    if level_value not in {lv.value for lv in HELD_LEVELS}:
        raise FieldErrors({"level": "form.invalid"})
    errors = rules.holder_errors(level_value, username, title, {username} if username else set())   # eligibility: in the tx
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        before = holder_columns(tx, level_value)
        moved = write_holder(tx, clock, actor, level_value, username, title)
        md_log.record(tx, clock, actor.username, "org_ladder", level_value, before,
                      holder_columns(tx, level_value), "screen:org_admin")
        return moved


# ------------------------------------------------------------------ ADM-10: the unit tree changed

REROUTABLE = {Arrival.ROUTED.value, Arrival.ROUTED_SELF.value, Arrival.REROUTED.value}


@dataclass(frozen=True)
class Reroute:
    """What a change of the unit tree does to one open case at the manager level (ORG-4):
    it moves to `to` (the nearest manager from the reporter's unit in the new tree), or it
    stays where it is for `stays` ('forwarded': a manager forwarded it on purpose;
    'no_manager': no manager above the reporter's unit any more). `cause` is the changed unit
    nearest the reporter's unit (the row the plan notes it on)."""
    case_id: str
    kind: str
    version: int
    created_by: str
    assignee: str | None
    cause: str
    to: str | None = None
    to_unit: str | None = None
    stays: str | None = None


def reroutes(tx: Tx, changed: dict[str, dict[str, Any]]) -> list[Reroute]:
    """ADM-10: the open ORG cases a change of units moves or keeps. `changed`: unit id ->
    {"parent_id", "manager"} as they will be (new units too). A case is concerned when the
    nearest manager from its reporter's unit differs between the tree now and the tree after
    the change, and the case is not already with that manager. It moves when it is still
    waiting at the manager level where the rule put it (routed, or re-routed before); a case a
    manager forwarded by hand stays, and so does one with no manager above it any more."""
    if not changed:
        return []
    before = org_repo.unit_tree(tx)
    after = {uid: dict(u) for uid, u in before.items()}
    for uid, new in changed.items():
        after.setdefault(uid, {"id": uid})
        after[uid].update({"parent_id": new.get("parent_id"), "manager": new.get("manager")})
    is_manager = {m["username"] for m in org_repo.active_managers(tx)}.__contains__
    out: list[Reroute] = []
    for case in org_repo.open_cases_at_manager(tx):
        unit, reporter = case["reporter_unit_id"], case["created_by"]
        old = rules.route(reporter, unit, before, is_manager)
        new = rules.route(reporter, unit, after, is_manager)
        if (old and old.manager) == (new and new.manager) or (new and new.manager == case["assignee"]):
            continue
        cause = _cause(unit, before, after, changed)
        base = dict(case_id=case["id"], kind=case["kind"], version=case["version"], created_by=reporter,
                    assignee=case["assignee"], cause=cause)
        if new is None:
            out.append(Reroute(**base, stays="no_manager"))
        elif case["arrival"] not in REROUTABLE:
            out.append(Reroute(**base, stays="forwarded"))
        else:
            out.append(Reroute(**base, to=new.manager, to_unit=new.unit_id))
    return out


def _cause(unit: str, before: dict[str, dict], after: dict[str, dict], changed: dict[str, dict]) -> str:
    for tree in (after, before):
        seen: set[str] = set()
        node: str | None = unit
        while node and node not in seen and node in tree:
            if node in changed:
                return node
            seen.add(node)
            node = tree[node].get("parent_id")
    return next(iter(changed))


def apply_reroutes(tx: Tx, clock: Clock, actor: User, moves: list[Reroute]) -> int:
    """Move the cases as `reroutes` said, the way set_holder moves a level's cases: the pending
    step decided, a new step with the new holder and why, the case's assignee (optimistic
    version), the case log, a message to the reporter and to the new holder. Returns how many."""
    now = naive_utc(clock.now())
    tree = org_repo.unit_tree(tx)
    moved = 0
    for move in moves:
        if move.to is None:
            continue
        entry = Entry(move.kind)
        cause = tree.get(move.cause, {}).get("name") or move.cause
        org_repo.decide_step(tx, move.case_id, StepMove.REASSIGNED.value, actor.username, now, None)
        org_repo.insert_step(tx, move.case_id, Level.MANAGER.value, move.to, now, actor.username,
                             Arrival.REROUTED.value, rules.rerouted_note(cause))
        if not core_repo.update_case(tx, move.case_id, move.version, {"assignee": move.to, "updated_at": now}):
            raise Conflict(move.case_id)
        org_repo.update_org(tx, move.case_id, {"routed_unit_id": move.to_unit})
        audit.record(tx, clock, actor.username, move.case_id, "rerouted",
                     {"assignee": move.assignee}, {"assignee": move.to, "routed_unit_id": move.to_unit,
                                                   "unit_changed": move.cause})
        name = org_repo.user_name(tx, move.to) or move.to
        messages.send(tx, clock, move.created_by, rules.msg_rerouted(entry, move.case_id, name), "", move.case_id)
        if move.to != move.created_by:
            messages.send(tx, clock, move.to, rules.msg_new_for_holder(entry, move.case_id, Level.MANAGER),
                          "", move.case_id)
        moved += 1
    return moved


NODE_COLUMNS = ("code", "parent_code", "entry", "name_sv", "name_en", "name_da", "guidance_sv", "guidance_en",
                "guidance_da", "ladder", "sort", "active")


def node_columns(tx: Tx, code: str) -> dict | None:
    """A stored node as the org_classification kind and the settings log name its columns."""
    row = org_repo.node(tx, code)
    return None if row is None else {c: row[c] for c in NODE_COLUMNS}


def write_node(tx: Tx, clock: Clock, actor: User, row: dict[str, Any],
               nodes: dict[str, dict] | None = None) -> dict[str, Any]:
    """ORG-2 in the caller's transaction — the admin form's and the org_classification kind's one
    way to add or change a node (`rules.node_fields`, `rules.node_place`); `nodes` is the tree to
    check against (code -> node), the stored one when None (an import passes the tree with its
    own rows in it, so a type may name an area of the same file). Returns the node as stored."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    values, errors = rules.node_fields(row.get("code"), row)
    if errors:
        raise FieldErrors(errors)
    code = values["code"]
    if nodes is None:
        nodes = {n["code"]: n for n in org_repo.nodes(tx, active_only=False)}
    parent_code = (row.get("parent_code") or "").strip().lower() or None
    entry = row.get("entry")
    entry = entry.value if isinstance(entry, Entry) else entry
    errors, entry_value = rules.node_place(
        code, parent_code, entry, bool(row.get("ladder")), nodes.get(parent_code or ""),
        org_repo.node(tx, code), any(n.get("parent_code") == code for n in nodes.values()))
    if errors:
        raise FieldErrors(errors)
    stored = {**values, "parent_code": parent_code, "entry": entry_value, "ladder": bool(row.get("ladder")),
              "sort": int(row.get("sort") or 0), "active": bool(row.get("active", True))}
    stored["name_en"] = stored["name_en"] or stored["name_sv"]
    org_repo.upsert_node(tx, stored)
    audit.security(tx, clock, actor.username, "org_classification_saved", code)
    return stored


def save_node(db: Database, clock: Clock, actor: User, *, code: str | None, parent_code: str | None,
              entry: Entry | None, name_sv: str | None, name_en: str | None,
              guidance_sv: str | None = None, guidance_en: str | None = None,
              ladder: bool = False, sort: int = 0, active: bool = True,
              name_da: str | None = None, guidance_da: str | None = None) -> None:
    """ORG-2: admins extend (or retire) areas and deficiency types without code; in the security
    log and the settings log (ADM-3)."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    row = {"code": code, "parent_code": parent_code, "entry": entry, "name_sv": name_sv, "name_en": name_en,
           "guidance_sv": guidance_sv, "guidance_en": guidance_en, "name_da": name_da,
           "guidance_da": guidance_da, "ladder": ladder, "sort": sort, "active": active}
    _, errors = rules.node_fields(code, row)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        before = node_columns(tx, (code or "").strip().lower())
        stored = write_node(tx, clock, actor, row)
        md_log.record(tx, clock, actor.username, "org_classification", stored["code"], before,
                      node_columns(tx, stored["code"]), "screen:org_admin")


# ------------------------------------------------------------------ statistics


def level_times(db: Database, clock: Clock, user: User) -> list[dict]:
    """For the dashboard (issue 3) and the ORG page: time spent at each level, per case, with
    area, deficiency type and the level reached. Days until decided, or until now."""
    require(decide(user, Action.VIEW_DASHBOARD))
    now = naive_utc(clock.now())
    with db.read() as r:
        rows = org_repo.level_times(r)
    for row in rows:
        end = row["decided_at"] or now
        row["days"] = round((end - row["arrived_at"]) / timedelta(days=1), 2)
    return rows


def statistics(db: Database, clock: Clock, user: User) -> dict[str, list[dict]]:
    """ORG on the dashboard: cases by area, deficiency type and level reached; time at each
    level (days, average / median / longest, waiting ones counted until now)."""
    require(decide(user, Action.VIEW_DASHBOARD))
    now = naive_utc(clock.now())
    with db.read() as r:
        out = {name: org_repo.counts_by(r, column) for name, column in
               (("by_area", "area"), ("by_deficiency", "deficiency"), ("by_level", "level"))}
        days = {row["level"]: row for row in org_repo.days_per_level(r, now)}
    out["days_per_level"] = [days[lv.value] for lv in Level if lv.value in days]
    out["by_level"].sort(key=lambda row: Level(row["code"]).rank)
    return out
