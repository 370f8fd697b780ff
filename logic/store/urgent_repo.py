"""SQL for insurers, partner companies and offices, their urgent-case settings, urgent and
normal (claim) cases, tasks, task reports and attachments (bound parameters only).

Cases themselves are written through core_repo.insert_case / update_case."""
from __future__ import annotations

from datetime import datetime, time
from typing import Any

from logic.store.db import Tx
from logic.store.update import guarded_update

LIKE_ESCAPE = "\\"


def like_contains(text: str) -> str:
    """A LIKE pattern (with `ESCAPE '\\'`) for values containing `text` as typed: `%`, `_` and
    the escape character itself are literal characters, not wildcards."""
    for ch in (LIKE_ESCAPE, "%", "_"):          # the escape character first
        text = text.replace(ch, LIKE_ESCAPE + ch)
    return f"%{text}%"

# ---------------------------------------------------------------- units and members


def units_of_kind(tx: Tx, kind: str, parent_id: str | None = None) -> list[dict]:
    if parent_id is None:
        return tx.rows("SELECT * FROM units WHERE kind = ? AND active ORDER BY name", [kind])
    return tx.rows("SELECT * FROM units WHERE kind = ? AND parent_id = ? AND active ORDER BY name",
                   [kind, parent_id])


def office_scope(tx: Tx, office_id: str) -> dict | None:
    """The office with its company and insurer: {office_id, office_name, company_id, ...}."""
    return tx.row(
        "SELECT o.id AS office_id, o.name AS office_name, o.city AS office_city,"
        " c.id AS company_id, c.name AS company_name, i.id AS insurer_id, i.name AS insurer_name"
        " FROM units o JOIN units c ON c.id = o.parent_id AND c.kind = 'company'"
        " JOIN units i ON i.id = c.parent_id AND i.kind = 'insurer'"
        " WHERE o.id = ? AND o.kind = 'office'", [office_id])


def offices_of_insurer(tx: Tx, insurer_id: str) -> list[dict]:
    """Every office of the insurer's partner companies, with its settings (defaults if unset)."""
    return tx.rows(
        "SELECT o.id AS office_id, o.name AS office_name, o.city AS office_city,"
        " c.id AS company_id, c.name AS company_name, c.parent_id AS insurer_id,"
        " coalesce(s.create_permission, 'never') AS create_permission,"
        " coalesce(s.may_assign_other_partners, FALSE) AS may_assign_other_partners,"
        " coalesce(s.may_edit_case_id, FALSE) AS may_edit_case_id,"
        " s.updated_at, s.updated_by"
        " FROM units o JOIN units c ON c.id = o.parent_id AND c.kind = 'company'"
        " LEFT JOIN urgent_office_settings s ON s.office_id = o.id"
        " WHERE o.kind = 'office' AND o.active AND c.parent_id = ?"
        " ORDER BY c.name, o.name", [insurer_id])


def add_member(tx: Tx, username: str, unit_id: str) -> None:
    tx.execute("INSERT INTO user_units VALUES (?, ?) ON CONFLICT DO NOTHING", [username, unit_id])


def insurer_users(tx: Tx, insurer_id: str) -> list[dict]:
    return tx.rows(
        "SELECT u.username, u.name, u.authority_level FROM users u"
        " JOIN user_units m ON m.username = u.username AND m.unit_id = ?"
        " JOIN user_roles r ON r.username = u.username AND r.role = 'insurer'"
        " WHERE u.active ORDER BY u.name", [insurer_id])


# ---------------------------------------------------------------- settings


def portal(tx: Tx, insurer_id: str) -> dict | None:
    return tx.row("SELECT * FROM urgent_portals WHERE insurer_id = ?", [insurer_id])


def upsert_portal(tx: Tx, insurer_id: str, enhanced: bool, report_period: str, at: datetime,
                  by: str) -> None:
    tx.execute(
        "INSERT INTO urgent_portals VALUES (?, ?, ?, ?, ?) ON CONFLICT (insurer_id) DO UPDATE SET"
        " enhanced = excluded.enhanced, report_period = excluded.report_period,"
        " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        [insurer_id, enhanced, report_period, at, by])


def office_hours(tx: Tx, company_id: str) -> dict | None:
    return tx.row("SELECT * FROM urgent_office_hours WHERE company_id = ?", [company_id])


def upsert_office_hours(tx: Tx, company_id: str, start: time, end: time, at: datetime, by: str) -> None:
    tx.execute(
        "INSERT INTO urgent_office_hours VALUES (?, ?, ?, ?, ?) ON CONFLICT (company_id) DO UPDATE SET"
        " start_time = excluded.start_time, end_time = excluded.end_time,"
        " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        [company_id, start, end, at, by])


def office_settings(tx: Tx, office_id: str) -> dict | None:
    return tx.row("SELECT * FROM urgent_office_settings WHERE office_id = ?", [office_id])


def upsert_office_settings(tx: Tx, office_id: str, create_permission: str, may_assign: bool,
                           may_edit_id: bool, at: datetime, by: str) -> None:
    tx.execute(
        "INSERT INTO urgent_office_settings (office_id, create_permission, may_assign_other_partners,"
        " may_edit_case_id, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (office_id) DO UPDATE SET"
        " create_permission = excluded.create_permission,"
        " may_assign_other_partners = excluded.may_assign_other_partners,"
        " may_edit_case_id = excluded.may_edit_case_id,"
        " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        [office_id, create_permission, may_assign, may_edit_id, at, by])


# ---------------------------------------------------------------- offices as master data (ADM-8)

OFFICE_DETAILS = ("email", "phone", "cvr", "contact_name", "contact_phone", "contact_email", "address",
                  "description")


def upsert_office_details(tx: Tx, office_id: str, details: dict[str, Any], at: datetime, by: str) -> None:
    """The office's details (seed 004's Kontor indstillinger); its permissions are kept."""
    cols = ("office_id", *OFFICE_DETAILS, "updated_at", "updated_by")
    updates = ", ".join(f"{c} = excluded.{c}" for c in (*OFFICE_DETAILS, "updated_at", "updated_by"))
    tx.execute(f"INSERT INTO urgent_office_settings ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
               f" ON CONFLICT (office_id) DO UPDATE SET {updates}",
               [office_id, *(details.get(c) for c in OFFICE_DETAILS), at, by])


def offices_for_admin(tx: Tx) -> list[dict]:
    """Every office (inactive ones too) with its company, insurer, details, permissions and
    members — the rows of the offices kind."""
    return tx.rows(
        "SELECT o.id, o.name, o.parent_id AS company_id, c.parent_id AS insurer_id, o.city,"
        f" {', '.join('s.' + c for c in OFFICE_DETAILS)},"
        " coalesce(s.create_permission, 'never') AS create_permission,"
        " coalesce(s.may_assign_other_partners, FALSE) AS may_assign_other_partners,"
        " coalesce(s.may_edit_case_id, FALSE) AS may_edit_case_id, o.active,"
        " coalesce((SELECT array_agg(m.username ORDER BY m.username) FROM user_units m WHERE m.unit_id = o.id), ARRAY[]::VARCHAR[])"
        " AS members"
        " FROM units o LEFT JOIN units c ON c.id = o.parent_id"
        " LEFT JOIN urgent_office_settings s ON s.office_id = o.id"
        " WHERE o.kind = 'office' ORDER BY c.parent_id, o.parent_id, o.id")


def upsert_office_unit(tx: Tx, row: dict[str, Any]) -> None:
    """The office as a unit of the tree: name, company (parent), city, active; its code, manager
    and other columns of a unit are kept (a new office's code is its id)."""
    tx.execute(
        "INSERT INTO units (id, code, name, kind, parent_id, city, active) VALUES (?, ?, ?, 'office', ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,"
        " city = excluded.city, active = excluded.active",
        [row["id"], row["id"], row["name"], row["company_id"], row.get("city"), bool(row.get("active", True))])


def office_members(tx: Tx, office_id: str) -> list[str]:
    return [r["username"] for r in tx.rows(
        "SELECT username FROM user_units WHERE unit_id = ? ORDER BY username", [office_id])]


def remove_member(tx: Tx, username: str, unit_id: str) -> None:
    tx.execute("DELETE FROM user_units WHERE username = ? AND unit_id = ?", [username, unit_id])


def drop_company_without_office(tx: Tx, username: str, company_id: str) -> None:
    """A partner belongs to a company through its offices: leave the company when no office
    of it is left."""
    tx.execute(
        "DELETE FROM user_units WHERE username = ? AND unit_id = ? AND NOT EXISTS ("
        " SELECT 1 FROM user_units x JOIN units o ON o.id = x.unit_id"
        " WHERE x.username = ? AND o.kind = 'office' AND o.parent_id = ?)",
        [username, company_id, username, company_id])


def companies_with_hours(tx: Tx) -> list[dict]:
    """Every partner company with its office hours (the default 08:00–16:00 when none are set)."""
    return tx.rows(
        "SELECT c.id AS company_id, c.parent_id AS insurer_id,"
        " coalesce(h.start_time, TIME '08:00:00') AS start_time,"
        " coalesce(h.end_time, TIME '16:00:00') AS end_time"
        " FROM units c LEFT JOIN urgent_office_hours h ON h.company_id = c.id"
        " WHERE c.kind = 'company' ORDER BY c.parent_id, c.id")


def unit_kinds(tx: Tx) -> dict[str, dict]:
    """id -> {kind, parent_id} of every unit (the offices kind checks companies and insurers)."""
    return {r["id"]: r for r in tx.rows("SELECT id, kind, parent_id FROM units")}


def settings_log(tx: Tx, limit: int = 100) -> list[dict]:
    return tx.rows("SELECT * FROM security_log WHERE starts_with(event, 'urgent_') ORDER BY id DESC LIMIT ?",
                   [limit])


# ---------------------------------------------------------------- urgent and claim cases

URGENT_COLUMNS = ("case_id", "insurer_id", "company_id", "office_id", "street", "postcode", "town",
                  "customer", "contact_name", "contact_phone", "contact_email", "contact_type",
                  "building_year", "short_description", "notes", "damage_at", "registered_at",
                  "inside_office_hours", "state", "attached_at", "attached_by", "converted_to",
                  "linked_to")
CLAIM_COLUMNS = ("case_id", "insurer_id", "company_id", "office_id", "case_handler", "street",
                 "postcode", "town", "customer", "contact_name", "contact_phone", "contact_email",
                 "contact_type", "building_year", "short_description", "notes", "damage_at",
                 "converted_from")


def _insert(tx: Tx, table: str, columns: tuple[str, ...], row: dict[str, Any]) -> None:
    # table and column names come from the fixed tuples above, never from input
    tx.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
               [row.get(c) for c in columns])


def insert_urgent(tx: Tx, row: dict[str, Any]) -> None:
    _insert(tx, "urgent_cases", URGENT_COLUMNS, row)


def update_urgent(tx: Tx, case_id: str, fields: dict[str, Any]) -> None:
    guarded_update(tx, "urgent_cases", "case_id", case_id, fields, set(URGENT_COLUMNS) - {"case_id"})


def insert_claim(tx: Tx, row: dict[str, Any]) -> None:
    _insert(tx, "claim_cases", CLAIM_COLUMNS, row)


_SCOPE_NAMES = " o.name AS office_name, co.name AS company_name, i.name AS insurer_name"


def urgent(tx: Tx, case_id: str) -> dict | None:
    return tx.row(
        "SELECT d.*, c.*," + _SCOPE_NAMES +
        " FROM cases c JOIN urgent_cases d ON d.case_id = c.id"
        " LEFT JOIN units o ON o.id = d.office_id LEFT JOIN units co ON co.id = d.company_id"
        " LEFT JOIN units i ON i.id = d.insurer_id WHERE c.id = ?", [case_id])


def claim(tx: Tx, case_id: str) -> dict | None:
    return tx.row(
        "SELECT d.*, c.*, h.name AS case_handler_name, dm.name AS decision_by_name,"
        " dl.name AS deleted_by_name," + _SCOPE_NAMES +
        " FROM cases c JOIN claim_cases d ON d.case_id = c.id"
        " LEFT JOIN users h ON h.username = d.case_handler"
        " LEFT JOIN users dm ON dm.username = d.decision_by LEFT JOIN users dl ON dl.username = d.deleted_by"
        " LEFT JOIN units o ON o.id = d.office_id LEFT JOIN units co ON co.id = d.company_id"
        " LEFT JOIN units i ON i.id = d.insurer_id WHERE c.id = ?", [case_id])


CLAIM_UPDATABLE = {"case_handler", "decision", "decision_reason", "decision_at", "decision_by",
                   "deleted_reason", "deleted_at", "deleted_by"}


def update_claim(tx: Tx, case_id: str, fields: dict[str, Any]) -> None:
    """The normal case's decision, case handler or deletion (URG-16 … URG-18)."""
    guarded_update(tx, "claim_cases", "case_id", case_id, fields, CLAIM_UPDATABLE)


def case_id_taken(tx: Tx, case_id: str) -> bool:
    return bool(tx.scalar("SELECT count(*) FROM cases WHERE upper(id) = upper(?)", [case_id]))


# URG-19: the case list's states, each a fixed SQL condition (no input reaches the SQL text)
LIST_STATES = {
    "to_attach": "(c.kind = 'urgent' AND c.closed_at IS NULL)",
    "open": "(c.kind = 'claim' AND c.status = 'open')",
    "on_hold": "(c.kind = 'claim' AND c.status = 'on_hold')",
    "closed": "(c.closed_at IS NOT NULL AND c.status <> 'deleted')",
    "deleted": "(c.kind = 'claim' AND c.status = 'deleted')",
}


def list_cases(tx: Tx, *, insurer_ids: list[str], company_ids: list[str], office_ids: list[str],
               urgent_only: bool, open_only: bool, text: str | None, limit: int,
               states: tuple[str, ...] = (), decisions: tuple[str, ...] = ()) -> list[dict]:
    """The case list (sagsliste) of urgent and claim cases in the user's scope, newest activity
    first. `states` (LIST_STATES' names): any of them; none chosen: every case but the deleted
    ones (URG-19). `decisions`: claims with one of these decisions."""
    sql = (
        "SELECT c.id, c.kind, c.status, c.title, c.created_at, c.updated_at, c.closed_at, c.queue,"
        " c.assignee, c.subtype, c.category, c.unit_id, c.created_by,"
        " coalesce(u.street, k.street) AS street, coalesce(u.postcode, k.postcode) AS postcode,"
        " coalesce(u.town, k.town) AS town, coalesce(u.customer, k.customer) AS customer,"
        " coalesce(u.office_id, k.office_id) AS office_id, o.name AS office_name,"
        " co.name AS company_name, k.case_handler, h.name AS case_handler_name, u.state, k.decision"
        " FROM cases c LEFT JOIN urgent_cases u ON u.case_id = c.id"
        " LEFT JOIN claim_cases k ON k.case_id = c.id"
        " LEFT JOIN units o ON o.id = coalesce(u.office_id, k.office_id)"
        " LEFT JOIN units co ON co.id = coalesce(u.company_id, k.company_id)"
        " LEFT JOIN users h ON h.username = k.case_handler"
        " WHERE c.kind IN ('urgent', 'claim')"
        " AND (c.subtype = ANY(?) OR c.category = ANY(?) OR c.unit_id = ANY(?)"
        "      OR EXISTS (SELECT 1 FROM case_tasks t WHERE t.case_id = c.id AND t.office_id = ANY(?)))")
    params: list[Any] = [insurer_ids, company_ids, office_ids, office_ids]
    if urgent_only:
        sql += " AND c.kind = 'urgent'"
    chosen = [LIST_STATES[s] for s in states if s in LIST_STATES]
    sql += f" AND ({' OR '.join(chosen)})" if chosen else " AND c.status <> 'deleted'"
    if decisions:
        sql += " AND k.decision = ANY(?)"
        params.append(list(decisions))
    if open_only:
        sql += " AND c.closed_at IS NULL"
    if text:
        sql += " AND c.search_text LIKE ? ESCAPE '\\'"
        params.append(like_contains(text.lower()))
    sql += " ORDER BY c.updated_at DESC LIMIT ?"
    params.append(limit)
    return tx.rows(sql, params)


def pending_count(tx: Tx, insurer_ids: list[str]) -> int:
    """URG-8: open urgent cases of these insurers that wait to be converted or linked."""
    return int(tx.scalar(
        "SELECT count(*) FROM cases WHERE kind = 'urgent' AND closed_at IS NULL"
        " AND queue = 'insurer' AND subtype = ANY(?)", [insurer_ids]))


def claim_counts(tx: Tx, insurer_ids: list[str]) -> list[dict]:
    """URG-19: the insurers' normal cases by state and claim decision (status, decision, n)."""
    return tx.rows(
        "SELECT c.status, k.decision, count(*) AS n FROM cases c JOIN claim_cases k ON k.case_id = c.id"
        " WHERE c.kind = 'claim' AND k.insurer_id = ANY(?)"
        " GROUP BY c.status, k.decision ORDER BY c.status, k.decision", [insurer_ids])


def link_targets(tx: Tx, insurer_id: str, exclude: str) -> list[dict]:
    return tx.rows(
        "SELECT c.id, c.title, k.street, k.postcode, k.town, k.customer FROM cases c"
        " JOIN claim_cases k ON k.case_id = c.id"
        " WHERE k.insurer_id = ? AND c.closed_at IS NULL AND c.id <> ? ORDER BY c.updated_at DESC",
        [insurer_id, exclude])


def report_rows(tx: Tx, insurer_id: str, created_from: datetime, created_to: datetime) -> list[dict]:
    """URG-12: every urgent case created in the period, with its office and outcome."""
    return tx.rows(
        "SELECT d.case_id, c.created_at, d.office_id, o.name AS office_name, co.name AS company_name,"
        " d.inside_office_hours, d.state, d.attached_at, d.converted_to, d.linked_to"
        " FROM urgent_cases d JOIN cases c ON c.id = d.case_id"
        " LEFT JOIN units o ON o.id = d.office_id LEFT JOIN units co ON co.id = d.company_id"
        " WHERE d.insurer_id = ? AND c.created_at >= ? AND c.created_at < ?"
        " ORDER BY c.created_at", [insurer_id, created_from, created_to])


# ---------------------------------------------------------------- tasks, reports, attachments


def insert_task(tx: Tx, row: dict[str, Any]) -> int:
    return int(tx.scalar(
        "INSERT INTO case_tasks (case_id, kind, office_id, budget_state, created_at, created_by,"
        " assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [row["case_id"], row["kind"], row.get("office_id"), row["budget_state"], row["created_at"],
         row["created_by"], row.get("assigned_at"), row.get("assigned_by")]))


def task(tx: Tx, task_id: int) -> dict | None:
    return tx.row("SELECT t.*, o.name AS office_name FROM case_tasks t"
                  " LEFT JOIN units o ON o.id = t.office_id WHERE t.id = ?", [task_id])


def task_cases(tx: Tx, office_ids: list[str]) -> list[str]:
    """Cases with a task for one of these offices, other than the cases of these offices and
    their companies (which the offices' partners see anyway)."""
    if not office_ids:
        return []
    return [r[0] for r in tx.cur.execute(
        "SELECT DISTINCT t.case_id FROM case_tasks t JOIN cases c ON c.id = t.case_id"
        " WHERE t.office_id = ANY(?) AND t.status <> 'cancelled'"
        " AND NOT (coalesce(c.category, '') = ANY(?)) AND NOT (coalesce(c.unit_id, '') = ANY(?))",
        [office_ids, office_ids, office_ids]).fetchall()]


def tasks(tx: Tx, case_id: str) -> list[dict]:
    return tx.rows("SELECT t.*, o.name AS office_name FROM case_tasks t"
                   " LEFT JOIN units o ON o.id = t.office_id WHERE t.case_id = ? ORDER BY t.id", [case_id])


TASK_UPDATABLE = {"office_id", "budget_state", "budget_amount", "status", "assigned_at", "assigned_by"}


def update_task(tx: Tx, task_id: int, fields: dict[str, Any]) -> None:
    guarded_update(tx, "case_tasks", "id", task_id, fields, TASK_UPDATABLE)


def cancel_open_tasks(tx: Tx, case_id: str) -> int:
    """URG-16: a deleted case's open tasks are cancelled (no more reports or budgets)."""
    n = int(tx.scalar("SELECT count(*) FROM case_tasks WHERE case_id = ? AND status = 'open'", [case_id]))
    tx.execute("UPDATE case_tasks SET status = 'cancelled' WHERE case_id = ? AND status = 'open'", [case_id])
    return n


def erase_attachments(tx: Tx, case_id: str, at: datetime, by: str) -> int:
    """URG-16: a deleted case's files are erased: the content emptied, the name, type and size
    kept with when and by whom they were erased."""
    n = int(tx.scalar("SELECT count(*) FROM task_attachments WHERE case_id = ? AND erased_at IS NULL", [case_id]))
    tx.execute("UPDATE task_attachments SET content = ?, erased_at = ?, erased_by = ?"
               " WHERE case_id = ? AND erased_at IS NULL", [b"", at, by, case_id])
    return n


def move_content(tx: Tx, from_case: str, to_case: str) -> dict[str, int]:
    """URG-11/URG-10: tasks, their reports and attachments move to another case; each task
    remembers the urgent case it came from."""
    counts = {
        "tasks": int(tx.scalar("SELECT count(*) FROM case_tasks WHERE case_id = ?", [from_case])),
        "reports": int(tx.scalar("SELECT count(*) FROM task_reports WHERE case_id = ?", [from_case])),
        "attachments": int(tx.scalar("SELECT count(*) FROM task_attachments WHERE case_id = ?", [from_case])),
    }
    tx.execute("UPDATE case_tasks SET case_id = ?, origin_case_id = coalesce(origin_case_id, ?)"
               " WHERE case_id = ?", [to_case, from_case, from_case])
    tx.execute("UPDATE task_reports SET case_id = ? WHERE case_id = ?", [to_case, from_case])
    tx.execute("UPDATE task_attachments SET case_id = ? WHERE case_id = ?", [to_case, from_case])
    return counts


def insert_report(tx: Tx, task_id: int, case_id: str, text: str, at: datetime, by: str) -> None:
    tx.execute("INSERT INTO task_reports (task_id, case_id, text, reported_at, reported_by)"
               " VALUES (?, ?, ?, ?, ?)", [task_id, case_id, text, at, by])


def reports(tx: Tx, case_id: str) -> list[dict]:
    return tx.rows("SELECT r.*, u.name AS reported_by_name FROM task_reports r"
                   " LEFT JOIN users u ON u.username = r.reported_by WHERE r.case_id = ? ORDER BY r.id", [case_id])


def insert_attachment(tx: Tx, row: dict[str, Any]) -> int:
    return int(tx.scalar(
        "INSERT INTO task_attachments (task_id, case_id, filename, mime, size_bytes, content,"
        " uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [row["task_id"], row["case_id"], row["filename"], row["mime"], row["size_bytes"],
         row["content"], row["uploaded_at"], row["uploaded_by"]]))


def same_attachment(tx: Tx, task_id: int, size_bytes: int, sha256_hex: str) -> str | None:
    """The name of a file on the task with exactly this content (same size and SHA-256), if any.
    The size narrows the rows whose content is hashed to the few that could match."""
    # DuckDB's sha256 of a BLOB is its hex text, PostgreSQL's the digest's bytes
    digest = "encode(sha256(content), 'hex')" if tx.dialect == "postgres" else "sha256(content)"
    return tx.scalar("SELECT filename FROM task_attachments WHERE task_id = ? AND size_bytes = ?"
                     f" AND {digest} = ? ORDER BY id LIMIT 1", [task_id, size_bytes, sha256_hex])


def attachments(tx: Tx, case_id: str) -> list[dict]:
    return tx.rows("SELECT id, task_id, case_id, filename, mime, size_bytes, uploaded_at, uploaded_by, erased_at"
                   " FROM task_attachments WHERE case_id = ? ORDER BY id", [case_id])


def attachment(tx: Tx, attachment_id: int) -> dict | None:
    return tx.row("SELECT * FROM task_attachments WHERE id = ?", [attachment_id])
