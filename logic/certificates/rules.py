"""The CERT rules as pure functions: the 14-day lock, the status machine with one rule per
action (each explains its refusal, the way the certificate service composes one ActionRule
per action), the prerequisites, creation and sending rules, and the certificate number.

Nothing here reads the clock or the store: "now" and the facts are passed in.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from urllib.parse import quote

from logic.access import ALLOW, Decision, deny
from logic.certificates import fields
from logic.certificates.model import (
    DEATH_CERTIFICATE,
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
from logic.clock import from_local, naive_utc, to_local

ZONE = "Europe/Stockholm"   # the service's calendar: creation day, lock day, week numbers
LOCK_DAYS = 14
PROTECTED_TITLES = ("Läkare",)   # skyddad yrkestitel that may issue certificates (CERT-2)
WORKPLACE_CODE_MAX = 20


def rights_errors(protected_title: str | None, care_units: list[str],
                  user_units: list[str] | None) -> dict[str, str]:
    """CERT-2 per physician, {field: translation key}: the protected title is one that may
    issue certificates; the care assignment "Vård och behandling" is on units the user works
    on (`user_units`; None: no such user). The certificate admin page and the cert_rights kind
    ask this one rule."""
    if user_units is None:
        return {"username": "users.not_found"}
    errors: dict[str, str] = {}
    title = (protected_title or "").strip() or None
    if title and title not in PROTECTED_TITLES:
        errors["protected_title"] = "cert.pre.title_unknown"
    if any(u not in user_units for u in care_units or []):
        errors["care_units"] = "cert.pre.care_not_member"
    return errors


def workplace_code_error(code: str | None) -> str | None:
    """CERT-2: a unit's workplace code (arbetsplatskod) is letters and digits, at most 20 —
    the certificate admin page and the units kind ask this one rule."""
    code = (code or "").strip()
    if code and (not code.isalnum() or len(code) > WORKPLACE_CODE_MAX):
        return "cert.workplace_code_invalid"
    return None


# ------------------------------------------------------------------ CERT-5 the lock


def lock_day(created_at: datetime, zone: str = ZONE) -> date:
    """The first day on which a draft created at `created_at` is locked: 14 days after the
    day it was created (in the service's calendar)."""
    return to_local(created_at, zone).date() + timedelta(days=LOCK_DAYS)


def is_locked(created_at: datetime, now: datetime, zone: str = ZONE) -> bool:
    return to_local(now, zone).date() >= lock_day(created_at, zone)


def locked_if_created_before(now: datetime, zone: str = ZONE) -> datetime:
    """Naive UTC cut-off for SQL: a draft created before it is locked at `now`."""
    today = to_local(now, zone).date()
    first_unlocked_day = today - timedelta(days=LOCK_DAYS - 1)
    return naive_utc(from_local(datetime.combine(first_unlocked_day, time(0, 0)), zone))


def effective_status(stored: Status | str, created_at: datetime, now: datetime) -> Status:
    """The lock is derived whenever a draft is looked at: no batch job is needed for it to
    hold (it is also persisted when the draft is next touched)."""
    status = Status(stored)
    if status in (Status.EMPTY, Status.DRAFT) and is_locked(created_at, now):
        return Status.LOCKED
    return status


# ------------------------------------------------------------------ CERT-2 prerequisites

READ, ISSUE, QA = "read", "issue", "qa"


def missing_prerequisites(p: Prerequisites, purpose: str = ISSUE) -> list[str]:
    """Translation keys of what is missing, in the order of the user guide."""
    missing: list[str] = []
    if not p.care_assignment:
        missing.append("cert.pre.care_assignment")
    if purpose == ISSUE:
        if not p.protected_title or p.protected_title not in PROTECTED_TITLES:
            missing.append("cert.pre.protected_title")
        if not (p.prescriber_code or "").strip():
            missing.append("cert.pre.prescriber_code")
        if not (p.workplace_code or "").strip():
            missing.append("cert.pre.workplace_code")
    if purpose in (ISSUE, QA) and not p.webcert:
        missing.append("cert.pre.webcert")
    # CERT-18: the unit's HSA-id connected to the service contract with Inera — without it the
    # unit cannot use the certificate service at all (issue, or questions with Försäkringskassan)
    if purpose in (ISSUE, QA) and not p.service_contract:
        missing.append("cert.pre.service_contract")
    return missing


def prerequisites_decision(p: Prerequisites, purpose: str = ISSUE) -> Decision:
    missing = missing_prerequisites(p, purpose)
    return deny(missing[0]) if missing else ALLOW


# ------------------------------------------------------------------ CERT-3, CERT-8 creation


def create_decision(patient: Patient, cert_type: CertType | None) -> Decision:
    """Every type can be created for every patient: CERT-8 limits electronic sending, not
    writing, signing or printing (see `electronic_refusal`)."""
    if cert_type is None:
        return deny("cert.type_unknown")
    return ALLOW


def electronic_refusal(patient: Patient, cert_type: CertType) -> str | None:
    """CERT-8: why this certificate may not go electronically to its authority (None: it may).
    A patient with a reserve number gets no electronic certificate at all; one with protected
    personal data only to Försäkringskassan. Such a certificate is printed and sent on paper."""
    if patient.reserve_number:
        return "cert.reserve_number_not_sent"
    if patient.protected_identity and cert_type.authority is not Authority.FK:
        return "cert.protected_fk_only"
    return None


def in_mina_intyg(cert_type: CertType, patient: Patient) -> bool:
    """CERT-6: signing makes the certificate available in the patient's Mina intyg where the
    type says so — not for a reserve number, which reaches no e-service (CERT-8)."""
    return cert_type.mina_intyg and not patient.reserve_number


# ------------------------------------------------------------------ the status machine


@dataclass(frozen=True)
class CertState:
    """What the action rules look at."""
    status: Status                       # effective (lock derived)
    cert_type: CertType
    patient: Patient
    errors: dict[str, str] = field(default_factory=dict)   # fields.check of the content
    police_report: bool = False          # Dödsbevis: the death is reported to the police
    replaced_by: str | None = None
    has_questions: bool = False
    open_completion: bool = False        # FK's completion request waits for care (CERT-13)
    completed_by: str | None = None      # the new version that answered it (CERT-14)
    imported: bool = False               # its metadata imported from another system (IMP-9), no content


def _unless_deleted(s: CertState, otherwise: Decision) -> Decision:
    """A deleted draft refuses everything with its own reason. (Decisions are falsy when
    refused, so this is spelled out rather than written with `or`.)"""
    return deny("cert.deleted") if s.status is Status.DELETED else otherwise


def rule_read(s: CertState) -> Decision:
    return _unless_deleted(s, ALLOW)


def rule_edit(s: CertState) -> Decision:
    if s.status in (Status.EMPTY, Status.DRAFT):
        return ALLOW
    return _unless_deleted(s, deny({
        Status.LOCKED: "cert.locked",
        Status.VOIDED: "cert.voided",
    }.get(s.status, "cert.already_signed")))


def rule_delete(s: CertState) -> Decision:
    if s.status in (Status.EMPTY, Status.DRAFT):
        return ALLOW
    if s.status is Status.LOCKED:
        return deny("cert.locked_no_delete")
    return _unless_deleted(s, deny("cert.delete_only_drafts"))


def rule_sign(s: CertState) -> Decision:
    if s.status is Status.LOCKED:
        return deny("cert.locked")
    if s.status not in (Status.EMPTY, Status.DRAFT):
        return _unless_deleted(s, deny("cert.voided" if s.status is Status.VOIDED else "cert.already_signed"))
    if s.errors:
        return deny("cert.incomplete", n=len(s.errors))
    return ALLOW


def rule_send(s: CertState) -> Decision:
    """CERT-7/8/9: staff send a signed certificate to its authority (consent is asked
    by the service as an input, not part of the state)."""
    if s.status is Status.SENT:
        return deny("cert.already_sent")
    if s.status is Status.HANDED_TO_POLICE:
        return deny("cert.police_paper")
    if s.status.is_draft:
        return deny("cert.not_signed")
    if s.status is not Status.SIGNED:
        return _unless_deleted(s, deny("cert.voided"))
    if s.replaced_by:
        return deny("cert.replaced", case_id=s.replaced_by)
    if s.cert_type.authority is Authority.EMPLOYER:
        return deny("cert.print_only")
    if s.cert_type.code == DEATH_CERTIFICATE and s.police_report:
        return deny("cert.police_paper")
    refusal = electronic_refusal(s.patient, s.cert_type)            # CERT-8
    if refusal:
        return deny(refusal)
    if not s.cert_type.staff_send:
        return deny("cert.not_sendable")
    return ALLOW


def awaits_sending(s: CertState) -> bool:
    """CERT-19: a certificate belongs in 'Signerade, ej skickade' while it is signed and staff
    could send it now (with the patient's consent) — not one that goes on paper or that only the
    patient sends from Mina intyg."""
    return s.status is Status.SIGNED and bool(rule_send(s))


def rule_print(s: CertState) -> Decision:
    return _unless_deleted(s, ALLOW)


def rule_copy(s: CertState) -> Decision:
    if s.status is Status.LOCKED:
        return ALLOW
    return _unless_deleted(s, deny("cert.copy_only_locked"))


def rule_replace(s: CertState) -> Decision:
    if s.status not in (Status.SIGNED, Status.SENT):
        return _unless_deleted(s, deny("cert.replace_only_signed"))
    if s.replaced_by:
        return deny("cert.replaced", case_id=s.replaced_by)
    if s.completed_by:
        return deny("cert.completed", case_id=s.completed_by)
    if s.open_completion:               # CERT-16: answer the request with Komplettera instead
        return deny("cert.replace_open_completion")
    return ALLOW


def rule_complete(s: CertState) -> Decision:
    """CERT-13: a certificate sent to Försäkringskassan with a completion request waiting for
    care is completed by a new version (not one already replaced or completed)."""
    if s.replaced_by:
        return deny("cert.replaced", case_id=s.replaced_by)
    if s.completed_by:
        return deny("cert.completed", case_id=s.completed_by)
    if s.cert_type.authority is not Authority.FK or s.status is not Status.SENT:
        return _unless_deleted(s, deny("cert.qa_only_sent_fk"))
    if not s.open_completion:
        return deny("cert.complete_no_request")
    return ALLOW


def rule_void(s: CertState) -> Decision:
    if s.status in (Status.LOCKED, Status.SIGNED, Status.SENT, Status.HANDED_TO_POLICE):
        return ALLOW
    if s.status in (Status.EMPTY, Status.DRAFT):
        return deny("cert.void_use_delete")
    return _unless_deleted(s, deny("cert.voided"))


def rule_hand_to_police(s: CertState) -> Decision:
    if s.cert_type.code != DEATH_CERTIFICATE or not s.police_report:
        return deny("cert.not_police_case")
    if s.status is not Status.SIGNED:
        return deny("cert.not_signed" if s.status.is_draft else "cert.police_done")
    return ALLOW


def rule_ask(s: CertState) -> Decision:
    """CERT-11: questions are about a certificate sent to Försäkringskassan."""
    if s.cert_type.authority is not Authority.FK or s.status is not Status.SENT:
        return deny("cert.qa_only_sent_fk")
    return ALLOW


def rule_answer(s: CertState) -> Decision:
    if not s.has_questions:
        return deny("cert.qa_none")
    return ALLOW


RULES: dict[CertAction, Callable[[CertState], Decision]] = {
    CertAction.READ: rule_read,
    CertAction.EDIT: rule_edit,
    CertAction.DELETE: rule_delete,
    CertAction.SIGN: rule_sign,
    CertAction.SEND: rule_send,
    CertAction.PRINT: rule_print,
    CertAction.COPY: rule_copy,
    CertAction.REPLACE: rule_replace,
    CertAction.COMPLETE: rule_complete,
    CertAction.VOID: rule_void,
    CertAction.HAND_TO_POLICE: rule_hand_to_police,
    CertAction.ASK: rule_ask,
    CertAction.ANSWER: rule_answer,
    CertAction.MARK_HANDLED: rule_answer,
}


def decide(state: CertState, action: CertAction) -> Decision:
    if state.imported and action is not CertAction.READ:
        return deny("cert.imported")      # only its metadata is here: the signed original is not
    return RULES[action](state)


def decisions(state: CertState) -> dict[CertAction, Decision]:
    return {action: decide(state, action) for action in RULES}


def signed_status(cert_type: CertType, police_report: bool, patient: Patient | None = None) -> Status:
    """CERT-6/9: Dödsbevis and Dödsorsaksintyg are sent on signing — unless the Dödsbevis
    goes to the police on paper, or the patient's identity forbids sending it electronically
    (CERT-8): then it stays signed, to be printed and sent on paper (`paper_only`)."""
    if cert_type.auto_send and not (cert_type.code == DEATH_CERTIFICATE and police_report) \
            and not (patient and electronic_refusal(patient, cert_type)):
        return Status.SENT
    return Status.SIGNED


def paper_only(cert_type: CertType, patient: Patient) -> bool:
    """A type that is sent automatically on signing (CERT-6) for a patient whose certificate
    may not be sent electronically (CERT-8): signing does not send it; it goes on paper."""
    return cert_type.auto_send and electronic_refusal(patient, cert_type) is not None


# ------------------------------------------------------------------ CERT-11 questions


def answer_refusal(question: dict) -> str | None:
    if question["direction"] != Direction.INCOMING.value:
        return "cert.qa_not_incoming"
    if question["status"] != QuestionStatus.WAITING_FOR_CARE.value:
        return "cert.qa_already_answered"
    return None


def open_completion(questions: list[dict]) -> bool:
    """CERT-13: a completion request from Försäkringskassan still waits for care."""
    return any(q["kind"] == QuestionKind.COMPLETION.value and q["direction"] == Direction.INCOMING.value
               and q["status"] == QuestionStatus.WAITING_FOR_CARE.value for q in questions)


def answered_by_completion(questions: list[dict]) -> list[dict]:
    """CERT-14: the completion requests that signing and sending a completing version answers."""
    return [q for q in questions if q["kind"] == QuestionKind.COMPLETION.value
            and q["direction"] == Direction.INCOMING.value
            and q["status"] == QuestionStatus.WAITING_FOR_CARE.value]


def free_text_answer_refusal(question: dict) -> str | None:
    """CERT-11/15: an ordinary question is answered in free text; a completion request is
    answered with a new version (Komplettera) or, when that cannot be done, with
    "Kan ej komplettera" and its message."""
    if question["kind"] == QuestionKind.COMPLETION.value and question["direction"] == Direction.INCOMING.value:
        return "cert.qa_completion_use_complete"
    return answer_refusal(question)


def completion_answer_refusal(question: dict) -> str | None:
    """CERT-15: "Kan ej komplettera" answers a completion request that waits for care."""
    if question["kind"] != QuestionKind.COMPLETION.value:
        return "cert.qa_not_completion"
    return answer_refusal(question)


def fk_answer_refusal(question: dict) -> str | None:
    if question["direction"] != Direction.OUTGOING.value:
        return "cert.qa_not_outgoing"
    if question["status"] != QuestionStatus.WAITING_FOR_AUTHORITY.value:
        return "cert.qa_already_answered"
    return None


def row_direction(questions: list[dict]) -> Direction:
    """One work-list row per certificate: incoming when the latest word came from FK
    (a question, a completion request or an answer to care's question), otherwise sent."""
    latest = max(questions, key=lambda q: (q.get("answered_at") or q["created_at"], q["id"]))
    if latest["direction"] == Direction.INCOMING.value and latest.get("answered_at") is None:
        return Direction.INCOMING
    if latest["direction"] == Direction.OUTGOING.value and latest.get("answered_at") is not None:
        return Direction.INCOMING
    return Direction.OUTGOING


def reply_by(questions: list[dict]) -> date | None:
    """Svara senast: the earliest reply-by date of what still waits for care."""
    days = [q["reply_by"] for q in questions
            if q.get("reply_by") and q["status"] == QuestionStatus.WAITING_FOR_CARE.value]
    return min(days) if days else None


# ------------------------------------------------------------------ CERT-17 FMB


FMB_URL_SETTING = "CASEDESK_FMB_URL"
# Socialstyrelsen's försäkringsmedicinskt beslutsstöd. Its pages per diagnosis are addressed by a
# name and a number of its own (…/fmb/depressiv-episod/508), not by the ICD-10 code, so without a
# code-addressed service the link opens the decision support's start page (Webcert's own "Läs
# mer om FMB hos Socialstyrelsen" goes there too). An installation with one — an intranet copy,
# a search page — sets CASEDESK_FMB_URL with {code} (F32.1) and/or {group} (F32) in it.
FMB_DEFAULT_URL = "https://roi.socialstyrelsen.se/fmb"


def fmb_link(code: str | None, template: str | None = None) -> str | None:
    """CERT-17: the FMB decision-support link for a diagnosis code — built from the code, no
    call from the server; None while the field holds no valid ICD-10-SE code."""
    text = (code or "").strip().upper()
    if not fields.ICD10.match(text):
        return None
    template = (template or "").strip() or FMB_DEFAULT_URL
    return template.replace("{code}", quote(text, safe="")).replace("{group}", quote(text[:3], safe=""))


# ------------------------------------------------------------------ numbers


def number_prefix(local_day: date, prefix: str = "IN") -> str:
    iso = local_day.isocalendar()
    return f"{prefix}{iso.year % 100:02d}{iso.week:02d}"


def certificate_number(local_day: date, sequence: int) -> str:
    """IN + two-digit ISO year + two-digit ISO week + four-digit sequence in the week."""
    if not 1 <= sequence <= 9999:
        raise ValueError("cert.number_exhausted")
    return f"{number_prefix(local_day)}{sequence:04d}"


def police_report(content: dict) -> bool:
    return content.get("police_report") == "yes"


def today(now: datetime) -> date:
    return to_local(now, ZONE).date()

