"""The URG rules as pure functions: the form's fields (URG-5), case numbers (URG-3, URG-6,
URG-10), tasks and budgets (URG-7), and who may see or handle a case (X-1, URG-12).

The other URG rules have modules of their own: office hours and public holidays in
`office_hours`, an office's settings and details in `office_settings`, attachments in
`attachments`. Nothing here reads the clock or the database: "now" is passed in (X-6).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from logic import access, inputs
from logic.access import ALLOW, Action, Decision, Role, User, deny
from logic.urgent.model import (
    CASE_NUMBER_MAX,
    DELETE_LEVEL,
    BudgetState,
    ClaimAction,
    ClaimDraft,
    ClaimState,
    TaskKind,
    UrgentDraft,
    UrgentState,
)
from logic.urgent.office_hours import local_time

REQUIRED = "form.required"
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,18}[0-9]$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
POSTCODE = re.compile(r"^[0-9]{4}$")                      # Danish postnummer
CASE_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9\-_/.]{0,29}$")
URGENT_PREFIX = "AKUT"   # "med ordet Akut i sit Id" (URG-6); upper case like every case number


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
    local_now = local_time(now)
    e.update(_place_and_contact_errors(draft, local_now))
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


def _place_and_contact_errors(draft, local_now: datetime) -> dict[str, str]:
    """The format checks an urgent case (URG-1) and a normal case (URG-13) share: postcode,
    the contact's phone and e-mail, the building year (not after this year)."""
    e: dict[str, str] = {}
    if draft.postcode and not POSTCODE.match(draft.postcode):
        e["postcode"] = "urgent.bad_postcode"
    if draft.contact_phone and not PHONE.match(draft.contact_phone):
        e["contact_phone"] = "form.bad_phone"
    if draft.contact_email and not EMAIL.match(draft.contact_email):
        e["contact_email"] = "form.bad_email"
    if draft.building_year is not None and not 1000 <= draft.building_year <= local_now.year:
        e["building_year"] = "urgent.bad_building_year"
    return e


def check_claim_draft(draft: ClaimDraft, *, insurers: list[str], handlers: set[str],
                      now: datetime) -> dict[str, str]:
    """URG-13 "Ny sag": {field: translation key}, empty when the insurer may create the case.
    `insurers` are the user's insurers, `handlers` the insurer users who may be case handler.
    Uniqueness of the case number is checked in the store."""
    e: dict[str, str] = {}
    if not draft.insurer_id:
        e["insurer_id"] = REQUIRED
    elif draft.insurer_id not in insurers:
        e["insurer_id"] = "access.not_your_case"
    number = case_number_error(draft.case_number)
    if number:
        e["case_number"] = number
    for name in ("street", "postcode", "town", "customer", "short_description"):
        if not getattr(draft, name):
            e[name] = REQUIRED
    local_now = local_time(now)
    e.update(_place_and_contact_errors(draft, local_now))
    if draft.damage_date is None:
        e["damage_date"] = REQUIRED
    elif draft.damage_date > local_now.date():
        e["damage_date"] = "urgent.damage_in_future"
    if not draft.case_handler:
        e["case_handler"] = REQUIRED
    elif draft.case_handler not in handlers:
        e["case_handler"] = "urgent.bad_case_handler"
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


def convert_errors(case_number: str | None, case_handler: str | None) -> dict[str, str]:
    """URG-10 Til normal: what the form itself lacks (the number's uniqueness and the handler's
    membership are checked by the service against the store). The page asks for confirmation
    only when this is empty (issue 16 item 7)."""
    errors: dict[str, str] = {}
    number_error = case_number_error(case_number)
    if number_error:
        errors["case_number"] = number_error
    if not case_handler:
        errors["case_handler"] = REQUIRED
    return errors



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


# ------------------------------------------------------------------ the normal case's actions (URG-14 … URG-18)

# in which states each action may be taken, and the refusal otherwise
_CLAIM_STATES: dict[ClaimAction, tuple[frozenset[ClaimState], str]] = {
    ClaimAction.HOLD: (frozenset({ClaimState.OPEN}), "urgent.claim_not_open"),
    ClaimAction.RESUME: (frozenset({ClaimState.ON_HOLD}), "urgent.claim_not_on_hold"),
    ClaimAction.CLOSE: (frozenset({ClaimState.OPEN, ClaimState.ON_HOLD}), "urgent.claim_closed"),
    ClaimAction.DELETE: (frozenset({ClaimState.OPEN, ClaimState.ON_HOLD}), "urgent.claim_closed"),
    ClaimAction.DECIDE: (frozenset({ClaimState.OPEN}), "urgent.claim_not_open"),
    ClaimAction.CHANGE_HANDLER: (frozenset({ClaimState.OPEN, ClaimState.ON_HOLD}), "urgent.claim_closed"),
}


def claim_action(user: User, case: dict, action: ClaimAction) -> Decision:
    """URG-14 … URG-18: an insurer user of the case's insurer acts on its normal case —
    Sæt i bero (open), Genoptag (on hold), Luk (open or on hold), Erstatningsbeslutning (open),
    Sagsbehandler (open or on hold); Slet sagen (open or on hold) only with authority level 6.
    Partners never: the case is the insurer's."""
    if case.get("kind") != "claim" or not is_insurer_of(user, case):
        return deny("access.not_your_case")
    if action is ClaimAction.DELETE and (user.authority_level or 0) < DELETE_LEVEL:
        return deny("urgent.delete_level6")
    states, refusal = _CLAIM_STATES[action]
    if ClaimState(case.get("status") or ClaimState.OPEN.value) not in states:
        return deny(refusal)
    return ALLOW


def close_warnings(case: dict) -> list[str]:
    """What to say before Luk (URG-15): no claim decision yet, or further information asked
    for and never answered by a decision; tasks still open. Translation keys."""
    out = []
    if not case.get("decision"):
        out.append("urgent.close_without_decision")
    elif case["decision"] == "more_info":
        out.append("urgent.close_more_info")
    if any(t.get("status") == "open" for t in case.get("tasks") or ()):
        out.append("urgent.close_open_tasks")
    return out


def report_rule(user: User) -> Decision:
    """URG-12: the urgent-case report is for insurer users with authority level 6."""
    if not user.has(Role.INSURER) or (user.authority_level or 0) < 6:
        return deny("urgent.report_level6")
    return ALLOW
