"""Writing the board's index (X-4) in the caller's transaction: `index_case` for a new case,
`refresh_case` after core_repo.update_case (for every kind). Why the index has this shape and
the thresholds a word moves along: logic/store/search_shape.py; a board row's columns:
board_row.py; sorting the index, or building it whole: search_compact.py.

Table names in f-strings come from the fixed VOCABULARIES / LANES; values are bound.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from logic.search import is_code, term_id, tokens
from logic.store import pg_board, search_terms
from logic.store import search_shape as shape
from logic.store.board_row import COUNTED, add_counts, coded_columns, count_key, shown_sql
from logic.store.db import Tx
from logic.store.search_compact import compact_later
from logic.store.search_shape import (BITS, INDEXED_COLUMNS, LANE_BITS, LANE_TYPE, LANES, VOCABULARIES, lane_masks)

_CASE_FIELDS = search_terms.CASE_FIELDS


def case_terms(row: dict[str, Any], tokenise: Callable[[str], list[str]] | None = None
               ) -> list[tuple[str, bool]]:
    """(token, person) pairs a case is found by — Python twin of SQL search_all_tokens()
    (search_terms.case_terms, cut with this module's `tokens` unless `tokenise`: migration
    0011's old way)."""
    return search_terms.case_terms(row, tokenise or tokens)


def _load(tx: Tx, case_id: str) -> dict | None:
    return tx.row(f"SELECT {', '.join(_CASE_FIELDS)} FROM cases WHERE id = ?", [case_id])


# A term is in one of three states: rare (its cases' docs inline in the vocabulary row, up to
# INLINE_MAX), common (bit NULL, docs NULL: its cases in search_postings) or frequent (a bit
# on its cases' board rows). It moves along as it is found in more cases.


def index_case(tx: Tx, case_id: str, row: dict[str, Any] | None = None) -> None:
    """Index a just-inserted case inside the caller's transaction."""
    row = row if row is not None else _load(tx, case_id)
    if tx.dialect == "postgres":
        pg_board.index_case(tx, case_id, row, case_terms(row))
        return
    terms = case_terms(row)
    found = _lookup(tx, [term_id(t, p) for t, p in terms], with_doc=True)   # + the new doc
    new_doc = found.pop()
    doc = int(new_doc["term_id"])
    if doc - int(new_doc["mark"] or 0) >= shape.COMPACT_AFTER:
        tx.after_commit(compact_later)
    bits, promote = _add_terms(tx, terms, doc, found)
    coded = coded_columns(tx, row)
    masks = lane_masks(bits)
    cols = ["doc", "case_id", *coded, *LANES]
    values = [doc, case_id, *coded.values(), *(str(masks.get(lane, 0)) for lane in LANES)]
    # `shown` computed by SQL from the same values, so it is always shown_sql's format
    tx.execute(f"INSERT INTO board_index ({', '.join(cols)}, shown) SELECT *, {shown_sql('v')}"
               f" FROM (VALUES ({', '.join('?' for _ in cols)})) v({', '.join(cols)})", values)
    add_counts(tx, [(count_key(coded), 1)])
    for code, tid in promote:
        _promote(tx, code, tid)


def refresh_case(tx: Tx, case_id: str, changed: set[str], before: dict | None,
                 old_terms: list[tuple[str, bool]] | None = None) -> None:
    """After core_repo.update_case: bring the case's board row (and words) up to date.
    `old_terms`: the terms the index holds for the case, when they are not those of `before`
    (migration 0011: indexed before tokens were normalised)."""
    row = _load(tx, case_id)
    if row is None:
        return
    if tx.dialect == "postgres":
        if not pg_board.refresh_case(tx, case_id, row, case_terms(row)):
            index_case(tx, case_id, row)
        return
    coded = coded_columns(tx, row)
    old = tx.cur.execute(f"SELECT {', '.join(COUNTED)}, closed_at IS NOT NULL FROM board_index WHERE case_id = ?",
                         [case_id]).fetchone()
    sets = ", ".join(f"{c} = v.{c}" for c in coded)
    doc = tx.scalar(f"UPDATE board_index SET {sets}, shown = {shown_sql('v')} FROM (VALUES"
                    f" (?, {', '.join('?' for _ in coded)})) v(case_id, {', '.join(coded)})"
                    " WHERE board_index.case_id = v.case_id RETURNING doc", [case_id, *coded.values()])
    if doc is None:                       # written before the index existed
        index_case(tx, case_id, row)
        return
    if old is not None and tuple(old) != count_key(coded):
        add_counts(tx, [(tuple(old), -1), (count_key(coded), 1)])
    if before is not None and not INDEXED_COLUMNS.isdisjoint(changed):
        old = set(case_terms(before) if old_terms is None else old_terms)
        new = set(case_terms(row))
        if old != new:
            _remove_terms(tx, sorted(old - new), doc)
            _, promote = _add_terms(tx, sorted(new - old), doc)
            bits = [r["bit"] for r in _lookup(tx, [term_id(t, p) for t, p in new]) if r["bit"] is not None]
            masks = lane_masks(bits)
            tx.execute(f"UPDATE board_index SET {', '.join(f'{lane} = ?::{LANE_TYPE}' for lane in LANES)}"
                       " WHERE doc = ?", [str(masks.get(lane, 0)) for lane in LANES] + [doc])
            for code, tid in promote:
                _promote(tx, code, tid)


def snapshot(tx: Tx, case_id: str) -> dict | None:
    """The indexed fields before an update (core_repo.update_case keeps it for refresh_case)."""
    return _load(tx, case_id)


def _lookup(tx: Tx, ids: list[int], with_doc: bool = False) -> list[dict]:
    """The vocabulary rows of these terms; `with_doc`: and, as the last row, a new doc number
    in term_id and the doc the index was last sorted at in `mark` (one statement instead of
    three: each costs ~1 ms)."""
    marks = ", ".join("?" for _ in ids) or "NULL"
    cols = "term_id, bit, df, docs IS NOT NULL AS inline, coalesce(len(docs), 0) AS n"
    sql = (f"SELECT {cols}, FALSE AS code, 0 AS ord, NULL::BIGINT AS mark FROM search_words"
           f" WHERE term_id IN ({marks})"
           f" UNION ALL SELECT {cols}, TRUE, 0, NULL FROM search_codes WHERE term_id IN ({marks})")
    if with_doc:
        sql += (" UNION ALL SELECT nextval('board_doc_seq'), NULL, NULL, NULL, NULL, NULL, 1,"
                " (SELECT max(compacted_doc) FROM search_state)")
    if not ids and not with_doc:
        return []
    return tx.rows(f"SELECT * FROM ({sql}) ORDER BY ord", ids + ids)


def _add_terms(tx: Tx, terms: list[tuple[str, bool]], doc: int, rows: list[dict] | None = None
               ) -> tuple[list[int], list[tuple[bool, int]]]:
    """Count one more case (doc) for each term (`rows`: their vocabulary rows, if looked up
    already). Returns the bits of the frequent terms and the terms to promote to a bit."""
    if not terms:
        return [], []
    by_id = {term_id(t, p): (t, p) for t, p in terms}
    found = {r["term_id"]: r for r in (rows if rows is not None else _lookup(tx, list(by_id)))}
    bits = [r["bit"] for r in found.values() if r["bit"] is not None]
    to_postings = [tid for tid, r in found.items() if r["bit"] is None and not r["inline"]]
    promote: list[tuple[bool, int]] = []
    for code, table in VOCABULARIES.items():
        new = [(tid, t, p) for tid, (t, p) in by_id.items() if tid not in found and is_code(t) == code]
        if new:
            tx.execute(f"INSERT INTO {table} SELECT unnest(?::BIGINT[]), unnest(?::VARCHAR[]),"
                       " unnest(?::BOOLEAN[]), 1, NULL, [?::BIGINT]",
                       [[n[0] for n in new], [n[1] for n in new], [n[2] for n in new], doc])
        ids = [tid for tid, r in found.items() if r["code"] == code]
        if not ids:
            continue
        marks = ", ".join("?" for _ in ids)
        full = [tid for tid in ids if found[tid]["inline"] and found[tid]["n"] >= shape.INLINE_MAX]
        if full:                           # rare no more: its docs move to the postings
            tx.execute(f"INSERT INTO search_postings SELECT term_id, unnest(docs) FROM {table}"
                       f" WHERE term_id IN ({', '.join('?' for _ in full)})", full)
            to_postings += full
        rows = tx.rows(
            f"UPDATE {table} SET df = df + 1, docs = CASE WHEN docs IS NULL THEN NULL"
            f" WHEN len(docs) < ? THEN list_append(docs, ?::BIGINT) ELSE NULL END"
            f" WHERE term_id IN ({marks}) RETURNING term_id, df, bit", [shape.INLINE_MAX, doc, *ids])
        promote += [(code, r["term_id"]) for r in rows if r["bit"] is None and r["df"] >= shape.PROMOTE_AT]
    if to_postings:
        tx.execute("INSERT INTO search_postings SELECT unnest(?::BIGINT[]), ?", [to_postings, doc])
    return bits, promote


def _remove_terms(tx: Tx, terms: list[tuple[str, bool]], doc: int) -> None:
    """Count one case (doc) less for each term (its text changed)."""
    ids = [term_id(t, p) for t, p in terms]
    if not ids:
        return
    marks = ", ".join("?" for _ in ids)
    for table in VOCABULARIES.values():
        tx.execute(f"UPDATE {table} SET df = df - 1, docs = CASE WHEN docs IS NULL THEN NULL"
                   f" ELSE list_filter(docs, lambda x: x <> ?) END WHERE term_id IN ({marks})", [doc, *ids])
    tx.execute(f"DELETE FROM search_postings WHERE doc = ? AND term_id IN ({marks})", [doc, *ids])


def _promote(tx: Tx, code: bool, tid: int) -> bool:
    """Give a frequent term a bit: set it on its cases' board rows, drop its postings."""
    used = {r["bit"] for r in tx.rows("SELECT bit FROM search_bits")}
    if len(used) >= BITS:
        return False          # all 512 taken: the term stays in the postings (slower, correct)
    bit = next(b for b in range(BITS) if b not in used)
    lane = LANES[bit // LANE_BITS]
    table = VOCABULARIES[code]
    tx.execute(f"UPDATE board_index SET {lane} = {lane} | ?::{LANE_TYPE} WHERE doc IN"
               f" (SELECT doc FROM search_postings WHERE term_id = ?"
               f"  UNION ALL SELECT unnest(docs) FROM {table} WHERE term_id = ?)",
               [str(1 << (bit % LANE_BITS)), tid, tid])
    tx.execute(f"UPDATE {table} SET bit = ?, docs = NULL WHERE term_id = ?", [bit, tid])
    tx.execute("INSERT INTO search_bits VALUES (?, ?)", [bit, tid])
    tx.execute("DELETE FROM search_postings WHERE term_id = ?", [tid])
    return True
