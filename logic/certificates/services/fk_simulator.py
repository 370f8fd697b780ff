"""The Försäkringskassan simulator: the other side of the questions and answers (CERT-11)."""
from __future__ import annotations

from datetime import date

from logic import audit, messages
from logic.access import Action, User, decide, require
from logic.certificates import fields, rules
from logic.certificates.model import (
    QUESTION_TOPICS, Authority, Direction, QuestionKind, QuestionStatus, Status,
)
from logic.certificates.services._common import FK_ACTOR_NOTE, _clean_text, _reopen, _sv
from logic.clock import Clock, naive_utc
from logic.errors import FieldErrors, Refused
from logic.store import certificates_repo as repo
from logic.store import core_repo
from logic.store.db import Database


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
