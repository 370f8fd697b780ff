"""Admin of the escalation ladder (ORG-6): who holds each level; naming a holder moves the open
cases waiting at that level."""
from __future__ import annotations


from logic import audit, messages
from logic.access import Action, Role, User, decide, require
from logic.clock import Clock, naive_utc
from logic.errors import Conflict, FieldErrors
from logic import settings_log as md_log
from logic.org import message_texts, reference_rules
from logic.org.model import (
    HELD_LEVELS,
    Arrival,
    Entry,
    Level,
    StepMove,
)
from logic.store import core_repo, org_repo
from logic.store.db import Database, Tx

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
    name a level's holder (`reference_rules.holder_errors`). Open cases waiting at that level move to the
    new holder, with a step, a log entry and messages. Returns how many moved."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    title = (title or "").strip() or None
    errors = reference_rules.holder_errors(level, username, title, eligible_usernames(tx))
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
                      message_texts.msg_reassigned(entry, case["id"], lv, name), "", case["id"])
        messages.send(tx, clock, username, message_texts.msg_new_for_holder(entry, case["id"], lv),
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
    errors = reference_rules.holder_errors(level_value, username, title, {username} if username else set())   # eligibility: in the tx
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        before = holder_columns(tx, level_value)
        moved = write_holder(tx, clock, actor, level_value, username, title)
        md_log.record(tx, clock, actor.username, "org_ladder", level_value, before,
                      holder_columns(tx, level_value), "screen:org_admin")
        return moved
