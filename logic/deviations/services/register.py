"""Checking and registering a deviation (and asking for a repair from the same form)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from logic import audit
from logic.access import Action, Role, User, decide, require
from logic.clock import Clock, naive_utc, to_local
from logic.deviations import rules
from logic.deviations.model import (
    DeviationDraft,
    RecipientKind,
    Status,
)
from logic.errors import FieldErrors, Refused
from logic.identity import IdentityError, parse_person_id
from logic.store import core_repo, deviations_repo
from logic.store.db import Database, Tx
from logic.deviations.services._common import (
    ZONE,
)

def resolve_subject(tx: Tx, draft: DeviationDraft) -> rules.Subject:
    s = rules.Subject()
    if draft.recipient_id:
        try:
            s.recipient = deviations_repo.recipient(tx, parse_person_id(draft.recipient_id).digits)
        except IdentityError:
            s.recipient = deviations_repo.recipient(tx, draft.recipient_id.strip())
    if draft.device_id:
        s.device = deviations_repo.device(tx, draft.device_id)
    if draft.stock_item_id:
        s.stock_item = deviations_repo.stock_item(tx, draft.stock_item_id)
    if draft.work_order_no:
        s.work_order = deviations_repo.work_order(tx, draft.work_order_no)
        if s.recipient is None and s.work_order and s.work_order.get("recipient_id"):
            s.recipient = deviations_repo.recipient(tx, s.work_order["recipient_id"])   # patient or unit
    article_no = draft.article_no or (s.device or s.stock_item or s.work_order or {}).get("article_no")
    if article_no:
        s.article = deviations_repo.article(tx, article_no)
    return s


def _context(tx: Tx, clock: Clock, user: User, draft: DeviationDraft) -> rules.CheckContext:
    cats = {}
    if draft.event_type is not None:
        cats = {r["code"]: rules.Category(r["code"], r["name_sv"], r["name_en"], r["requires_delivery_ref"],
                                          r.get("name_da"))
                for r in deviations_repo.categories(tx, draft.event_type.value)}
    sites = [u["id"] for u in core_repo.units_by_ids(tx, list(user.units)) if u["kind"] == "service_site"]
    return rules.CheckContext(now_local=to_local(clock.now(), user.tz), user_sites=sites,
                              categories=cats, subject=resolve_subject(tx, draft))


def check_draft(db: Database, clock: Clock, user: User, draft: DeviationDraft) -> dict[str, str]:
    draft = draft.for_its_path()
    with db.read() as r:
        return rules.check(draft, _context(r, clock, user, draft))


# ------------------------------------------------------------------ registration


def _search_text(*parts: Any) -> str:
    return " ".join(str(p) for p in parts if p).lower()


def register_deviation(db: Database, clock: Clock, user: User, draft: DeviationDraft) -> str:
    """Register a deviation or complaint; returns its number (DEV-10)."""
    require(decide(user, Action.REGISTER_DEVIATION))
    draft = draft.for_its_path()
    with db.tx() as tx:
        ctx = _context(tx, clock, user, draft)
        errors = rules.check(draft, ctx)
        if errors:
            raise FieldErrors(errors)
        s = ctx.subject
        now = clock.now()
        local_day = to_local(now, ZONE).date()
        case_id = _next_number(tx, local_day, "AV")
        recipient_id, recipient_kind, recipient_name = _recipient_of(draft, s)
        article_no = draft.article_no or (s.device or s.stock_item or s.work_order or {}).get("article_no")
        article_name = draft.article_name or (s.article or {}).get("name")
        individual_no = draft.individual_no or (s.device or s.stock_item or s.work_order or {}).get("individual_no")
        occurred_utc = naive_utc(_aware_local(draft.occurred_at_local(), user.tz))
        category = ctx.categories[draft.category]
        person_id = recipient_id if recipient_kind is RecipientKind.PATIENT else None
        case_row = {
            "id": case_id, "kind": "deviation", "subtype": draft.event_type.value,
            "category": draft.category, "status": Status.PLANNED.value,
            "title": draft.concerns, "description": draft.what_happened,
            "unit_id": draft.service_site_id, "created_by": user.username,
            "queue": Role.CENTRE_STAFF.value, "person_id": person_id,
            "person_name": recipient_name, "article_no": article_no,
            "individual_no": individual_no, "created_at": naive_utc(now),
            "updated_at": naive_utc(now), "version": 1,
            "search_text": _search_text(case_id, draft.concerns, draft.what_happened, article_no,
                                        article_name, individual_no, category.name_sv,
                                        draft.location, draft.work_order_no),
        }
        core_repo.insert_case(tx, case_row)
        detail = {
            **draft.model_dump(mode="json"),
            "case_id": case_id, "occurred_at": occurred_utc, "prescriber_code": user.prescriber_code,
            "recipient_kind": recipient_kind.value if recipient_kind else None,
            "recipient_id": recipient_id, "recipient_name": recipient_name,
            "article_no": article_no, "article_name": article_name, "individual_no": individual_no,
            "event_type": draft.event_type.value, "path": draft.path.value,
            "desired_action": draft.desired_action.value, "device_return": draft.device_return.value,
            "wanted_back": draft.wanted_back.value if draft.wanted_back else None,
        }
        deviations_repo.insert_deviation(tx, detail)
        audit.record(tx, clock, user.username, case_id, "registered", None,
                     {"status": Status.PLANNED.value, "event_type": draft.event_type.value,
                      "category": draft.category, "path": draft.path.value})
        return case_id


def _next_number(tx: Tx, local_day: date, prefix: str) -> str:
    """DEV-10: the week's next number; a used-up week is a refusal a person can read (the
    transaction rolls back, so the sequence stays at 9999 and nothing is half-written)."""
    seq = core_repo.next_number(tx, rules.number_prefix(local_day, prefix))
    try:
        return rules.deviation_number(local_day, seq, prefix)
    except ValueError:
        raise Refused("dev.number_exhausted") from None


def _aware_local(local: datetime, zone: str) -> datetime:
    from logic.clock import from_local

    return from_local(local, zone)


def _recipient_of(draft: DeviationDraft, s: rules.Subject) -> tuple[str | None, RecipientKind | None, str | None]:
    if s.recipient:
        return s.recipient["id"], RecipientKind(s.recipient["kind"]), s.recipient["name"]
    if s.work_order and s.work_order.get("recipient_id"):
        return s.work_order["recipient_id"], RecipientKind.PATIENT, None
    if draft.recipient_id:
        raw = draft.recipient_id.strip()
        if rules.CUSTOMER_NO.match(raw):
            return raw, RecipientKind.CARE_UNIT, None
        try:
            return parse_person_id(raw).digits, RecipientKind.PATIENT, None
        except IdentityError:
            return None, None, None
    return None, None, None


def request_repair(db: Database, clock: Clock, user: User, draft: DeviationDraft) -> str:
    """DEV-2: wear from normal use becomes a repair request (avhjälpande underhåll)."""
    require(decide(user, Action.REGISTER_DEVIATION))
    draft = draft.for_its_path()
    errors: dict[str, str] = {}
    if not draft.service_site_id:
        errors["service_site_id"] = rules.REQUIRED
    text = draft.what_happened or draft.concerns
    if not text:
        errors["what_happened"] = rules.REQUIRED
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        ctx = _context(tx, clock, user, draft)
        if draft.service_site_id not in ctx.user_sites:
            raise FieldErrors({"service_site_id": "dev.site_not_yours"})
        s = ctx.subject
        now = clock.now()
        local_day = to_local(now, ZONE).date()
        case_id = _next_number(tx, local_day, "RE")
        recipient_id, kind, name = _recipient_of(draft, s)
        article_no = draft.article_no or (s.device or s.stock_item or {}).get("article_no")
        individual_no = draft.individual_no or (s.device or s.stock_item or {}).get("individual_no")
        title = draft.concerns or text[:80]
        core_repo.insert_case(tx, {
            "id": case_id, "kind": "repair", "status": Status.PLANNED.value, "title": title,
            "description": text, "unit_id": draft.service_site_id, "created_by": user.username,
            "queue": Role.CENTRE_STAFF.value,
            "person_id": recipient_id if kind is RecipientKind.PATIENT else None,
            "person_name": name, "article_no": article_no, "individual_no": individual_no,
            "created_at": naive_utc(now), "updated_at": naive_utc(now), "version": 1,
            "search_text": _search_text(case_id, title, text, article_no, individual_no)})
        deviations_repo.insert_repair(tx, {
            "case_id": case_id, "service_site_id": draft.service_site_id,
            "recipient_id": recipient_id, "article_no": article_no, "individual_no": individual_no,
            "description": text, "contact_name": draft.contact_name,
            "contact_phone": draft.contact_phone, "prescriber_code": user.prescriber_code})
        audit.record(tx, clock, user.username, case_id, "repair_requested", None,
                     {"status": Status.PLANNED.value})
        return case_id
