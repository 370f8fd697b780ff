"""The URG rules as pure functions: office hours, who may create an urgent case when, the
enhanced portal setting, the form's fields, attachments, and who may see or handle a case.

Nothing here reads the clock or the database: "now" and the settings are passed in (X-6).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from logic import access, inputs
from logic.access import ALLOW, Action, Decision, Role, User, deny
from logic.clock import to_utc
from logic.urgent.model import (
    CASE_NUMBER_MAX,
    COUNTRY,
    ZONE,
    BudgetState,
    CreatePermission,
    TaskKind,
    UrgentDraft,
    UrgentState,
)

REQUIRED = "form.required"
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,18}[0-9]$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
POSTCODE = re.compile(r"^[0-9]{4}$")                      # Danish postnummer
CASE_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9\-_/.]{0,29}$")
URGENT_PREFIX = "AKUT"   # "med ordet Akut i sit Id" (URG-6); upper case like every case number


# ------------------------------------------------------------------ office hours (URG-2)


@dataclass(frozen=True)
class OfficeHours:
    """Kontortid of a company, e.g. 08:00 -> 16:00 on weekdays. Saturdays, Sundays and Danish
    public holidays are outside office hours."""
    start: time = time(8, 0)
    end: time = time(16, 0)

    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(COUNTRY, years=year, language="da")


def public_holiday(day: date) -> str | None:
    """The Danish public holiday on `day` (its Danish name), if any."""
    return _holidays(day.year).get(day)


def local_time(at: datetime) -> datetime:
    return to_utc(at).astimezone(ZoneInfo(ZONE))


def is_office_hours(hours: OfficeHours, at: datetime) -> bool:
    """URG-2: inside office hours on a weekday from start (inclusive) to end (exclusive),
    Danish time; never on Saturday, Sunday or a public holiday."""
    local = local_time(at)
    if local.weekday() >= 5 or public_holiday(local.date()):
        return False
    return hours.start <= local.time().replace(tzinfo=None) < hours.end


def office_hours_error(start: time | None, end: time | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if start is None:
        errors["start"] = REQUIRED
    if end is None:
        errors["end"] = REQUIRED
    if start is not None and end is not None and not start < end:
        errors["end"] = "urgent.hours_end_before_start"
    return errors


# ------------------------------------------------------------------ office settings (URG-1, URG-3)


@dataclass(frozen=True)
class OfficeSettings:
    office_id: str
    create_permission: CreatePermission = CreatePermission.NEVER
    may_assign_other_partners: bool = False
    may_edit_case_id: bool = False


@dataclass(frozen=True)
class PortalSettings:
    insurer_id: str
    enhanced: bool = False
    report_period: str = "week"


def effective(settings: OfficeSettings, portal: PortalSettings) -> OfficeSettings:
    """URG-3: the two extra rights count only while the portal's enhanced setting is on."""
    if portal.enhanced:
        return settings
    return OfficeSettings(settings.office_id, settings.create_permission, False, False)


def settings_errors(settings: OfficeSettings, portal: PortalSettings,
                    before: OfficeSettings | None = None) -> dict[str, str]:
    """URG-3: an admin cannot grant the extra rights while enhanced urgent cases are off. A
    right granted earlier (`before`) and kept is no new grant: it stays stored, without effect
    until the setting is on again."""
    errors: dict[str, str] = {}
    if not portal.enhanced:
        if settings.may_assign_other_partners and not (before and before.may_assign_other_partners):
            errors["may_assign_other_partners"] = "urgent.enhanced_off"
        if settings.may_edit_case_id and not (before and before.may_edit_case_id):
            errors["may_edit_case_id"] = "urgent.enhanced_off"
    return errors


def may_administer(user: User | None, insurer_id: str | None) -> Decision:
    """URG-1/URG-2/URG-3 (and ADM-8): who may change an insurer's portal, its companies' office
    hours and its offices' settings — an admin any insurer's, an insurer user only their own
    insurer's. `None` is the installer (demo data, bootstrap). The urgent admin page and the
    master-data kinds both ask this one rule."""
    if user is None:
        return ALLOW
    first = access.decide(user, Action.ADMIN_URGENT)
    if not first:
        return first
    if user.has(Role.ADMIN) or (user.has(Role.INSURER) and insurer_id is not None and insurer_id in user.units):
        return ALLOW
    return deny("urgent.not_your_portal")


PERMISSION_WORDS = {
    CreatePermission.NEVER: ("never", "aldrig"),
    CreatePermission.OUTSIDE_HOURS: ("outside_hours", "outsidehours", "udenforarbejdstid", "udenforarbejdstiden",
                                     "udenforkontortid", "utanforarbetstid", "utanforkontorstid",
                                     "outsideworkinghours", "outsideofficehours"),
    CreatePermission.ALWAYS: ("always", "altid", "alltid"),
}


def parse_permission(value: str | CreatePermission | None) -> CreatePermission | None:
    """URG-1 "Aldrig / Uden for arbejdstid / Altid" as a file or a grid writes it (Danish,
    Swedish or English words, case and spaces ignored); None when it is none of them."""
    if isinstance(value, CreatePermission):
        return value
    token = re.sub(r"[^a-z_]", "", (value or "").casefold().replace("ø", "o").replace("ö", "o")
                   .replace("å", "a").replace("ä", "a").replace("æ", "ae").replace(" ", ""))
    for permission, words in PERMISSION_WORDS.items():
        if token in words:
            return permission
    return None


# ------------------------------------------------------------------ office details (ADM-8, seed 004)

CVR = re.compile(r"^[0-9]{8}$")
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
OFFICE_TEXT_MAX = {"address": 200, "contact_name": 120, "description": 2000}


def normal_cvr(value: str | None) -> str | None:
    """A CVR number as stored: its 8 digits ("DK 13 58 56 28" -> "13585628")."""
    if value is None:
        return None
    text = re.sub(r"[\s.\-]", "", value.strip().upper())
    return text.removeprefix("DK") or None


def cvr_error(value: str | None) -> str | None:
    """Det Centrale Virksomhedsregister's number: 8 digits whose weighted sum (2 7 6 5 4 3 2 1)
    is divisible by 11 (modulus 11, Erhvervsstyrelsen)."""
    cvr = normal_cvr(value)
    if cvr is None:
        return None
    if not CVR.match(cvr):
        return "urgent.bad_cvr"
    if sum(int(d) * w for d, w in zip(cvr, CVR_WEIGHTS)) % 11:
        return "urgent.bad_cvr_check"
    return None


def office_details_errors(details: dict[str, str | None]) -> dict[str, str]:
    """{field: translation key} for an office's details (the seed's Kontor indstillinger)."""
    e: dict[str, str] = {}
    for name in ("email", "contact_email"):
        value = details.get(name)
        if value and (len(value) > 200 or not EMAIL.match(value)):
            e[name] = "form.bad_email"
    for name in ("phone", "contact_phone"):
        value = details.get(name)
        if value and not PHONE.match(value):
            e[name] = "form.bad_phone"
    error = cvr_error(details.get("cvr"))
    if error:
        e["cvr"] = error
    for name, limit in OFFICE_TEXT_MAX.items():
        if details.get(name) and len(details[name]) > limit:
            e[name] = "form.too_long"
    return e


def parse_time(value: str | time | None) -> time | None:
    """Office hours as written: 8:00, 08:00, 08.00, 0800 or 08:00:00 (whole minutes)."""
    if value is None or isinstance(value, time):
        return value
    m = re.fullmatch(r"\s*(\d{1,2})[:.]?(\d{2})(?::00)?\s*", value)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError("urgent.bad_time")
    return time(int(m.group(1)), int(m.group(2)))


def may_create_now(settings: OfficeSettings, hours: OfficeHours, at: datetime) -> Decision:
    """URG-1/URG-2/URG-4: may a member of this office create an urgent case at `at`?"""
    if settings.create_permission is CreatePermission.ALWAYS:
        return ALLOW
    if settings.create_permission is CreatePermission.OUTSIDE_HOURS:
        if is_office_hours(hours, at):
            return deny("urgent.create_only_outside_hours", hours=hours.label())
        return ALLOW
    return deny("urgent.create_never")


# ------------------------------------------------------------------ the form (URG-5)


def check_draft(draft: UrgentDraft, *, offices: list[str], may_edit_case_id: bool,
                assignable: set[str], now: datetime) -> dict[str, str]:
    """{field: translation key}, empty when the draft may be created. `offices` are the user's
    offices that may create now; `assignable` the offices a task may be given to. Lengths are
    the model's (`UrgentDraft`, X-7)."""
    e: dict[str, str] = {}
    if not draft.office_id:
        e["office_id"] = REQUIRED
    elif draft.office_id not in offices:
        e["office_id"] = "urgent.office_not_permitted"
    if may_edit_case_id:
        if not draft.case_number:
            e["case_number"] = REQUIRED
        elif not CASE_NUMBER.match(draft.case_number.upper()):
            e["case_number"] = "urgent.bad_case_number"
    for name in ("street", "postcode", "town", "customer", "contact_name", "contact_phone",
                 "short_description"):
        if not getattr(draft, name):
            e[name] = REQUIRED
    if draft.postcode and not POSTCODE.match(draft.postcode):
        e["postcode"] = "urgent.bad_postcode"
    if draft.contact_phone and not PHONE.match(draft.contact_phone):
        e["contact_phone"] = "form.bad_phone"
    if draft.contact_email and not EMAIL.match(draft.contact_email):
        e["contact_email"] = "form.bad_email"
    local_now = local_time(now)
    if draft.building_year is not None and not 1000 <= draft.building_year <= local_now.year:
        e["building_year"] = "urgent.bad_building_year"
    if draft.damage_date is None:
        e["damage_date"] = REQUIRED
    elif draft.damage_date > local_now.date() or (
            draft.damage_date == local_now.date() and draft.damage_time is not None
            and draft.damage_time > local_now.time().replace(tzinfo=None)):
        e["damage_date"] = "urgent.damage_in_future"
    for name in ("first_aid_office", "inspection_office"):
        office = getattr(draft, name)
        if office and office not in assignable:
            e[name] = "urgent.may_not_assign_office"
    return e


def urgent_number(registered_local: date, sequence: int) -> str:
    """URG-6: AKUT-yy-nnnn, "Akut" in the id; the sequence runs per year and is never reused."""
    return f"{URGENT_PREFIX}-{registered_local.year % 100:02d}-{sequence:04d}"


def partner_number(entered: str) -> str:
    """URG-3: an office that may edit the case id gives it; it still carries "Akut"."""
    entered = entered.strip().upper()
    return entered if entered.startswith(URGENT_PREFIX) else f"{URGENT_PREFIX}-{entered}"


def case_number_error(entered: str | None) -> str | None:
    """URG-10: the normal case number the insurer gives (uniqueness is checked in the store)."""
    if not entered or not entered.strip():
        return REQUIRED
    too_long = inputs.too_long(entered.strip(), CASE_NUMBER_MAX)
    if too_long:
        return too_long
    if not CASE_NUMBER.match(entered.strip().upper()):
        return "urgent.bad_case_number"
    return None



def _address_key(value: object) -> str:
    """An address part as compared: Unicode NFKC, case and spacing folded, '.' and ',' dropped."""
    text = unicodedata.normalize("NFKC", str(value or "")).casefold().replace(".", " ").replace(",", " ")
    return " ".join(text.split())


def same_address(case: dict, other: dict) -> bool | None:
    """URG-11 Tilknyt: whether an urgent case and the case it is to be linked into are at one
    address (street, and postcode when both have one). None: the other case has no street to
    compare. Spelling differences of case, spacing and punctuation do not count."""
    here, there = _address_key(case.get("street")), _address_key(other.get("street"))
    if not here or not there:
        return None
    codes = _address_key(case.get("postcode")), _address_key(other.get("postcode"))
    return here == there and (not all(codes) or codes[0] == codes[1])


def address_text(case: dict) -> str:
    """An address as shown: "Strandvejen 12, 2900 Hellerup"."""
    place = " ".join(x for x in (case.get("postcode"), case.get("town")) if x)
    return ", ".join(x for x in (case.get("street"), place) if x)


# ------------------------------------------------------------------ tasks (URG-7)


def initial_budget(kind: TaskKind) -> BudgetState:
    return BudgetState.MISSING if kind.needs_budget else BudgetState.NOT_NEEDED


def may_report(task: dict) -> Decision:
    """URG-7: a first-aid task is reported on as soon as it is assigned (no budget); an
    inspection task after its budget is approved."""
    if not task.get("office_id"):
        return deny("urgent.task_unassigned")
    if task.get("status") == "done":
        return deny("urgent.task_done")
    budget = BudgetState(task["budget_state"])
    if budget in (BudgetState.NOT_NEEDED, BudgetState.APPROVED):
        return ALLOW
    return deny("urgent.budget_not_approved")


def may_submit_budget(task: dict) -> Decision:
    if TaskKind(task["kind"]) is not TaskKind.INSPECTION:
        return deny("urgent.no_budget_needed")
    if not task.get("office_id"):
        return deny("urgent.task_unassigned")
    if BudgetState(task["budget_state"]) is BudgetState.APPROVED:
        return deny("urgent.budget_already_approved")
    return ALLOW


# ------------------------------------------------------------------ attachments

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024     # the one limit; the browser's ceiling sits above it
ALLOWED_TYPES = {"image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",), "application/pdf": (".pdf",)}


def sniff(content: bytes) -> str | None:
    """The file type from its first bytes (magic numbers), never from its name."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def attachment_error(filename: str, content: bytes) -> str | None:
    if not content:
        return "urgent.file_empty"
    if len(content) > MAX_ATTACHMENT_BYTES:
        return "urgent.file_too_large"
    if sniff(content) is None:
        return "urgent.file_type"
    if not filename or len(filename) > 200:
        return "urgent.file_name"
    return None


def safe_filename(filename: str, mime: str) -> str:
    """Keep letters, digits, dot, dash and underscore; end in an extension that fits the content."""
    name = re.sub(r"[^\w.\-]+", "_", filename.strip().replace("\\", "/").split("/")[-1])[:120] or "fil"
    extensions = ALLOWED_TYPES[mime]
    if not name.lower().endswith(extensions):
        name = f"{name}{extensions[0]}"
    return name


# ------------------------------------------------------------------ who sees and handles


def scope(case: dict) -> tuple[str | None, str | None, str | None]:
    """(insurer, company, office) of an urgent or claim case: from its detail when loaded,
    otherwise from the shared `cases` row (subtype = insurer, category = company, unit = office)."""
    insurer = case.get("insurer_id") or case.get("subtype")
    company = case.get("company_id") or case.get("category")
    office = case.get("office_id") or case.get("unit_id")
    return insurer, company, office


def is_insurer_of(user: User, case: dict) -> bool:
    insurer, _, _ = scope(case)
    return user.has(Role.INSURER) and insurer is not None and insurer in user.units


# Scope (access.USER_SCOPES, loaded with the user by logic.urgent.services): the cases with a
# task for one of a partner's offices, beyond the cases of the partner's own company and offices.
TASKS = "urgent_tasks"


def reach(user: User, action: Action) -> access.Reach:
    """URG-6: insurer users see their insurer's cases (subtype); partners their company's
    (category) and office's (unit) cases and cases with a task for their office. One rule for
    the case page and the board (logic.policy.reach_visibility); no personal identity numbers."""
    if action is Action.VIEW_PERSON_ID:
        return access.NO_CASE
    reach = access.NO_CASE
    if user.has(Role.INSURER):
        reach |= access.Reach.where(subtype=user.units)
    if user.has(Role.PARTNER):
        reach |= access.Reach.where(category=user.units, unit_id=user.units, id=user.scope(TASKS).allowed)
    return reach


def case_rule(user: User, action: Action, case: dict) -> Decision:
    """access.CASE_RULES for 'urgent' and 'claim'."""
    if action is Action.VIEW_PERSON_ID:
        return deny("access.not_your_case")     # no personal identity numbers here
    if action is Action.HANDLE_URGENT:
        if not is_insurer_of(user, case):
            return deny("access.not_your_case")
        if case.get("kind") == "urgent" and (case.get("closed_at") is not None
                                             or case.get("status") != UrgentState.OPEN.value):
            return deny("urgent.not_open")
        return ALLOW
    if reach(user, Action.VIEW_CASE).holds(case):
        return ALLOW
    return deny("access.not_your_case")


def report_rule(user: User) -> Decision:
    """URG-12: the urgent-case report is for insurer users with authority level 6."""
    if not user.has(Role.INSURER) or (user.authority_level or 0) < 6:
        return deny("urgent.report_level6")
    return ALLOW
