"""The classification tree (ORG-2): reading it, and its admin (areas and deficiency types)."""
from __future__ import annotations

from typing import Any

from logic import audit
from logic.access import Action, User, decide, require
from logic.clock import Clock
from logic.errors import FieldErrors
from logic import settings_log as md_log
from logic.org import reference_rules, rules
from logic.org.model import (
    Entry,
)
from logic.store import org_repo
from logic.store.db import Database, Tx
from logic.org.services._common import (
    _nodes,
)

def classification(db: Database, active_only: bool = True) -> dict[str, rules.Node]:
    """ORG-2: the classification tree (reference data)."""
    with db.read() as r:
        return _nodes(r, active_only)


def subtype_names(tx: Tx) -> dict[str, dict]:
    """The names of every node, retired ones too (an old case keeps its type): the board
    shows an ORG or care case's type by them, never by its code (issue 16 item 4)."""
    return {n["code"]: {k: n[k] for k in ("name_sv", "name_en", "name_da")}
            for n in org_repo.nodes(tx, active_only=False)}



NODE_COLUMNS = ("code", "parent_code", "entry", "name_sv", "name_en", "name_da", "guidance_sv", "guidance_en",
                "guidance_da", "ladder", "sort", "active")


def node_columns(tx: Tx, code: str) -> dict | None:
    """A stored node as the org_classification kind and the settings log name its columns."""
    row = org_repo.node(tx, code)
    return None if row is None else {c: row[c] for c in NODE_COLUMNS}


def write_node(tx: Tx, clock: Clock, actor: User, row: dict[str, Any],
               nodes: dict[str, dict] | None = None) -> dict[str, Any]:
    """ORG-2 in the caller's transaction — the admin form's and the org_classification kind's one
    way to add or change a node (`reference_rules.node_fields`, `reference_rules.node_place`); `nodes` is the tree to
    check against (code -> node), the stored one when None (an import passes the tree with its
    own rows in it, so a type may name an area of the same file). Returns the node as stored."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    values, errors = reference_rules.node_fields(row.get("code"), row)
    if errors:
        raise FieldErrors(errors)
    code = values["code"]
    if nodes is None:
        nodes = {n["code"]: n for n in org_repo.nodes(tx, active_only=False)}
    parent_code = (row.get("parent_code") or "").strip().lower() or None
    entry = row.get("entry")
    entry = entry.value if isinstance(entry, Entry) else entry
    errors, entry_value = reference_rules.node_place(
        code, parent_code, entry, bool(row.get("ladder")), nodes.get(parent_code or ""),
        org_repo.node(tx, code), any(n.get("parent_code") == code for n in nodes.values()))
    if errors:
        raise FieldErrors(errors)
    stored = {**values, "parent_code": parent_code, "entry": entry_value, "ladder": bool(row.get("ladder")),
              "sort": int(row.get("sort") or 0), "active": bool(row.get("active", True))}
    stored["name_en"] = stored["name_en"] or stored["name_sv"]
    org_repo.upsert_node(tx, stored)
    audit.security(tx, clock, actor.username, "org_classification_saved", code)
    return stored


def save_node(db: Database, clock: Clock, actor: User, *, code: str | None, parent_code: str | None,
              entry: Entry | None, name_sv: str | None, name_en: str | None,
              guidance_sv: str | None = None, guidance_en: str | None = None,
              ladder: bool = False, sort: int = 0, active: bool = True,
              name_da: str | None = None, guidance_da: str | None = None) -> None:
    """ORG-2: admins extend (or retire) areas and deficiency types without code; in the security
    log and the settings log (ADM-3)."""
    require(decide(actor, Action.ADMIN_REFERENCE))
    row = {"code": code, "parent_code": parent_code, "entry": entry, "name_sv": name_sv, "name_en": name_en,
           "guidance_sv": guidance_sv, "guidance_en": guidance_en, "name_da": name_da,
           "guidance_da": guidance_da, "ladder": ladder, "sort": sort, "active": active}
    _, errors = reference_rules.node_fields(code, row)
    if errors:
        raise FieldErrors(errors)
    with db.tx() as tx:
        before = node_columns(tx, (code or "").strip().lower())
        stored = write_node(tx, clock, actor, row)
        md_log.record(tx, clock, actor.username, "org_classification", stored["code"], before,
                      node_columns(tx, stored["code"]), "screen:org_admin")
