"""Repair requests (avhjälpande underhåll, RE…) created when the repair check of DEV-2 steers a
report away from the deviation form, and their life cycle (DEV-16 … DEV-18): the centre's
technician plans, answers and closes; the reporter is told in Meddelanden.

Each change is one transaction that checks the permission and the case's version (optimistic,
like every case update: core_repo.update_case → logic/store/update.guarded_update), writes the
request, the case log entry (who, when, what before → after) and the reporter's message."""
from __future__ import annotations

from datetime import date

from logic import audit, inputs, messages
from logic.access import Action, User, decide, require
from logic.board import present
from logic.cases import require_visible
from logic.clock import Clock, naive_utc, to_local
from logic.deviations import repair_rules as rules
from logic.errors import Conflict, FieldErrors, Refused
from logic.store import core_repo, deviations_repo
from logic.store.db import Database, Tx


def get_repair(db: Database, clock: Clock, user: User, case_id: str) -> dict:
    with db.read() as r:
        row = deviations_repo.repair(r, case_id)
    require_visible(user, row, case_id)
    if row.get("person_id"):
        if decide(user, Action.VIEW_PERSON_ID, row):
            audit.log_person_view(db, clock, user.username, row["person_id"], case_id, "view_case")
        else:
            row["person_id"] = row["recipient_id"] = None
    row["may_handle"] = decide(user, Action.HANDLE_REPAIR, row).allowed
    key = present.analyst_key(db, user, row)
    if key is not None:                 # analysts: the staff and the device pseudonymised too
        present.pseudonymise(row, key)
    return row


def technicians(db: Database, user: User) -> list[dict]:
    """Who a repair can be planned for (DEV-16): the centre's staff, by name."""
    require(decide(user, Action.HANDLE_REPAIR))
    with db.read() as r:
        return deviations_repo.technicians(r)


def _load_for_change(tx: Tx, user: User, case_id: str, expected_version: int) -> dict:
    row = deviations_repo.repair(tx, case_id)
    if row is None or not decide(user, Action.VIEW_CASE, row):
        raise Refused("case.not_found", case_id=case_id)
    require(decide(user, Action.HANDLE_REPAIR, row))       # closed: "dev.already_closed"
    if row["version"] != expected_version:
        raise Conflict(case_id)
    return row


def _move(tx: Tx, clock: Clock, row: dict, fields: dict) -> None:
    """The case's own columns, only while it still has the version the user saw."""
    if not core_repo.update_case(tx, row["id"], row["version"],
                                 {**fields, "updated_at": naive_utc(clock.now())}):
        raise Conflict(row["id"])


def plan(db: Database, clock: Clock, user: User, case_id: str, *, planned_on: date | None,
         technician: str | None, expected_version: int) -> str:
    """DEV-16: the day and the technician; the case then waits for that technician. Planning
    again moves the day or the technician (logged before → after). Returns the new status."""
    require(decide(user, Action.HANDLE_REPAIR))      # before judging input; the case rule follows
    technician = (technician or "").strip() or None
    with db.tx() as tx:
        staff = {t["username"] for t in deviations_repo.technicians(tx)}
        errors = rules.plan_errors(planned_on, technician, to_local(clock.now(), user.tz).date(), staff)
        if errors:
            raise FieldErrors(errors)
        row = _load_for_change(tx, user, case_id, expected_version)
        status = rules.status_after_plan(row["status"])
        before = {"status": row["status"], "planned_on": row.get("planned_on"), "technician": row.get("technician")}
        after = {"status": status, "planned_on": planned_on, "technician": technician}
        before, after = audit.changes(before, after)
        if not after:
            return row["status"]       # the same day and technician again: nothing to change
        _move(tx, clock, row, {"status": status, "assignee": technician, "queue": None})
        deviations_repo.update_repair(tx, case_id, {"planned_on": planned_on, "technician": technician,
                                                    "planned_by": user.username,
                                                    "planned_at": naive_utc(clock.now())})
        audit.record(tx, clock, user.username, case_id, "repair_planned", _json(before), _json(after))
        return status


def answer(db: Database, clock: Clock, user: User, case_id: str, text: str | None,
           expected_version: int) -> str:
    """DEV-17: the centre's answer to the reporter (Svar), sent to her in Meddelanden."""
    require(decide(user, Action.HANDLE_REPAIR))
    text = inputs.text(text, rules.REPAIR_ANSWER_MAX, field="answer", required=True, multiline=True)
    with db.tx() as tx:
        row = _load_for_change(tx, user, case_id, expected_version)
        status = rules.status_after_answer(row["status"])
        _move(tx, clock, row, {"status": status})
        deviations_repo.update_repair(tx, case_id, {"answer": text, "answered_by": user.username,
                                                    "answered_at": naive_utc(clock.now())})
        audit.record(tx, clock, user.username, case_id, "repair_answered",
                     {"status": row["status"], "answer": row.get("answer")}, {"status": status, "answer": text})
        messages.send(tx, clock, row["created_by"], rules.answer_subject(case_id), text, case_id,
                      sender=user.username)     # the answer is the technician's own
        return status


def close(db: Database, clock: Clock, user: User, case_id: str, work_done: str | None,
          expected_version: int) -> None:
    """DEV-18: closed with what was done; the reporter gets "Reparationsbeställning … är avslutad."
    with it. A closed request takes no more changes."""
    require(decide(user, Action.HANDLE_REPAIR))
    work_done = inputs.text(work_done, rules.WORK_DONE_MAX, field="work_done", required=True, multiline=True)
    with db.tx() as tx:
        row = _load_for_change(tx, user, case_id, expected_version)
        now = naive_utc(clock.now())
        _move(tx, clock, row, {"status": rules.RepairStatus.CLOSED.value, "closed_at": now, "queue": None})
        deviations_repo.update_repair(tx, case_id, {"work_done": work_done, "closed_by": user.username})
        audit.record(tx, clock, user.username, case_id, "repair_closed", {"status": row["status"]},
                     {"status": rules.RepairStatus.CLOSED.value, "work_done": work_done})
        messages.send(tx, clock, row["created_by"], rules.closing_subject(case_id), work_done, case_id,
                      sender=user.username)


def _json(values: dict) -> dict:
    """Logged values as JSON holds them (a day as 2026-11-24)."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
