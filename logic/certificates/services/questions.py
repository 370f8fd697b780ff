"""Questions and answers on a sent certificate, on care's side (CERT-11)."""
from __future__ import annotations


from logic import audit
from logic.access import User
from logic.certificates import rules
from logic.certificates.model import QUESTION_TOPICS, CertAction, Direction, QuestionKind, QuestionStatus
from logic.certificates.services._common import _clean_text, _reopen
from logic.certificates.services._state import _load
from logic.clock import Clock, naive_utc
from logic.errors import FieldErrors, Refused
from logic.store import certificates_repo as repo
from logic.store import core_repo
from logic.store.db import Database, Tx


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
        refusal = rules.free_text_answer_refusal(q)       # a completion request: CERT-13/15
        if refusal:
            raise Refused(refusal)
        repo.update_question(tx, question_id, {
            "status": QuestionStatus.ANSWERED.value, "answer": text,
            "answered_at": naive_utc(clock.now()), "answered_by": user.username})
        audit.record(tx, clock, user.username, q["case_id"], "question_answered",
                     {"question": question_id, "status": q["status"]},
                     {"question": question_id, "status": QuestionStatus.ANSWERED.value})


def cannot_complete(db: Database, clock: Clock, user: User, question_id: int, *, unit_id: str,
                    text: str) -> None:
    """CERT-15 Kan ej komplettera: when the certificate cannot be completed, the completion
    request is answered with a message to Försäkringskassan saying why, and is handled."""
    text = _clean_text(text, "answer_text")
    with db.tx() as tx:
        q = _load_question(tx, clock, user, question_id, CertAction.ANSWER, unit_id)
        refusal = rules.completion_answer_refusal(q)
        if refusal:
            raise Refused(refusal)
        now = naive_utc(clock.now())
        repo.update_question(tx, question_id, {
            "status": QuestionStatus.ANSWERED.value, "answer": text, "answered_at": now,
            "answered_by": user.username, "handled_at": now, "handled_by": user.username})
        audit.record(tx, clock, user.username, q["case_id"], "completion_declined",
                     {"question": question_id, "status": q["status"]},
                     {"question": question_id, "status": QuestionStatus.ANSWERED.value, "handled": True})
        _close_if_all_handled(tx, clock, q["case_id"])


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


def _close_if_all_handled(tx: Tx, clock: Clock, case_id: str) -> None:
    row = core_repo.case(tx, case_id)
    open_ = repo.unhandled_count(tx, case_id)
    now = naive_utc(clock.now())
    if open_ == 0 and row["closed_at"] is None:
        core_repo.update_case(tx, case_id, row["version"], {"closed_at": now, "updated_at": now})
    elif open_ and row["closed_at"] is not None:
        core_repo.update_case(tx, case_id, row["version"], {"closed_at": None, "updated_at": now})
