"""The tasks of an urgent case (URG-5, URG-7): assigning, reports, budgets, photos and PDFs."""
from __future__ import annotations

import hashlib

from logic import audit, inputs
from logic.access import Action, PermissionDenied, Role, User, decide, deny, require
from logic.clock import Clock, naive_utc
from logic.errors import FieldErrors, Msg, Refused
from logic.store import urgent_repo
from logic.store.db import Database, Tx
from logic.urgent import attachments, rules
from logic.urgent.model import (
    BudgetState,
    TaskKind,
)
from logic.urgent.services._common import _load, _new_task, _touch
from logic.urgent.services.rights import _assignable, _office_rights

REPORT_TEXT_MAX = 4000
BUDGET_MAX = 10_000_000


def assign_task(db: Database, clock: Clock, user: User, case_id: str, kind: TaskKind,
                office_id: str | None) -> int:
    """Give the case's first-aid or inspection task to an office (or take it back: None)."""
    require(decide(user, Action.VIEW_URGENT))
    with db.tx() as tx:
        case = _load(tx, case_id)
        if case is None:
            raise Refused("case.not_found", case_id=case_id)
        require(decide(user, Action.VIEW_CASE, case))
        if case["closed_at"] is not None:
            raise Refused("urgent.case_closed")
        insurer, company, _ = rules.scope(case)
        allowed = {o["office_id"] for o in _assignable(tx, user, insurer, company, _office_rights(tx, clock, user))}
        if not allowed:
            raise PermissionDenied(deny("urgent.may_not_assign"))
        if office_id is not None and office_id not in allowed:
            raise FieldErrors({"office_id": "urgent.may_not_assign_office"})
        existing = next((t for t in urgent_repo.tasks(tx, case_id)
                         if t["kind"] == kind.value and t["status"] == "open"), None)
        _touch(tx, clock, case)
        if existing is None:
            return _new_task(tx, clock, user, case_id, kind, office_id)
        if existing["office_id"] == office_id:
            return existing["id"]
        urgent_repo.update_task(tx, existing["id"], {
            "office_id": office_id, "assigned_at": naive_utc(clock.now()), "assigned_by": user.username})
        audit.record(tx, clock, user.username, case_id, "task_assigned",
                     {"task": existing["id"], "office": existing["office_id"]},
                     {"task": existing["id"], "office": office_id})
        return existing["id"]


def _task_for_change(tx: Tx, user: User, task_id: int) -> tuple[dict, dict]:
    task = urgent_repo.task(tx, task_id)
    if task is None:
        raise Refused("urgent.task_not_found")
    case = _load(tx, task["case_id"])
    require(decide(user, Action.VIEW_CASE, case))
    if case["closed_at"] is not None:
        raise Refused("urgent.case_closed")
    return task, case


def _require_task_office(user: User, task: dict) -> None:
    if not (user.has(Role.PARTNER) and task.get("office_id") in user.units):
        raise PermissionDenied(deny("urgent.not_your_task"))


def report_on_task(db: Database, clock: Clock, user: User, task_id: int, text: str) -> None:
    """URG-7: the assigned office reports; first aid at once, inspection after its budget."""
    text = inputs.text(text, REPORT_TEXT_MAX, field="text", required=True, multiline=True)
    with db.tx() as tx:
        task, case = _task_for_change(tx, user, task_id)
        _require_task_office(user, task)
        require(rules.may_report(task))
        now = naive_utc(clock.now())
        _touch(tx, clock, case)
        urgent_repo.insert_report(tx, task_id, case["id"], text, now, user.username)
        audit.record(tx, clock, user.username, case["id"], "task_reported", None,
                     {"task": task_id, "kind": task["kind"]})


def submit_budget(db: Database, clock: Clock, user: User, task_id: int, amount: float | None) -> None:
    """URG-7: an inspection task follows the normal budget path: the office submits a budget."""
    if amount is None:
        raise FieldErrors({"amount": rules.REQUIRED})
    if not 0 < amount <= BUDGET_MAX:
        raise FieldErrors({"amount": "urgent.bad_amount"})
    with db.tx() as tx:
        task, case = _task_for_change(tx, user, task_id)
        _require_task_office(user, task)
        require(rules.may_submit_budget(task))
        _touch(tx, clock, case)
        urgent_repo.update_task(tx, task_id, {"budget_state": BudgetState.SUBMITTED.value,
                                              "budget_amount": round(float(amount), 2)})
        audit.record(tx, clock, user.username, case["id"], "budget_submitted",
                     {"task": task_id, "budget": task["budget_state"]},
                     {"task": task_id, "budget": BudgetState.SUBMITTED.value, "amount": round(float(amount), 2)})


def decide_budget(db: Database, clock: Clock, user: User, task_id: int, approve: bool) -> None:
    """The insurer approves or rejects a submitted budget."""
    with db.tx() as tx:
        task, case = _task_for_change(tx, user, task_id)
        if not rules.is_insurer_of(user, case):
            raise PermissionDenied(deny("access.not_your_case"))
        if task["budget_state"] != BudgetState.SUBMITTED.value:
            raise Refused("urgent.budget_not_submitted")
        state = BudgetState.APPROVED if approve else BudgetState.REJECTED
        _touch(tx, clock, case)
        urgent_repo.update_task(tx, task_id, {"budget_state": state.value})
        audit.record(tx, clock, user.username, case["id"], "budget_decided",
                     {"task": task_id, "budget": task["budget_state"]}, {"task": task_id, "budget": state.value})


def upload_attachment(db: Database, clock: Clock, user: User, task_id: int, filename: str,
                      content: bytes) -> int:
    """Photos (JPEG, PNG) and PDFs up to 10 MB on a task; the type is read from the content.
    The same file twice on one task (same SHA-256, e.g. a second click) is refused."""
    error = attachments.attachment_error(filename, content)
    if error:
        raise FieldErrors({"file": error})
    mime = attachments.sniff(content)
    digest = hashlib.sha256(content).hexdigest()
    with db.tx() as tx:
        task, case = _task_for_change(tx, user, task_id)
        if not (rules.is_insurer_of(user, case) or (user.has(Role.PARTNER) and task.get("office_id") in user.units)):
            raise PermissionDenied(deny("urgent.not_your_task"))
        already = urgent_repo.same_attachment(tx, task_id, len(content), digest)
        if already is not None:
            raise FieldErrors({"file": Msg("urgent.file_duplicate", name=already)})
        name = attachments.safe_filename(filename, mime)
        _touch(tx, clock, case)
        attachment_id = urgent_repo.insert_attachment(tx, {
            "task_id": task_id, "case_id": case["id"], "filename": name, "mime": mime,
            "size_bytes": len(content), "content": content, "uploaded_at": naive_utc(clock.now()),
            "uploaded_by": user.username})
        audit.record(tx, clock, user.username, case["id"], "attachment_added", None,
                     {"task": task_id, "file": name, "type": mime, "bytes": len(content)})
        return attachment_id
