"""Deviation use cases — the only way a page changes deviation data. Each is one transaction
that checks permission and rules, writes the case, its log entries and messages."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from logic import audit, inputs, messages
from logic.board import present
from logic.access import Action, Role, User, decide, require
from logic.cases import open_for_reading
from logic.clock import Clock, naive_utc, to_local
from logic.deviations import rules
from logic.deviations.model import (
    DeviationDraft,
    EventType,
    RecipientKind,
    ReportState,
    Status,
)
from logic.errors import Conflict, FieldErrors, Refused
from logic.identity import IdentityError, parse_person_id
from logic import settings_log as md_log
from logic.store import core_repo, deviations_repo
from logic.store.db import Database, Tx

ZONE = "Europe/Stockholm"   # the service's zone; numbers follow its calendar weeks
# Lengths of what is typed outside the draft (X-7: refused at the field, never cut)
ANSWER_MAX = 4000
INVESTIGATION_MAX = 8000
CATEGORY_CODE_MAX = 30
CATEGORY_NAME_MAX = 100
PRESCRIBER_CODE_MAX = 20
NUMBER_PREFIX_MAX = 12


# ------------------------------------------------------------------ look-ups for the form


def user_sites(db: Database, user: User) -> list[dict]:
    """DEV-5: the service sites (tjänsteställen) a user may register for."""
    with db.read() as r:
        return [u for u in core_repo.units_by_ids(r, list(user.units)) if u["kind"] == "service_site"]


def search_sites(db: Database, user: User) -> list[dict]:
    """DEV-13: the sites a user may filter the search by — centre staff and handlers every
    service site, others their own."""
    if user.has(Role.CENTRE_STAFF, Role.HANDLER):
        with db.read() as r:
            return core_repo.units(r, "service_site")
    return user_sites(db, user)


def categories_for(db: Database, event_type: EventType | None) -> dict[str, rules.Category]:
    """DEV-6: the category list depends on the event type."""
    if event_type is None:
        return {}
    with db.read() as r:
        rows = deviations_repo.categories(r, event_type.value)
    return {row["code"]: rules.Category(row["code"], row["name_sv"], row["name_en"],
                                        row["requires_delivery_ref"], row.get("name_da")) for row in rows}


def find_recipient(db: Database, clock: Clock, user: User, raw_id: str) -> tuple[dict | None, list[dict]]:
    """DEV-5: search a recipient by personal identity number (a patient; the look-up is logged,
    X-2) or by customer number (a care unit, DEV-4 a: "patient/vårdenhet")."""
    require(decide(user, Action.REGISTER_DEVIATION))
    raw = (raw_id or "").strip()
    if rules.CUSTOMER_NO.match(raw):
        with db.read() as r:
            unit = deviations_repo.recipient(r, raw)
            if rules.is_care_unit(unit):
                return unit, deviations_repo.recipient_devices(r, raw)
    try:
        pid = parse_person_id(raw_id)
    except IdentityError as e:
        raise Refused(e.key, field="recipient_id") from None
    with db.read() as r:
        found = deviations_repo.recipient(r, pid.digits)
        devices = deviations_repo.recipient_devices(r, pid.digits) if found else []
    if found:
        audit.log_person_view(db, clock, user.username, pid.digits, None, "register_deviation")
    return found, devices


def stock_items(db: Database, individual: bool) -> list[dict]:
    with db.read() as r:
        return deviations_repo.stock_items(r, individual)


def find_work_order(db: Database, no: str) -> dict | None:
    with db.read() as r:
        return deviations_repo.work_order(r, no)


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
            "contact_phone": draft.contact_phone})
        audit.record(tx, clock, user.username, case_id, "repair_requested", None,
                     {"status": Status.PLANNED.value})
        return case_id


# ------------------------------------------------------------------ reading


def get_deviation(db: Database, clock: Clock, user: User, case_id: str,
                  reveal_person: bool = True) -> dict:
    """The case as the user may see it. The personal identity number is included only for
    roles that need it, and every time it is, the view is logged (X-2)."""
    with db.read() as r:
        row, may_see_id = open_for_reading(r, user, case_id, deviations_repo.deviation)
    if row.get("recipient_kind") == RecipientKind.PATIENT.value and row.get("recipient_id"):
        if may_see_id and reveal_person:
            audit.log_person_view(db, clock, user.username, row["recipient_id"], case_id, "view_case")
        else:
            row["recipient_id"] = None
            row["person_id"] = None
            row["recipient_name"] = None
            row["person_name"] = None
    row["may_answer"] = decide(user, Action.ANSWER_DEVIATION, row).allowed
    row["may_handle"] = decide(user, Action.HANDLE_DEVIATION, row).allowed
    key = present.analyst_key(db, user, row)
    if key is not None:                 # analysts: the staff and the device pseudonymised too
        present.pseudonymise(row, key)
    return row


# ------------------------------------------------------------------ lifecycle (DEV-12, DEV-14)


def _load_for_change(tx: Tx, user: User, action: Action, case_id: str,
                     expected_version: int) -> dict:
    row = deviations_repo.deviation(tx, case_id)
    if row is None:
        raise Refused("case.not_found", case_id=case_id)
    require(decide(user, action, row))
    if row["version"] != expected_version:
        raise Conflict(case_id)
    return row


def answer(db: Database, clock: Clock, user: User, case_id: str, text: str,
           expected_version: int) -> None:
    """Centre staff write the answer shown under "Svar"; the case goes to the handler."""
    require(decide(user, Action.ANSWER_DEVIATION))   # before judging input; the case rule follows
    text = inputs.text(text, ANSWER_MAX, field="answer", required=True, multiline=True)
    with db.tx() as tx:
        row = _load_for_change(tx, user, Action.ANSWER_DEVIATION, case_id, expected_version)
        now = naive_utc(clock.now())
        status = Status.INVESTIGATING.value if row["status"] == Status.PLANNED.value else row["status"]
        if not core_repo.update_case(tx, case_id, expected_version, {
                "status": status, "queue": Role.HANDLER.value, "updated_at": now}):
            raise Conflict(case_id)
        deviations_repo.update_deviation(tx, case_id, {
            "answer": text, "answered_by": user.username, "answered_at": now})
        audit.record(tx, clock, user.username, case_id, "answered",
                     {"status": row["status"], "answer": row["answer"]},
                     {"status": status, "answer": text})
        messages.send(tx, clock, row["created_by"], f"Svar på avvikelse/reklamation {case_id}",
                      text, case_id)


def record_handling(db: Database, clock: Clock, user: User, case_id: str, *,
                    investigation: str | None, manufacturer: ReportState,
                    manufacturer_on: date | None, mpa: ReportState, mpa_on: date | None,
                    expected_version: int) -> None:
    """DEV-14: the handler records the investigation and whether/when reports were made."""
    require(decide(user, Action.HANDLE_DEVIATION))   # before judging input; the case rule follows
    errors: dict[str, str] = {}
    today = to_local(clock.now(), user.tz).date()
    for name, state, on in (("manufacturer", manufacturer, manufacturer_on), ("mpa", mpa, mpa_on)):
        if state is ReportState.REPORTED and on is None:
            errors[f"{name}_reported_on"] = "dev.report_date_required"
        elif on is not None and on > today:
            errors[f"{name}_reported_on"] = "dev.in_future"
    investigation = inputs.text(investigation, INVESTIGATION_MAX, field="investigation", errors=errors,
                                multiline=True)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        row = _load_for_change(tx, user, Action.HANDLE_DEVIATION, case_id, expected_version)
        new = {"investigation": investigation,
               "manufacturer_report": manufacturer.value,
               "manufacturer_reported_on": manufacturer_on if manufacturer is ReportState.REPORTED else None,
               "mpa_report": mpa.value,
               "mpa_reported_on": mpa_on if mpa is ReportState.REPORTED else None}
        before, after = audit.changes({k: row.get(k) for k in new}, new)
        if not after:
            return
        if not core_repo.update_case(tx, case_id, expected_version, {"updated_at": naive_utc(clock.now())}):
            raise Conflict(case_id)
        deviations_repo.update_deviation(tx, case_id, new)
        audit.record(tx, clock, user.username, case_id, "handling_recorded", before, after)


def close_refusal(row: dict) -> str | None:
    """Why a deviation cannot be closed yet (None: it can)."""
    if row["status"] == Status.CLOSED.value:
        return "dev.already_closed"
    if row["status"] == Status.PLANNED.value:
        return "dev.close_needs_answer"
    if EventType(row["event_type"]).is_deviation and (
            row["manufacturer_report"] == ReportState.UNDECIDED.value
            or row["mpa_report"] == ReportState.UNDECIDED.value):
        return "dev.close_needs_report_decision"
    return None


def close(db: Database, clock: Clock, user: User, case_id: str, expected_version: int) -> None:
    """DEV-12: the handler closes; the reporter gets "Avvikelse/reklamation … är avslutad."."""
    with db.tx() as tx:
        row = _load_for_change(tx, user, Action.HANDLE_DEVIATION, case_id, expected_version)
        reason = close_refusal(row)
        if reason:
            raise Refused(reason)
        now = naive_utc(clock.now())
        if not core_repo.update_case(tx, case_id, expected_version, {
                "status": Status.CLOSED.value, "closed_at": now, "updated_at": now, "queue": None}):
            raise Conflict(case_id)
        deviations_repo.update_deviation(tx, case_id, {"closed_by": user.username})
        audit.record(tx, clock, user.username, case_id, "closed", {"status": row["status"]},
                     {"status": Status.CLOSED.value})
        messages.send(tx, clock, row["created_by"], rules.closing_message(case_id), "", case_id)


# ------------------------------------------------------------------ search (DEV-13)

PERIODS = {"last_week": 7, "last_month": 31, "last_year": 366, "all": None}


def search_mine(db: Database, clock: Clock, user: User, *, period: str = "last_week",
                site_id: str | None = None, prescriber_code: str | None = None,
                number_prefix: str | None = None) -> list[dict]:
    """'Sök avvikelse/reklamation': own prescriber code preselected by the page, changeable."""
    require(decide(user, Action.SEARCH_DEVIATIONS))
    errors: dict[str, str] = {}
    prescriber_code = inputs.text(prescriber_code, PRESCRIBER_CODE_MAX, field="prescriber_code", errors=errors)
    number_prefix = inputs.text(number_prefix, NUMBER_PREFIX_MAX, field="number_prefix", errors=errors)
    if errors:
        raise FieldErrors(errors)
    days = PERIODS.get(period, 7)
    created_from = naive_utc(clock.now() - timedelta(days=days)) if days else None
    if user.has(Role.CENTRE_STAFF, Role.HANDLER):
        sites = [site_id] if site_id else None
    else:
        own_sites = [u["id"] for u in user_sites(db, user)]
        sites = [site_id] if site_id in own_sites else own_sites
    prefix = (number_prefix or "").strip().upper() or None
    if prefix and prefix[0].isdigit():
        prefix = "AV" + prefix     # "1" finds the numbers of 2010-2019, as in the old system
    with db.read() as r:
        rows = deviations_repo.search(
            r, created_from=created_from, created_to=None, site_ids=sites,
            prescriber_code=prescriber_code, number_prefix=prefix)
    return rows


# ------------------------------------------------------------------ reference data (admin)


def all_categories(db: Database) -> list[dict]:
    with db.read() as r:
        return deviations_repo.all_categories(r)


CATEGORY_COLUMNS = ("event_type", "code", "name_sv", "name_en", "name_da", "requires_delivery_ref", "sort",
                    "active")


def category_columns(tx: Tx, event_type: str, code: str) -> dict | None:
    """A stored category as the categories kind and the settings log name its columns."""
    row = deviations_repo.category(tx, event_type, code)
    return None if row is None else {c: row[c] for c in CATEGORY_COLUMNS}


def write_category(tx: Tx, clock: Clock, user: User, row: dict) -> None:
    """DEV-6 in the caller's transaction — the admin form's and the categories kind's one way to
    add or change a category (`rules.category_errors`), in the security log."""
    require(decide(user, Action.ADMIN_REFERENCE))
    errors = rules.category_errors(row.get("code"), row.get("name_sv"), row.get("name_en"), row.get("name_da"))
    if errors:
        raise FieldErrors(errors)
    row = rules.category_row(row["event_type"], row["code"], row["name_sv"], row.get("name_en"),
                             row.get("requires_delivery_ref"), row.get("sort") or 0, row.get("active", True),
                             row.get("name_da"))
    deviations_repo.upsert_category(tx, row)
    audit.security(tx, clock, user.username, "category_saved", f"{row['event_type']}/{row['code']}")


def save_category(db: Database, clock: Clock, user: User, *, event_type: EventType, code: str,
                  name_sv: str, name_en: str, requires_delivery_ref: bool, sort: int,
                  active: bool, name_da: str | None = None) -> None:
    """DEV-6: admins extend or retire categories per event type without code; in the security
    log and the settings log (ADM-3)."""
    require(decide(user, Action.ADMIN_REFERENCE))
    errors = rules.category_errors(code, name_sv, name_en, name_da)
    if errors:
        raise FieldErrors(errors)
    row = rules.category_row(event_type.value, code, name_sv, name_en, requires_delivery_ref, sort, active, name_da)
    with db.tx() as tx:
        before = category_columns(tx, row["event_type"], row["code"])
        write_category(tx, clock, user, row)
        md_log.record(tx, clock, user.username, "categories", (row["event_type"], row["code"]), before,
                      category_columns(tx, row["event_type"], row["code"]), "screen:admin")
