"""Issuing: sign (CERT-6, CERT-8, CERT-9), send with consent (CERT-7), hand to the police
(CERT-9) and void (Makulera)."""
from __future__ import annotations

from typing import Any

from logic import audit, inputs
from logic.access import User
from logic.certificates import rules
from logic.certificates.model import DEATH_CERTIFICATE, CertAction, QuestionStatus, Status
from logic.certificates.services._state import _load, _touch, _update_case
from logic.certificates.services.questions import _close_if_all_handled
from logic.clock import Clock, naive_utc
from logic.errors import FieldErrors, Refused
from logic.store import certificates_repo as repo
from logic.store import core_repo
from logic.store.db import Database, Tx


VOID_REASON_MAX = 1000


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
        completes = row.get("completes")
        if completes:                 # only one version completes the original (CERT-14)
            original = repo.certificate(tx, completes)
            if original and original.get("completed_by"):
                raise Refused("cert.completed", case_id=original["completed_by"])
        if completes and rules.electronic_refusal(state.patient, state.cert_type) is None:
            status = Status.SENT      # CERT-14: a completion is signed and sent to FK in one step
        mina_intyg = rules.in_mina_intyg(state.cert_type, state.patient)
        detail: dict[str, Any] = {"signed_at": now, "signed_by": user.username,
                                  "in_mina_intyg": mina_intyg,
                                  "paper_to_police": state.police_report
                                  and state.cert_type.code == DEATH_CERTIFICATE}
        if status is Status.SENT:
            detail.update({"sent_at": now, "sent_by": user.username,
                           "recipient": state.cert_type.authority.value})
            if completes:             # the patient's consent to send the original covers its completion
                detail["consent_confirmed"] = True
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
                          "automatic": True, **({"completes": completes} if completes else {})})
        if row.get("replaces"):
            _mark_replaced(tx, clock, user, row["replaces"], case_id)
        if completes and status is Status.SENT:
            _mark_completed(tx, clock, user, completes, case_id)
        return status


def _mark_completed(tx: Tx, clock: Clock, user: User, old_id: str, new_id: str) -> None:
    """CERT-14: the original shows that it was completed by the new version, and the completion
    requests waiting on it are answered with it and handled — by that sending."""
    now = naive_utc(clock.now())
    repo.update_certificate(tx, old_id, {"completed_by": new_id})
    audit.record(tx, clock, user.username, old_id, "completed", None, {"completed_by": new_id})
    for q in rules.answered_by_completion(repo.questions(tx, old_id)):
        repo.update_question(tx, q["id"], {
            "status": QuestionStatus.ANSWERED.value, "answered_with": new_id, "answered_at": now,
            "answered_by": user.username, "handled_at": now, "handled_by": user.username})
        audit.record(tx, clock, user.username, old_id, "completion_answered",
                     {"question": q["id"], "status": q["status"]},
                     {"question": q["id"], "status": QuestionStatus.ANSWERED.value, "answered_with": new_id,
                      "handled": True})
    _close_if_all_handled(tx, clock, old_id)


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
