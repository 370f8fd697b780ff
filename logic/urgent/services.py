"""Urgent-case use cases — the only way a page changes urgent-case data. Each is one
transaction that checks permission and rules and writes the case, its log and messages.

Units: an insurer (kind 'insurer'), its partner companies ('company', parent = insurer) and
their offices ('office', parent = company). Partner members belong to their office and its
company; insurer users belong to the insurer.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, time

from logic import audit, inputs, messages
from logic.access import (ALLOW, Action, Decision, PermissionDenied, Role, User, decide, deny,
                          require)
from logic.cases import open_for_reading
from logic.clock import Clock, from_local, naive_utc
from logic.errors import Conflict, FieldErrors, Msg, Refused
from logic import settings_log as md_log
from logic.store import core_repo, urgent_repo
from logic.store.db import Database, Tx
from logic.urgent import rules
from logic.urgent.model import (
    ZONE,
    BudgetState,
    CreatePermission,
    ReportPeriod,
    TaskKind,
    UrgentDraft,
    UrgentState,
)

REPORT_TEXT_MAX = 4000
LIST_SEARCH_MAX = 100            # the case list's search box
UNIT_NAME_MAX = 120              # a partner company's or office's name
BUDGET_MAX = 10_000_000


# ------------------------------------------------------------------ settings, read


def _portal(tx: Tx, insurer_id: str) -> rules.PortalSettings:
    row = urgent_repo.portal(tx, insurer_id)
    if row is None:
        return rules.PortalSettings(insurer_id)
    return rules.PortalSettings(insurer_id, bool(row["enhanced"]), row["report_period"])


def portal_in(tx: Tx, insurer_id: str) -> rules.PortalSettings:
    """The insurer's portal settings inside the caller's transaction (the offices kind's check)."""
    return _portal(tx, insurer_id)


def _hours(tx: Tx, company_id: str) -> rules.OfficeHours:
    row = urgent_repo.office_hours(tx, company_id)
    if row is None:
        return rules.OfficeHours()
    return rules.OfficeHours(row["start_time"], row["end_time"])


def _settings(tx: Tx, office_id: str) -> rules.OfficeSettings:
    row = urgent_repo.office_settings(tx, office_id)
    if row is None:
        return rules.OfficeSettings(office_id)
    return rules.OfficeSettings(office_id, CreatePermission(row["create_permission"]),
                                bool(row["may_assign_other_partners"]), bool(row["may_edit_case_id"]))


@dataclass(frozen=True)
class OfficeRight:
    """What a partner member may do from one of their offices right now (URG-1 … URG-4)."""
    office_id: str
    office_name: str
    company_id: str
    company_name: str
    insurer_id: str
    settings: rules.OfficeSettings    # effective: the extra rights only when enhanced (URG-3)
    hours: rules.OfficeHours
    create: Decision


def _office_rights(tx: Tx, clock: Clock, user: User) -> list[OfficeRight]:
    out = []
    for unit_id in user.units:
        scope = urgent_repo.office_scope(tx, unit_id)
        if scope is None:
            continue
        portal = _portal(tx, scope["insurer_id"])
        settings = rules.effective(_settings(tx, unit_id), portal)
        hours = _hours(tx, scope["company_id"])
        out.append(OfficeRight(unit_id, scope["office_name"], scope["company_id"], scope["company_name"],
                               scope["insurer_id"], settings, hours,
                               rules.may_create_now(settings, hours, clock.now())))
    return out


def office_rights(db: Database, clock: Clock, user: User) -> list[OfficeRight]:
    if not user.has(Role.PARTNER):
        return []
    with db.read() as r:
        return _office_rights(r, clock, user)


def create_decision(db: Database, clock: Clock, user: User) -> Decision:
    """URG-4: "+ Ny akutsag" only for a member of a permitted office at a permitted time."""
    first = decide(user, Action.CREATE_URGENT)
    if not first:
        return first
    rights = office_rights(db, clock, user)
    if not rights:
        return deny("urgent.no_office")
    for right in rights:
        if right.create:
            return ALLOW
    return rights[0].create


def _assignable(tx: Tx, user: User, insurer_id: str, company_id: str | None,
                rights: list[OfficeRight]) -> list[dict]:
    """Offices a task may be given to: an insurer user — any office of the insurer; a partner —
    the offices of its own company, and of other partners only with the URG-3 right."""
    offices = urgent_repo.offices_of_insurer(tx, insurer_id)
    if user.has(Role.INSURER) and insurer_id in user.units:
        return offices
    mine = [r for r in rights if r.insurer_id == insurer_id and r.company_id == company_id]
    if not mine:
        return []
    if any(r.settings.may_assign_other_partners for r in mine):
        return offices
    return [o for o in offices if o["company_id"] == company_id]


def assignable_offices(db: Database, clock: Clock, user: User, office_id: str) -> list[dict]:
    """For the form: where the tasks of a new case from `office_id` may go."""
    with db.read() as r:
        scope = urgent_repo.office_scope(r, office_id)
        if scope is None:
            return []
        return _assignable(r, user, scope["insurer_id"], scope["company_id"], _office_rights(r, clock, user))


# ------------------------------------------------------------------ create (URG-5, URG-6)


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
        local = rules.local_time(now)
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
            "inside_office_hours": rules.is_office_hours(right.hours, now),
            "state": UrgentState.OPEN.value})
        audit.record(tx, clock, user.username, case_id, "urgent_created", None, {
            "status": UrgentState.OPEN.value, "office": right.office_id,
            "inside_office_hours": rules.is_office_hours(right.hours, now)})
        for kind, office in ((TaskKind.FIRST_AID, draft.first_aid_office),
                             (TaskKind.INSPECTION, draft.inspection_office)):
            if office:
                _new_task(tx, clock, user, case_id, kind, office)
        return case_id


def _search_text(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p).lower()


# ------------------------------------------------------------------ reading


def tasks_scope(tx: Tx, user: User) -> list[str]:
    """access.USER_SCOPES[rules.TASKS]: for a partner, the cases with a task for one of the
    partner's offices beyond the own company's and offices' cases (URG-6)."""
    return urgent_repo.task_cases(tx, list(user.units)) if user.has(Role.PARTNER) else []


def _load(tx: Tx, case_id: str) -> dict | None:
    row = urgent_repo.urgent(tx, case_id)
    if row is None:
        row = urgent_repo.claim(tx, case_id)
    return row


def get_case(db: Database, clock: Clock, user: User, case_id: str) -> dict:
    """An urgent or claim case as the user may see it, with tasks, reports and attachments
    and what the user may do with each."""
    with db.read() as r:
        row, _ = open_for_reading(r, user, case_id, _load)
        rights = _office_rights(r, clock, user)
        row["tasks"] = urgent_repo.tasks(r, case_id)
        row["reports"] = urgent_repo.reports(r, case_id)
        row["attachments"] = urgent_repo.attachments(r, case_id)
        row["events"] = core_repo.events(r, case_id)
        insurer, company, _ = rules.scope(row)
        open_case = row["closed_at"] is None
        row["assignable"] = _assignable(r, user, insurer, company, rights) if open_case else []
        row["case_handlers"] = urgent_repo.insurer_users(r, insurer) if rules.is_insurer_of(user, row) else []
    row["may_handle"] = decide(user, Action.HANDLE_URGENT, row).allowed and row["kind"] == "urgent"
    row["may_assign"] = bool(row["assignable"])
    for task in row["tasks"]:
        mine = user.has(Role.PARTNER) and task.get("office_id") in user.units and open_case
        task["may_report"] = mine and rules.may_report(task).allowed
        # why not (yet), said to the partner office the task is assigned to, on an open case
        task["report_refusal"] = rules.may_report(task).reason if mine and not rules.may_report(task) else None
        task["may_submit_budget"] = mine and rules.may_submit_budget(task).allowed
        task["may_decide_budget"] = (open_case and rules.is_insurer_of(user, row)
                                     and task["budget_state"] == BudgetState.SUBMITTED.value)
        task["may_upload"] = open_case and (mine or rules.is_insurer_of(user, row))
    return row


def list_cases(db: Database, clock: Clock, user: User, *, urgent_only: bool = False,
               open_only: bool = False, text: str | None = None, limit: int = 500) -> list[dict]:
    """The case list (sagsliste): urgent and normal cases the user may see (URG-6, URG-8)."""
    require(decide(user, Action.VIEW_URGENT))
    text = inputs.text(text, LIST_SEARCH_MAX, field="text")     # refused, never cut
    units = list(user.units)
    with db.read() as r:
        rows = urgent_repo.list_cases(
            r, insurer_ids=units if user.has(Role.INSURER) else [],
            company_ids=units if user.has(Role.PARTNER) else [],
            office_ids=units if user.has(Role.PARTNER) else [],
            urgent_only=urgent_only, open_only=open_only, text=text, limit=limit)
    return [row for row in rows if decide(user, Action.VIEW_CASE, row)]


def pending_count(db: Database, user: User) -> int:
    """URG-8: "X sag(er) skal tilknyttes" for insurer users."""
    if not user.has(Role.INSURER) or not decide(user, Action.VIEW_URGENT):
        return 0
    with db.read() as r:
        return urgent_repo.pending_count(r, list(user.units))


def attachment(db: Database, user: User, attachment_id: int) -> dict:
    with db.read() as r:
        row = urgent_repo.attachment(r, attachment_id)
        if row is None:
            raise Refused("urgent.attachment_not_found")
        case = _load(r, row["case_id"])
    require(decide(user, Action.VIEW_CASE, case))
    return row


def link_targets(db: Database, user: User, case_id: str) -> list[dict]:
    with db.read() as r:
        row = urgent_repo.urgent(r, case_id)
        if row is None:
            return []
        require(decide(user, Action.HANDLE_URGENT, row))
        return urgent_repo.link_targets(r, row["insurer_id"], case_id)


# ------------------------------------------------------------------ tasks (URG-5, URG-7)


def _touch(tx: Tx, clock: Clock, case: dict) -> None:
    if not core_repo.update_case(tx, case["id"], case["version"], {"updated_at": naive_utc(clock.now())}):
        raise Conflict(case["id"])


def _new_task(tx: Tx, clock: Clock, user: User, case_id: str, kind: TaskKind, office_id: str | None) -> int:
    now = naive_utc(clock.now())
    task_id = urgent_repo.insert_task(tx, {
        "case_id": case_id, "kind": kind.value, "office_id": office_id,
        "budget_state": rules.initial_budget(kind).value, "created_at": now, "created_by": user.username,
        "assigned_at": now if office_id else None, "assigned_by": user.username if office_id else None})
    audit.record(tx, clock, user.username, case_id, "task_assigned", None,
                 {"task": task_id, "kind": kind.value, "office": office_id})
    return task_id


def assign_task(db: Database, clock: Clock, user: User, case_id: str, kind: TaskKind,
                office_id: str | None) -> int:
    """Give the case's first-aid or inspection task to an office (or take it back: None)."""
    require(decide(user, Action.VIEW_URGENT))
    with db.tx() as tx:
        case = _load(tx, case_id)
        if case is None:
            raise Refused("case.not_found", case_id=case_id)
        require(decide(user, Action.VIEW_CASE, case))
        if case["closed_at"] is not None:
            raise Refused("urgent.case_closed")
        insurer, company, _ = rules.scope(case)
        allowed = {o["office_id"] for o in _assignable(tx, user, insurer, company, _office_rights(tx, clock, user))}
        if not allowed:
            raise PermissionDenied(deny("urgent.may_not_assign"))
        if office_id is not None and office_id not in allowed:
            raise FieldErrors({"office_id": "urgent.may_not_assign_office"})
        existing = next((t for t in urgent_repo.tasks(tx, case_id)
                         if t["kind"] == kind.value and t["status"] == "open"), None)
        _touch(tx, clock, case)
        if existing is None:
            return _new_task(tx, clock, user, case_id, kind, office_id)
        if existing["office_id"] == office_id:
            return existing["id"]
        urgent_repo.update_task(tx, existing["id"], {
            "office_id": office_id, "assigned_at": naive_utc(clock.now()), "assigned_by": user.username})
        audit.record(tx, clock, user.username, case_id, "task_assigned",
                     {"task": existing["id"], "office": existing["office_id"]},
                     {"task": existing["id"], "office": office_id})
        return existing["id"]


def _task_for_change(tx: Tx, user: User, task_id: int) -> tuple[dict, dict]:
    task = urgent_repo.task(tx, task_id)
    if task is None:
        raise Refused("urgent.task_not_found")
    case = _load(tx, task["case_id"])
    require(decide(user, Action.VIEW_CASE, case))
    if case["closed_at"] is not None:
        raise Refused("urgent.case_closed")
    return task, case


def _require_task_office(user: User, task: dict) -> None:
    if not (user.has(Role.PARTNER) and task.get("office_id") in user.units):
        raise PermissionDenied(deny("urgent.not_your_task"))


def report_on_task(db: Database, clock: Clock, user: User, task_id: int, text: str) -> None:
    """URG-7: the assigned office reports; first aid at once, inspection after its budget."""
    text = inputs.text(text, REPORT_TEXT_MAX, field="text", required=True, multiline=True)
    with db.tx() as tx:
        task, case = _task_for_change(tx, user, task_id)
        _require_task_office(user, task)
        require(rules.may_report(task))
        now = naive_utc(clock.now())
        _touch(tx, clock, case)
        urgent_repo.insert_report(tx, task_id, case["id"], text, now, user.username)
        audit.record(tx, clock, user.username, case["id"], "task_reported", None,
                     {"task": task_id, "kind": task["kind"]})


def submit_budget(db: Database, clock: Clock, user: User, task_id: int, amount: float | None) -> None:
    """URG-7: an inspection task follows the normal budget path: the office submits a budget."""
    if amount is None:
        raise FieldErrors({"amount": rules.REQUIRED})
    if not 0 < amount <= BUDGET_MAX:
        raise FieldErrors({"amount": "urgent.bad_amount"})
    with db.tx() as tx:
        task, case = _task_for_change(tx, user, task_id)
        _require_task_office(user, task)
        require(rules.may_submit_budget(task))
        _touch(tx, clock, case)
        urgent_repo.update_task(tx, task_id, {"budget_state": BudgetState.SUBMITTED.value,
                                              "budget_amount": round(float(amount), 2)})
        audit.record(tx, clock, user.username, case["id"], "budget_submitted",
                     {"task": task_id, "budget": task["budget_state"]},
                     {"task": task_id, "budget": BudgetState.SUBMITTED.value, "amount": round(float(amount), 2)})


def decide_budget(db: Database, clock: Clock, user: User, task_id: int, approve: bool) -> None:
    """The insurer approves or rejects a submitted budget."""
    with db.tx() as tx:
        task, case = _task_for_change(tx, user, task_id)
        if not rules.is_insurer_of(user, case):
            raise PermissionDenied(deny("access.not_your_case"))
        if task["budget_state"] != BudgetState.SUBMITTED.value:
            raise Refused("urgent.budget_not_submitted")
        state = BudgetState.APPROVED if approve else BudgetState.REJECTED
        _touch(tx, clock, case)
        urgent_repo.update_task(tx, task_id, {"budget_state": state.value})
        audit.record(tx, clock, user.username, case["id"], "budget_decided",
                     {"task": task_id, "budget": task["budget_state"]}, {"task": task_id, "budget": state.value})


def upload_attachment(db: Database, clock: Clock, user: User, task_id: int, filename: str,
                      content: bytes) -> int:
    """Photos (JPEG, PNG) and PDFs up to 10 MB on a task; the type is read from the content.
    The same file twice on one task (same SHA-256, e.g. a second click) is refused."""
    error = rules.attachment_error(filename, content)
    if error:
        raise FieldErrors({"file": error})
    mime = rules.sniff(content)
    digest = hashlib.sha256(content).hexdigest()
    with db.tx() as tx:
        task, case = _task_for_change(tx, user, task_id)
        if not (rules.is_insurer_of(user, case) or (user.has(Role.PARTNER) and task.get("office_id") in user.units)):
            raise PermissionDenied(deny("urgent.not_your_task"))
        already = urgent_repo.same_attachment(tx, task_id, len(content), digest)
        if already is not None:
            raise FieldErrors({"file": Msg("urgent.file_duplicate", name=already)})
        name = rules.safe_filename(filename, mime)
        _touch(tx, clock, case)
        attachment_id = urgent_repo.insert_attachment(tx, {
            "task_id": task_id, "case_id": case["id"], "filename": name, "mime": mime,
            "size_bytes": len(content), "content": content, "uploaded_at": naive_utc(clock.now()),
            "uploaded_by": user.username})
        audit.record(tx, clock, user.username, case["id"], "attachment_added", None,
                     {"task": task_id, "file": name, "type": mime, "bytes": len(content)})
        return attachment_id


# ------------------------------------------------------------------ Til normal / Tilknyt (URG-10, URG-11)


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
    errors: dict[str, str] = {}
    number_error = rules.case_number_error(case_number)
    if number_error:
        errors["case_number"] = number_error
    if not case_handler:
        errors["case_handler"] = rules.REQUIRED
    with db.tx() as tx:
        row = _urgent_for_handling(tx, user, case_id, expected_version)
        new_id = (case_number or "").strip().upper()
        if not number_error and urgent_repo.case_id_taken(tx, new_id):
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


# ------------------------------------------------------------------ normal cases of the insurer


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


# ------------------------------------------------------------------ administration (URG-1 … URG-3)


def administered_insurers(db: Database, user: User) -> list[dict]:
    """Insurers whose portal the user may administer: an admin all, an insurer user its own."""
    require(decide(user, Action.ADMIN_URGENT))
    with db.read() as r:
        insurers = urgent_repo.units_of_kind(r, "insurer")
    if user.has(Role.ADMIN):
        return insurers
    return [i for i in insurers if i["id"] in user.units]


def own_insurers(db: Database, user: User) -> list[dict]:
    """The insurers an insurer user belongs to."""
    with db.read() as r:
        return [i for i in urgent_repo.units_of_kind(r, "insurer") if i["id"] in user.units]


def _require_admin_of(user: User | None, insurer_id: str | None) -> None:
    """The one rule for every settings change of an insurer's portal, companies and offices
    (`rules.may_administer`), from the urgent admin page and from master data alike."""
    require(rules.may_administer(user, insurer_id))


def _actor(user: User | None) -> str:
    return user.username if user else "casedesk"


def portal_settings(db: Database, insurer_id: str) -> rules.PortalSettings:
    with db.read() as r:
        return _portal(r, insurer_id)


def offices(db: Database, insurer_id: str) -> list[dict]:
    with db.read() as r:
        rows = urgent_repo.offices_of_insurer(r, insurer_id)
        portal = _portal(r, insurer_id)
    for row in rows:
        if not portal.enhanced:
            row["may_assign_other_partners_effective"] = False
            row["may_edit_case_id_effective"] = False
        else:
            row["may_assign_other_partners_effective"] = row["may_assign_other_partners"]
            row["may_edit_case_id_effective"] = row["may_edit_case_id"]
    return rows


def companies(db: Database, insurer_id: str) -> list[dict]:
    with db.read() as r:
        out = urgent_repo.units_of_kind(r, "company", insurer_id)
        for c in out:
            c["hours"] = _hours(r, c["id"])
    return out


SCREEN = "screen:urgent_admin"     # the settings log's source for the urgent admin page (ADM-3)


def set_portal_settings(db: Database, clock: Clock, user: User | None, insurer_id: str, *,
                        enhanced: bool, report_period: ReportPeriod) -> None:
    """URG-3 and URG-12 portal settings; every change is logged in the security log and the
    settings log (ADM-3)."""
    _require_admin_of(user, insurer_id)
    with db.tx() as tx:
        before = _portal(tx, insurer_id)
        after = rules.PortalSettings(insurer_id, bool(enhanced), ReportPeriod(report_period).value)
        if before == after and urgent_repo.portal(tx, insurer_id) is not None:
            return
        urgent_repo.upsert_portal(tx, insurer_id, after.enhanced, after.report_period,
                                  naive_utc(clock.now()), _actor(user))
        audit.security(tx, clock, _actor(user), "urgent_portal_settings",
                       f"{insurer_id}: enhanced {before.enhanced} -> {after.enhanced}, "
                       f"report {before.report_period} -> {after.report_period}")
        md_log.record(tx, clock, _actor(user), "urgent_portal", insurer_id,
                      {"enhanced": before.enhanced, "report_period": before.report_period},
                      {"enhanced": after.enhanced, "report_period": after.report_period}, SCREEN)


def hours_columns(hours: rules.OfficeHours) -> dict[str, str]:
    """Office hours as the office_hours kind and the settings log name them."""
    return {"start_time": f"{hours.start:%H:%M}", "end_time": f"{hours.end:%H:%M}"}


def write_office_hours(tx: Tx, clock: Clock, user: User | None, company_id: str,
                       start: time | None, end: time | None) -> rules.OfficeHours:
    """URG-2 in the caller's transaction — the urgent admin page's and the office_hours kind's
    one way to set a company's office hours: checked (`rules.office_hours_error`, and who may:
    `rules.may_administer`), stored, in the security log. Returns the hours before."""
    errors = rules.office_hours_error(start, end)
    if errors:
        raise FieldErrors(errors)
    company = core_repo.unit(tx, company_id)
    if company is None or company["kind"] != "company":
        raise Refused("urgent.unknown_company")
    _require_admin_of(user, company["parent_id"])
    before = _hours(tx, company_id)
    urgent_repo.upsert_office_hours(tx, company_id, start, end, naive_utc(clock.now()), _actor(user))
    audit.security(tx, clock, _actor(user), "urgent_office_hours",
                   f"{company_id}: {before.label()} -> {rules.OfficeHours(start, end).label()}")
    return before


def set_office_hours(db: Database, clock: Clock, user: User | None, company_id: str,
                     start: time | None, end: time | None) -> None:
    """URG-2: office hours (kontortid) of a company; in the security log and the settings log."""
    errors = rules.office_hours_error(start, end)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        before = write_office_hours(tx, clock, user, company_id, start, end)
        md_log.record(tx, clock, _actor(user), "office_hours", company_id, hours_columns(before),
                      hours_columns(rules.OfficeHours(start, end)), SCREEN)


def settings_columns(settings: rules.OfficeSettings) -> dict[str, object]:
    """An office's URG-1/URG-3 settings as the offices kind and the settings log name them."""
    return {"create_permission": settings.create_permission.value,
            "may_assign_other_partners": settings.may_assign_other_partners,
            "may_edit_case_id": settings.may_edit_case_id}


def write_office_settings(tx: Tx, clock: Clock, user: User | None,
                          after: rules.OfficeSettings) -> rules.OfficeSettings | None:
    """URG-1/URG-3 in the caller's transaction — the urgent admin page's and the offices kind's
    one way to change an office's permissions: who may (`rules.may_administer`: an insurer
    only its own offices), no new extra right while enhanced urgent cases are off
    (`rules.settings_errors`), in the security log with before -> after. Returns the settings
    before, or None when nothing changed."""
    scope = urgent_repo.office_scope(tx, after.office_id)
    if scope is None:
        raise Refused("urgent.unknown_office")
    _require_admin_of(user, scope["insurer_id"])
    before = _settings(tx, after.office_id)
    errors = rules.settings_errors(after, _portal(tx, scope["insurer_id"]), before)
    if errors:
        raise FieldErrors(errors)
    if before == after and urgent_repo.office_settings(tx, after.office_id) is not None:
        return None
    urgent_repo.upsert_office_settings(tx, after.office_id, after.create_permission.value,
                                       after.may_assign_other_partners, after.may_edit_case_id,
                                       naive_utc(clock.now()), _actor(user))
    audit.security(tx, clock, _actor(user), "urgent_office_settings",
                   f"{after.office_id}: create {before.create_permission.value} -> {after.create_permission.value}, "
                   f"assign_other {before.may_assign_other_partners} -> {after.may_assign_other_partners}, "
                   f"edit_case_id {before.may_edit_case_id} -> {after.may_edit_case_id}")
    return before


def set_office_settings(db: Database, clock: Clock, user: User | None, office_id: str, *,
                        create_permission: CreatePermission, may_assign_other_partners: bool = False,
                        may_edit_case_id: bool = False) -> None:
    """URG-1/URG-3: per office "may create urgent cases" and, with enhanced urgent cases on,
    the two extra rights. In the security log and the settings log (ADM-3) with before -> after."""
    after = rules.OfficeSettings(office_id, CreatePermission(create_permission),
                                 bool(may_assign_other_partners), bool(may_edit_case_id))
    with db.tx() as tx:
        before = write_office_settings(tx, clock, user, after)
        if before is not None:
            md_log.record(tx, clock, _actor(user), "offices", office_id, settings_columns(before),
                          settings_columns(after), SCREEN)


def write_office(tx: Tx, clock: Clock, user: User | None, row: dict, before: dict | None) -> None:
    """ADM-8: an office as master data, in the caller's transaction — the unit (name, company,
    city, active), its details, its permissions (through `write_office_settings`, the urgent
    admin page's rule) and its members (each a member of the office and of its company). Who
    may: `rules.may_administer` for the office's insurer (and the one it leaves)."""
    office_id = row["id"]
    company = core_repo.unit(tx, row["company_id"])
    if company is None or company["kind"] != "company":
        raise Refused("urgent.unknown_company")
    _require_admin_of(user, company["parent_id"])
    old_company = before.get("company_id") if before else None
    if old_company and old_company != row["company_id"]:
        old = core_repo.unit(tx, old_company)
        _require_admin_of(user, old["parent_id"] if old else None)
    now, actor = naive_utc(clock.now()), _actor(user)
    urgent_repo.upsert_office_unit(tx, row)
    if before is None:
        audit.security(tx, clock, actor, "urgent_office_created", f"{row['company_id']}/{office_id}")
    details = {c: row.get(c) for c in urgent_repo.OFFICE_DETAILS}
    if before is None or any(before.get(c) != v for c, v in details.items()) or old_company != row["company_id"]:
        urgent_repo.upsert_office_details(tx, office_id, details, now, actor)
        audit.security(tx, clock, actor, "urgent_office_details", f"{row['company_id']}/{office_id}")
    write_office_settings(tx, clock, user, rules.OfficeSettings(
        office_id, CreatePermission(row.get("create_permission") or CreatePermission.NEVER.value),
        bool(row.get("may_assign_other_partners")), bool(row.get("may_edit_case_id"))))
    members = set(row.get("members") or [])
    was = set(urgent_repo.office_members(tx, office_id))
    for username in sorted(members - was):
        urgent_repo.add_member(tx, username, office_id)
        audit.security(tx, clock, actor, "urgent_member_added", f"{username} -> {office_id}")
    for username in sorted(members):
        urgent_repo.add_member(tx, username, row["company_id"])
    for username in sorted(was - members):
        urgent_repo.remove_member(tx, username, office_id)
        audit.security(tx, clock, actor, "urgent_member_removed", f"{username} -> {office_id}")
    for username in sorted(was | members):
        for company_id in {row["company_id"], old_company} - {None}:
            urgent_repo.drop_company_without_office(tx, username, company_id)


def settings_log(db: Database, user: User, insurer_id: str, limit: int = 100) -> list[dict]:
    """The logged setting changes of one insurer's portal, its companies and offices."""
    _require_admin_of(user, insurer_id)
    with db.read() as r:
        ids = {insurer_id} | {c["id"] for c in urgent_repo.units_of_kind(r, "company", insurer_id)}
        ids |= {o["office_id"] for o in urgent_repo.offices_of_insurer(r, insurer_id)}
        entries = urgent_repo.settings_log(r, limit * 5)
    return [e for e in entries if ids & set(re.findall(r"[\w.-]+", e["detail"] or ""))][:limit]


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("æ", "ae").replace("å", "aa")
                                       .replace("Ø", "O").replace("Æ", "AE").replace("Å", "AA"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.encode("ascii", "ignore").decode().lower()).strip("-")[:40]


def create_insurer(db: Database, clock: Clock, user: User | None, name: str, unit_id: str | None = None) -> str:
    if user is not None and not user.has(Role.ADMIN):
        raise PermissionDenied(deny("access.role_missing", action="admin_urgent"))
    unit_id = unit_id or f"ins-{_slug(name)}"
    with db.tx() as tx:
        core_repo.insert_unit(tx, {"id": unit_id, "code": None, "name": name, "kind": "insurer"})
        audit.security(tx, clock, _actor(user), "urgent_insurer_created", unit_id)
    return unit_id


def create_company(db: Database, clock: Clock, user: User | None, insurer_id: str, name: str,
                   city: str | None = None) -> str:
    """A partner company of the insurer (with the default office hours 08:00–16:00)."""
    _require_admin_of(user, insurer_id)
    name = inputs.text(name, UNIT_NAME_MAX, field="name", required=True)
    with db.tx() as tx:
        unit_id = f"co-{_slug(name)}"
        if core_repo.unit(tx, unit_id):
            raise FieldErrors({"name": "urgent.name_taken"})
        core_repo.insert_unit(tx, {"id": unit_id, "name": name, "kind": "company",
                                   "parent_id": insurer_id, "city": city})
        audit.security(tx, clock, _actor(user), "urgent_company_created", f"{insurer_id}/{unit_id}")
    return unit_id


def create_office(db: Database, clock: Clock, user: User | None, company_id: str, name: str,
                  city: str | None = None) -> str:
    """An office of a partner company; may create urgent cases: Aldrig until set (URG-1)."""
    name = inputs.text(name, UNIT_NAME_MAX, field="name", required=True)
    with db.tx() as tx:
        company = core_repo.unit(tx, company_id)
        if company is None or company["kind"] != "company":
            raise Refused("urgent.unknown_company")
        _require_admin_of(user, company["parent_id"])
        unit_id = f"{company_id.removeprefix('co-')}-{_slug(name)}"[:60]
        if core_repo.unit(tx, unit_id):
            raise FieldErrors({"name": "urgent.name_taken"})
        core_repo.insert_unit(tx, {"id": unit_id, "name": name, "kind": "office",
                                   "parent_id": company_id, "city": city})
        audit.security(tx, clock, _actor(user), "urgent_office_created", f"{company_id}/{unit_id}")
    return unit_id


def add_member(db: Database, clock: Clock, user: User | None, username: str, unit_id: str) -> None:
    """Make a user a member of an office (and its company) or of an insurer."""
    with db.tx() as tx:
        unit = core_repo.unit(tx, unit_id)
        if unit is None or unit["kind"] not in ("office", "insurer"):
            raise Refused("urgent.unknown_office")
        if unit["kind"] == "office":
            scope = urgent_repo.office_scope(tx, unit_id)
            _require_admin_of(user, scope["insurer_id"])
            urgent_repo.add_member(tx, username, unit_id)
            urgent_repo.add_member(tx, username, scope["company_id"])
        else:
            _require_admin_of(user, unit_id)
            urgent_repo.add_member(tx, username, unit_id)
        audit.security(tx, clock, _actor(user), "urgent_member_added", f"{username} -> {unit_id}")


def insurer_users(db: Database, insurer_id: str) -> list[dict]:
    with db.read() as r:
        return urgent_repo.insurer_users(r, insurer_id)

