"""Creating an urgent case (URG-4 … URG-6): the draft's check and the case with its tasks."""
from __future__ import annotations

from datetime import datetime, time

from logic import audit
from logic.access import Action, PermissionDenied, Role, User, decide, deny, require
from logic.clock import Clock, from_local, naive_utc
from logic.errors import FieldErrors
from logic.store import core_repo, urgent_repo
from logic.store.db import Database, Tx
from logic.urgent import office_hours, rules
from logic.urgent.model import (
    ZONE,
    TaskKind,
    UrgentDraft,
    UrgentState,
)
from logic.urgent.services._common import _new_task, _search_text
from logic.urgent.services.rights import OfficeRight, _assignable, _office_rights


def check_draft(db: Database, clock: Clock, user: User, draft: UrgentDraft) -> dict[str, str]:
    with db.read() as r:
        return _check(r, clock, user, draft)[0]


def _check(tx: Tx, clock: Clock, user: User,
           draft: UrgentDraft) -> tuple[dict[str, str], OfficeRight | None, UrgentDraft]:
    rights = _office_rights(tx, clock, user)
    permitted = [r for r in rights if r.create]
    if draft.office_id is None and len(permitted) == 1:
        draft = draft.model_copy(update={"office_id": permitted[0].office_id})
    right = next((r for r in permitted if r.office_id == draft.office_id), None)
    assignable = set()
    if right is not None:
        assignable = {o["office_id"] for o in _assignable(tx, user, right.insurer_id, right.company_id, rights)}
    errors = rules.check_draft(
        draft, offices=[r.office_id for r in permitted],
        may_edit_case_id=bool(right and right.settings.may_edit_case_id),
        assignable=assignable, now=clock.now())
    if right is not None and right.settings.may_edit_case_id and "case_number" not in errors \
            and urgent_repo.case_id_taken(tx, rules.partner_number(draft.case_number or "")):
        errors["case_number"] = "urgent.case_number_taken"
    return errors, right, draft


def create_urgent(db: Database, clock: Clock, user: User, draft: UrgentDraft) -> str:
    """URG-4 … URG-6: a partner member creates an urgent case; it joins the company's case list
    with "Akut" in its id and waits in the insurer's queue to be attached (URG-8)."""
    require(decide(user, Action.CREATE_URGENT))
    with db.tx() as tx:
        rights = _office_rights(tx, clock, user)
        if not any(r.create for r in rights):
            raise PermissionDenied(rights[0].create if rights else deny("urgent.no_office"))
        errors, right, draft = _check(tx, clock, user, draft)
        if errors:
            raise FieldErrors(errors)
        now = clock.now()
        local = office_hours.local_time(now)
        if right.settings.may_edit_case_id:
            case_id = rules.partner_number(draft.case_number)
        else:
            seq = core_repo.next_number(tx, f"{rules.URGENT_PREFIX}-{local.year % 100:02d}")
            case_id = rules.urgent_number(local.date(), seq)
        damage_local = datetime.combine(draft.damage_date, draft.damage_time or time(0, 0))
        title = f"{draft.street}, {draft.postcode} {draft.town}"
        core_repo.insert_case(tx, {
            "id": case_id, "kind": "urgent", "subtype": right.insurer_id, "category": right.company_id,
            "status": UrgentState.OPEN.value, "title": title, "description": draft.short_description,
            "unit_id": right.office_id, "created_by": user.username, "queue": Role.INSURER.value,
            "created_at": naive_utc(now), "updated_at": naive_utc(now), "version": 1,
            "search_text": _search_text(case_id, title, draft.customer, draft.contact_name,
                                        draft.short_description, right.office_name, right.company_name)})
        urgent_repo.insert_urgent(tx, {
            **draft.model_dump(include={"street", "postcode", "town", "customer", "contact_name",
                                        "contact_phone", "contact_email", "building_year",
                                        "short_description", "notes"}),
            "case_id": case_id, "insurer_id": right.insurer_id, "company_id": right.company_id,
            "office_id": right.office_id,
            "contact_type": draft.contact_type.value if draft.contact_type else None,
            "damage_at": naive_utc(from_local(damage_local, ZONE)), "registered_at": naive_utc(now),
            "inside_office_hours": office_hours.is_office_hours(right.hours, now),
            "state": UrgentState.OPEN.value})
        audit.record(tx, clock, user.username, case_id, "urgent_created", None, {
            "status": UrgentState.OPEN.value, "office": right.office_id,
            "inside_office_hours": office_hours.is_office_hours(right.hours, now)})
        for kind, office in ((TaskKind.FIRST_AID, draft.first_aid_office),
                             (TaskKind.INSPECTION, draft.inspection_office)):
            if office:
                _new_task(tx, clock, user, case_id, kind, office)
        return case_id
