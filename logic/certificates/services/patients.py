"""Patients: find, register, and the certificates of a patient (CERT-8, CERT-12)."""
from __future__ import annotations


from logic import audit, inputs
from logic.access import Action, User, decide, require
from logic.certificates import permissions, rules
from logic.certificates.services._common import _normalised_id, _require_unit
from logic.clock import Clock, naive_utc
from logic.errors import FieldErrors, Refused
from logic.identity import IdentityError, parse_person_id
from logic.store import certificates_repo as repo
from logic.store.db import Database


PATIENT_NAME_MAX = 120


def find_patient(db: Database, clock: Clock, user: User, unit_id: str, raw_id: str) -> dict | None:
    """By personnummer, samordningsnummer or reserve number (CERT-8 recognises the latter)."""
    _require_unit(user, unit_id)
    try:
        pid = parse_person_id(raw_id, allow_reserve=True)
    except IdentityError as e:
        raise Refused(e.key, field="patient_id") from None
    with db.read() as r:
        return repo.patient(r, pid.digits)


def register_patient(db: Database, clock: Clock, user: User, unit_id: str, raw_id: str, name: str,
                     protected_identity: bool = False) -> dict:
    """Add a patient to the register (what the record system would otherwise provide)."""
    _require_unit(user, unit_id)
    errors: dict[str, str] = {}
    pid = None
    try:
        pid = parse_person_id(raw_id, allow_reserve=True)
    except IdentityError as e:
        errors["patient_id"] = e.key
    name = inputs.text(name, PATIENT_NAME_MAX, field="name", errors=errors, required=True)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        if repo.patient(tx, pid.digits):
            raise FieldErrors({"patient_id": "cert.patient_exists"})
        repo.insert_patient(tx, {"id": pid.digits, "id_kind": pid.kind.value, "name": name,
                                 "protected_identity": protected_identity,
                                 "created_at": naive_utc(clock.now()), "created_by": user.username})
        audit.record_access(tx, clock, user.username, pid.digits, None, "register_patient")
        return repo.patient(tx, pid.digits)


def list_for_patient(db: Database, clock: Clock, user: User, unit_id: str, patient_id: str, *,
                     log_view: bool = True) -> list[dict]:
    """CERT-12: date/time, form, status, unit and recipient; the view is in the access log
    (`log_view=False` only for a rerun of a list the same user is already looking at)."""
    _require_unit(user, unit_id)
    require(permissions.read_decision(user, unit_id))       # the certificates' own read rule
    with db.read() as r:
        patient_id = _normalised_id(patient_id)
        rows = repo.for_patient(r, patient_id)
    now = clock.now()
    for row in rows:
        row["effective_status"] = rules.effective_status(row["status"], row["created_at"], now).value
        row["may_open"] = decide(user, Action.WRITE_CERTIFICATE, row).allowed
    if log_view:
        audit.log_person_view(db, clock, user.username, patient_id, None, "certificate_list")
    return rows
