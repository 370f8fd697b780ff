"""Certificate use cases — the only way a page changes certificate data (CERT-2 … CERT-12).

Each call is one transaction that checks permission (logic.access and the certificate case
rule), the prerequisites (CERT-2) and the status machine (rules.RULES), then writes the case,
its detail row, the case log and messages. The 14-day lock is derived whenever a draft is
looked at and persisted, in its own small transaction, the next time it is touched (CERT-5).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from logic import audit, inputs, messages
from logic.access import NO_SCOPE, Action, PermissionDenied, Role, Scope, User, decide, deny, require
from logic.board import present
from logic.cases import open_for_reading
from logic.certificates import fields, permissions, rules
from logic.certificates.model import (
    DEATH_CERTIFICATE,
    QUESTION_TOPICS,
    Authority,
    CertAction,
    CertType,
    Direction,
    Patient,
    Prerequisites,
    QuestionKind,
    QuestionStatus,
    Status,
)
from logic.clock import Clock, naive_utc, to_local
from logic.errors import Conflict, FieldErrors, Refused
from logic.identity import IdentityError, parse_person_id
from logic import settings_log as md_log
from logic.store import certificates_repo as repo
from logic.store import core_repo
from logic.store.db import Database, Tx
from logic.texts.certificates import TEXTS

SYSTEM = "casedesk"
FK_ACTOR_NOTE = "Försäkringskassan"
ISSUE_ACTIONS = (CertAction.EDIT, CertAction.DELETE, CertAction.SIGN, CertAction.SEND,
                 CertAction.VOID, CertAction.HAND_TO_POLICE, CertAction.COPY, CertAction.REPLACE)
QA_ACTIONS = (CertAction.ASK, CertAction.ANSWER, CertAction.MARK_HANDLED)
MAX_TEXT = 4000             # a question or an answer (CERT-11)
PATIENT_NAME_MAX = 120
VOID_REASON_MAX = 1000
WORKPLACE_CODE_MAX = 20


# ------------------------------------------------------------------ look-ups


def read_scope(tx: Tx, user: User) -> Scope:
    """The scope permissions.READ_SCOPE (in the context's policy): the user's units where the
    prerequisites for reading hold; for the other units, the first one missing (the refusal
    names it, CERT-2)."""
    if not user.has(Role.PHYSICIAN):
        return NO_SCOPE
    found = repo.prerequisites_on_units(tx, user.username, list(user.units))
    allowed: set[str] = set()
    refused: list[tuple[str, str]] = []
    for unit in user.units:
        if unit not in found:
            continue
        missing = rules.missing_prerequisites(Prerequisites.from_row(found[unit]), rules.READ)
        if missing:
            refused.append((unit, missing[0]))
        else:
            allowed.add(unit)
    return Scope(frozenset(allowed), tuple(sorted(refused)))


def certificate_types(db: Database) -> list[CertType]:
    """CERT-1: the ten types with authority and the Mina intyg flag."""
    with db.read() as r:
        return [CertType.from_row(row) for row in repo.types(r)]


def user_units(db: Database, user: User) -> list[dict]:
    """The units a physician can be logged in on."""
    with db.read() as r:
        return core_repo.units_by_ids(r, list(user.units))


def physicians(db: Database, unit_id: str) -> list[dict]:
    with db.read() as r:
        return repo.physicians_on_unit(r, unit_id)


def _prerequisites(tx: Tx, user: User, unit_id: str) -> Prerequisites:
    return Prerequisites.from_row(repo.prerequisites(tx, user.username, unit_id))


def missing_prerequisites(db: Database, user: User, unit_id: str, purpose: str = rules.ISSUE) -> list[str]:
    """CERT-2, for the page to name every missing prerequisite at once."""
    with db.read() as r:
        return rules.missing_prerequisites(_prerequisites(r, user, unit_id), purpose)


def _require_unit(user: User, unit_id: str | None) -> str:
    require(decide(user, Action.WRITE_CERTIFICATE))
    if not unit_id or unit_id not in user.units:
        raise PermissionDenied(deny("cert.not_on_unit"))
    return unit_id


def _require_prerequisites(tx: Tx, user: User, unit_id: str, purpose: str) -> None:
    require(rules.prerequisites_decision(_prerequisites(tx, user, unit_id), purpose))


def _type(tx: Tx, code: str) -> CertType | None:
    row = repo.type_row(tx, code)
    return CertType.from_row(row) if row and row["active"] else None


def _content(row: dict) -> dict[str, Any]:
    raw = row.get("content")
    if isinstance(raw, dict):
        return raw
    try:
        return json.loads(raw or "{}")
    except ValueError:
        return {}


def _sv(key: str, **params: Any) -> str:
    """Swedish text from this context's own catalog (stored texts: search text, messages)."""
    return TEXTS[key]["sv"].format(**params)


def _search_text(case_id: str, cert_type: CertType, status: Status) -> str:
    """What the case board searches; deliberately without the patient's name or number."""
    return " ".join([case_id, cert_type.name_sv, _sv(f"cert.authority.{cert_type.authority.value}"),
                     _sv(f"certificate.status.{status.value}")]).lower()


# ------------------------------------------------------------------ patients


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


def _normalised_id(raw: str) -> str:
    try:
        return parse_person_id(raw, allow_reserve=True).digits
    except IdentityError:
        return raw


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


# ------------------------------------------------------------------ create (CERT-3)


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


# ------------------------------------------------------------------ reading


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


def _state(row: dict, now: datetime, n_questions: int) -> rules.CertState:
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
                           has_questions=n_questions > 0, imported=bool(row.get("imported")))


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
    return out


def get_certificate(db: Database, clock: Clock, user: User, case_id: str, *,
                    unit_id: str | None = None, log_view: bool = True) -> dict:
    """The certificate as the user may see it, with the effective status, what is missing,
    its questions and a decision (allowed or the reason) for every action."""
    _touch(db, clock, case_id)
    with db.read() as r:
        # one rule (permissions.reach) for the case page, the board and its search: the CERT-2
        # prerequisites for reading are part of it; a case the user may not open is answered
        # like one that does not exist
        row, may_see_person = open_for_reading(r, user, case_id, repo.certificate)
        questions = repo.questions(r, case_id)
        now = clock.now()
        state = _state(row, now, len(questions))
        row["effective_status"] = state.status.value
        row["errors"] = state.errors
        row["decisions"] = _decisions(r, user, row, state, unit_id)
        # the status machine's own answer per action (rules.RULES: rule_replace, rule_void,
        # rule_ask, ...), before this user's permission narrows it into `decisions`: which actions
        # this certificate offers at all — the case view shows those, enabled as `decisions` say
        row["offers"] = {action: rule(state) for action, rule in rules.RULES.items()}
        row["lock_day"] = rules.lock_day(row["created_at"])
        # CERT-8: signing does not send this one (a type sent automatically); it goes on paper
        row["paper_only"] = rules.paper_only(state.cert_type, state.patient)
        row["questions"] = questions if may_see_person else []
    row["content"] = _content(row) if may_see_person else {}
    row["person_visible"] = may_see_person
    if may_see_person:
        if log_view:
            audit.log_person_view(db, clock, user.username, row["patient_id"], case_id, "view_certificate")
    else:
        for key in ("patient_id", "patient_name", "person_id", "person_name"):
            row[key] = None
    key = present.analyst_key(db, user, row)
    if key is not None:                 # analysts: the staff pseudonymised too
        present.pseudonymise(row, key)
    return row


def print_certificate(db: Database, clock: Clock, user: User, case_id: str, *, lang: str = "sv",
                      tz: str = "Europe/Stockholm") -> bytes:
    """CERT-10: the PDF (personal identity number, no name; UTKAST on a draft), built in
    memory and never stored. Printing shows the patient's identity, so it is logged."""
    from logic.certificates.pdf import certificate_pdf

    cert = get_certificate(db, clock, user, case_id, log_view=False)
    if not cert["person_visible"]:
        raise PermissionDenied(deny("cert.not_on_unit"))
    decision = cert["decisions"][CertAction.PRINT]
    if not decision:
        raise Refused(decision.reason, **decision.params)
    audit.log_person_view(db, clock, user.username, cert["patient_id"], case_id, "print_certificate")
    return certificate_pdf(cert, lang, tz)


# ------------------------------------------------------------------ changes


def _load(tx: Tx, clock: Clock, user: User, case_id: str, action: CertAction,
          expected_version: int | None, unit_id: str | None = None) -> tuple[dict, rules.CertState]:
    row = repo.certificate(tx, case_id)
    if row is None:
        raise Refused("case.not_found", case_id=case_id)
    require(decide(user, Action.WRITE_CERTIFICATE, row))
    state = _state(row, clock.now(), len(repo.questions(tx, case_id)))
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


def sign(db: Database, clock: Clock, user: User, case_id: str, expected_version: int) -> Status:
    """CERT-6: signing saves the certificate and makes it available in Mina intyg where the
    type says so; Dödsbevis and Dödsorsaksintyg are sent to their authority at once — except a
    Dödsbevis for a death reported to the police, which is issued on paper (CERT-9), and a
    certificate that CERT-8 keeps from electronic sending (reserve number; protected personal
    data and an authority other than Försäkringskassan), which stays signed, to go on paper."""
    _touch(db, clock, case_id)
    with db.tx() as tx:
        row, state = _load(tx, clock, user, case_id, CertAction.SIGN, expected_version)
        now = naive_utc(clock.now())
        status = rules.signed_status(state.cert_type, state.police_report, state.patient)
        mina_intyg = rules.in_mina_intyg(state.cert_type, state.patient)
        detail: dict[str, Any] = {"signed_at": now, "signed_by": user.username,
                                  "in_mina_intyg": mina_intyg,
                                  "paper_to_police": state.police_report
                                  and state.cert_type.code == DEATH_CERTIFICATE}
        if status is Status.SENT:
            detail.update({"sent_at": now, "sent_by": user.username,
                           "recipient": state.cert_type.authority.value})
        repo.update_certificate(tx, case_id, detail)
        _update_case(tx, clock, row, state, status, closed_at=now)
        # CERT-8: a type sent automatically on signing that may not go electronically for this
        # patient stays signed; the log says why it was not sent.
        not_sent = rules.electronic_refusal(state.patient, state.cert_type) \
            if state.cert_type.auto_send and status is Status.SIGNED and not detail["paper_to_police"] else None
        audit.record(tx, clock, user.username, case_id, "signed", {"status": row["status"]},
                     {"status": Status.SIGNED.value, "mina_intyg": mina_intyg,
                      "paper_to_police": detail["paper_to_police"],
                      **({"not_sent": not_sent} if not_sent else {})})
        if status is Status.SENT:
            audit.record(tx, clock, user.username, case_id, "sent", {"status": Status.SIGNED.value},
                         {"status": Status.SENT.value, "recipient": state.cert_type.authority.value,
                          "automatic": True})
        if row.get("replaces"):
            _mark_replaced(tx, clock, user, row["replaces"], case_id)
        return status


def _mark_replaced(tx: Tx, clock: Clock, user: User, old_id: str, new_id: str) -> None:
    old = core_repo.case(tx, old_id)
    repo.update_certificate(tx, old_id, {"replaced_by": new_id})
    core_repo.update_case(tx, old_id, old["version"], {"updated_at": naive_utc(clock.now())})
    audit.record(tx, clock, user.username, old_id, "replaced", None, {"replaced_by": new_id})


def send(db: Database, clock: Clock, user: User, case_id: str, *, consent: bool,
         expected_version: int) -> None:
    """CERT-7: staff send a signed certificate to its authority only with the patient's
    consent (confirmed, not documented); otherwise the patient sends it from Mina intyg.
    CERT-8: never for a patient with a reserve number; for a patient with protected personal
    data, only to Försäkringskassan (rules.rule_send)."""
    _touch(db, clock, case_id)
    with db.tx() as tx:
        row, state = _load(tx, clock, user, case_id, CertAction.SEND, expected_version)
        if not consent:
            raise FieldErrors({"consent": "cert.consent_required"})
        now = naive_utc(clock.now())
        authority = state.cert_type.authority.value
        repo.update_certificate(tx, case_id, {"sent_at": now, "sent_by": user.username,
                                              "recipient": authority, "consent_confirmed": True})
        _update_case(tx, clock, row, state, Status.SENT, closed_at=row["closed_at"] or now)
        audit.record(tx, clock, user.username, case_id, "sent", {"status": row["status"]},
                     {"status": Status.SENT.value, "recipient": authority, "consent_confirmed": True})


def hand_to_police(db: Database, clock: Clock, user: User, case_id: str, expected_version: int) -> None:
    """CERT-9: the paper Dödsbevis has been handed to the police."""
    with db.tx() as tx:
        row, state = _load(tx, clock, user, case_id, CertAction.HAND_TO_POLICE, expected_version)
        now = naive_utc(clock.now())
        repo.update_certificate(tx, case_id, {"handed_to_police_at": now, "recipient": "POLICE"})
        _update_case(tx, clock, row, state, Status.HANDED_TO_POLICE, closed_at=row["closed_at"] or now)
        audit.record(tx, clock, user.username, case_id, "handed_to_police", {"status": row["status"]},
                     {"status": Status.HANDED_TO_POLICE.value})


def void(db: Database, clock: Clock, user: User, case_id: str, reason: str, expected_version: int) -> None:
    """Makulera, with a reason: a signed or sent certificate, or a locked draft (CERT-5)."""
    reason = inputs.text(reason, VOID_REASON_MAX, field="void_reason", required=True, multiline=True)
    _touch(db, clock, case_id)
    with db.tx() as tx:
        row, state = _load(tx, clock, user, case_id, CertAction.VOID, expected_version)
        now = naive_utc(clock.now())
        repo.update_certificate(tx, case_id, {"voided_at": now, "voided_by": user.username,
                                              "void_reason": reason})
        _update_case(tx, clock, row, state, Status.VOIDED, closed_at=row["closed_at"] or now)
        audit.record(tx, clock, user.username, case_id, "voided", {"status": state.status.value},
                     {"status": Status.VOIDED.value, "reason": reason,
                      "recipient_notified": row.get("recipient")})


def copy_locked(db: Database, clock: Clock, user: User, case_id: str, *, unit_id: str) -> str:
    """CERT-5: the content of a locked draft is copied into a new draft."""
    return _derive(db, clock, user, case_id, unit_id, CertAction.COPY, "copied_from", "copied")


def replace(db: Database, clock: Clock, user: User, case_id: str, *, unit_id: str) -> str:
    """Ersätt: a new draft from a signed certificate; signing it marks the old one replaced."""
    return _derive(db, clock, user, case_id, unit_id, CertAction.REPLACE, "replaces", "replacement_started")


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


# ------------------------------------------------------------------ questions (CERT-11)


def _clean_text(text: str, field: str) -> str:
    return inputs.text(text, MAX_TEXT, field=field, required=True, multiline=True)


def _reopen(tx: Tx, clock: Clock, case_id: str) -> None:
    row = core_repo.case(tx, case_id)
    core_repo.update_case(tx, case_id, row["version"], {"closed_at": None,
                                                        "updated_at": naive_utc(clock.now())})


def _close_if_all_handled(tx: Tx, clock: Clock, case_id: str) -> None:
    row = core_repo.case(tx, case_id)
    open_ = repo.unhandled_count(tx, case_id)
    now = naive_utc(clock.now())
    if open_ == 0 and row["closed_at"] is None:
        core_repo.update_case(tx, case_id, row["version"], {"closed_at": now, "updated_at": now})
    elif open_ and row["closed_at"] is not None:
        core_repo.update_case(tx, case_id, row["version"], {"closed_at": None, "updated_at": now})


def ask_fk(db: Database, clock: Clock, user: User, case_id: str, *, unit_id: str, topic: str,
           text: str) -> int:
    """Care asks Försäkringskassan about a sent certificate (only on the unit where the
    certificate was created)."""
    text = _clean_text(text, "question_text")
    if topic not in QUESTION_TOPICS or topic == "completion":
        raise FieldErrors({"topic": "form.invalid"})
    with db.tx() as tx:
        row, _ = _load(tx, clock, user, case_id, CertAction.ASK, None, unit_id)
        qid = repo.insert_question(tx, {
            "case_id": case_id, "direction": Direction.OUTGOING.value, "kind": QuestionKind.QUESTION.value,
            "topic": topic, "text": text, "created_at": naive_utc(clock.now()),
            "created_by": user.username, "status": QuestionStatus.WAITING_FOR_AUTHORITY.value})
        _reopen(tx, clock, case_id)
        audit.record(tx, clock, user.username, case_id, "question_sent", None,
                     {"question": qid, "topic": topic, "status": QuestionStatus.WAITING_FOR_AUTHORITY.value})
        return qid


def _load_question(tx: Tx, clock: Clock, user: User, question_id: int, action: CertAction,
                   unit_id: str) -> dict:
    q = repo.question(tx, question_id)
    if q is None:
        raise Refused("cert.qa_not_found")
    _load(tx, clock, user, q["case_id"], action, None, unit_id)
    return q


def answer_question(db: Database, clock: Clock, user: User, question_id: int, *, unit_id: str,
                    text: str) -> None:
    text = _clean_text(text, "answer_text")
    with db.tx() as tx:
        q = _load_question(tx, clock, user, question_id, CertAction.ANSWER, unit_id)
        refusal = rules.answer_refusal(q)
        if refusal:
            raise Refused(refusal)
        repo.update_question(tx, question_id, {
            "status": QuestionStatus.ANSWERED.value, "answer": text,
            "answered_at": naive_utc(clock.now()), "answered_by": user.username})
        audit.record(tx, clock, user.username, q["case_id"], "question_answered",
                     {"question": question_id, "status": q["status"]},
                     {"question": question_id, "status": QuestionStatus.ANSWERED.value})


def set_handled(db: Database, clock: Clock, user: User, question_id: int, *, unit_id: str,
                handled: bool = True) -> None:
    """Hanterad: the work-list row stays until every question on the certificate is handled."""
    with db.tx() as tx:
        q = _load_question(tx, clock, user, question_id, CertAction.MARK_HANDLED, unit_id)
        if (q["handled_at"] is not None) == handled:
            return
        now = naive_utc(clock.now())
        repo.update_question(tx, question_id, {"handled_at": now if handled else None,
                                               "handled_by": user.username if handled else None})
        audit.record(tx, clock, user.username, q["case_id"],
                     "question_handled" if handled else "question_unhandled",
                     {"question": question_id, "handled": not handled},
                     {"question": question_id, "handled": handled})
        _close_if_all_handled(tx, clock, q["case_id"])


# ------------------------------------------------------------------ the Försäkringskassan simulator


def fk_certificates(db: Database, user: User) -> list[dict]:
    require(decide(user, Action.SIMULATE_FK))
    with db.read() as r:
        return repo.sent_to_fk(r)


def fk_waiting(db: Database, user: User) -> list[dict]:
    require(decide(user, Action.SIMULATE_FK))
    with db.read() as r:
        return repo.waiting_for_fk(r)


def fk_send_question(db: Database, clock: Clock, user: User, case_id: str, *, kind: QuestionKind,
                     topic: str, text: str, reply_by: date | None) -> int:
    """The simulated Försäkringskassan asks a question or requests a completion, with a
    reply-by date; the responsible physician gets a message."""
    require(decide(user, Action.SIMULATE_FK))
    text = _clean_text(text, "question_text")
    errors: dict[str, str] = {}
    if topic not in QUESTION_TOPICS:
        errors["topic"] = "form.invalid"
    if reply_by is None:
        errors["reply_by"] = fields.REQUIRED
    elif reply_by < rules.today(clock.now()):
        errors["reply_by"] = "cert.err.reply_by_past"
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        row = repo.certificate(tx, case_id)
        if row is None:
            raise Refused("case.not_found", case_id=case_id)
        if row["status"] != Status.SENT.value or row["recipient"] != Authority.FK.value:
            raise Refused("cert.qa_only_sent_fk")
        qid = repo.insert_question(tx, {
            "case_id": case_id, "direction": Direction.INCOMING.value, "kind": QuestionKind(kind).value,
            "topic": topic, "text": text, "reply_by": reply_by, "created_at": naive_utc(clock.now()),
            "created_by": user.username, "status": QuestionStatus.WAITING_FOR_CARE.value})
        _reopen(tx, clock, case_id)
        audit.record(tx, clock, user.username, case_id, "question_received", None,
                     {"question": qid, "from": FK_ACTOR_NOTE, "kind": QuestionKind(kind).value,
                      "reply_by": reply_by.isoformat(), "status": QuestionStatus.WAITING_FOR_CARE.value})
        if row["assignee"]:
            subject_key = "cert.msg.completion" if kind is QuestionKind.COMPLETION else "cert.msg.question"
            messages.send(tx, clock, row["assignee"], _sv(subject_key, case_id=case_id),
                          _sv("cert.msg.reply_by", day=reply_by.isoformat()), case_id)
        return qid


def fk_answer(db: Database, clock: Clock, user: User, question_id: int, text: str) -> None:
    """The simulated Försäkringskassan answers a question from care."""
    require(decide(user, Action.SIMULATE_FK))
    text = _clean_text(text, "answer_text")
    with db.tx() as tx:
        q = repo.question(tx, question_id)
        if q is None:
            raise Refused("cert.qa_not_found")
        refusal = rules.fk_answer_refusal(q)
        if refusal:
            raise Refused(refusal)
        repo.update_question(tx, question_id, {
            "status": QuestionStatus.ANSWERED.value, "answer": text,
            "answered_at": naive_utc(clock.now()), "answered_by": user.username})
        _reopen(tx, clock, q["case_id"])
        audit.record(tx, clock, user.username, q["case_id"], "question_answered_by_fk",
                     {"question": question_id, "status": q["status"]},
                     {"question": question_id, "from": FK_ACTOR_NOTE, "status": QuestionStatus.ANSWERED.value})
        case = core_repo.case(tx, q["case_id"])
        if case and case["assignee"]:
            messages.send(tx, clock, case["assignee"], _sv("cert.msg.answer", case_id=q["case_id"]),
                          "", q["case_id"])


# ------------------------------------------------------------------ work lists (CERT-12)


def _log_people(db: Database, clock: Clock, user: User, rows: list[dict], purpose: str) -> None:
    people = sorted({(r["patient_id"], r.get("case_id") or r.get("id")) for r in rows})
    if not people:
        return
    with db.tx() as tx:
        for person, case_id in people:
            audit.record_access(tx, clock, user.username, person, case_id, purpose)


def to_sign(db: Database, clock: Clock, user: User, *, unit_id: str | None = None) -> list[dict]:
    """'Att signera': drafts waiting for the user as responsible for signing, or — with a
    unit — every draft on that unit (Vårt arbete)."""
    require(decide(user, Action.WRITE_CERTIFICATE))
    with db.read() as r:
        if unit_id is None:
            rows = repo.drafts(r, assignee=user.username, unit_ids=list(user.units))
        else:
            _require_unit(user, unit_id)
            rows = repo.drafts(r, unit_ids=[unit_id])
    now = clock.now()
    for row in rows:
        row["effective_status"] = rules.effective_status(row["status"], row["created_at"], now).value
        row["lock_day"] = rules.lock_day(row["created_at"])
    _log_people(db, clock, user, rows, "work_list")
    return rows


def question_rows(db: Database, clock: Clock, user: User, *, unit_id: str) -> list[dict]:
    """'Frågor och svar': one row per certificate however many questions, while anything on it
    is not marked Hanterad; incoming vs sent and Svara senast."""
    _require_unit(user, unit_id)
    with db.read() as r:
        _require_prerequisites(r, user, unit_id, rules.QA)
        found = repo.open_questions_on_units(r, [unit_id])
    by_case: dict[str, list[dict]] = {}
    for q in found:
        by_case.setdefault(q["case_id"], []).append(q)
    rows = []
    for case_id, qs in by_case.items():
        first = qs[0]
        latest = max(qs, key=lambda q: (q.get("answered_at") or q["created_at"], q["id"]))
        rows.append({
            "case_id": case_id, "patient_id": first["patient_id"], "patient_name": first["patient_name"],
            "protected_identity": first["protected_identity"], "type_name_sv": first["type_name_sv"],
            "type_name_en": first["type_name_en"], "type_name_da": first["type_name_da"],
            "assignee": first["assignee"],
            "assignee_name": first["assignee_name"], "direction": rules.row_direction(qs).value,
            "latest_at": latest.get("answered_at") or latest["created_at"], "reply_by": rules.reply_by(qs),
            "completion": any(q["kind"] == QuestionKind.COMPLETION.value for q in qs),
            "count": len(qs)})
    rows.sort(key=lambda x: x["latest_at"], reverse=True)
    _log_people(db, clock, user, rows, "work_list")
    return rows


# ------------------------------------------------------------------ CERT-2 administration


def rights_overview(db: Database, user: User) -> list[dict]:
    require(decide(user, Action.ADMIN_USERS))
    with db.read() as r:
        return repo.rights_overview(r)


RIGHTS_SCREEN = "screen:cert_rights"    # the settings log's source for the certificate admin page


def rights_columns(tx: Tx, username: str) -> dict | None:
    """A user's CERT-2 rights as the cert_rights kind and the settings log name them."""
    row = repo.user_rights(tx, username)
    if row is None:
        return None
    return {"protected_title": row["protected_title"], "webcert": bool(row["webcert"]),
            "care_units": list(row["care_units"] or [])}


def write_rights(tx: Tx, clock: Clock, user: User, username: str, *, protected_title: str | None,
                 webcert: bool, care_units: list[str]) -> None:
    """CERT-2 in the caller's transaction — the admin page's and the cert_rights kind's one way
    to record a physician's protected title, "Använda Webcert" and care assignments
    (`rules.rights_errors`; a missing user is refused, a bad field named)."""
    require(decide(user, Action.ADMIN_USERS))
    title = (protected_title or "").strip() or None
    row = core_repo.user_row(tx, username)
    units = None if row is None else [u["unit_id"] for u in repo.user_unit_ids(tx, username)]
    errors = rules.rights_errors(title, care_units, units)
    if "username" in errors:
        raise Refused(errors["username"])
    if errors:
        raise FieldErrors(errors)
    repo.set_rights(tx, username, title, bool(webcert))
    repo.set_care_units(tx, username, care_units)
    audit.security(tx, clock, user.username, "cert_rights_saved",
                   f"{username}: title={title} webcert={bool(webcert)} care_units={sorted(care_units)}")


def set_rights(db: Database, clock: Clock, user: User, username: str, *, protected_title: str | None,
               webcert: bool, care_units: list[str]) -> None:
    """Admin records the HSA attributes and the permission 'Använda Webcert' (CERT-2); in the
    security log and the settings log (ADM-3)."""
    require(decide(user, Action.ADMIN_USERS))
    errors = rules.rights_errors(protected_title, [], [])
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        before = rights_columns(tx, username)
        write_rights(tx, clock, user, username, protected_title=protected_title, webcert=webcert,
                     care_units=care_units)
        md_log.record(tx, clock, user.username, "cert_rights", username, before,
                      rights_columns(tx, username), RIGHTS_SCREEN)


def set_workplace_code(db: Database, clock: Clock, user: User, unit_id: str, code: str | None) -> None:
    """CERT-2: a unit's workplace code (`rules.workplace_code_error`, the units kind's rule too);
    in the security log and the settings log (as a change of the unit)."""
    require(decide(user, Action.ADMIN_USERS))
    code = inputs.text(code, WORKPLACE_CODE_MAX, field="workplace_code")
    error = rules.workplace_code_error(code)
    if error:
        raise FieldErrors({"workplace_code": error})
    with db.tx() as tx:
        unit = core_repo.unit(tx, unit_id)
        if unit is None:
            raise Refused("form.invalid")
        repo.set_workplace_code(tx, unit_id, code)
        audit.security(tx, clock, user.username, "workplace_code_saved", f"{unit_id}: {code}")
        md_log.record(tx, clock, user.username, "units", unit_id, {"workplace_code": unit["workplace_code"]},
                      {"workplace_code": code}, RIGHTS_SCREEN)
