"""A certificate as the use cases see it: the CERT-5 lock persisted when due, the derived state,
the status machine's decisions narrowed for the user, loading for an action and the case update."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from logic import audit
from logic.access import Action, PermissionDenied, User, decide, deny, require
from logic.certificates import fields, rules
from logic.certificates.model import CertAction, CertType, Patient, Status
from logic.certificates.services._common import (
    ISSUE_ACTIONS, QA_ACTIONS, SYSTEM, _content, _prerequisites, _search_text, _type,
)
from logic.clock import Clock, naive_utc
from logic.errors import Conflict, Refused
from logic.store import certificates_repo as repo
from logic.store import core_repo
from logic.store.db import Database, Tx


def _touch(db: Database, clock: Clock, case_id: str) -> None:
    """CERT-5: persist a lock that is due (the derived state is already true without this)."""
    with db.read() as r:
        row = core_repo.case(r, case_id)
    if row is None or row["kind"] != "certificate" or row["status"] not in (Status.EMPTY, Status.DRAFT):
        return
    if rules.effective_status(row["status"], row["created_at"], clock.now()) is not Status.LOCKED:
        return
    with db.tx() as tx:
        row = core_repo.case(tx, case_id)
        status = rules.effective_status(row["status"], row["created_at"], clock.now())
        if status is Status.LOCKED and row["status"] != Status.LOCKED.value:
            now = naive_utc(clock.now())
            cert_type = _type(tx, row["subtype"])
            core_repo.update_case(tx, case_id, row["version"], {
                "status": Status.LOCKED.value, "updated_at": now,
                "search_text": _search_text(case_id, cert_type, Status.LOCKED) if cert_type else row["search_text"]})
            repo.update_certificate(tx, case_id, {"locked_at": now})
            audit.record(tx, clock, SYSTEM, case_id, "locked", {"status": row["status"]},
                         {"status": Status.LOCKED.value,
                          "lock_day": rules.lock_day(row["created_at"]).isoformat()})


def _state(row: dict, now: datetime, questions: list[dict]) -> rules.CertState:
    cert_type = CertType.from_row({"code": row["type_code"], "name_sv": row["type_name_sv"],
                                   "name_en": row["type_name_en"], "name_da": row.get("type_name_da"),
                                   "authority": row["authority"],
                                   "mina_intyg": row["mina_intyg"], "staff_send": row["staff_send"],
                                   "auto_send": row["auto_send"]})
    patient = Patient(row["patient_id"], row["patient_id_kind"], row["patient_name"],
                      bool(row["protected_identity"]))
    content = _content(row)
    status = rules.effective_status(row["status"], row["created_at"], now)
    errors = fields.check(row["type_code"], content, rules.today(now)) if status.is_draft else {}
    return rules.CertState(status=status, cert_type=cert_type, patient=patient, errors=errors,
                           police_report=rules.police_report(content), replaced_by=row.get("replaced_by"),
                           has_questions=bool(questions), imported=bool(row.get("imported")),
                           open_completion=rules.open_completion(questions),
                           completed_by=row.get("completed_by"))


def _decisions(tx: Tx, user: User, row: dict, state: rules.CertState,
               unit_id: str | None) -> dict[CertAction, Any]:
    """The status machine's answer, narrowed by permission and prerequisites for this user."""
    out = rules.decisions(state)
    write = decide(user, Action.WRITE_CERTIFICATE, row)
    here = _prerequisites(tx, user, row["unit_id"])
    issue = rules.prerequisites_decision(here, rules.ISSUE)
    qa = rules.prerequisites_decision(here, rules.QA)
    active = unit_id or (row["unit_id"] if row["unit_id"] in user.units else None)
    if active is None:
        new_unit_issue = deny("cert.not_on_unit")
    else:
        there = here if active == row["unit_id"] else _prerequisites(tx, user, active)
        new_unit_issue = rules.prerequisites_decision(there, rules.ISSUE)
    for action in ISSUE_ACTIONS:
        gate = new_unit_issue if action in (CertAction.COPY, CertAction.REPLACE) else issue
        for d in (write, gate):
            if out[action] and not d:
                out[action] = d
    for action in QA_ACTIONS:
        for d in (write, qa, deny("cert.qa_wrong_unit") if active != row["unit_id"] else None):
            if d is not None and out[action] and not d:
                out[action] = d
    # CERT-13: completing is a reply to Försäkringskassan (on the creating unit, as above) that
    # issues a new version: it needs the prerequisites for issuing too
    if out[CertAction.COMPLETE] and not issue:
        out[CertAction.COMPLETE] = issue
    return out


def _load(tx: Tx, clock: Clock, user: User, case_id: str, action: CertAction,
          expected_version: int | None, unit_id: str | None = None) -> tuple[dict, rules.CertState]:
    row = repo.certificate(tx, case_id)
    if row is None:
        raise Refused("case.not_found", case_id=case_id)
    require(decide(user, Action.WRITE_CERTIFICATE, row))
    state = _state(row, clock.now(), repo.questions(tx, case_id))
    decision = _decisions(tx, user, row, state, unit_id)[action]
    if not decision:
        if decision.reason.startswith("cert.pre.") or decision.reason in ("cert.not_on_unit", "cert.qa_wrong_unit"):
            raise PermissionDenied(decision)
        raise Refused(decision.reason, **decision.params)
    if expected_version is not None and row["version"] != expected_version:
        raise Conflict(case_id)
    return row, state


def _update_case(tx: Tx, clock: Clock, row: dict, state: rules.CertState, status: Status | None = None,
                 **extra: Any) -> None:
    fields_: dict[str, Any] = {"updated_at": naive_utc(clock.now()), **extra}
    if status is not None:
        fields_["status"] = status.value
        fields_["search_text"] = _search_text(row["id"], state.cert_type, status)
    if not core_repo.update_case(tx, row["id"], row["version"], fields_):
        raise Conflict(row["id"])
