"""How the board and the case pages show a case (X-4, X-5, X-2): a board row as the user may
see it (identity numbers masked or revealed, analysts' pseudonyms for the person, the staff
and the device), the labels of kinds, subtypes and statuses, and a row's exported values."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from logic import i18n
from logic.access import Action, Role, User, decide
from logic.clock import to_local
from logic.exports import safe_cell
from logic.identity import format_id, mask
from logic.store import board_reads, board_visibility
from logic.store.db import Database


def pseudonym(key: str, person_id: str) -> str:
    """A stable pseudonym for analysts: the same person gets the same code in one database,
    and the code cannot be turned back into the number without the database's key."""
    digest = hmac.new(key.encode(), person_id.encode(), hashlib.sha256).hexdigest()
    return "P-" + digest[:10].upper()


# ------------------------------------------------------------------ what an analyst sees

# Besides the patient, what can point back to one: the staff on the case (user names, their
# display names, prescriber codes, contact names and phone numbers) and the numbers of the
# device and of its orders. Analysts see each as its pseudonym; a display name as the
# pseudonym of its user, so one person has one code on the board, in exports, on the case
# page and in the case log.
STAFF_USER_FIELDS = ("created_by", "assignee", "answered_by", "closed_by", "signed_by", "sent_by",
                     "voided_by", "deleted_by", "handled_by", "decided_by", "holder", "arrived_by",
                     "recorded_by", "reported_by", "assigned_by", "attached_by", "uploaded_by",
                     "updated_by", "username", "case_handler", "actor", "technician", "planned_by")
STAFF_NAME_FIELDS = {"created_by_name": "created_by", "assignee_name": "assignee", "answered_by_name": "answered_by",
                     "signed_by_name": "signed_by", "decided_by_name": "decided_by",
                     "holder_name": "holder", "arrived_by_name": "arrived_by",
                     "recorded_by_name": "recorded_by", "case_handler_name": "case_handler",
                     "actor_name": "actor", "reported_by_name": "reported_by",
                     "technician_name": "technician", "closed_by_name": "closed_by"}
TRACEABLE_FIELDS = ("contact_name", "contact_phone", "prescriber_code", "signed_by_prescriber_code",
                    "individual_no", "order_no", "delivery_note_no", "work_order_no")
# keys of the case log's before/after values that hold a user name
LOGGED_USER_KEYS = ("assignee", "responsible", "holder", "case_handler", "answered_by", "closed_by", "technician")


def sees_as_analyst(user: User, case: dict) -> bool:
    """Whether `user` sees `case` as an analyst: with the person, the staff and the device
    pseudonymised (an analyst who may not see the case's person)."""
    return user.has(Role.ANALYST) and not decide(user, Action.VIEW_PERSON_ID, case).allowed


def analyst_key(db: Database, user: User, case: dict) -> str | None:
    """The pseudonym key when `user` sees `case` as an analyst, else None (seen in clear)."""
    if not sees_as_analyst(user, case):
        return None
    with db.read() as r:
        return board_reads.pseudonym_key(r)


def pseudonymise(row: dict, key: str) -> dict:
    """`row` (a case, a step, a contact, a log entry …) as an analyst sees it: every field of
    STAFF_USER_FIELDS, STAFF_NAME_FIELDS and TRACEABLE_FIELDS that has a value replaced by its
    pseudonym (changed in place, and returned)."""
    # a display name's user: its own field, or a row's `username` (e.g. a ladder holder's row)
    users_of = {name: row.get(user_field) if user_field in row else row.get("username")
                for name, user_field in STAFF_NAME_FIELDS.items()}
    for field_name in (*STAFF_USER_FIELDS, *TRACEABLE_FIELDS):
        if row.get(field_name):
            row[field_name] = pseudonym(key, str(row[field_name]))
    for name, username in users_of.items():
        if name in row and (row[name] or username):
            row[name] = pseudonym(key, str(username or row[name]))
    return row


def pseudonymise_log(entries: list[dict], key: str) -> list[dict]:
    """A case log as an analyst sees it: actors, and user names among the logged values."""
    for entry in entries:
        pseudonymise(entry, key)
        for side in ("before_value", "after_value"):
            value = entry.get(side)
            if isinstance(value, dict):
                entry[side] = {k: (pseudonym(key, str(v)) if v and (k in LOGGED_USER_KEYS or k in STAFF_USER_FIELDS
                                                                    or k in TRACEABLE_FIELDS) else v)
                               for k, v in value.items()}
    return entries


def present(row: dict, user: User, key: str, units: dict[str, str], reveal: bool, *,
            person: bool | None = None) -> dict:
    """A board row as this user may see it (`person`: whether the user may see the row's
    person, when the caller asked it already — BoardAccess.row; else asked here, once)."""
    if person is None:
        person = decide(user, Action.VIEW_PERSON_ID, row).allowed
    analyst = user.has(Role.ANALYST)
    out = {k: row.get(k) for k in ("id", "kind", "subtype", "category", "status", "title", "unit_id",
                                   "created_by", "assignee", "queue", "article_no", "individual_no",
                                   "created_at", "updated_at", "closed_at")}
    if key and analyst and not person:
        pseudonymise(out, key)      # the staff and the device, as on the case page
    out["unit"] = units.get(row.get("unit_id") or "", row.get("unit_id") or "")
    out["waiting_for_me"] = (row.get("assignee") == user.username
                             or row.get("queue") in {r.value for r in user.roles})
    pid, name = row.get("person_id"), row.get("person_name")
    out["person"] = ""
    out["person_revealed"] = False
    out["person_masked"] = False
    if pid or name:
        if person:
            if reveal:
                out["person"] = " ".join(x for x in (format_id(pid), name) if x)
                out["person_revealed"] = bool(pid)
            else:
                out["person"] = mask(pid) if pid else "•••"
                out["person_masked"] = True
        elif analyst and pid:
            out["person"] = pseudonym(key, pid)
            out["person_masked"] = True
        else:
            out["person"] = "•••"
            out["person_masked"] = True
    return out


# ------------------------------------------------------------------ labels


def kind_label(lang: str, kind: str) -> str:
    key = f"board.kind.{kind}"
    return i18n.t(lang, key) if i18n.has(key) else kind


def _prefix(kind: str) -> str:
    return "dev" if kind in ("deviation", "repair") else kind


def status_label(lang: str, kind: str, status: str) -> str:
    for key in (f"{_prefix(kind)}.status.{status}", f"board.status.{status}"):
        if i18n.has(key):
            return i18n.t(lang, key)
    return status or ""


def subtype_label(lang: str, kind: str, subtype: str | None,
                  names: dict[str, dict[str, dict]] | None = None) -> str:
    """A case's type as its user reads it: a translation key of the kind, else its name in the
    kind's reference data (`names`: board.service.subtype_names — the ORG classification),
    else the code (a code nothing names; tests/unit/test_ui16_codes.py keeps that from happening)."""
    if not subtype or kind in board_visibility.UNTYPED:
        return ""
    for key in (f"{_prefix(kind)}.event.{subtype}", f"{_prefix(kind)}.type.{subtype}",
                f"board.subtype.{subtype}"):
        if i18n.has(key):
            return i18n.t(lang, key)
    row = (names or {}).get(kind, {}).get(subtype)
    if row:
        return i18n.pick_row(lang, row, "name") or subtype
    return subtype


# ------------------------------------------------------------------ exported values

EXPORT_COLUMNS = ("id", "kind", "subtype", "category", "status", "title", "unit", "created_at",
                  "updated_at", "closed_at", "person", "article_no", "individual_no")


def _local(value: object, tz: str) -> str:
    if not isinstance(value, datetime):
        return ""
    return to_local(value, tz).strftime("%Y-%m-%d %H:%M")


def export_values(row: dict, lang: str, tz: str, names: dict[str, dict[str, dict]] | None = None) -> list:
    values = {
        "id": row["id"], "kind": kind_label(lang, row["kind"]),
        "subtype": subtype_label(lang, row["kind"], row["subtype"], names), "category": row["category"] or "",
        "status": status_label(lang, row["kind"], row["status"]), "title": row["title"] or "",
        "unit": row["unit"] or "", "created_at": _local(row["created_at"], tz),
        "updated_at": _local(row["updated_at"], tz), "closed_at": _local(row["closed_at"], tz),
        "person": row["person"], "article_no": row["article_no"] or "",
        "individual_no": row["individual_no"] or "",
    }
    return [safe_cell(values[c]) for c in EXPORT_COLUMNS]
