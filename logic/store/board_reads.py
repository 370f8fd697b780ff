"""Small reads of the case board (X-4): one case as the board shows it, the facets, the
access log of shown persons (X-2), the pseudonym key; and the shown rows with their unit's name.
"""
from __future__ import annotations

from datetime import datetime

from logic.store import board_row
from logic.store.board_codes import BoardCodes
from logic.store.db import Tx


def _shown(text: str, names: dict[str, str]) -> dict:
    return shown_all([text], names)[0]


def shown_all(texts: list[str], names: dict[str, str]) -> list[dict]:
    rows = board_row.shown_rows(texts)
    for row in rows:
        row["unit_name"] = names.get(row["unit_id"])
    return rows


def case_row(tx: Tx, case_id: str, names: dict[str, str]) -> dict | None:
    """One case by its number, as the board shows it (with its unit's name): one look-up of
    its shown values by the unique case number."""
    text = tx.scalar("SELECT shown FROM board_index WHERE case_id = ?", [case_id])
    return _shown(text, names) if text is not None else None


def facets(tx: Tx, codes: BoardCodes) -> list[dict]:
    """Which kinds, subtypes and statuses exist (logic.board keeps those the user may see):
    from board_counts (a few thousand rows at 1M cases, against a scan of `cases`)."""
    back = {f: {c: v for v, c in codes.all(f).items()} for f in ("kind", "subtype", "status")}
    rows = tx.cur.execute("SELECT DISTINCT kind_c, subtype_c, status_c FROM board_counts WHERE n > 0").fetchall()
    out = [{"kind": back["kind"].get(k), "subtype": back["subtype"].get(t), "status": back["status"].get(s)}
           for k, t, s in rows]
    return sorted(out, key=lambda r: tuple((r[c] is None, r[c] or "") for c in ("kind", "subtype", "status")))


def insert_accesses(tx: Tx, at: datetime, actor: str, person_ids: list[str], case_ids: list[str],
                    purpose: str) -> None:
    """Many access-log rows in one statement (X-2): the persons shown on a page or exported."""
    if not person_ids:
        return
    tx.execute("INSERT INTO access_log (logged_at, actor, person_id, case_id, purpose)"
               " SELECT ?, ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), ?",
               [at, actor, person_ids, case_ids, purpose])


def pseudonym_key(tx: Tx) -> str:
    return tx.scalar("SELECT key FROM pseudonym_key LIMIT 1") or ""
