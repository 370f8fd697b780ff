"""Reference data (admin): the deviation categories."""
from __future__ import annotations


from logic import audit
from logic.access import Action, User, decide, require
from logic.clock import Clock
from logic.deviations import rules
from logic.deviations.model import (
    EventType,
)
from logic.errors import FieldErrors
from logic import settings_log as md_log
from logic.store import deviations_repo
from logic.store.db import Database, Tx

# ------------------------------------------------------------------ reference data (admin)


def all_categories(db: Database) -> list[dict]:
    with db.read() as r:
        return deviations_repo.all_categories(r)


CATEGORY_COLUMNS = ("event_type", "code", "name_sv", "name_en", "name_da", "requires_delivery_ref", "sort",
                    "active")


def category_columns(tx: Tx, event_type: str, code: str) -> dict | None:
    """A stored category as the categories kind and the settings log name its columns."""
    row = deviations_repo.category(tx, event_type, code)
    return None if row is None else {c: row[c] for c in CATEGORY_COLUMNS}


def write_category(tx: Tx, clock: Clock, user: User, row: dict) -> None:
    """DEV-6 in the caller's transaction — the admin form's and the categories kind's one way to
    add or change a category (`rules.category_errors`), in the security log."""
    require(decide(user, Action.ADMIN_REFERENCE))
    errors = rules.category_errors(row.get("code"), row.get("name_sv"), row.get("name_en"), row.get("name_da"))
    if errors:
        raise FieldErrors(errors)
    row = rules.category_row(row["event_type"], row["code"], row["name_sv"], row.get("name_en"),
                             row.get("requires_delivery_ref"), row.get("sort") or 0, row.get("active", True),
                             row.get("name_da"))
    deviations_repo.upsert_category(tx, row)
    audit.security(tx, clock, user.username, "category_saved", f"{row['event_type']}/{row['code']}")


def save_category(db: Database, clock: Clock, user: User, *, event_type: EventType, code: str,
                  name_sv: str, name_en: str, requires_delivery_ref: bool, sort: int,
                  active: bool, name_da: str | None = None) -> None:
    """DEV-6: admins extend or retire categories per event type without code; in the security
    log and the settings log (ADM-3)."""
    require(decide(user, Action.ADMIN_REFERENCE))
    errors = rules.category_errors(code, name_sv, name_en, name_da)
    if errors:
        raise FieldErrors(errors)
    row = rules.category_row(event_type.value, code, name_sv, name_en, requires_delivery_ref, sort, active, name_da)
    with db.tx() as tx:
        before = category_columns(tx, row["event_type"], row["code"])
        write_category(tx, clock, user, row)
        md_log.record(tx, clock, user.username, "categories", (row["event_type"], row["code"]), before,
                      category_columns(tx, row["event_type"], row["code"]), "screen:admin")
