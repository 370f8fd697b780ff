"""Drafts: create (CERT-3), save as typed (CERT-4), delete, and a new draft from a locked
(CERT-5) or a signed certificate (Ersätt)."""
from __future__ import annotations

import json
from typing import Any

from logic import audit, inputs
from logic.access import User, require
from logic.certificates import fields, rules
from logic.certificates.model import CertAction, Patient, Status
from logic.certificates.services._common import (
    _content, _normalised_id, _require_prerequisites, _require_unit, _search_text, _type,
)
from logic.certificates.services._state import _load, _touch, _update_case
from logic.clock import Clock, naive_utc, to_local
from logic.errors import FieldErrors, Refused
from logic.store import certificates_repo as repo
from logic.store import core_repo
from logic.store.db import Database, Tx


def create_certificate(db: Database, clock: Clock, user: User, *, unit_id: str, patient_id: str,
                       type_code: str, responsible: str | None = None) -> str:
    """Create a draft from the patient by choosing a type. (Cancelling simply never calls this,
    so nothing is created.)"""
    _require_unit(user, unit_id)
    with db.tx() as tx:
        _require_prerequisites(tx, user, unit_id, rules.ISSUE)
        return _create(tx, clock, user, unit_id=unit_id, patient_id=patient_id, type_code=type_code,
                       responsible=responsible)


def _create(tx: Tx, clock: Clock, user: User, *, unit_id: str, patient_id: str, type_code: str,
            responsible: str | None, content: dict | None = None, relation: dict | None = None) -> str:
    row = repo.patient(tx, _normalised_id(patient_id))
    if row is None:
        raise Refused("cert.patient_not_found", field="patient_id")
    patient = Patient.from_row(row)
    cert_type = _type(tx, type_code)
    require(rules.create_decision(patient, cert_type))
    responsible = responsible or user.username
    if responsible not in {p["username"] for p in repo.physicians_on_unit(tx, unit_id)}:
        raise FieldErrors({"responsible": "cert.responsible_not_on_unit"})
    now = naive_utc(clock.now())
    local_day = to_local(clock.now(), rules.ZONE).date()
    case_id = rules.certificate_number(local_day, core_repo.next_number(tx, rules.number_prefix(local_day)))
    content = dict(content or {})
    status = Status.DRAFT if fields.started(content) else Status.EMPTY
    core_repo.insert_case(tx, {
        "id": case_id, "kind": "certificate", "subtype": cert_type.code,
        "category": cert_type.authority.value, "status": status.value, "title": cert_type.name_sv,
        "unit_id": unit_id, "created_by": user.username, "assignee": responsible,
        "person_id": patient.id, "person_name": None, "created_at": now, "updated_at": now,
        "version": 1, "search_text": _search_text(case_id, cert_type, status)})
    repo.insert_certificate(tx, {
        "case_id": case_id, "type_code": cert_type.code, "patient_id": patient.id,
        "content": json.dumps(content, ensure_ascii=False),
        "started_at": now if status is Status.DRAFT else None, **(relation or {})})
    audit.record(tx, clock, user.username, case_id, "created", None,
                 {"status": status.value, "type": cert_type.code, "unit": unit_id,
                  "responsible": responsible, **(relation or {})})
    return case_id


def save_field(db: Database, clock: Clock, user: User, case_id: str, name: str, value: Any,
               expected_version: int) -> int:
    """CERT-4: the draft saves itself on every change — exactly what was typed, even when it
    is not yet valid (the form shows the problem at the field). Returns the new version."""
    return save_fields(db, clock, user, case_id, {name: value}, expected_version)


def save_fields(db: Database, clock: Clock, user: User, case_id: str, values: dict[str, Any],
                expected_version: int) -> int:
    """Several fields in one change (one version step); see save_field."""
    _touch(db, clock, case_id)
    with db.tx() as tx:
        row, state = _load(tx, clock, user, case_id, CertAction.EDIT, expected_version)
        content = _content(row)
        changed: list[str] = []
        for name, value in values.items():
            spec = fields.field(row["type_code"], name)
            if spec is None:
                raise Refused("form.invalid", field=name)
            # kept as typed even when too long (the field says so), but not without bound
            if isinstance(value, str) and len(value) > spec.limit * 2:
                raise FieldErrors({name: inputs.too_long(value, spec.limit)})
            new = fields.normalise(spec, value)
            if content.get(name) != new:
                content[name] = new
                changed.append(name)
        if not changed:
            return row["version"]
        status = Status(row["status"])
        if status is Status.EMPTY and fields.started(content):
            status = Status.DRAFT
        started = status.value != row["status"]
        repo.update_certificate(tx, case_id, {
            "content": json.dumps(content, ensure_ascii=False),
            **({"started_at": naive_utc(clock.now())} if started else {})})
        _update_case(tx, clock, row, state, status if started else None)
        # The log says which fields changed, not the health data itself.
        audit.record(tx, clock, user.username, case_id, "fields_saved", None, {"fields": changed})
        if started:
            audit.record(tx, clock, user.username, case_id, "started", {"status": row["status"]},
                         {"status": status.value})
        return row["version"] + 1


def delete_draft(db: Database, clock: Clock, user: User, case_id: str, expected_version: int) -> None:
    """CERT-4: a draft can be deleted (not once it is locked, CERT-5). The case row and its
    log stay; the content is removed."""
    _touch(db, clock, case_id)
    with db.tx() as tx:
        row, state = _load(tx, clock, user, case_id, CertAction.DELETE, expected_version)
        now = naive_utc(clock.now())
        repo.update_certificate(tx, case_id, {"content": "{}", "deleted_at": now, "deleted_by": user.username})
        _update_case(tx, clock, row, state, Status.DELETED, closed_at=now)
        audit.record(tx, clock, user.username, case_id, "deleted", {"status": row["status"]},
                     {"status": Status.DELETED.value})


def copy_locked(db: Database, clock: Clock, user: User, case_id: str, *, unit_id: str) -> str:
    """CERT-5: the content of a locked draft is copied into a new draft."""
    return _derive(db, clock, user, case_id, unit_id, CertAction.COPY, "copied_from", "copied")


def replace(db: Database, clock: Clock, user: User, case_id: str, *, unit_id: str) -> str:
    """Ersätt: a new draft from a signed certificate; signing it marks the old one replaced."""
    return _derive(db, clock, user, case_id, unit_id, CertAction.REPLACE, "replaces", "replacement_started")


def complete(db: Database, clock: Clock, user: User, case_id: str, *, unit_id: str) -> str:
    """CERT-13 Komplettera: Försäkringskassan's completion request on a sent certificate is
    answered, the way Webcert does it, with a new version — a draft with the original's content
    that `completes` it (the requests are shown on it). A completing draft that is still open is
    opened again rather than a second one made. Signing it sends it (CERT-14)."""
    _require_unit(user, unit_id)
    _touch(db, clock, case_id)
    with db.read() as r:
        open_ = [d for d in repo.completing_drafts(r, case_id)
                 if rules.effective_status(d["status"], d["created_at"], clock.now()) is not Status.LOCKED]
    if open_:
        with db.tx() as tx:       # the rule still holds (the request may have been answered since)
            _load(tx, clock, user, case_id, CertAction.COMPLETE, None, unit_id)
        return open_[-1]["id"]
    return _derive(db, clock, user, case_id, unit_id, CertAction.COMPLETE, "completes", "completion_started")


def _derive(db: Database, clock: Clock, user: User, case_id: str, unit_id: str, action: CertAction,
            relation: str, event: str) -> str:
    _require_unit(user, unit_id)
    _touch(db, clock, case_id)
    with db.tx() as tx:
        row, _state_ = _load(tx, clock, user, case_id, action, None, unit_id)
        _require_prerequisites(tx, user, unit_id, rules.ISSUE)
        new_id = _create(tx, clock, user, unit_id=unit_id, patient_id=row["patient_id"],
                         type_code=row["type_code"], responsible=user.username,
                         content=_content(row), relation={relation: case_id})
        audit.record(tx, clock, user.username, case_id, event, None, {"new_certificate": new_id})
        return new_id
