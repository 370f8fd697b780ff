"""SQL for users, units, cases, the logs, messages and number sequences (bound parameters only)."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from logic.store import search_index, search_shape
from logic.store.db import Tx
from logic.store.update import check_columns, guarded_update

# ---------------------------------------------------------------- users and units


def user_row(tx: Tx, username: str) -> dict | None:
    return tx.row("SELECT * FROM users WHERE username = ?", [username])


def user_roles(tx: Tx, username: str) -> list[str]:
    return [r["role"] for r in tx.rows(
        "SELECT role FROM user_roles WHERE username = ? ORDER BY role", [username])]


def user_units(tx: Tx, username: str) -> list[str]:
    return [r["unit_id"] for r in tx.rows(
        "SELECT unit_id FROM user_units WHERE username = ? ORDER BY unit_id", [username])]


_USERS_WITH_ROLES = (
    "SELECT u.*, "
    " (SELECT array_agg(role ORDER BY role) FROM user_roles r WHERE r.username = u.username) AS roles,"
    " (SELECT array_agg(unit_id ORDER BY unit_id) FROM user_units x WHERE x.username = u.username) AS units"
    " FROM users u")


def all_users(tx: Tx) -> list[dict]:
    return tx.rows(_USERS_WITH_ROLES + " ORDER BY u.username")


def user_with_roles(tx: Tx, username: str) -> dict | None:
    """One user's row with its roles and units, in one query (the page shell needs it every
    run): uncorrelated subqueries, ~2.5 ms, where the correlated form of all_users took ~10."""
    return tx.row("SELECT u.*, r.roles, x.units FROM users u,"
                  " (SELECT array_agg(role ORDER BY role) AS roles FROM user_roles WHERE username = ?) r,"
                  " (SELECT array_agg(unit_id ORDER BY unit_id) AS units FROM user_units WHERE username = ?) x"
                  " WHERE u.username = ?", [username, username, username])


def users_by_email(tx: Tx, email: str) -> list[dict]:
    """The users with this e-mail address, compared without regard to case (the directory
    login, ADM-14): username and active, active ones first."""
    return tx.rows("SELECT username, active FROM users WHERE lower(trim(email)) = lower(trim(?))"
                   " ORDER BY active DESC, username", [email])


def users_by_hsa_id(tx: Tx, hsa_id: str) -> list[dict]:
    """The users with this HSA-id (stored in capitals, ADM-5), active ones first."""
    return tx.rows("SELECT username, active FROM users WHERE upper(trim(hsa_id)) = upper(trim(?))"
                   " ORDER BY active DESC, username", [hsa_id])


def insert_user(tx: Tx, row: dict[str, Any]) -> None:
    tx.execute(
        "INSERT INTO users (username, name, email, password_hash, prescriber_code, title, lang, tz,"
        " authority_level, failed_logins, active, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, TRUE, ?)",
        [row["username"], row["name"], row.get("email"), row["password_hash"],
         row.get("prescriber_code"), row.get("title"), row.get("lang", "sv"),
         row.get("tz", "Europe/Stockholm"), row.get("authority_level"), row["created_at"]],
    )


USER_UPDATABLE = {"name", "email", "password_hash", "prescriber_code", "title", "lang", "tz",
                  "authority_level", "failed_logins", "active"}


def update_user(tx: Tx, username: str, fields: dict[str, Any]) -> None:
    guarded_update(tx, "users", "username", username, fields, USER_UPDATABLE)


def set_roles(tx: Tx, username: str, roles: list[str]) -> None:
    tx.execute("DELETE FROM user_roles WHERE username = ?", [username])
    for role in sorted(set(roles)):
        tx.execute("INSERT INTO user_roles VALUES (?, ?)", [username, role])


def set_units(tx: Tx, username: str, units: list[str]) -> None:
    tx.execute("DELETE FROM user_units WHERE username = ?", [username])
    for unit in sorted(set(units)):
        tx.execute("INSERT INTO user_units VALUES (?, ?)", [username, unit])


def insert_unit(tx: Tx, row: dict[str, Any]) -> None:
    tx.execute(
        "INSERT INTO units (id, code, name, kind, parent_id, manager, workplace_code, customer_no, city)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [row["id"], row.get("code"), row["name"], row["kind"], row.get("parent_id"),
         row.get("manager"), row.get("workplace_code"), row.get("customer_no"), row.get("city")],
    )


def unit(tx: Tx, unit_id: str) -> dict | None:
    return tx.row("SELECT * FROM units WHERE id = ?", [unit_id])


def units(tx: Tx, kind: str | None = None) -> list[dict]:
    if kind:
        return tx.rows("SELECT * FROM units WHERE kind = ? AND active ORDER BY code, name", [kind])
    return tx.rows("SELECT * FROM units WHERE active ORDER BY kind, code, name")


def units_by_ids(tx: Tx, ids: list[str]) -> list[dict]:
    if not ids:
        return []
    return tx.rows("SELECT * FROM units WHERE id = ANY(?) ORDER BY code, name", [ids])


# ---------------------------------------------------------------- cases

CASE_COLUMNS = ("id", "kind", "subtype", "category", "status", "title", "description", "unit_id",
                "created_by", "assignee", "queue", "person_id", "person_name", "article_no",
                "individual_no", "created_at", "updated_at", "closed_at", "version", "search_text")
CASE_UPDATABLE = set(CASE_COLUMNS) - {"id", "version"}


def insert_case(tx: Tx, row: dict[str, Any]) -> None:
    values = [row.get(c) for c in CASE_COLUMNS]
    placeholders = ", ".join("?" for _ in CASE_COLUMNS)
    tx.execute(f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) VALUES ({placeholders})", values)
    search_index.index_case(tx, row["id"], {c: row.get(c) for c in CASE_COLUMNS})  # board index


def case(tx: Tx, case_id: str) -> dict | None:
    return tx.row("SELECT * FROM cases WHERE id = ?", [case_id])


def update_case(tx: Tx, case_id: str, expected_version: int, fields: dict[str, Any]) -> bool:
    """Optimistic update: only when the version is still the one the user saw."""
    check_columns(fields, CASE_UPDATABLE)
    columns = set(fields)
    before = (search_index.snapshot(tx, case_id)
              if not search_shape.INDEXED_COLUMNS.isdisjoint(columns) else None)
    if not guarded_update(tx, "cases", "id", case_id, fields, CASE_UPDATABLE,
                          expected_version=expected_version):
        return False
    search_index.refresh_case(tx, case_id, columns, before)   # board index, same tx
    return True


def open_work(tx: Tx, username: str, roles: list[str], limit: int) -> list[dict]:
    """Open cases waiting for the user (assignee or one of the roles' queues) or created by the
    user, those waiting first, newest change first; at most `limit` rows."""
    return tx.rows(
        "SELECT id, kind, subtype, status, title, unit_id, created_by, assignee, queue,"
        " created_at, updated_at,"
        " (assignee = ? OR queue = ANY(?)) AS waiting_for_me"
        " FROM cases WHERE closed_at IS NULL"
        " AND (assignee = ? OR queue = ANY(?) OR created_by = ?)"
        " ORDER BY waiting_for_me DESC NULLS LAST, updated_at DESC NULLS LAST, id LIMIT ?",
        [username, roles, username, roles, username, limit])



# ---------------------------------------------------------------- sessions


def revoke_sessions(tx: Tx, username: str, at_epoch: float) -> None:
    tx.execute("INSERT INTO session_revocations VALUES (?, ?) ON CONFLICT (username)"
               " DO UPDATE SET revoked_epoch = excluded.revoked_epoch", [username, at_epoch])


def revoked_epoch(tx: Tx, username: str) -> float | None:
    return tx.scalar("SELECT revoked_epoch FROM session_revocations WHERE username = ?", [username])


# ---------------------------------------------------------------- logs


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def insert_event(tx: Tx, case_id: str, at: datetime, actor: str, action: str,
                 before: Any, after: Any) -> None:
    tx.execute(
        "INSERT INTO case_events (case_id, logged_at, actor, action, before_value, after_value)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [case_id, at, actor, action, _json(before), _json(after)],
    )


def events(tx: Tx, case_id: str) -> list[dict]:
    rows = tx.rows(
        "SELECT e.id, e.logged_at, e.actor, u.name AS actor_name, e.action, e.before_value, e.after_value"
        " FROM case_events e LEFT JOIN users u ON u.username = e.actor"
        " WHERE e.case_id = ? ORDER BY e.id", [case_id])
    for r in rows:
        r["before_value"] = json.loads(r["before_value"]) if r["before_value"] else None
        r["after_value"] = json.loads(r["after_value"]) if r["after_value"] else None
    return rows


def insert_access(tx: Tx, at: datetime, actor: str, person_id: str, case_id: str | None,
                  purpose: str) -> None:
    tx.execute(
        "INSERT INTO access_log (logged_at, actor, person_id, case_id, purpose) VALUES (?, ?, ?, ?, ?)",
        [at, actor, person_id, case_id, purpose],
    )


def access_entries(tx: Tx, person_id: str | None = None, limit: int = 500) -> list[dict]:
    """Access-log entries, newest first (one person's, when given), with the actor's name."""
    where, params = ("WHERE a.person_id = ?", [person_id]) if person_id else ("", [])
    return tx.rows("SELECT a.*, u.name AS actor_name FROM access_log a LEFT JOIN users u ON u.username = a.actor"
                   f" {where} ORDER BY a.id DESC LIMIT ?", [*params, limit])


def insert_security(tx: Tx, at: datetime, actor: str | None, event: str, detail: str = "") -> None:
    tx.execute("INSERT INTO security_log (logged_at, actor, event, detail) VALUES (?, ?, ?, ?)",
               [at, actor, event, detail])


def security_entries(tx: Tx, limit: int = 200) -> list[dict]:
    return tx.rows("SELECT * FROM security_log ORDER BY id DESC LIMIT ?", [limit])


# ---------------------------------------------------------------- messages


def insert_message(tx: Tx, recipient: str, sender: str, subject: str, body: str,
                   case_id: str | None, at: datetime) -> None:
    tx.execute(
        "INSERT INTO messages (recipient, sender, subject, body, case_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)", [recipient, sender, subject, body, case_id, at])


def messages_for(tx: Tx, username: str, limit: int = 200) -> list[dict]:
    return tx.rows("SELECT * FROM messages WHERE recipient = ? ORDER BY id DESC LIMIT ?",
                   [username, limit])


def messages_page(tx: Tx, username: str, limit: int, offset: int) -> list[dict]:
    """One page of a recipient's messages, newest first, with the sending person's name
    (`sender_name`, NULL when the sender is no user — the system)."""
    return tx.rows(
        "SELECT m.*, u.name AS sender_name FROM messages m LEFT JOIN users u ON u.username = m.sender"
        " WHERE m.recipient = ? ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?", [username, limit, offset])


def message_count(tx: Tx, username: str) -> int:
    return int(tx.scalar("SELECT count(*) FROM messages WHERE recipient = ?", [username]))


def unread_count(tx: Tx, username: str) -> int:
    return int(tx.scalar(
        "SELECT count(*) FROM messages WHERE recipient = ? AND read_at IS NULL", [username]))


def mark_read(tx: Tx, username: str, message_id: int, at: datetime) -> None:
    tx.execute("UPDATE messages SET read_at = ? WHERE id = ? AND recipient = ? AND read_at IS NULL",
               [at, message_id, username])


def mark_all_read(tx: Tx, username: str, at: datetime) -> int:
    """Every unread message of one recipient read at `at`; how many were unread."""
    n = unread_count(tx, username)
    if n:
        tx.execute("UPDATE messages SET read_at = ? WHERE recipient = ? AND read_at IS NULL",
                   [at, username])
    return n


# ---------------------------------------------------------------- numbers


def next_number(tx: Tx, prefix: str) -> int:
    """Next value for a prefix; inside the caller's (serialised) write transaction."""
    tx.execute(
        "INSERT INTO number_sequences VALUES (?, 1)"
        " ON CONFLICT (prefix) DO UPDATE SET last_value = number_sequences.last_value + 1",
        [prefix],
    )
    return int(tx.scalar("SELECT last_value FROM number_sequences WHERE prefix = ?", [prefix]))
