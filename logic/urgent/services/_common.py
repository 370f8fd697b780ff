"""Private helpers the urgent-case services share: the insurer's and offices' stored settings,
loading a case, the search text, touching a case, a new task, who administers and who acts."""
from __future__ import annotations

from logic import audit
from logic.access import User, require
from logic.clock import Clock, naive_utc
from logic.errors import Conflict
from logic.store import core_repo, urgent_repo
from logic.store.db import Tx
from logic.urgent import office_hours, office_settings, rules
from logic.urgent.model import (
    CreatePermission,
    TaskKind,
)


def _portal(tx: Tx, insurer_id: str) -> office_settings.PortalSettings:
    row = urgent_repo.portal(tx, insurer_id)
    if row is None:
        return office_settings.PortalSettings(insurer_id)
    return office_settings.PortalSettings(insurer_id, bool(row["enhanced"]), row["report_period"])


def _hours(tx: Tx, company_id: str) -> office_hours.OfficeHours:
    row = urgent_repo.office_hours(tx, company_id)
    if row is None:
        return office_hours.OfficeHours()
    return office_hours.OfficeHours(row["start_time"], row["end_time"])


def _settings(tx: Tx, office_id: str) -> office_settings.OfficeSettings:
    row = urgent_repo.office_settings(tx, office_id)
    if row is None:
        return office_settings.OfficeSettings(office_id)
    return office_settings.OfficeSettings(office_id, CreatePermission(row["create_permission"]),
                                bool(row["may_assign_other_partners"]), bool(row["may_edit_case_id"]))


def _search_text(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p).lower()


def _load(tx: Tx, case_id: str) -> dict | None:
    row = urgent_repo.urgent(tx, case_id)
    if row is None:
        row = urgent_repo.claim(tx, case_id)
    return row


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


def _require_admin_of(user: User | None, insurer_id: str | None) -> None:
    """The one rule for every settings change of an insurer's portal, companies and offices
    (`office_settings.may_administer`), from the urgent admin page and from master data alike."""
    require(office_settings.may_administer(user, insurer_id))


def _actor(user: User | None) -> str:
    return user.username if user else "casedesk"
