"""An office's urgent-case settings and details, and who may administer them: when a member
may create an urgent case (URG-1, URG-2, URG-4), the portal's enhanced setting and the two
extra rights it gates (URG-3), the permission words of a file or grid, and the office's own
details with its CVR number (ADM-8).

Nothing here reads the clock or the database: "now" and the settings are passed in (X-6).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from logic import access
from logic.access import ALLOW, Action, Decision, Role, User, deny
from logic.urgent.model import CreatePermission
from logic.urgent.office_hours import OfficeHours, is_office_hours
from logic.urgent.rules import EMAIL, PHONE


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


def may_create_now(settings: OfficeSettings, hours: OfficeHours, at: datetime) -> Decision:
    """URG-1/URG-2/URG-4: may a member of this office create an urgent case at `at`?"""
    if settings.create_permission is CreatePermission.ALWAYS:
        return ALLOW
    if settings.create_permission is CreatePermission.OUTSIDE_HOURS:
        if is_office_hours(hours, at):
            return deny("urgent.create_only_outside_hours", hours=hours.label())
        return ALLOW
    return deny("urgent.create_never")
