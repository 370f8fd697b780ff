"""What the master-data screens read (ADM-1, ADM-3): a kind's stored rows as its grid shows
them, and the settings log — who changed which master data when, before → after — with
identity numbers masked on screen (X-2). Writing goes through logic.masterdata.plan."""
from __future__ import annotations

from typing import Any

from logic.access import Action, User, decide, require
from logic.identity import mask
from logic.masterdata.persons import is_person_id
from logic.masterdata.spec import Kind
from logic.store import masterdata_repo
from logic.store.db import Database


def stored_rows(db: Database, actor: User, kind: Kind) -> list[dict[str, Any]]:
    """Every stored row of a kind, as its screen shows them."""
    require(decide(actor, kind.action))
    names = [c.name for c in kind.columns]
    with db.read() as r:
        return [{n: row.get(n) for n in names} for row in kind.load(r, None)]


def settings_log(db: Database, actor: User, kind: str | None = None, limit: int = 500) -> list[dict]:
    """ADM-3: who changed which master data when, before → after, newest first."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    with db.read() as r:
        return masterdata_repo.settings_log(r, kind, limit)


def change_log(db: Database, actor: User, kind: Kind, limit: int = 200) -> list[dict]:
    """ADM-3 on screen: the kind's settings log, newest first, as the grid below it shows rows —
    a personal identity number masked (the key and every person column), so reading the log
    reveals no one (X-2: the grid's reveal is the logged way to see them)."""
    require(decide(actor, kind.action))
    entries = settings_log(db, actor, kind.name, limit)
    if not kind.person_columns:
        return entries

    def hide(value: Any) -> Any:
        return mask(value) if is_person_id(value) else value

    for e in entries:
        e["key"] = "/".join(hide(part) for part in str(e["key"]).split("/"))
        for col in ("before_value", "after_value"):
            if isinstance(e[col], dict):
                e[col] = {k: hide(v) if k in kind.person_columns else v for k, v in e[col].items()}
    return entries
