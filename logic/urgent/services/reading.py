"""Reading urgent and claim cases: the partner's task scope, one case with what the user may
do, the case list, the pending count, an attachment, the link targets."""
from __future__ import annotations

from logic import inputs
from logic.access import Action, Role, User, decide, require
from logic.cases import open_for_reading
from logic.clock import Clock
from logic.errors import Refused
from logic.store import core_repo, urgent_repo
from logic.store.db import Database, Tx
from logic.urgent import rules
from logic.urgent.model import (
    BudgetState,
    ClaimAction,
)
from logic.urgent.services._common import _load
from logic.urgent.services.rights import _assignable, _office_rights

LIST_SEARCH_MAX = 100            # the case list's search box


def tasks_scope(tx: Tx, user: User) -> list[str]:
    """access.USER_SCOPES[rules.TASKS]: for a partner, the cases with a task for one of the
    partner's offices beyond the own company's and offices' cases (URG-6)."""
    return urgent_repo.task_cases(tx, list(user.units)) if user.has(Role.PARTNER) else []


def get_case(db: Database, clock: Clock, user: User, case_id: str) -> dict:
    """An urgent or claim case as the user may see it, with tasks, reports and attachments
    and what the user may do with each."""
    with db.read() as r:
        row, _ = open_for_reading(r, user, case_id, _load)
        rights = _office_rights(r, clock, user)
        row["tasks"] = urgent_repo.tasks(r, case_id)
        row["reports"] = urgent_repo.reports(r, case_id)
        row["attachments"] = urgent_repo.attachments(r, case_id)
        row["events"] = core_repo.events(r, case_id)
        insurer, company, _ = rules.scope(row)
        open_case = row["closed_at"] is None
        row["assignable"] = _assignable(r, user, insurer, company, rights) if open_case else []
        row["case_handlers"] = urgent_repo.insurer_users(r, insurer) if rules.is_insurer_of(user, row) else []
    row["may_handle"] = decide(user, Action.HANDLE_URGENT, row).allowed and row["kind"] == "urgent"
    # URG-14 … URG-18: what the user may do with a normal case (the services ask again)
    row["claim_actions"] = {a.value: bool(decide(user, Action.HANDLE_URGENT)) and rules.claim_action(user, row, a).allowed
                            for a in ClaimAction} if row["kind"] == "claim" else {}
    row["close_warnings"] = rules.close_warnings(row) if row["kind"] == "claim" else []
    row["may_assign"] = bool(row["assignable"])
    for task in row["tasks"]:
        mine = user.has(Role.PARTNER) and task.get("office_id") in user.units and open_case
        task["may_report"] = mine and rules.may_report(task).allowed
        # why not (yet), said to the partner office the task is assigned to, on an open case
        task["report_refusal"] = rules.may_report(task).reason if mine and not rules.may_report(task) else None
        task["may_submit_budget"] = mine and rules.may_submit_budget(task).allowed
        task["may_decide_budget"] = (open_case and rules.is_insurer_of(user, row)
                                     and task["budget_state"] == BudgetState.SUBMITTED.value)
        task["may_upload"] = open_case and (mine or rules.is_insurer_of(user, row))
    return row


def list_cases(db: Database, clock: Clock, user: User, *, urgent_only: bool = False,
               open_only: bool = False, text: str | None = None, limit: int = 500,
               states: tuple[str, ...] = (), decisions: tuple[str, ...] = ()) -> list[dict]:
    """The case list (sagsliste): urgent and normal cases the user may see (URG-6, URG-8),
    by state and claim decision (URG-19: none chosen, every case but the deleted ones)."""
    require(decide(user, Action.VIEW_URGENT))
    text = inputs.text(text, LIST_SEARCH_MAX, field="text")     # refused, never cut
    units = list(user.units)
    with db.read() as r:
        rows = urgent_repo.list_cases(
            r, insurer_ids=units if user.has(Role.INSURER) else [],
            company_ids=units if user.has(Role.PARTNER) else [],
            office_ids=units if user.has(Role.PARTNER) else [],
            urgent_only=urgent_only, open_only=open_only, text=text, limit=limit,
            states=tuple(states), decisions=tuple(decisions))
    return [row for row in rows if decide(user, Action.VIEW_CASE, row)]


def pending_count(db: Database, user: User) -> int:
    """URG-8: "X sag(er) skal tilknyttes" for insurer users."""
    if not user.has(Role.INSURER) or not decide(user, Action.VIEW_URGENT):
        return 0
    with db.read() as r:
        return urgent_repo.pending_count(r, list(user.units))


def attachment(db: Database, user: User, attachment_id: int) -> dict:
    with db.read() as r:
        row = urgent_repo.attachment(r, attachment_id)
        if row is None:
            raise Refused("urgent.attachment_not_found")
        case = _load(r, row["case_id"])
    require(decide(user, Action.VIEW_CASE, case))
    if row.get("erased_at") is not None:          # URG-16: the file of a deleted case is gone
        raise Refused("urgent.attachment_erased")
    return row


def link_targets(db: Database, user: User, case_id: str) -> list[dict]:
    with db.read() as r:
        row = urgent_repo.urgent(r, case_id)
        if row is None:
            return []
        require(decide(user, Action.HANDLE_URGENT, row))
        return urgent_repo.link_targets(r, row["insurer_id"], case_id)
