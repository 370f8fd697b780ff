"""SQL for master data administration: the settings log, the import records, and the rows of
the kinds that have no repository of their own (bound parameters only)."""
from __future__ import annotations

import json
from typing import Any

from logic.store.db import Tx


def insert_settings_log(tx: Tx, entries: list[dict[str, Any]]) -> None:
    if not entries:
        return
    tx.cur.executemany(
        "INSERT INTO settings_log (logged_at, actor, kind, key, action, before_value, after_value, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [[e["logged_at"], e["actor"], e["kind"], e["key"], e["action"],
          None if e["before_value"] is None else json.dumps(e["before_value"], ensure_ascii=False, default=str),
          json.dumps(e["after_value"], ensure_ascii=False, default=str), e["source"]] for e in entries])


def settings_log(tx: Tx, kind: str | None, limit: int) -> list[dict]:
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    rows = tx.rows(f"SELECT * FROM settings_log {where} ORDER BY id DESC LIMIT ?", [*params, limit])
    for row in rows:
        for col in ("before_value", "after_value"):
            if isinstance(row[col], str):
                row[col] = json.loads(row[col])
    return rows


def insert_import(tx: Tx, row: dict[str, Any]) -> int:
    return int(tx.scalar(
        "INSERT INTO imports (kind, file_name, sha256, encoding, actor, imported_at, dry_run, rows_read, new_rows,"
        " changed_rows, unchanged_rows, refused_rows, error_report)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [row["kind"], row["file_name"], row["sha256"], row.get("encoding"), row["actor"], row["imported_at"],
         row["dry_run"], row["rows_read"], row["new_rows"], row["changed_rows"], row["unchanged_rows"],
         row["refused_rows"], row.get("error_report")]))


# an import's row without its error report (read only when downloaded)
_IMPORT_LIST = ("id, kind, file_name, sha256, encoding, actor, imported_at, dry_run, rows_read, new_rows,"
                " changed_rows, unchanged_rows, refused_rows")


def imports(tx: Tx, limit: int = 200) -> list[dict]:
    return tx.rows(f"SELECT {_IMPORT_LIST}, error_report IS NOT NULL AS has_report"
                   " FROM imports ORDER BY id DESC LIMIT ?", [limit])


def import_report(tx: Tx, import_id: int) -> dict | None:
    return tx.row("SELECT * FROM imports WHERE id = ?", [import_id])


# ---------------------------------------------------------------- units (ADM-4)

UNIT_COLUMNS = ("id", "code", "name", "kind", "parent_id", "manager", "workplace_code", "customer_no",
                "city", "active")


def all_units(tx: Tx, keys: list[tuple] | None = None) -> list[dict]:
    """Every unit, inactive ones too (the admin screen and imports see the whole tree)."""
    return tx.rows(f"SELECT {', '.join(UNIT_COLUMNS)} FROM units ORDER BY kind, id")


def upsert_units(tx: Tx, rows: list[dict[str, Any]]) -> None:
    cols = ", ".join(UNIT_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in UNIT_COLUMNS if c != "id")
    tx.cur.executemany(
        f"INSERT INTO units ({cols}) VALUES ({', '.join('?' for _ in UNIT_COLUMNS)})"
        f" ON CONFLICT (id) DO UPDATE SET {updates}",
        [[r.get(c) for c in UNIT_COLUMNS] for r in rows])


def usernames(tx: Tx, active_only: bool = True) -> set[str]:
    where = " WHERE active" if active_only else ""
    return {r["username"] for r in tx.rows(f"SELECT username FROM users{where}")}


# ---------------------------------------------------------------- users (ADM-5)

USER_COLUMNS = ("username", "name", "email", "prescriber_code", "hsa_id", "title", "lang", "tz",
                "authority_level", "active")


def all_users(tx: Tx, keys: list[tuple] | None = None) -> list[dict]:
    return tx.rows(
        f"SELECT {', '.join('u.' + c for c in USER_COLUMNS)},"
        " coalesce((SELECT array_agg(role ORDER BY role) FROM user_roles r WHERE r.username = u.username), ARRAY[]::VARCHAR[]) AS roles,"
        " coalesce((SELECT array_agg(unit_id ORDER BY unit_id) FROM user_units x WHERE x.username = u.username), ARRAY[]::VARCHAR[])"
        " AS units FROM users u ORDER BY u.username")


def upsert_users(tx: Tx, rows: list[dict[str, Any]], created_at) -> None:
    """New users get no local password ('' — they cannot log in with one until an admin sets
    it, or they log in through the directory); existing users keep theirs."""
    cols = ", ".join(USER_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in USER_COLUMNS if c != "username")
    tx.cur.executemany(
        f"INSERT INTO users ({cols}, password_hash, failed_logins, created_at)"
        f" VALUES ({', '.join('?' for _ in USER_COLUMNS)}, '', 0, ?)"
        f" ON CONFLICT (username) DO UPDATE SET {updates}",
        [[r.get(c) for c in USER_COLUMNS] + [created_at] for r in rows])
    names = [r["username"] for r in rows]
    tx.execute("DELETE FROM user_roles WHERE username = ANY(?)", [names])
    tx.execute("DELETE FROM user_units WHERE username = ANY(?)", [names])
    roles = [[r["username"], role] for r in rows for role in sorted(set(r.get("roles") or []))]
    units = [[r["username"], unit] for r in rows for unit in sorted(set(r.get("units") or []))]
    if roles:
        tx.cur.executemany("INSERT INTO user_roles VALUES (?, ?)", roles)
    if units:
        tx.cur.executemany("INSERT INTO user_units VALUES (?, ?)", units)


def first_admin(tx: Tx) -> str | None:
    """The installation's first active administrator (the importer's default actor)."""
    return tx.scalar("SELECT u.username FROM users u JOIN user_roles x ON x.username = u.username"
                     " WHERE x.role = 'admin' AND u.active ORDER BY u.created_at, u.username LIMIT 1")
