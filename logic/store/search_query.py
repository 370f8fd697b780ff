"""The query side of the board's index (X-4): a query term matched in the vocabulary
(`match_term`), its postings read once (`resolve_tails`) and turned into a predicate over
board_index b (`term_predicate`). The index itself — its tables, how it is written and
compacted, and why it has this shape — is logic/store/search_shape.py.
Table names in f-strings come from the fixed VOCABULARIES / LANES; values are bound.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from logic.search import Term
from logic.store import pg_search
from logic.store.db import Tx
from logic.store.search_shape import LANE_BITS, LANE_TYPE, LANES, VOCABULARIES, lane_masks

MAX_TERM_IDS = 1000        # more vocabulary matches than this: match postings by subquery


@dataclass
class TermMatch:
    """What one query term matched in the vocabulary, split the way the query needs it:
    per side (False: case text, True: the person's name / identity number)."""
    term: Term
    masks: dict[bool, dict[str, int]] = field(default_factory=lambda: {False: {}, True: {}})
    tails: dict[bool, list[int]] = field(default_factory=lambda: {False: [], True: []})
    inline: dict[bool, set[int]] = field(default_factory=lambda: {False: set(), True: set()})
    broad: bool = False       # too many vocabulary matches to list: subquery instead
    columns: bool = False     # PostgreSQL: matched by the board's word columns (pg_search.py)
    tracked: bool = False     # PostgreSQL: a word whose counts are kept (board_word_counts, pg_board)

    def empty(self) -> bool:
        if self.columns:      # not looked up: the predicate itself finds nothing
            return False
        return not self.broad and not any(self.masks[p] or self.tails[p] or self.inline[p]
                                          for p in (False, True))

    def only_tails(self) -> bool:
        """No frequent word: its cases can be listed (inline docs and postings)."""
        return not self.columns and not self.broad and not (self.masks[False] or self.masks[True])


def _vocab_condition(term: Term) -> tuple[str, str, list]:
    table = VOCABULARIES[term.code]
    if term.exact:
        return table, "term = ?", [term.text]
    if term.code:      # a range: evaluated inside the scan, and zone maps skip row groups
        return table, "term >= ? AND term < ?", [term.text, term.text[:-1] + chr(ord(term.text[-1]) + 1)]
    return table, "contains(term, ?)", [term.text]


def match_term(tx: Tx, term: Term, persons: bool) -> TermMatch:
    """Look a query term up in the vocabulary (person words only when `persons`). On
    PostgreSQL there is no vocabulary: the term is matched by the board's word columns
    (pg_search.term_predicate), so nothing is looked up here but whether its counts are kept
    (`tracked`: the board's total can then be summed, board_query.count_query)."""
    if tx.dialect == "postgres":
        tracked = not (term.code or term.exact) and bool(
            tx.scalar("SELECT EXISTS (SELECT 1 FROM board_tracked_words WHERE word = ?)", [term.text]))
        return TermMatch(term=term, columns=True, tracked=tracked)
    table, cond, cond_params = _vocab_condition(term)
    person_cond = "" if persons else " AND NOT person"
    rows = tx.rows(f"SELECT term_id, person, bit, docs FROM {table} WHERE {cond}{person_cond} AND df > 0"
                   f" LIMIT {MAX_TERM_IDS + 1}", cond_params)
    m = TermMatch(term=term)
    if len(rows) > MAX_TERM_IDS:
        m.broad = True
        return m
    bits: dict[bool, list[int]] = {False: [], True: []}
    for r in rows:
        p = bool(r["person"])
        if r["bit"] is not None:
            bits[p].append(r["bit"])
        elif r["docs"] is not None:
            m.inline[p].update(r["docs"])
        else:
            m.tails[p].append(r["term_id"])
    for p in (False, True):
        m.masks[p] = lane_masks(bits[p])
    return m


UNION_MAX = 48            # up to this many terms: one equality per term (zone maps), else IN


def postings_sql(term_ids: list[int]) -> tuple[str, list]:
    """SELECT doc of the postings of these terms. One `term_id = ?` per term, UNION ALL-ed:
    each is evaluated inside the scan and its zone maps skip all but ~one row group, while an
    IN list is evaluated row by row over all postings (~20x the time at 1M cases)."""
    if len(term_ids) <= UNION_MAX:
        return (" UNION ALL ".join("SELECT doc FROM search_postings WHERE term_id = ?" for _ in term_ids),
                list(term_ids))
    return (f"SELECT doc FROM search_postings WHERE term_id IN ({', '.join('?' for _ in term_ids)})",
            list(term_ids))


def postings_docs(tx: Tx, term_ids: list[int], limit: int) -> list[int] | None:
    """Docs holding any of the terms, or None when more than limit."""
    if not term_ids:
        return []
    sql, params = postings_sql(term_ids)
    rows = tx.cur.execute(f"SELECT DISTINCT doc FROM ({sql}) LIMIT {limit + 1}", params).fetchall()
    if len(rows) > limit:
        return None
    return [r[0] for r in rows]


TAIL_DOCS_MAX = 20_000    # a term's postings with at most this many cases go to the query as a list


def resolve_tails(tx: Tx, m: TermMatch, persons: bool, limit: int = TAIL_DOCS_MAX) -> None:
    """Read the cases of the term's postings words once, here, and keep them as the term's
    inline docs: the board's count and page then test a list instead of each running the
    postings' union again (measured at 1M cases: 18 words containing "broms", ~9 ms a run).
    A side whose words hold more than `limit` cases stays a subquery."""
    for p in ((False, True) if persons else (False,)):
        if not m.tails[p]:
            continue
        docs = postings_docs(tx, m.tails[p], limit)
        if docs is not None:
            m.inline[p].update(docs)
            m.tails[p] = []


def term_predicate(m: TermMatch, persons: bool, person_visible: tuple[str, list]) -> tuple[str, list]:
    """SQL over board_index alias b: true when the case matches the term. Person words count
    only where the user may see the case's person (`person_visible`, a clause over b)."""
    if m.columns:
        return pg_search.term_predicate(m.term, persons, person_visible)
    parts: list[str] = []
    params: list = []
    for p in ((False, True) if persons else (False,)):
        side: list[str] = []
        side_params: list = []
        if m.masks[p]:
            # one expression over the lanes: DuckDB evaluates `(a & x) | (b & y) <> 0` about
            # three times faster than `(a & x) <> 0 OR (b & y) <> 0`
            lanes = sorted(m.masks[p].items())
            side.append("(" + " | ".join(f"(b.{lane} & ?::{LANE_TYPE})" for lane, _ in lanes) + ") <> 0")
            side_params.extend(str(mask) for _, mask in lanes)
        if m.tails[p]:
            post_sql, post_params = postings_sql(m.tails[p])
            side.append(f"b.doc IN ({post_sql})")
            side_params.extend(post_params)
        if m.inline[p]:
            side.append("b.doc IN (SELECT unnest(?::BIGINT[]))")
            side_params.append(sorted(m.inline[p]))
        if m.broad:
            table, cond, cond_params = _vocab_condition(m.term)
            side.append("b.doc IN (SELECT doc FROM search_postings WHERE term_id IN"
                        f" (SELECT term_id FROM {table} WHERE {cond} AND person = ? AND bit IS NULL)"
                        f" UNION ALL SELECT unnest(docs) FROM {table} WHERE {cond} AND person = ?)")
            side_params.extend([*cond_params, p, *cond_params, p])
            bit_sql = (f"SELECT bit FROM {table} WHERE {cond} AND person = ? AND bit IS NOT NULL")
            for k, lane in enumerate(LANES):
                side.append(f"(b.{lane} & (SELECT coalesce(bit_or(1::{LANE_TYPE} << (bit % {LANE_BITS})::{LANE_TYPE}),"
                            f" 0::{LANE_TYPE}) FROM ({bit_sql}) WHERE bit // {LANE_BITS} = {k})) <> 0")
                side_params.extend([*cond_params, p])
        if not side:
            continue
        clause = "(" + " OR ".join(side) + ")"
        if p:
            pv_sql, pv_params = person_visible
            if pv_sql == "FALSE":
                continue
            if pv_sql != "TRUE":
                clause = f"(({pv_sql}) AND {clause})"
                side_params = list(pv_params) + side_params
        parts.append(clause)
        params.extend(side_params)
    if not parts:
        return "FALSE", []
    return "(" + " OR ".join(parts) + ")", params
