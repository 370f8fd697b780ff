"""Work lists (CERT-12), named and split as seed 003 names them (CERT-19): 'Att skicka' (drafts to
sign), 'Signerade, ej skickade' and 'Fråga/svar via Webcert'; the people shown are logged."""
from __future__ import annotations


from logic import audit
from logic.access import Action, User, decide, require
from logic.certificates import rules
from logic.certificates.model import QuestionKind
from logic.certificates.services._common import _require_prerequisites, _require_unit
from logic.certificates.services._state import _state
from logic.clock import Clock
from logic.store import certificates_repo as repo
from logic.store.db import Database


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


def signed_unsent(db: Database, clock: Clock, user: User, *, unit_id: str | None = None) -> list[dict]:
    """'Signerade, ej skickade' (CERT-19): certificates the user signed — or, with a unit, every one
    on that unit — that staff could send now and have not (`rules.awaits_sending`)."""
    require(decide(user, Action.WRITE_CERTIFICATE))
    with db.read() as r:
        if unit_id is None:
            rows = repo.signed_unsent(r, assignee=user.username, unit_ids=list(user.units))
        else:
            _require_unit(user, unit_id)
            rows = repo.signed_unsent(r, unit_ids=[unit_id])
    now = clock.now()
    rows = [row for row in rows if rules.awaits_sending(_state(row, now, []))]
    for row in rows:
        row["effective_status"] = rules.effective_status(row["status"], row["created_at"], now).value
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
