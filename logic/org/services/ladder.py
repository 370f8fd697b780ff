"""Handling an ORG case (ORG-4/5/6): forward to another manager, escalate up the ladder, lift
for learning, close, and record contacts and the unit meeting."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from logic import audit, messages
from logic.access import Action, User, decide, require
from logic.clock import Clock, naive_utc, to_local
from logic.errors import Conflict, FieldErrors, Refused
from logic.org import message_texts, rules
from logic.org.model import (
    CONTACT_PARTIES,
    Arrival,
    Entry,
    Level,
    Party,
    Status,
    StepMove,
)
from logic.store import core_repo, org_repo
from logic.store.db import Database, Tx
from logic.org.services.register import register_for_case
from logic.org.services._common import (
    REQUIRED,
    _ground_codes,
    _enrich,
    _search_text,
    _text,
)

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
        raise Refused("org.no_holder", level=message_texts.LEVEL_SV[level])
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
        messages.send(tx, clock, row["created_by"], message_texts.msg_forwarded(entry, case_id, name), reason, case_id)
        messages.send(tx, clock, to, message_texts.msg_new_for_holder(entry, case_id, Level.MANAGER), reason, case_id)
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
        to_reporter = message_texts.msg_escalated(entry, case_id, target)
        body = note or ""
    else:
        to_reporter = message_texts.msg_learning(entry, case_id, target)
        body = outcome or ""
    messages.send(tx, clock, row["created_by"], to_reporter, body, case_id)
    messages.send(tx, clock, holder, message_texts.msg_new_for_holder(entry, case_id, target),
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
        messages.send(tx, clock, row["created_by"], message_texts.msg_closed(entry, case_id), outcome or "", case_id)


def add_contact(db: Database, clock: Clock, user: User, case_id: str, *, party: Party | None,
                contact_role: str | None, contacted_on: date | None, outcome: str | None,
                expected_version: int, register_id: int | None = None) -> None:
    """ORG-5: a contact with the collaboration party — who, when, outcome. ORG-12: the person is
    chosen from the contact register of the case's unit (or a unit above it) — party and name
    then come from the register — or typed."""
    errors: dict[str, str] = {}
    if register_id is None:
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
        if register_id is not None:
            person = next((p for p in register_for_case(tx, row["unit_id"]) if p["id"] == register_id), None)
            if person is None:
                raise FieldErrors({"contact_register": "org.register.not_for_unit"})
            party, contact_role = Party(person["party"]), person["name"]
        now = naive_utc(clock.now())
        org_repo.insert_contact(tx, case_id, party.value, contact_role, contacted_on, outcome,
                                user.username, now, register_id)
        _touch(tx, row, now)
        audit.record(tx, clock, user.username, case_id, "contact_recorded", None, {
            "party": party.value, "contact_role": contact_role, "contacted_on": contacted_on,
            "outcome": outcome, **({"register_id": register_id} if register_id is not None else {})})


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


def set_grounds(db: Database, clock: Clock, user: User, case_id: str, grounds: list[str] | None,
                expected_version: int) -> None:
    """ORG-9: the handling manager (or a level above) corrects the grounds for reporting of an
    insurance-medicine case; before and after in the case log."""
    chosen = list(dict.fromkeys(grounds or []))
    with db.tx() as tx:
        row = _load_for_change(tx, user, case_id, expected_version)
        if not row["ladder"]:
            raise Refused("org.grounds_not_applicable")
        problem = rules.grounds_refusal(chosen, _ground_codes(tx))
        if problem:
            raise FieldErrors({"grounds": problem})
        before = list(row.get("grounds") or [])
        if sorted(before) == sorted(chosen):
            return
        now = naive_utc(clock.now())
        org_repo.update_org(tx, case_id, {"grounds": chosen})
        _touch(tx, row, now)
        audit.record(tx, clock, user.username, case_id, "grounds_changed", {"grounds": before},
                     {"grounds": chosen})
