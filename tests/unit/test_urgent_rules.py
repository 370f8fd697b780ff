"""URG rules as pure functions: office hours with Danish public holidays, the three creation
settings, the enhanced portal setting, the form's limits, tasks and attachments."""
from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from logic.access import Action, Role, Scope, User, decide
from logic.urgent import attachments, office_hours, office_settings, rules
from logic.urgent.model import CreatePermission as P
from logic.urgent.model import UrgentDraft

CPH = ZoneInfo("Europe/Copenhagen")
HOURS = office_hours.OfficeHours(time(8), time(16))


def cph(*args: int) -> datetime:
    return datetime(*args, tzinfo=CPH)


# A weekday inside and outside office hours, a Saturday, and a Danish public holiday.
WEEKDAY_INSIDE = cph(2026, 11, 24, 10, 0)      # Tuesday 10:00
WEEKDAY_OUTSIDE = cph(2026, 11, 23, 17, 30)    # Monday 17:30
SATURDAY = cph(2026, 11, 21, 11, 0)            # Saturday 11:00
HOLIDAY = cph(2026, 5, 14, 10, 0)              # Kristi himmelfartsdag, a Thursday, 10:00
CHRISTMAS = cph(2026, 12, 25, 12, 0)           # Juledag, a Friday


@pytest.mark.parametrize("at, inside", [
    (WEEKDAY_INSIDE, True), (WEEKDAY_OUTSIDE, False), (SATURDAY, False), (HOLIDAY, False),
    (CHRISTMAS, False), (cph(2026, 11, 22, 10, 0), False),          # Sunday
    (cph(2026, 11, 24, 8, 0), True), (cph(2026, 11, 24, 7, 59), False),
    (cph(2026, 11, 24, 15, 59), True), (cph(2026, 11, 24, 16, 0), False),
    (cph(2026, 6, 10, 9, 30), True),                                 # summer time (CEST)
])
def test_urg2_office_hours_weekdays_only_and_never_on_public_holidays(at, inside):
    assert office_hours.is_office_hours(HOURS, at) is inside


def test_urg2_office_hours_are_copenhagen_wall_clock_time():
    # 07:30 UTC on a summer weekday is 09:30 in Copenhagen: inside; 15:00 UTC is 17:00: outside.
    assert office_hours.is_office_hours(HOURS, datetime(2026, 6, 10, 7, 30, tzinfo=ZoneInfo("UTC")))
    assert not office_hours.is_office_hours(HOURS, datetime(2026, 6, 10, 15, 0, tzinfo=ZoneInfo("UTC")))


def test_urg2_public_holidays_come_from_the_holidays_package_in_danish():
    assert office_hours.public_holiday(date(2026, 5, 14)) == "Kristi himmelfartsdag"
    assert office_hours.public_holiday(date(2026, 12, 25)) == "Juledag"
    assert office_hours.public_holiday(date(2027, 3, 26)) == "Langfredag"   # any year, not a fixed list
    assert office_hours.public_holiday(date(2026, 11, 24)) is None


def test_urg2_other_office_hours_per_company():
    early = office_hours.OfficeHours(time(7), time(15, 30))
    assert office_hours.is_office_hours(early, cph(2026, 11, 24, 7, 0))
    assert not office_hours.is_office_hours(early, cph(2026, 11, 24, 15, 45))
    assert office_hours.office_hours_error(time(16), time(8)) == {"end": "urgent.hours_end_before_start"}
    assert office_hours.office_hours_error(time(8), time(16)) == {}


# URG-1 / URG-4: each of the three settings at each kind of moment.
CASES = [
    (P.NEVER, WEEKDAY_INSIDE, False), (P.NEVER, WEEKDAY_OUTSIDE, False),
    (P.NEVER, SATURDAY, False), (P.NEVER, HOLIDAY, False),
    (P.OUTSIDE_HOURS, WEEKDAY_INSIDE, False), (P.OUTSIDE_HOURS, WEEKDAY_OUTSIDE, True),
    (P.OUTSIDE_HOURS, SATURDAY, True), (P.OUTSIDE_HOURS, HOLIDAY, True),
    (P.ALWAYS, WEEKDAY_INSIDE, True), (P.ALWAYS, WEEKDAY_OUTSIDE, True),
    (P.ALWAYS, SATURDAY, True), (P.ALWAYS, HOLIDAY, True),
]


@pytest.mark.parametrize("permission, at, allowed", CASES)
def test_urg1_urg4_may_create_by_setting_and_time(permission, at, allowed):
    decision = office_settings.may_create_now(office_settings.OfficeSettings("o1", permission), HOURS, at)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.reason in ("urgent.create_never", "urgent.create_only_outside_hours")


def test_urg1_default_is_never_and_the_refusal_names_the_hours():
    assert office_settings.OfficeSettings("o1").create_permission is P.NEVER
    refusal = office_settings.may_create_now(office_settings.OfficeSettings("o1", P.OUTSIDE_HOURS), HOURS, WEEKDAY_INSIDE)
    assert refusal.reason == "urgent.create_only_outside_hours" and refusal.params == {"hours": "08:00–16:00"}


def test_urg3_extra_rights_count_only_with_enhanced_portal():
    granted = office_settings.OfficeSettings("o1", P.ALWAYS, may_assign_other_partners=True, may_edit_case_id=True)
    off = office_settings.effective(granted, office_settings.PortalSettings("ins", enhanced=False))
    on = office_settings.effective(granted, office_settings.PortalSettings("ins", enhanced=True))
    assert (off.may_assign_other_partners, off.may_edit_case_id) == (False, False)
    assert (on.may_assign_other_partners, on.may_edit_case_id) == (True, True)
    assert off.create_permission is P.ALWAYS


def test_urg3_cannot_grant_extra_rights_while_enhanced_is_off():
    granted = office_settings.OfficeSettings("o1", P.ALWAYS, may_assign_other_partners=True, may_edit_case_id=True)
    assert office_settings.settings_errors(granted, office_settings.PortalSettings("ins", enhanced=False)) == {
        "may_assign_other_partners": "urgent.enhanced_off", "may_edit_case_id": "urgent.enhanced_off"}
    assert office_settings.settings_errors(granted, office_settings.PortalSettings("ins", enhanced=True)) == {}


# ------------------------------------------------------------------ URG-5 fields


def a_draft(**overrides) -> UrgentDraft:
    values = dict(office_id="o1", street="Amagerbrogade 52", postcode="2300", town="København S",
                  customer="Kirsten Kunde", contact_name="Kirsten Kunde", contact_phone="+45 12 34 56 78",
                  contact_email="kunde@example.invalid", short_description="Vand fra loftet",
                  damage_date=date(2026, 11, 23), damage_time=time(16, 45))
    values.update(overrides)
    return UrgentDraft(**values)


def check(draft: UrgentDraft, may_edit_case_id: bool = False) -> dict[str, str]:
    return rules.check_draft(draft, offices=["o1"], may_edit_case_id=may_edit_case_id,
                             assignable={"o1", "o2"}, now=WEEKDAY_OUTSIDE)


def test_urg5_a_complete_draft_has_no_errors():
    assert check(a_draft()) == {}


def test_urg5_mandatory_fields_are_named():
    errors = check(UrgentDraft(office_id="o1"))
    for name in ("street", "postcode", "town", "customer", "contact_name", "contact_phone",
                 "short_description", "damage_date"):
        assert errors[name] == "form.required"
    assert "building_year" not in errors and "notes" not in errors and "contact_email" not in errors


def test_urg5_case_number_only_where_the_office_may_edit_it():
    assert "case_number" not in check(a_draft())
    assert check(a_draft(), may_edit_case_id=True)["case_number"] == "form.required"
    assert check(a_draft(case_number="bad number!"), may_edit_case_id=True)["case_number"] == "urgent.bad_case_number"
    assert check(a_draft(case_number="RK-2201"), may_edit_case_id=True) == {}
    assert rules.partner_number("rk-2201") == "AKUT-RK-2201"
    assert rules.partner_number("akutsag") == "AKUTSAG"


@pytest.mark.parametrize("field, value, key", [
    ("contact_phone", "ring mig", "form.bad_phone"),
    ("contact_phone", "12", "form.bad_phone"),
    ("contact_email", "kunde@", "form.bad_email"),
    ("contact_email", "kunde.example.dk", "form.bad_email"),
    ("postcode", "230", "urgent.bad_postcode"),
    ("postcode", "23a0", "urgent.bad_postcode"),
    ("building_year", 2099, "urgent.bad_building_year"),
    ("damage_date", date(2026, 11, 24), "urgent.damage_in_future"),
    ("first_aid_office", "o9", "urgent.may_not_assign_office"),
    ("office_id", "o7", "urgent.office_not_permitted"),
])
def test_urg5_limits_and_formats_with_a_message_at_the_field(field, value, key):
    assert check(a_draft(**{field: value}))[field] == key


def test_urg5_limits_are_inclusive():
    assert check(a_draft(short_description="x" * 1000, notes="y" * 15000)) == {}
    assert check(a_draft(contact_phone="12345678", contact_email="a.b@firma.dk")) == {}


def test_urg6_urgent_number_carries_akut():
    assert rules.urgent_number(date(2026, 11, 23), 7) == "AKUT-26-0007"
    assert "AKUT" in rules.urgent_number(date(2027, 1, 1), 1)


# ------------------------------------------------------------------ URG-7 tasks


def test_urg7_first_aid_reports_at_once_without_budget():
    task = {"kind": "first_aid", "office_id": "o1", "budget_state": rules.initial_budget(
        rules.TaskKind.FIRST_AID).value, "status": "open"}
    assert task["budget_state"] == "not_needed"
    assert rules.may_report(task)
    assert rules.may_submit_budget(task).reason == "urgent.no_budget_needed"


def test_urg7_inspection_follows_the_budget_path():
    task = {"kind": "inspection", "office_id": "o1", "budget_state": rules.initial_budget(
        rules.TaskKind.INSPECTION).value, "status": "open"}
    assert rules.may_report(task).reason == "urgent.budget_not_approved"
    assert rules.may_submit_budget(task)
    assert not rules.may_report({**task, "budget_state": "submitted"})
    assert rules.may_report({**task, "budget_state": "approved"})


def test_urg7_unassigned_task_cannot_be_reported_on():
    assert rules.may_report({"kind": "first_aid", "office_id": None, "budget_state": "not_needed"}).reason \
        == "urgent.task_unassigned"


# ------------------------------------------------------------------ attachments

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.mark.parametrize("name, content, error", [
    ("foto.png", PNG, None), ("foto.jpg", JPEG, None), ("rapport.pdf", PDF, None),
    ("tom.png", b"", "urgent.file_empty"),
    ("virus.jpg", b"MZ\x90\x00" + b"\x00" * 40, "urgent.file_type"),       # a program named .jpg
    ("side.html", b"<html><script>alert(1)</script>", "urgent.file_type"),
    ("stor.pdf", b"%PDF-" + b"0" * attachments.MAX_ATTACHMENT_BYTES, "urgent.file_too_large"),
])
def test_attachments_checked_on_content_size_and_type(name, content, error):
    assert attachments.attachment_error(name, content) == error


def test_urg7_only_the_rule_limits_an_attachment_so_its_message_is_the_one_shown():
    """Issue 13: the widget's cap (10,000,000 bytes) sat below the rule's 10 MiB, so files the
    rule allows were refused and over-limit files got Streamlit's English message. The browser's
    and server's ceiling (server.maxUploadSize, decimal MB in the browser) must lie above the rule,
    and no uploader sets a lower cap or a type filter of its own (the rule reads the content)."""
    root = Path(__file__).resolve().parents[2]
    server = tomllib.loads((root / ".streamlit" / "config.toml").read_text())["server"]
    assert server["maxUploadSize"] * 1_000_000 > 2 * attachments.MAX_ATTACHMENT_BYTES
    for path in [*root.glob("pages/*.py"), *root.glob("ui/**/*.py")]:
        for call in re.findall(r"file_uploader\((.*?)\)\n", path.read_text(), flags=re.S):
            assert "max_upload_size" not in call and "type=" not in call, path
    assert attachments.attachment_error("stor.png", PNG + b"0" * (attachments.MAX_ATTACHMENT_BYTES - len(PNG))) is None
    assert attachments.attachment_error("stor.png", PNG + b"0" * (attachments.MAX_ATTACHMENT_BYTES - len(PNG) + 1)) \
        == "urgent.file_too_large"


def test_attachment_name_is_made_safe_and_fits_the_content():
    assert attachments.safe_filename("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert attachments.safe_filename("skade foto.PNG", "image/png") == "skade_foto.PNG"
    assert attachments.safe_filename("rapport.pdf", "image/jpeg") == "rapport.pdf.jpg"


# ------------------------------------------------------------------ who sees what (X-1, URG-6, URG-12)


def user(name: str, role: Role, units: tuple[str, ...], level: int | None = None) -> User:
    return User(name, name, frozenset({role}), units, authority_level=level)


ROW = {"id": "AKUT-26-0001", "kind": "urgent", "status": "open", "closed_at": None,
       "subtype": "ins-a", "category": "co-a", "unit_id": "office-a1"}


def test_urg6_partners_see_their_company_cases_insurers_their_insurer_cases():
    assert decide(user("p1", Role.PARTNER, ("office-a1", "co-a")), Action.VIEW_CASE, ROW)
    assert decide(user("p2", Role.PARTNER, ("office-a2", "co-a")), Action.VIEW_CASE, ROW)   # same company
    assert not decide(user("p3", Role.PARTNER, ("office-b1", "co-b")), Action.VIEW_CASE, ROW)
    with_task = User("p3", "p3", frozenset({Role.PARTNER}), ("office-b1", "co-b"),
                     scopes=((rules.TASKS, Scope(frozenset({ROW["id"]}))),))            # got a task
    assert decide(with_task, Action.VIEW_CASE, ROW)
    assert not decide(with_task, Action.VIEW_CASE, {**ROW, "id": "AKUT-26-0002"})
    assert decide(user("i1", Role.INSURER, ("ins-a",)), Action.VIEW_CASE, ROW)
    assert not decide(user("i2", Role.INSURER, ("ins-b",)), Action.VIEW_CASE, ROW)
    assert not decide(user("r", Role.REPORTER, ("office-a1",)), Action.VIEW_CASE, ROW)


def test_urg9_only_the_insurer_handles_an_open_urgent_case():
    insurer = user("i1", Role.INSURER, ("ins-a",))
    assert decide(insurer, Action.HANDLE_URGENT, ROW)
    assert not decide(user("p1", Role.PARTNER, ("office-a1", "co-a")), Action.HANDLE_URGENT, ROW)
    assert decide(insurer, Action.HANDLE_URGENT, {**ROW, "status": "linked"}).reason == "urgent.not_open"


def test_urg12_report_only_for_insurer_authority_level_6():
    assert decide(user("i6", Role.INSURER, ("ins-a",), 6), Action.URGENT_REPORT)
    refused = decide(user("i5", Role.INSURER, ("ins-a",), 5), Action.URGENT_REPORT)
    assert not refused and refused.reason == "urgent.report_level6"
    assert not decide(user("p", Role.PARTNER, ("office-a1",)), Action.URGENT_REPORT)
