"""The deviation's lifecycle (DEV-12, DEV-14): the answer, the handling, closing."""
from __future__ import annotations

from datetime import date

from logic import audit, inputs, messages
from logic.access import Action, Role, User, decide, require
from logic.clock import Clock, naive_utc, to_local
from logic.deviations import rules
from logic.deviations.model import (
    EventType,
    ReportState,
    Status,
)
from logic.errors import Conflict, FieldErrors, Refused
from logic.store import core_repo, deviations_repo
from logic.store.db import Database, Tx
from logic.deviations.services._common import (
    ANSWER_MAX,
    INVESTIGATION_MAX,
)

# ------------------------------------------------------------------ lifecycle (DEV-12, DEV-14)


def _load_for_change(tx: Tx, user: User, action: Action, case_id: str,
                     expected_version: int) -> dict:
    row = deviations_repo.deviation(tx, case_id)
    if row is None:
        raise Refused("case.not_found", case_id=case_id)
    require(decide(user, action, row))
    if row["version"] != expected_version:
        raise Conflict(case_id)
    return row


def answer(db: Database, clock: Clock, user: User, case_id: str, text: str,
           expected_version: int) -> str:
    """Centre staff write the answer shown under "Svar"; the case goes to the handler. Returns
    the case's status after it."""
    require(decide(user, Action.ANSWER_DEVIATION))   # before judging input; the case rule follows
    text = inputs.text(text, ANSWER_MAX, field="answer", required=True, multiline=True)
    with db.tx() as tx:
        row = _load_for_change(tx, user, Action.ANSWER_DEVIATION, case_id, expected_version)
        now = naive_utc(clock.now())
        status = Status.INVESTIGATING.value if row["status"] == Status.PLANNED.value else row["status"]
        if not core_repo.update_case(tx, case_id, expected_version, {
                "status": status, "queue": Role.HANDLER.value, "updated_at": now}):
            raise Conflict(case_id)
        deviations_repo.update_deviation(tx, case_id, {
            "answer": text, "answered_by": user.username, "answered_at": now})
        audit.record(tx, clock, user.username, case_id, "answered",
                     {"status": row["status"], "answer": row["answer"]},
                     {"status": status, "answer": text})
        messages.send(tx, clock, row["created_by"], f"Svar på avvikelse/reklamation {case_id}",
                      text, case_id, sender=user.username)     # the answer is the person's
        return status


def record_handling(db: Database, clock: Clock, user: User, case_id: str, *,
                    investigation: str | None, manufacturer: ReportState,
                    manufacturer_on: date | None, mpa: ReportState, mpa_on: date | None,
                    expected_version: int) -> None:
    """DEV-14: the handler records the investigation and whether/when reports were made."""
    require(decide(user, Action.HANDLE_DEVIATION))   # before judging input; the case rule follows
    new = _checked_handling(clock, user, investigation=investigation, manufacturer=manufacturer,
                            manufacturer_on=manufacturer_on, mpa=mpa, mpa_on=mpa_on)
    with db.tx() as tx:
        row = _load_for_change(tx, user, Action.HANDLE_DEVIATION, case_id, expected_version)
        _write_handling(tx, clock, user, row, new)


def _checked_handling(clock: Clock, user: User, *, investigation: str | None, manufacturer: ReportState,
                      manufacturer_on: date | None, mpa: ReportState, mpa_on: date | None) -> dict:
    """The handling's values as stored, or FieldErrors naming each field that is wrong."""
    errors: dict[str, str] = {}
    today = to_local(clock.now(), user.tz).date()
    for name, state, on in (("manufacturer", manufacturer, manufacturer_on), ("mpa", mpa, mpa_on)):
        if state is ReportState.REPORTED and on is None:
            errors[f"{name}_reported_on"] = "dev.report_date_required"
        elif on is not None and on > today:
            errors[f"{name}_reported_on"] = "dev.in_future"
    investigation = inputs.text(investigation, INVESTIGATION_MAX, field="investigation", errors=errors,
                                multiline=True)
    if errors:
        raise FieldErrors(errors)
    return {"investigation": investigation,
            "manufacturer_report": manufacturer.value,
            "manufacturer_reported_on": manufacturer_on if manufacturer is ReportState.REPORTED else None,
            "mpa_report": mpa.value,
            "mpa_reported_on": mpa_on if mpa is ReportState.REPORTED else None}


def _write_handling(tx: Tx, clock: Clock, user: User, row: dict, new: dict) -> dict:
    """Store what changed of the handling (logged); the row as it now is. The case's version
    moves on only when something changed."""
    before, after = audit.changes({k: row.get(k) for k in new}, new)
    if not after:
        return row
    if not core_repo.update_case(tx, row["id"], row["version"], {"updated_at": naive_utc(clock.now())}):
        raise Conflict(row["id"])
    deviations_repo.update_deviation(tx, row["id"], new)
    audit.record(tx, clock, user.username, row["id"], "handling_recorded", before, after)
    return {**row, **new, "version": row["version"] + 1}


def close_refusal(row: dict) -> str | None:
    """Why a deviation cannot be closed yet (None: it can)."""
    if row["status"] == Status.CLOSED.value:
        return "dev.already_closed"
    if row["status"] == Status.PLANNED.value:
        return "dev.close_needs_answer"
    if EventType(row["event_type"]).is_deviation and (
            row["manufacturer_report"] == ReportState.UNDECIDED.value
            or row["mpa_report"] == ReportState.UNDECIDED.value):
        return "dev.close_needs_report_decision"
    return None


def close(db: Database, clock: Clock, user: User, case_id: str, expected_version: int, *,
          handling: dict | None = None) -> None:
    """DEV-12: the handler closes; the reporter gets "Avvikelse/reklamation … är avslutad.".
    `handling` (the keyword arguments of `record_handling` but the version) is what the handler
    has in the investigation form: it is saved in the same transaction, before the case is judged
    ready to close — so what was typed is never left behind (issue 16, item 10)."""
    new = None
    if handling is not None:
        require(decide(user, Action.HANDLE_DEVIATION))
        new = _checked_handling(clock, user, **handling)
    with db.tx() as tx:
        row = _load_for_change(tx, user, Action.HANDLE_DEVIATION, case_id, expected_version)
        if new is not None:      # a refusal below rolls this back with the rest
            row = _write_handling(tx, clock, user, row, new)
        reason = close_refusal(row)
        if reason:
            raise Refused(reason)
        now = naive_utc(clock.now())
        if not core_repo.update_case(tx, case_id, row["version"], {
                "status": Status.CLOSED.value, "closed_at": now, "updated_at": now, "queue": None}):
            raise Conflict(case_id)
        deviations_repo.update_deviation(tx, case_id, {"closed_by": user.username})
        audit.record(tx, clock, user.username, case_id, "closed", {"status": row["status"]},
                     {"status": Status.CLOSED.value})
        messages.send(tx, clock, row["created_by"], rules.closing_message(case_id), "", case_id,
                      sender=user.username)
