"""The insurer's portal administration (URG-1 … URG-3, ADM-3, ADM-8): portal settings, office
hours, office settings, offices as master data and the settings log."""
from __future__ import annotations

import re
from datetime import time

from logic import audit
from logic import settings_log as md_log
from logic.access import User
from logic.clock import Clock, naive_utc
from logic.errors import FieldErrors, Refused
from logic.store import core_repo, urgent_repo
from logic.store.db import Database, Tx
from logic.urgent import office_hours, office_settings
from logic.urgent.model import (
    CreatePermission,
    ReportPeriod,
)
from logic.urgent.services._common import _actor, _hours, _portal, _require_admin_of, _settings


def portal_in(tx: Tx, insurer_id: str) -> office_settings.PortalSettings:
    """The insurer's portal settings inside the caller's transaction (the offices kind's check)."""
    return _portal(tx, insurer_id)


def portal_settings(db: Database, insurer_id: str) -> office_settings.PortalSettings:
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
        after = office_settings.PortalSettings(insurer_id, bool(enhanced), ReportPeriod(report_period).value)
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


def hours_columns(hours: office_hours.OfficeHours) -> dict[str, str]:
    """Office hours as the office_hours kind and the settings log name them."""
    return {"start_time": f"{hours.start:%H:%M}", "end_time": f"{hours.end:%H:%M}"}


def write_office_hours(tx: Tx, clock: Clock, user: User | None, company_id: str,
                       start: time | None, end: time | None) -> office_hours.OfficeHours:
    """URG-2 in the caller's transaction — the urgent admin page's and the office_hours kind's
    one way to set a company's office hours: checked (`office_hours.office_hours_error`, and who may:
    `office_settings.may_administer`), stored, in the security log. Returns the hours before."""
    errors = office_hours.office_hours_error(start, end)
    if errors:
        raise FieldErrors(errors)
    company = core_repo.unit(tx, company_id)
    if company is None or company["kind"] != "company":
        raise Refused("urgent.unknown_company")
    _require_admin_of(user, company["parent_id"])
    before = _hours(tx, company_id)
    urgent_repo.upsert_office_hours(tx, company_id, start, end, naive_utc(clock.now()), _actor(user))
    audit.security(tx, clock, _actor(user), "urgent_office_hours",
                   f"{company_id}: {before.label()} -> {office_hours.OfficeHours(start, end).label()}")
    return before


def set_office_hours(db: Database, clock: Clock, user: User | None, company_id: str,
                     start: time | None, end: time | None) -> None:
    """URG-2: office hours (kontortid) of a company; in the security log and the settings log."""
    errors = office_hours.office_hours_error(start, end)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        before = write_office_hours(tx, clock, user, company_id, start, end)
        md_log.record(tx, clock, _actor(user), "office_hours", company_id, hours_columns(before),
                      hours_columns(office_hours.OfficeHours(start, end)), SCREEN)


def settings_columns(settings: office_settings.OfficeSettings) -> dict[str, object]:
    """An office's URG-1/URG-3 settings as the offices kind and the settings log name them."""
    return {"create_permission": settings.create_permission.value,
            "may_assign_other_partners": settings.may_assign_other_partners,
            "may_edit_case_id": settings.may_edit_case_id}


def write_office_settings(tx: Tx, clock: Clock, user: User | None,
                          after: office_settings.OfficeSettings) -> office_settings.OfficeSettings | None:
    """URG-1/URG-3 in the caller's transaction — the urgent admin page's and the offices kind's
    one way to change an office's permissions: who may (`office_settings.may_administer`: an insurer
    only its own offices), no new extra right while enhanced urgent cases are off
    (`office_settings.settings_errors`), in the security log with before -> after. Returns the settings
    before, or None when nothing changed."""
    scope = urgent_repo.office_scope(tx, after.office_id)
    if scope is None:
        raise Refused("urgent.unknown_office")
    _require_admin_of(user, scope["insurer_id"])
    before = _settings(tx, after.office_id)
    errors = office_settings.settings_errors(after, _portal(tx, scope["insurer_id"]), before)
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
    after = office_settings.OfficeSettings(office_id, CreatePermission(create_permission),
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
    may: `office_settings.may_administer` for the office's insurer (and the one it leaves)."""
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
    write_office_settings(tx, clock, user, office_settings.OfficeSettings(
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
