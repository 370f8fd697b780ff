"""Reading ORG cases: the user scopes the case rule reads, one case as the user may see it,
and the lists of the ORG page."""
from __future__ import annotations


from logic.board import present
from logic.access import Action, Role, User, decide, require
from logic.cases import open_for_reading
from logic.clock import Clock
from logic.org import rules
from logic.store import core_repo, org_repo
from logic.store.db import Database, Tx
from logic.org.services.register import register_for_case
from logic.org.services._common import (
    _enrich,
)

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


def get_case(db: Database, clock: Clock, user: User, case_id: str) -> dict:
    """The case as the user may see it, with its ladder, steps, contacts and link, and what
    the user may do with it."""
    with db.read() as r:
        row, _ = open_for_reading(r, user, case_id, org_repo.org_case, prepare=_enrich)
        row["steps"] = org_repo.steps(r, case_id)
        row["contacts"] = org_repo.contacts(r, case_id)
        row["holders"] = org_repo.holders(r)
        act = decide(user, Action.HANDLE_ORG, row)
        # ORG-12: the register is for recording a contact — only who may act gets it (an analyst
        # would otherwise read staff names and who kept the register)
        row["register"] = register_for_case(r, row["unit_id"]) if act.allowed else []
        linked = core_repo.case(r, row["linked_case_id"]) if row.get("linked_case_id") else None
    row["linked"] = ({"id": linked["id"], "kind": linked["kind"], "status": linked["status"]}
                     if linked else None)
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
