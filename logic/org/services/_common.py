"""What the ORG services share: the typed-text check, the search text, the classification
tree and the route as read from the store, and what the ladder rule needs beyond a case row."""
from __future__ import annotations

from typing import Any

from logic import inputs
from logic.org import rules
from logic.store import org_repo
from logic.store.db import Tx

REQUIRED = rules.REQUIRED
MAX_TEXT = 4000
NODE_CODE_MAX = 40


def _text(value: str | None, field: str, errors: dict[str, str], *, required: bool = True,
          max_len: int = MAX_TEXT, multiline: bool = True) -> str | None:
    """Typed text checked the one way (logic.inputs, X-7): control characters removed, a
    missing or over-long value recorded in `errors` at its field."""
    return inputs.text(value, max_len, field=field, errors=errors, required=required, multiline=multiline)


def _search_text(*parts: Any) -> str:
    return " ".join(str(p) for p in parts if p).lower()


def _nodes(tx: Tx, active_only: bool = True) -> dict[str, rules.Node]:
    return {r["code"]: rules.Node(
        code=r["code"], parent_code=r["parent_code"], entry=r["entry"], name_sv=r["name_sv"],
        name_en=r["name_en"], guidance_sv=r["guidance_sv"], guidance_en=r["guidance_en"],
        name_da=r.get("name_da"), guidance_da=r.get("guidance_da"),
        ladder=bool(r["ladder"]), sort=r["sort"], active=bool(r["active"]))
        for r in org_repo.nodes(tx, active_only)}


def _ground_codes(tx: Tx) -> frozenset[str]:
    """ORG-8: the active grounds for reporting a case may be given."""
    return frozenset(g["code"] for g in org_repo.grounds(tx))


def _route(tx: Tx, reporter: str, unit_id: str | None) -> rules.Route | None:
    if not unit_id:
        return None
    managers = {m["username"] for m in org_repo.active_managers(tx)}
    return rules.route(reporter, unit_id, org_repo.unit_tree(tx), managers.__contains__)


def _enrich(tx: Tx, row: dict) -> dict:
    """Add what `rules.act_decision` needs beyond the `cases` row."""
    holders = org_repo.holders(tx)
    row["org_level"] = row["level"]
    row["org_ladder_applies"] = bool(row["ladder"])
    row["org_holders"] = {lv: h["username"] for lv, h in holders.items() if h.get("holder_active")}
    return row
