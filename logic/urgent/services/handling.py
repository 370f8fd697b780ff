"""Handling an urgent case (URG-10, URG-11): Til normal and Tilknyt; and the insurer's own
normal cases (claims), the targets of Tilknyt."""
from __future__ import annotations

from logic import audit, messages
from logic.access import Action, PermissionDenied, User, decide, deny, require
from logic.clock import Clock, naive_utc
from logic.errors import Conflict, FieldErrors, Refused
from logic.store import core_repo, urgent_repo
from logic.store.db import Database, Tx
from logic.urgent import rules
from logic.urgent.model import (
    UrgentState,
)
from logic.urgent.services._common import _search_text, _touch


def _urgent_for_handling(tx: Tx, user: User, case_id: str, expected_version: int) -> dict:
    row = urgent_repo.urgent(tx, case_id)
    if row is None:
        raise Refused("case.not_found", case_id=case_id)
    require(decide(user, Action.HANDLE_URGENT, row))
    if row["version"] != expected_version:
        raise Conflict(case_id)
    return row


def _close_urgent(tx: Tx, clock: Clock, user: User, row: dict, state: UrgentState, **detail: str) -> None:
    now = naive_utc(clock.now())
    if not core_repo.update_case(tx, row["id"], row["version"], {
            "status": state.value, "closed_at": now, "updated_at": now, "queue": None}):
        raise Conflict(row["id"])
    urgent_repo.update_urgent(tx, row["id"], {"state": state.value, "attached_at": now,
                                              "attached_by": user.username, **detail})


def convert_to_normal(db: Database, clock: Clock, user: User, case_id: str, case_number: str,
                      case_handler: str | None, expected_version: int) -> str:
    """URG-10 Til normal: a (unique) case number and a case handler make the urgent case a
    normal case of the insurer; its tasks, reports and attachments go with it."""
    require(decide(user, Action.HANDLE_URGENT))
    errors = rules.convert_errors(case_number, case_handler)
    with db.tx() as tx:
        row = _urgent_for_handling(tx, user, case_id, expected_version)
        new_id = (case_number or "").strip().upper()
        if "case_number" not in errors and urgent_repo.case_id_taken(tx, new_id):
            errors["case_number"] = "urgent.case_number_taken"
        handlers = {u["username"] for u in urgent_repo.insurer_users(tx, row["insurer_id"])}
        if case_handler and case_handler not in handlers:
            errors["case_handler"] = "urgent.bad_case_handler"
        if errors:
            raise FieldErrors(errors)
        now = naive_utc(clock.now())
        core_repo.insert_case(tx, {
            "id": new_id, "kind": "claim", "subtype": row["insurer_id"], "category": row["company_id"],
            "status": "open", "title": row["title"], "description": row["description"],
            "unit_id": row["office_id"], "created_by": row["created_by"], "assignee": case_handler,
            "created_at": row["created_at"], "updated_at": now, "version": 1,
            "search_text": _search_text(new_id, case_id, row["search_text"])})
        urgent_repo.insert_claim(tx, {
            **{k: row.get(k) for k in urgent_repo.CLAIM_COLUMNS},
            "case_id": new_id, "case_handler": case_handler, "converted_from": case_id})
        moved = urgent_repo.move_content(tx, case_id, new_id)
        _close_urgent(tx, clock, user, row, UrgentState.CONVERTED, converted_to=new_id)
        audit.record(tx, clock, user.username, case_id, "converted_to_normal",
                     {"status": UrgentState.OPEN.value},
                     {"status": UrgentState.CONVERTED.value, "case_number": new_id, "case_handler": case_handler})
        audit.record(tx, clock, user.username, new_id, "created_from_urgent", None,
                     {"converted_from": case_id, "case_handler": case_handler, **moved})
        if case_handler != user.username:
            messages.send(tx, clock, case_handler, f"Akutsag {case_id} er nu sag {new_id}",
                          "Du er sagsbehandler på sagen.", new_id)
        return new_id


def link_into(db: Database, clock: Clock, user: User, case_id: str, target_id: str | None,
              expected_version: int) -> dict[str, int]:
    """URG-11 Tilknyt: the urgent case is closed; its tasks, reports and attachments move to an
    existing case of the insurer, whose log links back to the urgent case."""
    require(decide(user, Action.HANDLE_URGENT))
    if not target_id:
        raise FieldErrors({"target": rules.REQUIRED})
    with db.tx() as tx:
        row = _urgent_for_handling(tx, user, case_id, expected_version)
        target = urgent_repo.claim(tx, target_id)
        if target is None or target["id"] == case_id or not decide(user, Action.VIEW_CASE, target):
            raise FieldErrors({"target": "urgent.target_not_found"})
        if target["insurer_id"] != row["insurer_id"]:
            raise FieldErrors({"target": "urgent.target_other_insurer"})
        if target["closed_at"] is not None:
            raise FieldErrors({"target": "urgent.target_closed"})
        moved = urgent_repo.move_content(tx, case_id, target["id"])
        _touch(tx, clock, target)
        _close_urgent(tx, clock, user, row, UrgentState.LINKED, linked_to=target["id"])
        audit.record(tx, clock, user.username, case_id, "linked_into",
                     {"status": UrgentState.OPEN.value},
                     {"status": UrgentState.LINKED.value, "linked_to": target["id"]})
        audit.record(tx, clock, user.username, target["id"], "urgent_linked", None, {
            "linked_from": case_id, "address": row["title"], "description": row["description"], **moved})
        handler = target.get("case_handler")
        if handler and handler != user.username:
            messages.send(tx, clock, handler, f"Akutsag {case_id} er knyttet til sag {target['id']}",
                          row["description"] or "", target["id"])
        return moved


def create_claim(db: Database, clock: Clock, user: User | None, *, insurer_id: str, case_number: str,
                 street: str, postcode: str, town: str, customer: str, short_description: str,
                 case_handler: str | None = None) -> str:
    """A normal case the insurer created itself (a target for Tilknyt). `user` None: installer."""
    if user is not None:
        require(decide(user, Action.HANDLE_URGENT))
        if insurer_id not in user.units:
            raise PermissionDenied(deny("access.not_your_case"))
    error = rules.case_number_error(case_number)
    if error:
        raise FieldErrors({"case_number": error})
    case_id = case_number.strip().upper()
    with db.tx() as tx:
        if urgent_repo.case_id_taken(tx, case_id):
            raise FieldErrors({"case_number": "urgent.case_number_taken"})
        now = naive_utc(clock.now())
        title = f"{street}, {postcode} {town}"
        actor = user.username if user else "casedesk"
        core_repo.insert_case(tx, {
            "id": case_id, "kind": "claim", "subtype": insurer_id, "status": "open", "title": title,
            "description": short_description, "created_by": actor, "assignee": case_handler,
            "created_at": now, "updated_at": now, "version": 1,
            "search_text": _search_text(case_id, title, customer, short_description)})
        urgent_repo.insert_claim(tx, {"case_id": case_id, "insurer_id": insurer_id, "street": street,
                                      "postcode": postcode, "town": town, "customer": customer,
                                      "short_description": short_description, "case_handler": case_handler})
        audit.record(tx, clock, actor, case_id, "claim_created", None, {"status": "open"})
        return case_id
