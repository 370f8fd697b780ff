"""The DEV rules as pure functions over a draft and what the store resolved for it.

`check` returns {field: translation key} in form order — empty when the draft may be
registered. The page shows each key next to its field and names the missing fields on the
disabled submit button (DEV-7); the service calls `check` again before writing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from logic import i18n, inputs
from logic.deviations.model import (
    STEP_FIELDS,
    DeviationDraft,
    EventType,
    RegistrationPath,
)
from logic.identity import IdentityError, parse_person_id

REQUIRED = "form.required"
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$")
CUSTOMER_NO = re.compile(r"^[0-9]{4,10}$")

# DEV-2: words that suggest wear from normal use (avhjälpande underhåll), not a deviation.
WEAR_WORDS = ("slitage", "sliten", "slitet", "slitna", "utsliten", "utslitna", "nött", "nötta",
              "justera", "justering", "justeras", "efterjuster", "normalt användande")


@dataclass(frozen=True)
class Category:
    code: str
    name_sv: str
    name_en: str
    requires_delivery_ref: bool = False
    name_da: str | None = None

    def name(self, lang: str) -> str:
        return i18n.pick(lang, self.name_sv, self.name_en, self.name_da)


@dataclass
class Subject:
    """What the draft points at, looked up by the service (None when not found)."""
    recipient: dict | None = None
    device: dict | None = None
    stock_item: dict | None = None
    work_order: dict | None = None
    article: dict | None = None


@dataclass
class CheckContext:
    now_local: datetime                     # the user's wall-clock "now"
    user_sites: list[str]                   # service sites the user may register for (DEV-5)
    categories: dict[str, Category]         # for the draft's event type (DEV-6)
    subject: Subject = field(default_factory=Subject)


def looks_like_wear(text: str | None) -> bool:
    """DEV-2 hint: the description talks about wear or adjustment."""
    if not text:
        return False
    lowered = text.lower()
    return any(word in lowered for word in WEAR_WORDS)


def reported_under_own_routine(event_type: object) -> bool:
    """DEV-25 (seed 001): a Negativ händelse or Tillbud is also reported under the workplace's
    own routine for deviations (avvikelsehantering); a Reklamation is not."""
    try:
        return EventType(event_type).is_deviation if event_type is not None else False
    except ValueError:
        return False


def is_care_unit(recipient: dict | None) -> bool:
    return bool(recipient) and recipient.get("kind") == "care_unit"


def recipient_id_error(raw: str | None, found: dict | None = None) -> str | None:
    """DEV-5: a patient by 12-digit personnummer with check digit; a care unit (vårdenhet) by
    its customer number — only one that exists, so a 10-digit personnummer without century is
    never mistaken for a customer number."""
    if not raw:
        return REQUIRED
    if CUSTOMER_NO.match(raw.strip()) and is_care_unit(found):
        return None
    try:
        parse_person_id(raw)
    except IdentityError as e:
        return e.key
    return None


def device_handed_out(draft: DeviationDraft, subject: Subject) -> bool:
    """DEV-3: the device has been handed out to the patient (however long ago)."""
    path = draft.path
    if path is None:
        return False
    if path.on_stock:
        return False
    if path is RegistrationPath.RECIPIENT_DEVICE:
        return bool(subject.device and subject.device.get("delivered"))
    if path is RegistrationPath.SERVICE_WORK_ORDER:
        return bool(subject.work_order and subject.work_order.get("recipient_id"))
    return True  # b: registered elsewhere but with the recipient; f: a service at the recipient


def check(draft: DeviationDraft, ctx: CheckContext) -> dict[str, str]:
    errors: dict[str, str] = {}
    _check_subject(draft, ctx, errors)
    # DEV-3 is judged on a known subject: while the device or work order is missing or
    # wrong, that is the error to show, not "not handed out".
    subject_known = not any(f in errors for f in SUBJECT_FIELDS)
    _check_event(draft, ctx, errors, subject_known)
    _check_actions(draft, ctx, errors)
    order = [f for step in STEP_FIELDS.values() for f in step]
    return dict(sorted(errors.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))


SUBJECT_FIELDS = ("path", "recipient_id", "device_id", "article_no", "stock_item_id",
                  "work_order_no", "service_description")


def errors_for_step(errors: dict[str, str], step: int) -> dict[str, str]:
    return {k: v for k, v in errors.items() if k in STEP_FIELDS[step]}


def _check_subject(d: DeviationDraft, ctx: CheckContext, errors: dict[str, str]) -> None:
    if d.path is None:
        errors["path"] = REQUIRED
    if not d.service_site_id:
        errors["service_site_id"] = REQUIRED
    elif d.service_site_id not in ctx.user_sites:
        errors["service_site_id"] = "dev.site_not_yours"
    if d.is_wear_and_tear is None:
        errors["is_wear_and_tear"] = REQUIRED
    elif d.is_wear_and_tear:
        errors["is_wear_and_tear"] = "dev.is_repair"          # DEV-2
    s = ctx.subject
    match d.path:
        case RegistrationPath.RECIPIENT_DEVICE:
            err = recipient_id_error(d.recipient_id, s.recipient)
            if err:
                errors["recipient_id"] = err
            elif s.recipient is None:
                errors["recipient_id"] = "dev.recipient_not_found"
            elif not d.device_id:
                errors["device_id"] = REQUIRED
            elif s.device is None or s.device.get("recipient_id") != s.recipient.get("id"):
                errors["device_id"] = "dev.device_not_on_recipient"
        case RegistrationPath.UNREGISTERED_DEVICE:
            err = recipient_id_error(d.recipient_id, s.recipient)
            if err:
                errors["recipient_id"] = err
            if not (d.article_no or d.article_name):
                errors["article_no"] = "dev.article_required"
        case RegistrationPath.STOCK_INDIVIDUAL | RegistrationPath.STOCK_ARTICLE:
            item = s.stock_item
            if not d.stock_item_id:
                errors["stock_item_id"] = REQUIRED
            elif item is None:
                errors["stock_item_id"] = "dev.stock_item_not_found"
            elif (d.path is RegistrationPath.STOCK_INDIVIDUAL) != bool(item.get("individual_no")):
                errors["stock_item_id"] = "dev.stock_item_wrong_kind"
        case RegistrationPath.SERVICE_WORK_ORDER:
            if not d.work_order_no:
                errors["work_order_no"] = REQUIRED
            elif s.work_order is None:
                errors["work_order_no"] = "dev.work_order_not_found"
        case RegistrationPath.SERVICE_NO_ORDER:
            if not d.service_description:
                errors["service_description"] = REQUIRED


def _check_event(d: DeviationDraft, ctx: CheckContext, errors: dict[str, str],
                 subject_known: bool = True) -> None:
    if d.event_type is None:
        errors["event_type"] = REQUIRED
    elif d.event_type.is_deviation and d.path is not None and subject_known \
            and not device_handed_out(d, ctx.subject):
        errors["event_type"] = "dev.not_handed_out"           # DEV-3
    if not d.category:
        errors["category"] = REQUIRED
    elif d.category not in ctx.categories:
        errors["category"] = "dev.category_not_for_type"       # DEV-6
    if d.occurred_date is None:
        errors["occurred_date"] = REQUIRED
    if d.occurred_time is None:
        errors["occurred_time"] = REQUIRED
    when = d.occurred_at_local()
    now = ctx.now_local.replace(tzinfo=None)
    if (when is not None and when > now) or (d.occurred_date is not None and d.occurred_date > now.date()):
        errors["occurred_date"] = "dev.in_future"               # DEV-7
    if when is not None and d.path is RegistrationPath.RECIPIENT_DEVICE and ctx.subject.device:
        delivered = ctx.subject.device.get("delivered")
        if isinstance(delivered, date) and when.date() < delivered and d.event_type \
                and d.event_type.is_deviation:
            errors["occurred_date"] = "dev.before_delivery"
    for name in ("location", "concerns", "what_happened"):
        if not getattr(d, name):
            errors[name] = REQUIRED


def _check_actions(d: DeviationDraft, ctx: CheckContext, errors: dict[str, str]) -> None:
    if not d.injury:
        errors["injury"] = REQUIRED
    if d.desired_action is None:
        errors["desired_action"] = REQUIRED
    if d.device_return is None:
        errors["device_return"] = REQUIRED
    elif d.device_return.goes_to_centre and d.report_attached is None:
        errors["report_attached"] = REQUIRED                   # DEV-9
    if d.wanted_back is None:
        errors["wanted_back"] = REQUIRED                       # DEV-9
    category = ctx.categories.get(d.category or "")
    if category and category.requires_delivery_ref and not (d.delivery_note_no or d.order_no):
        errors["delivery_note_no"] = "dev.delivery_ref_required"   # DEV-8
    if not d.contact_name:
        errors["contact_name"] = REQUIRED
    if not d.contact_phone:
        errors["contact_phone"] = REQUIRED
    elif not PHONE.match(d.contact_phone):
        errors["contact_phone"] = "form.bad_phone"


def deviation_number(registered_local: date, sequence: int, prefix: str = "AV") -> str:
    """DEV-10: AV + two-digit (ISO) year + two-digit ISO week + four-digit sequence in the week."""
    if not 1 <= sequence <= 9999:
        raise ValueError("dev.number_exhausted")
    iso = registered_local.isocalendar()
    return f"{prefix}{iso.year % 100:02d}{iso.week:02d}{sequence:04d}"


def number_prefix(registered_local: date, prefix: str = "AV") -> str:
    iso = registered_local.isocalendar()
    return f"{prefix}{iso.year % 100:02d}{iso.week:02d}"


NUMBER = re.compile(r"^(AV|RE)\d{8}$")


def closing_message(case_id: str) -> str:
    """DEV-12: the message the reporter gets when the case is closed."""
    return f"Avvikelse/reklamation {case_id} är avslutad."


# ------------------------------------------------------------------ DEV-6 categories (reference data)

CATEGORY_CODE_MAX = 30
CATEGORY_NAME_MAX = 100


def category_errors(code: str | None, name_sv: str | None, name_en: str | None = None,
                    name_da: str | None = None) -> dict[str, str]:
    """DEV-6: a category's code is letters, digits and underscores (at most 30, stored in lower
    case); its Swedish name is required; no name over its limit (X-7: the limit and the length
    named). The admin form and the categories kind ask this rule."""
    errors: dict[str, str] = {}
    code = (inputs.text(code, CATEGORY_CODE_MAX, field="code", errors=errors) or "").lower()
    if "code" not in errors and (not code or not code.replace("_", "").isalnum()):
        errors["code"] = "form.invalid"
    inputs.text(name_sv, CATEGORY_NAME_MAX, field="name_sv", errors=errors, required=True)
    inputs.text(name_en, CATEGORY_NAME_MAX, field="name_en", errors=errors)
    inputs.text(name_da, CATEGORY_NAME_MAX, field="name_da", errors=errors)
    return errors


def category_row(event_type: str, code: str, name_sv: str, name_en: str | None, requires_delivery_ref: bool,
                 sort: int, active: bool, name_da: str | None = None) -> dict:
    """The category as stored: code in lower case, the English name the Swedish one when blank,
    no Danish name (the screens then show the Swedish one) when blank."""
    name_sv = inputs.clean(name_sv).strip()
    return {"event_type": event_type, "code": inputs.clean(code).strip().lower(), "name_sv": name_sv,
            "name_en": inputs.clean(name_en or "").strip() or name_sv,
            "name_da": inputs.clean(name_da or "").strip() or None,
            "requires_delivery_ref": bool(requires_delivery_ref), "sort": int(sort or 0), "active": bool(active)}

