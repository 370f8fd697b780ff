"""The insurer's normal case (kind 'claim', URG-13 … URG-19): Ny sag, Sagstiltag (Sæt i bero,
Genoptag, Luk, Slet sagen), Erstatningsbeslutning and Sagsbehandler. Each call is one
transaction: the rule (`rules.claim_action`), the version the user saw, the change, its entry in
the case log (Grand log) with who, when and why, and a message to the case handler when someone
else acted on the case."""
from __future__ import annotations

from datetime import datetime, time

from logic import audit, inputs, messages
from logic.access import Action, PermissionDenied, Role, User, decide, deny, require
from logic.clock import Clock, from_local, naive_utc
from logic.errors import Conflict, FieldErrors, Refused
from logic.store import core_repo, urgent_repo
from logic.store.db import Database, Tx
from logic.urgent import rules
from logic.urgent.model import REASON_MAX, ZONE, ClaimAction, ClaimDecision, ClaimDraft, ClaimState
from logic.urgent.services._common import _search_text


def claim_insurers(db: Database, user: User) -> list[dict]:
    """The insurers the user may create a normal case for (URG-13), each with its case handlers."""
    if not decide(user, Action.HANDLE_URGENT):
        return []
    with db.read() as r:
        out = [u for u in urgent_repo.units_of_kind(r, "insurer") if u["id"] in user.units]
        for insurer in out:
            insurer["handlers"] = urgent_repo.insurer_users(r, insurer["id"])
    return out


def create_case(db: Database, clock: Clock, user: User, draft: ClaimDraft) -> str:
    """URG-13 Ny sag: an insurer user creates a normal case of its insurer with a unique case
    number and a case handler among the insurer's users; partners may not."""
    require(decide(user, Action.HANDLE_URGENT))
    with db.tx() as tx:
        insurers = [u["id"] for u in urgent_repo.units_of_kind(tx, "insurer") if u["id"] in user.units]
        if not insurers:
            raise PermissionDenied(deny("urgent.no_portal"))
        if draft.insurer_id is None and len(insurers) == 1:
            draft = draft.model_copy(update={"insurer_id": insurers[0]})
        handlers = ({u["username"] for u in urgent_repo.insurer_users(tx, draft.insurer_id)}
                    if draft.insurer_id in insurers else set())
        errors = rules.check_claim_draft(draft, insurers=insurers, handlers=handlers, now=clock.now())
        case_id = (draft.case_number or "").strip().upper()
        if "case_number" not in errors and urgent_repo.case_id_taken(tx, case_id):
            errors["case_number"] = "urgent.case_number_taken"
        if errors:
            raise FieldErrors(errors)
        now = naive_utc(clock.now())
        title = f"{draft.street}, {draft.postcode} {draft.town}"
        core_repo.insert_case(tx, {
            "id": case_id, "kind": "claim", "subtype": draft.insurer_id, "status": ClaimState.OPEN.value,
            "title": title, "description": draft.short_description, "created_by": user.username,
            "assignee": draft.case_handler, "created_at": now, "updated_at": now, "version": 1,
            "search_text": _search_text(case_id, title, draft.customer, draft.contact_name, draft.short_description)})
        damage = from_local(datetime.combine(draft.damage_date, time(0, 0)), ZONE)
        urgent_repo.insert_claim(tx, {
            **draft.model_dump(include={"street", "postcode", "town", "customer", "contact_name", "contact_phone",
                                        "contact_email", "building_year", "short_description", "notes",
                                        "case_handler"}),
            "case_id": case_id, "insurer_id": draft.insurer_id,
            "contact_type": draft.contact_type.value if draft.contact_type else None,
            "damage_at": naive_utc(damage)})
        audit.record(tx, clock, user.username, case_id, "claim_created", None,
                     {"status": ClaimState.OPEN.value, "case_handler": draft.case_handler})
        if draft.case_handler != user.username:
            messages.send(tx, clock, draft.case_handler, f"Ny sag {case_id}", "Du er sagsbehandler på sagen.",
                          case_id, sender=user.username)
        return case_id


# ------------------------------------------------------------------ the case's actions


def _claim_for(tx: Tx, user: User, case_id: str, action: ClaimAction, expected_version: int) -> dict:
    row = urgent_repo.claim(tx, case_id)
    if row is None or not decide(user, Action.VIEW_CASE, row):
        raise Refused("case.not_found", case_id=case_id)
    require(rules.claim_action(user, row, action))
    if row["version"] != expected_version:
        raise Conflict(case_id)
    return row


def _set_case(tx: Tx, clock: Clock, row: dict, **fields) -> None:
    fields["updated_at"] = naive_utc(clock.now())
    if not core_repo.update_case(tx, row["id"], row["version"], fields):
        raise Conflict(row["id"])


def _tell_handler(tx: Tx, clock: Clock, user: User, row: dict, subject: str, body: str) -> None:
    handler = row.get("case_handler")
    if handler and handler != user.username:
        messages.send(tx, clock, handler, subject, body, row["id"], sender=user.username)


def _state_change(db: Database, clock: Clock, user: User, case_id: str, expected_version: int,
                  action: ClaimAction, to: ClaimState, code: str, subject: str) -> None:
    require(decide(user, Action.HANDLE_URGENT))
    with db.tx() as tx:
        row = _claim_for(tx, user, case_id, action, expected_version)
        closing = to in (ClaimState.CLOSED, ClaimState.DELETED)
        _set_case(tx, clock, row, status=to.value,
                  **({"closed_at": naive_utc(clock.now())} if closing else {}))
        audit.record(tx, clock, user.username, case_id, code, {"status": row["status"]}, {"status": to.value})
        _tell_handler(tx, clock, user, row, subject.format(case_id=case_id), row["title"] or "")


def put_on_hold(db: Database, clock: Clock, user: User, case_id: str, expected_version: int) -> None:
    """URG-14 Sæt i bero: an open case waits; it stays open (on the lists, tasks go on) and no
    claim decision is taken until it is taken back."""
    _state_change(db, clock, user, case_id, expected_version, ClaimAction.HOLD, ClaimState.ON_HOLD,
                  "claim_put_on_hold", "Sag {case_id} er sat i bero")


def resume(db: Database, clock: Clock, user: User, case_id: str, expected_version: int) -> None:
    """URG-14 Genoptag: a case on hold is open again."""
    _state_change(db, clock, user, case_id, expected_version, ClaimAction.RESUME, ClaimState.OPEN,
                  "claim_resumed", "Sag {case_id} er genoptaget")


def close(db: Database, clock: Clock, user: User, case_id: str, expected_version: int) -> None:
    """URG-15 Luk: an open or on-hold case is closed; nothing more is reported on its tasks."""
    _state_change(db, clock, user, case_id, expected_version, ClaimAction.CLOSE, ClaimState.CLOSED,
                  "claim_closed", "Sag {case_id} er lukket")


def delete(db: Database, clock: Clock, user: User, case_id: str, reason: str | None,
           expected_version: int) -> dict[str, int]:
    """URG-16 Slet sagen (authority level 6, a reason): the case is marked deleted and closed;
    its open tasks are cancelled, its files erased (name and size kept), its reports kept; the
    partners no longer see it (the case row loses its company and office, which its detail
    keeps), the insurer's users still find it as Slettet, with its reason in the Grand log."""
    require(decide(user, Action.HANDLE_URGENT))
    reason = inputs.text(reason, REASON_MAX, field="reason", required=True, multiline=True)
    with db.tx() as tx:
        row = _claim_for(tx, user, case_id, ClaimAction.DELETE, expected_version)
        now = naive_utc(clock.now())
        _set_case(tx, clock, row, status=ClaimState.DELETED.value, closed_at=now, category=None, unit_id=None,
                  assignee=None)
        urgent_repo.update_claim(tx, case_id, {"deleted_reason": reason, "deleted_at": now,
                                               "deleted_by": user.username})
        done = {"tasks_cancelled": urgent_repo.cancel_open_tasks(tx, case_id),
                "files_erased": urgent_repo.erase_attachments(tx, case_id, now, user.username)}
        audit.record(tx, clock, user.username, case_id, "claim_deleted", {"status": row["status"]},
                     {"status": ClaimState.DELETED.value, "reason": reason, **done})
        _tell_handler(tx, clock, user, row, f"Sag {case_id} er slettet", reason)
        return done


def decide_claim(db: Database, clock: Clock, user: User, case_id: str, decision: ClaimDecision | str | None,
                 reason: str | None, expected_version: int) -> None:
    """URG-17 Erstatningsbeslutning: Accepter, Afvis or Yderligere info nødvendig, with a reason,
    on an open case; a later decision replaces it, each one kept in the Grand log."""
    require(decide(user, Action.HANDLE_URGENT))
    errors: dict[str, str] = {}
    try:
        chosen = ClaimDecision(decision) if decision else None
    except ValueError:
        chosen = None
    if chosen is None:
        errors["decision"] = rules.REQUIRED
    reason = inputs.text(reason, REASON_MAX, field="reason", required=True, multiline=True, errors=errors)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        row = _claim_for(tx, user, case_id, ClaimAction.DECIDE, expected_version)
        _set_case(tx, clock, row)
        urgent_repo.update_claim(tx, case_id, {"decision": chosen.value, "decision_reason": reason,
                                               "decision_at": naive_utc(clock.now()), "decision_by": user.username})
        audit.record(tx, clock, user.username, case_id, "claim_decided",
                     {"decision": row.get("decision"), "reason": row.get("decision_reason")} if row.get("decision") else None,
                     {"decision": chosen.value, "reason": reason})
        _tell_handler(tx, clock, user, row, f"Erstatningsbeslutning på sag {case_id}", reason)


def change_handler(db: Database, clock: Clock, user: User, case_id: str, handler: str | None,
                   expected_version: int) -> None:
    """URG-18 Sagsbehandler – Rediger: another insurer user of the insurer handles the case; the
    new handler is told."""
    require(decide(user, Action.HANDLE_URGENT))
    if not handler:
        raise FieldErrors({"case_handler": rules.REQUIRED})
    with db.tx() as tx:
        row = _claim_for(tx, user, case_id, ClaimAction.CHANGE_HANDLER, expected_version)
        if handler not in {u["username"] for u in urgent_repo.insurer_users(tx, row["insurer_id"])}:
            raise FieldErrors({"case_handler": "urgent.bad_case_handler"})
        if handler == row.get("case_handler"):
            return
        _set_case(tx, clock, row, assignee=handler)
        urgent_repo.update_claim(tx, case_id, {"case_handler": handler})
        audit.record(tx, clock, user.username, case_id, "case_handler_changed",
                     {"case_handler": row.get("case_handler")}, {"case_handler": handler})
        if handler != user.username:
            messages.send(tx, clock, handler, f"Du er sagsbehandler på sag {case_id}", row["title"] or "",
                          case_id, sender=user.username)


def claim_counts(db: Database, user: User) -> dict[str, int]:
    """URG-19: the insurer user's normal cases by state (open, on_hold, closed, deleted) and the
    open ones by decision (decision.accepted, …, decision.none) — for the start page and the report."""
    if not user.has(Role.INSURER) or not decide(user, Action.VIEW_URGENT):
        return {}
    with db.read() as r:
        rows = urgent_repo.claim_counts(r, list(user.units))
    return tally(rows)


def tally(rows: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {s.value: 0 for s in ClaimState}
    out.update({f"decision.{d.value}": 0 for d in ClaimDecision} | {"decision.none": 0})
    for r in rows:
        out[r["status"]] = out.get(r["status"], 0) + r["n"]
        if r["status"] in (ClaimState.OPEN.value, ClaimState.ON_HOLD.value):
            key = f"decision.{r['decision'] or 'none'}"
            out[key] = out.get(key, 0) + r["n"]
    return out
