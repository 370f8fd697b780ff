"""SQL for organisational deviations (ORG): classification, ladder holders, detail, steps,
contacts, and the unit tree the routing walks (bound parameters only)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from logic.store.db import Tx
from logic.store.update import guarded_update

# ---------------------------------------------------------------- classification (ORG-2)

NODE_COLUMNS = ("code", "parent_code", "entry", "name_sv", "name_en", "name_da", "guidance_sv",
                "guidance_en", "guidance_da", "ladder", "sort", "active")


def nodes(tx: Tx, active_only: bool = True) -> list[dict]:
    where = " WHERE active" if active_only else ""
    return tx.rows(f"SELECT * FROM org_classification{where} ORDER BY parent_code NULLS FIRST, sort, code")


def node(tx: Tx, code: str) -> dict | None:
    return tx.row("SELECT * FROM org_classification WHERE code = ?", [code])


def count_nodes(tx: Tx) -> int:
    return int(tx.scalar("SELECT count(*) FROM org_classification"))


def upsert_node(tx: Tx, row: dict[str, Any]) -> None:
    tx.execute(
        "INSERT INTO org_classification (code, parent_code, entry, name_sv, name_en, name_da, guidance_sv,"
        " guidance_en, guidance_da, ladder, sort, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code,"
        " entry = excluded.entry, name_sv = excluded.name_sv, name_en = excluded.name_en,"
        " name_da = excluded.name_da, guidance_sv = excluded.guidance_sv,"
        " guidance_en = excluded.guidance_en, guidance_da = excluded.guidance_da,"
        " ladder = excluded.ladder, sort = excluded.sort, active = excluded.active",
        [row["code"], row.get("parent_code"), row["entry"], row["name_sv"], row["name_en"], row.get("name_da"),
         row.get("guidance_sv"), row.get("guidance_en"), row.get("guidance_da"), bool(row.get("ladder")),
         int(row.get("sort", 0)), bool(row.get("active", True))])


def fill_node_danish(tx: Tx, code: str, name_sv: str, name_da: str,
                     guidance_sv: str | None, guidance_da: str | None) -> None:
    """A shipped node without a Danish name (or guidance) gets the shipped one, unless the
    Swedish text was changed since (then the shipped Danish would not match it)."""
    tx.execute("UPDATE org_classification SET name_da = ? WHERE code = ? AND name_da IS NULL AND name_sv = ?",
               [name_da, code, name_sv])
    if guidance_sv and guidance_da:
        tx.execute("UPDATE org_classification SET guidance_da = ? WHERE code = ? AND guidance_da IS NULL"
                   " AND guidance_sv = ?", [guidance_da, code, guidance_sv])


# ---------------------------------------------------------------- grounds for reporting (ORG-8)


def grounds(tx: Tx, active_only: bool = True) -> list[dict]:
    where = " WHERE active" if active_only else ""
    return tx.rows(f"SELECT * FROM org_grounds{where} ORDER BY sort, code")


def count_grounds(tx: Tx) -> int:
    return int(tx.scalar("SELECT count(*) FROM org_grounds"))


def insert_ground(tx: Tx, row: dict[str, Any]) -> None:
    tx.execute("INSERT INTO org_grounds (code, name_sv, name_en, name_da, sort) VALUES (?, ?, ?, ?, ?)",
               [row["code"], row["name_sv"], row["name_en"], row.get("name_da"), int(row.get("sort", 0))])


# ---------------------------------------------------------------- ladder holders (ORG-6)


def holders(tx: Tx) -> dict[str, dict]:
    rows = tx.rows(
        "SELECT h.*, u.name AS holder_name, u.active AS holder_active FROM org_ladder_holders h"
        " LEFT JOIN users u ON u.username = h.username")
    return {r["level"]: r for r in rows}


def set_holder(tx: Tx, level: str, username: str, title: str | None, by: str, at: datetime) -> None:
    tx.execute(
        "INSERT INTO org_ladder_holders (level, username, title, assigned_by, assigned_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (level) DO UPDATE SET username = excluded.username,"
        " title = excluded.title, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at",
        [level, username, title, by, at])


# ---------------------------------------------------------------- the unit tree (ORG-4)


def unit_tree(tx: Tx) -> dict[str, dict]:
    return {r["id"]: r for r in tx.rows("SELECT id, code, name, parent_id, manager, active FROM units")}


def active_managers(tx: Tx) -> list[dict]:
    """Active users with the manager role (who may receive and handle an org case)."""
    return tx.rows(
        "SELECT u.username, u.name, u.title FROM users u JOIN user_roles r USING (username)"
        " WHERE r.role = 'manager' AND u.active ORDER BY u.name")


def users_with_roles(tx: Tx, roles: list[str]) -> list[dict]:
    return tx.rows(
        "SELECT DISTINCT u.username, u.name, u.title FROM users u JOIN user_roles r USING (username)"
        " WHERE r.role = ANY(?) AND u.active ORDER BY u.name", [roles])


def user_name(tx: Tx, username: str | None) -> str | None:
    if not username:
        return None
    return tx.scalar("SELECT name FROM users WHERE username = ?", [username])


# ---------------------------------------------------------------- the case detail

ORG_COLUMNS = (
    "case_id", "entry", "reporter_unit_id", "routed_unit_id", "area", "deficiency", "ladder",
    "occurred_at", "location", "what_happened", "affected", "party", "party_other",
    "patient_harmed", "harm_description", "level", "linked_case_id", "grounds")

UPDATABLE = {"grounds", "level", "linked_case_id", "routed_unit_id", "unit_meeting_on", "unit_meeting_note", "outcome",
             "resolved_at", "resolved_level", "closed_by"}


def insert_org(tx: Tx, row: dict[str, Any]) -> None:
    cols = ", ".join(ORG_COLUMNS)
    marks = ", ".join("?" for _ in ORG_COLUMNS)
    tx.execute(f"INSERT INTO org_deviations ({cols}) VALUES ({marks})",
               [row.get(c) for c in ORG_COLUMNS])


def update_org(tx: Tx, case_id: str, fields: dict[str, Any]) -> None:
    guarded_update(tx, "org_deviations", "case_id", case_id, fields, UPDATABLE)


def org_case(tx: Tx, case_id: str) -> dict | None:
    return tx.row(
        "SELECT c.*, o.*, ru.name AS reporter_unit_name, tu.name AS routed_unit_name,"
        " cu.name AS created_by_name, au.name AS assignee_name,"
        " an.name_sv AS area_sv, an.name_en AS area_en, an.name_da AS area_da,"
        " dn.name_sv AS deficiency_sv, dn.name_en AS deficiency_en, dn.name_da AS deficiency_da"
        " FROM cases c JOIN org_deviations o ON o.case_id = c.id"
        " LEFT JOIN units ru ON ru.id = o.reporter_unit_id"
        " LEFT JOIN units tu ON tu.id = o.routed_unit_id"
        " LEFT JOIN users cu ON cu.username = c.created_by"
        " LEFT JOIN users au ON au.username = c.assignee"
        " LEFT JOIN org_classification an ON an.code = o.area"
        " LEFT JOIN org_classification dn ON dn.code = o.deficiency"
        " WHERE c.id = ?", [case_id])


def open_cases_at_level(tx: Tx, level: str) -> list[dict]:
    return tx.rows(
        "SELECT c.id, c.kind, c.version, c.assignee, c.created_by FROM cases c"
        " JOIN org_deviations o ON o.case_id = c.id"
        " WHERE o.level = ? AND c.closed_at IS NULL ORDER BY c.id", [level])


def open_cases_at_manager(tx: Tx) -> list[dict]:
    """ADM-10: open cases still waiting at the manager level, with the reporter's unit and how
    the pending step arrived (routed, routed_self, rerouted: by the rule; forwarded: by hand)."""
    return tx.rows(
        "SELECT c.id, c.kind, c.version, c.assignee, c.created_by, o.reporter_unit_id, o.routed_unit_id,"
        " s.arrival FROM cases c JOIN org_deviations o ON o.case_id = c.id"
        " LEFT JOIN org_steps s ON s.case_id = c.id AND s.decision IS NULL"
        " WHERE o.level = 'manager' AND c.closed_at IS NULL ORDER BY c.id")


# ---------------------------------------------------------------- steps (ORG-4, ORG-6)


def insert_step(tx: Tx, case_id: str, level: str, holder: str, at: datetime, by: str,
                arrival: str, note: str | None) -> None:
    tx.execute(
        "INSERT INTO org_steps (case_id, level, holder, arrived_at, arrived_by, arrival, arrival_note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)", [case_id, level, holder, at, by, arrival, note])


def decide_step(tx: Tx, case_id: str, decision: str, by: str, at: datetime,
                outcome: str | None) -> None:
    """Record the pending step's decision (there is at most one pending step per case)."""
    tx.execute(
        "UPDATE org_steps SET decision = ?, decided_by = ?, decided_at = ?, outcome = ?"
        " WHERE case_id = ? AND decision IS NULL", [decision, by, at, outcome, case_id])


def handled_cases(tx: Tx, username: str) -> list[str]:
    """The cases a user held a level of or decided on (ORG-6: who, when, outcome)."""
    return [r[0] for r in tx.cur.execute(
        "SELECT DISTINCT case_id FROM org_steps WHERE holder = ? OR decided_by = ?",
        [username, username]).fetchall()]


def steps(tx: Tx, case_id: str) -> list[dict]:
    return tx.rows(
        "SELECT s.*, h.name AS holder_name, d.name AS decided_by_name, a.name AS arrived_by_name"
        " FROM org_steps s LEFT JOIN users h ON h.username = s.holder"
        " LEFT JOIN users d ON d.username = s.decided_by"
        " LEFT JOIN users a ON a.username = s.arrived_by"
        " WHERE s.case_id = ? ORDER BY s.id", [case_id])


# ---------------------------------------------------------------- contacts (ORG-5)


def insert_contact(tx: Tx, case_id: str, party: str, contact_role: str, contacted_on: date,
                   outcome: str, by: str, at: datetime, register_id: int | None = None) -> None:
    tx.execute(
        "INSERT INTO org_contacts (case_id, party, contact_role, contacted_on, outcome,"
        " recorded_by, recorded_at, register_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [case_id, party, contact_role, contacted_on, outcome, by, at, register_id])


def contacts(tx: Tx, case_id: str) -> list[dict]:
    return tx.rows(
        "SELECT k.*, u.name AS recorded_by_name, r.role AS register_role, r.phone AS register_phone,"
        " r.email AS register_email"
        " FROM org_contacts k LEFT JOIN users u ON u.username = k.recorded_by"
        " LEFT JOIN org_unit_contacts r ON r.id = k.register_id"
        " WHERE k.case_id = ? ORDER BY k.contacted_on, k.id", [case_id])


# ---------------------------------------------------------------- the contact register (ORG-11)

REGISTER_COLUMNS = ("unit_id", "role", "party", "name", "phone", "email", "note", "active")


def register_contacts(tx: Tx, unit_ids: list[str] | None = None, active_only: bool = False) -> list[dict]:
    """The register's people, of the given units (all when None), with their unit's name."""
    sql = ["SELECT r.*, u.name AS unit_name, u.code AS unit_code FROM org_unit_contacts r"
           " LEFT JOIN units u ON u.id = r.unit_id WHERE TRUE"]
    params: list[Any] = []
    if unit_ids is not None:
        sql.append("AND r.unit_id = ANY(?)")
        params.append(unit_ids)
    if active_only:
        sql.append("AND r.active")
    sql.append("ORDER BY u.name, r.unit_id, r.role, r.name, r.id")
    return tx.rows(" ".join(sql), params)


def register_contact(tx: Tx, contact_id: int) -> dict | None:
    return tx.row("SELECT * FROM org_unit_contacts WHERE id = ?", [contact_id])


def insert_register_contact(tx: Tx, row: dict[str, Any], by: str, at: datetime) -> int:
    cols = ", ".join(REGISTER_COLUMNS)
    return int(tx.scalar(
        f"INSERT INTO org_unit_contacts ({cols}, changed_by, changed_at)"
        f" VALUES ({', '.join('?' for _ in REGISTER_COLUMNS)}, ?, ?) RETURNING id",
        [row.get(c) for c in REGISTER_COLUMNS] + [by, at]))


def update_register_contact(tx: Tx, contact_id: int, row: dict[str, Any], by: str, at: datetime) -> None:
    sets = ", ".join(f"{c} = ?" for c in REGISTER_COLUMNS)
    tx.execute(f"UPDATE org_unit_contacts SET {sets}, changed_by = ?, changed_at = ? WHERE id = ?",
               [row.get(c) for c in REGISTER_COLUMNS] + [by, at, contact_id])


# ---------------------------------------------------------------- lists and statistics


def list_cases(tx: Tx, *, assignee: str | None = None, created_by: str | None = None,
               status: str | None = None, level: str | None = None, limit: int = 500) -> list[dict]:
    sql = [
        "SELECT c.id, c.kind, c.status, c.title, c.unit_id, c.created_by, c.assignee, c.created_at,"
        " c.updated_at, c.closed_at, o.level, o.area, o.deficiency, o.ladder, o.linked_case_id,"
        " o.routed_unit_id, au.name AS assignee_name, an.name_sv AS area_sv, an.name_en AS area_en,"
        " an.name_da AS area_da, dn.name_sv AS deficiency_sv, dn.name_en AS deficiency_en,"
        " dn.name_da AS deficiency_da"
        " FROM cases c JOIN org_deviations o ON o.case_id = c.id"
        " LEFT JOIN users au ON au.username = c.assignee"
        " LEFT JOIN org_classification an ON an.code = o.area"
        " LEFT JOIN org_classification dn ON dn.code = o.deficiency WHERE TRUE"]
    params: list[Any] = []
    if assignee:
        sql.append("AND c.assignee = ? AND c.closed_at IS NULL")
        params.append(assignee)
    if created_by:
        sql.append("AND c.created_by = ?")
        params.append(created_by)
    if status:
        sql.append("AND c.status = ?")
        params.append(status)
    if level:
        sql.append("AND o.level = ?")
        params.append(level)
    sql.append("ORDER BY c.updated_at DESC NULLS LAST, c.id LIMIT ?")
    params.append(limit)
    return tx.rows(" ".join(sql), params)


def level_times(tx: Tx) -> list[dict]:
    """For the dashboard: one row per step with area, deficiency type, level and the days
    spent there (until decided, or until now for a pending step: decided_at NULL)."""
    return tx.rows(
        "SELECT s.case_id, c.kind, o.area, o.deficiency, o.level AS level_reached, s.level,"
        " s.holder, s.arrival, s.decision, s.arrived_at, s.decided_at"
        " FROM org_steps s JOIN org_deviations o ON o.case_id = s.case_id"
        " JOIN cases c ON c.id = s.case_id ORDER BY s.case_id, s.id")


def counts_by(tx: Tx, column: str) -> list[dict]:
    """Cases per area, deficiency type or level reached (open and closed)."""
    if column not in ("area", "deficiency", "level"):
        raise ValueError(column)
    name_join = (" LEFT JOIN org_classification n ON n.code = o." + column) if column != "level" else ""
    names = (", n.name_sv, n.name_en, n.name_da" if column != "level"
             else ", NULL::VARCHAR AS name_sv, NULL::VARCHAR AS name_en, NULL::VARCHAR AS name_da")
    group = f"o.{column}, c.kind" + (", n.name_sv, n.name_en, n.name_da" if column != "level" else "")
    return tx.rows(
        f"SELECT o.{column} AS code{names}, c.kind, count(*) AS cases,"
        " count(*) FILTER (WHERE c.closed_at IS NULL) AS open_cases"
        f" FROM org_deviations o JOIN cases c ON c.id = o.case_id{name_join}"
        f" GROUP BY {group} ORDER BY cases DESC, code, kind")


def counts_by_ground(tx: Tx) -> list[dict]:
    """ORG-10: insurance-medicine cases (those with the ladder) per ground for reporting; a case
    with two grounds counts under both, one without any (code NULL) under none."""
    return tx.rows(
        "SELECT g.code, n.name_sv, n.name_en, n.name_da, n.sort, g.kind, count(*) AS cases,"
        " count(*) FILTER (WHERE g.closed_at IS NULL) AS open_cases FROM ("
        "  SELECT unnest(CASE WHEN o.grounds IS NULL OR o.grounds = ARRAY[]::VARCHAR[]"
        "   THEN ARRAY[NULL::VARCHAR] ELSE o.grounds END) AS code, c.kind, c.closed_at"
        "  FROM org_deviations o JOIN cases c ON c.id = o.case_id WHERE o.ladder) g"
        " LEFT JOIN org_grounds n ON n.code = g.code"
        " GROUP BY g.code, n.name_sv, n.name_en, n.name_da, n.sort, g.kind"
        " ORDER BY n.sort NULLS LAST, g.code, g.kind")


def trend_cases(tx: Tx) -> list[dict]:
    """ORG-10: one row per case for the trend: when reported, its unit, classification, the
    level reached and its grounds (names joined by the service)."""
    return tx.rows(
        "SELECT c.id, c.kind, c.created_at, c.unit_id, u.name AS unit_name, o.area, o.deficiency,"
        " o.level, o.ladder, o.grounds FROM org_deviations o JOIN cases c ON c.id = o.case_id"
        " LEFT JOIN units u ON u.id = c.unit_id ORDER BY c.created_at")


def days_per_level(tx: Tx, now: datetime) -> list[dict]:
    """Time spent at each level: until the level decided, or until now while it waits. Whole
    seconds as DuckDB's date_diff counts them; days rounded to one decimal, halves away from
    zero on both (PostgreSQL's round of a float would round halves to even: NUMERIC there)."""
    if tx.dialect == "postgres":
        def rnd(e: str) -> str:
            return f"CAST(round(CAST({e} AS NUMERIC), 1) AS FLOAT8)"
    else:
        def rnd(e: str) -> str:
            return f"round({e}, 1)"
    return tx.rows(
        "SELECT level, count(*) AS steps, count(*) FILTER (WHERE decision IS NULL) AS waiting,"
        f" {rnd('avg(secs) / 86400.0')} AS avg_days,"
        f" {rnd('percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) / 86400.0')} AS median_days,"
        f" {rnd('max(secs) / 86400.0')} AS max_days"
        " FROM (SELECT s.level, s.decision,"
        "  floor(extract(epoch FROM coalesce(s.decided_at, CAST(? AS TIMESTAMP))))"
        "  - floor(extract(epoch FROM s.arrived_at)) AS secs"
        "  FROM org_steps s WHERE s.decision IS DISTINCT FROM 'reassigned') s GROUP BY level",
        [now])
