"""Issuing: sign (CERT-6, CERT-8, CERT-9), send with consent (CERT-7), hand to the police
(CERT-9) and void (Makulera)."""
from __future__ import annotations

from typing import Any

from logic import audit, inputs
from logic.access import User
from logic.certificates import rules
from logic.certificates.model import DEATH_CERTIFICATE, CertAction, Status
from logic.certificates.services._state import _load, _touch, _update_case
from logic.clock import Clock, naive_utc
from logic.errors import FieldErrors
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
