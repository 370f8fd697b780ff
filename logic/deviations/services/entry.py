"""The entry screens of seeds 000/001 that lead into the registration wizard with the subject
filled in (DEV-20 … DEV-23), what a report concerns, shown on every step (DEV-24), and the
follow-up of a Negativ händelse or Tillbud under the workplace's own routine (DEV-25).

Each entry returns a `Start`: the draft's subject fields for one registration path — the
wizard's own rules (`rules.check` over `resolve_subject`) judge them like typed ones."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from logic import audit, i18n, inputs
from logic.access import Action, Role, User, decide, require
from logic.clock import Clock, to_local
from logic.deviations import rules
from logic.deviations.model import DeviationDraft, EventType, RecipientKind, RegistrationPath
from logic.deviations.services.lookups import find_recipient, stock_items, user_sites
from logic.deviations.services.reading import get_deviation
from logic.deviations.services.register import resolve_subject
from logic.errors import FieldErrors, Refused
from logic.identity import format_id, mask
from logic.store import core_repo, deviations_repo
from logic.store.db import Database

SEARCH_MAX = 30          # an individual or work-order number typed in a search box
HITS = 20                # rows a search shows; one more tells that there are more


@dataclass(frozen=True)
class Start:
    """What an entry screen hands the wizard: the path and its subject fields (DEV-4)."""
    path: RegistrationPath
    fields: dict[str, str] = field(default_factory=dict)

    def draft_fields(self) -> dict[str, object]:
        return {"path": self.path, **self.fields}


@dataclass(frozen=True)
class Hits:
    rows: list[dict]
    more: bool = False       # more rows matched than are shown: type more of the number


# ------------------------------------------------------------------ DEV-20 the recipient screen

def shown_id(user: User, recipient: dict | None) -> str:
    """A recipient's number as this user may see it: a care unit's customer number as it is, a
    patient's personnummer in full for roles that may see it (X-2), else the birth date only."""
    if not recipient:
        return ""
    if recipient.get("kind") != RecipientKind.PATIENT.value:
        return recipient["id"]
    return format_id(recipient["id"]) if decide(user, Action.VIEW_PERSON_ID) else mask(recipient["id"])


def recipient_screen(db: Database, clock: Clock, user: User, raw_id: str) -> tuple[dict | None, list[dict]]:
    """DEV-20 'Mottagare': the recipient by personnummer or care-unit customer number, and the
    recipient's device list. The patient's number is shown as `shown_id`; the look-up is logged
    (X-2) by `find_recipient` — only when a patient was found, the view of his number."""
    found, devices = find_recipient(db, clock, user, raw_id)
    if found is not None:
        found = {**found, "shown_id": shown_id(user, found)}
    return found, devices


def start_for_device(recipient_id: str, device_id: str) -> Start:
    """DEV-20: 'Avvikelse/Reklamation' on a row of the recipient's device list (path a)."""
    return Start(RegistrationPath.RECIPIENT_DEVICE, {"recipient_id": recipient_id, "device_id": device_id})


# ------------------------------------------------------------------ DEV-21 the individual card

def _sites(db: Database, user: User) -> list[str] | None:
    """Whose devices and work orders a prefix search may list (DEV-21, DEV-23): centre staff
    and handlers every service site's (None), others their own sites' — a search by the
    beginning of a number must not list the patients of every site (DEV-13's rule)."""
    if user.has(Role.CENTRE_STAFF, Role.HANDLER):
        return None
    return [s["id"] for s in user_sites(db, user)]


def _search_text(raw: str | None, name: str) -> str:
    errors: dict[str, str] = {}
    text = inputs.text(raw, SEARCH_MAX, field=name, errors=errors)
    if errors:
        raise FieldErrors(errors)
    text = (text or "").strip()
    if not text:
        raise FieldErrors({name: rules.REQUIRED})
    return text


def individual_cards(db: Database, clock: Clock, user: User, raw: str | None) -> Hits:
    """DEV-21 'Individkort': the individuals whose number begins with what was typed. One on
    buffer stock leads to path c; one on the list of a recipient of the user's service sites
    (centre staff and handlers: any) to path a (the seed: "för individklassade hjälpmedel går
    det också att skapa en avvikelse via Individkortet"). A patient's number is shown only to
    roles that may see it, and each one shown is logged."""
    require(decide(user, Action.REGISTER_DEVIATION))
    text = _search_text(raw, "individual_no")
    with db.read() as r:
        rows = deviations_repo.individuals(r, text, HITS + 1, _sites(db, user))
    more, rows = len(rows) > HITS, rows[:HITS]
    for row in rows:
        patient = row["recipient_kind"] == RecipientKind.PATIENT.value
        row["shown_id"] = shown_id(user, {"id": row["recipient_id"], "kind": row["recipient_kind"]}) \
            if row["recipient_id"] else ""
        if patient and decide(user, Action.VIEW_PERSON_ID):
            audit.log_person_view(db, clock, user.username, row["recipient_id"], None, "individual_card")
        row["start"] = (Start(RegistrationPath.STOCK_INDIVIDUAL, {"stock_item_id": row["stock_item_id"]})
                        if row["place"] == "stock"
                        else start_for_device(row["recipient_id"], row["device_id"]))
    return Hits(rows, more)


# ------------------------------------------------------------------ DEV-22 Dina uppgifter

def buffer_stock(db: Database, user: User) -> list[dict]:
    """DEV-22 'Dina uppgifter' → Avvikelse/Reklamation on a non-individual device on buffer
    stock (path d): the stock, each row with its start."""
    require(decide(user, Action.REGISTER_DEVIATION))
    rows = stock_items(db, individual=False)
    for row in rows:
        row["start"] = Start(RegistrationPath.STOCK_ARTICLE, {"stock_item_id": row["id"]})
    return rows


def start_on_path(path: RegistrationPath) -> Start:
    """DEV-22: the other starts of 'Dina uppgifter' — a device not registered on a recipient
    (b) and a service without a work order (f): the path chosen, the rest typed in the wizard."""
    if path not in (RegistrationPath.UNREGISTERED_DEVICE, RegistrationPath.SERVICE_NO_ORDER):
        raise ValueError(path)
    return Start(path)


# ------------------------------------------------------------------ DEV-23 work-order search

def work_orders(db: Database, user: User, raw: str | None) -> Hits:
    """DEV-23 'Sök arbetsorder' by number or its beginning (path e), of the user's service
    sites (centre staff and handlers: all); the recipient by name only — no personal identity
    number is shown here."""
    require(decide(user, Action.REGISTER_DEVIATION))
    text = _search_text(raw, "work_order_no")
    with db.read() as r:
        rows = deviations_repo.work_orders(r, text, HITS + 1, _sites(db, user))
    more, rows = len(rows) > HITS, rows[:HITS]
    for row in rows:
        row["start"] = Start(RegistrationPath.SERVICE_WORK_ORDER, {"work_order_no": row["no"]})
    return Hits(rows, more)


# ------------------------------------------------------------------ DEV-24 what the report concerns

@dataclass(frozen=True)
class Concerning:
    """'Avvikelse/reklamation avseende <patient>, <device>' (seed 000), from the draft's subject."""
    recipient: str | None = None        # the patient's or care unit's name
    device: str | None = None           # article, name and individual number
    on_stock: bool = False
    stock_unit: str | None = None
    work_order: str | None = None       # number and what was done
    service: str | None = None          # a service without a work order, as described

    def __bool__(self) -> bool:
        return any((self.recipient, self.device, self.work_order, self.service))


def _device_words(item: dict | None, article: dict | None, draft: DeviationDraft) -> str | None:
    item = item or {}
    no = item.get("article_no") or draft.article_no
    name = item.get("article_name") or (article or {}).get("name") or draft.article_name
    individual = item.get("individual_no") or draft.individual_no
    words = " ".join(w for w in (no, name) if w)
    if individual:
        words = f"{words} · {individual}" if words else individual
    return words or None


def concerning(db: Database, draft: DeviationDraft) -> Concerning:
    """DEV-24: what the report concerns, as far as the draft names it on its path (the subject
    looked up as the wizard's rules look it up; only names, no identity number)."""
    draft = draft.for_its_path()
    if draft.path is None:
        return Concerning()
    with db.read() as r:
        s = resolve_subject(r, draft)
    recipient = (s.recipient or {}).get("name")
    match draft.path:
        case RegistrationPath.RECIPIENT_DEVICE:
            return Concerning(recipient=recipient, device=_device_words(s.device, s.article, draft)
                              if s.device else None)
        case RegistrationPath.UNREGISTERED_DEVICE:
            return Concerning(recipient=recipient, device=_device_words(None, s.article, draft))
        case RegistrationPath.STOCK_INDIVIDUAL | RegistrationPath.STOCK_ARTICLE:
            if not s.stock_item:
                return Concerning()
            with db.read() as r:
                units = core_repo.units_by_ids(r, [s.stock_item["unit_id"]] if s.stock_item.get("unit_id") else [])
            return Concerning(device=_device_words(s.stock_item, s.article, draft), on_stock=True,
                              stock_unit=units[0]["name"] if units else None)
        case RegistrationPath.SERVICE_WORK_ORDER:
            wo = s.work_order
            if not wo:
                return Concerning()
            return Concerning(recipient=recipient, device=_device_words(wo, s.article, draft),
                              work_order=f"{wo['no']} {wo.get('description') or ''}".strip())
        case RegistrationPath.SERVICE_NO_ORDER:
            return Concerning(service=draft.service_description)
    return Concerning()


def concerning_case(case: dict) -> Concerning:
    """DEV-24 on the receipt: what the registered report concerns, from the case as the user
    may see it (a name the user may not see is not there)."""
    device = " ".join(w for w in (case.get("article_no"), case.get("article_name")) if w)
    if case.get("individual_no"):
        device = f"{device} · {case['individual_no']}" if device else case["individual_no"]
    path = case.get("path")
    return Concerning(recipient=case.get("recipient_name"), device=device or None,
                      on_stock=path in (RegistrationPath.STOCK_INDIVIDUAL.value, RegistrationPath.STOCK_ARTICLE.value),
                      work_order=case.get("work_order_no"), service=case.get("service_description"))


# ------------------------------------------------------------------ DEV-25 the workplace's own routine

def care_form_offered(user: User, event_type: EventType | str | None) -> bool:
    """DEV-25: after a Negativ händelse or Tillbud the receipt offers the care-deviation form
    (ORG-1 'Patienten – vårdavvikelse') to a user who may report one."""
    return rules.reported_under_own_routine(event_type) and decide(user, Action.REPORT_ORG).allowed


def care_deviation_facts(db: Database, clock: Clock, user: User, case_id: str, lang: str) -> dict:
    """DEV-25: the facts of a registered Negativ händelse or Tillbud as the care-deviation
    form's fields (pages/32): title, what happened (with the deviation's number and device
    first), when, where, whether the patient was harmed and how. Nothing is shortened: a text
    that does not fit the form's field is refused there, at the field, in words (X-7)."""
    case = get_deviation(db, clock, user, case_id, reveal_person=False)
    if not care_form_offered(user, case.get("event_type")):
        raise Refused("dev.care_form_not_offered")
    event = EventType(case["event_type"])
    device = " ".join(w for w in (case.get("article_no"), case.get("article_name")) if w)
    if case.get("individual_no"):
        device = f"{device} · {case['individual_no']}" if device else case["individual_no"]
    lines = [i18n.t(lang, "dev.care_facts_reference", event=i18n.t(lang, f"dev.event.{event.value}"),
                    case_id=case_id, device=device or "–"), "", case.get("what_happened") or ""]
    harmed = event is EventType.NEGATIVE
    if not harmed and case.get("injury"):
        lines += ["", f"{i18n.t(lang, 'dev.injury')} {case['injury']}"]
    local = to_local(case["occurred_at"], user.tz) if case.get("occurred_at") else None
    occurred_date: date | None = local.date() if local else None
    occurred_time: time | None = local.time().replace(second=0, microsecond=0) if local else None
    return {
        "unit_id": case.get("service_site_id"),
        "title": case.get("concerns"),
        "what_happened": "\n".join(lines).strip(),
        "occurred_date": occurred_date,
        "occurred_time": occurred_time,
        "location": case.get("location"),
        "patient_harmed": harmed,
        "harm_description": case.get("injury") if harmed else None,
    }
