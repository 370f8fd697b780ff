"""ADM-10: the unit tree changed — the open ORG cases at the manager level it re-routes or keeps."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from logic import audit, messages
from logic.access import User
from logic.clock import Clock, naive_utc
from logic.errors import Conflict
from logic.org import message_texts, rules
from logic.org.model import (
    Arrival,
    Entry,
    Level,
    StepMove,
)
from logic.store import core_repo, org_repo
from logic.store.db import Tx

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
                             Arrival.REROUTED.value, message_texts.rerouted_note(cause))
        if not core_repo.update_case(tx, move.case_id, move.version, {"assignee": move.to, "updated_at": now}):
            raise Conflict(move.case_id)
        org_repo.update_org(tx, move.case_id, {"routed_unit_id": move.to_unit})
        audit.record(tx, clock, actor.username, move.case_id, "rerouted",
                     {"assignee": move.assignee}, {"assignee": move.to, "routed_unit_id": move.to_unit,
                                                   "unit_changed": move.cause})
        name = org_repo.user_name(tx, move.to) or move.to
        messages.send(tx, clock, move.created_by, message_texts.msg_rerouted(entry, move.case_id, name), "", move.case_id)
        if move.to != move.created_by:
            messages.send(tx, clock, move.to, message_texts.msg_new_for_holder(entry, move.case_id, Level.MANAGER),
                          "", move.case_id)
        moved += 1
    return moved
