"""The board's index (X-4): `board_index` rows, vocabulary, postings and frequent-word bits —
how they are written and compacted; the query side is logic/store/search_query.py.

Why this shape (measured on 1M generated cases on the 2-core machine; see bench/ and the
README's Performance section):
- ILIKE/contains over the case text reads ~200 MB of strings per search (~0.5 s); DuckDB's FTS
  extension is not installable offline for 2.0 and is not updated on insert. So the index is
  our own tables, written in the same transaction as the case: core_repo.insert_case and
  update_case call `index_case` / `refresh_case` for every kind;
- DuckDB evaluates one equality on a string column inside the scan (fast), but OR-ed string
  comparisons — which visibility rules and multi-value filters are — materialise every string
  (~25 ms per million rows per predicate; 63-bit hashes were hardly better, as they do not
  compress). `board_index` therefore holds the board's columns as small integer codes
  (`board_codes`, handed out on first sight): bit-packed, the same predicates cost a few ms;
- the vocabulary is small, so a query word is matched as a *substring* of it (Swedish
  compounds: "pump" finds "infusionspump"), a code by prefix (a range, so zone maps of the
  term-sorted code table skip all but one row group); a rare word's cases come from
  `search_postings`, kept sorted by term so zone maps find its rows (an ART index there was
  ten times slower: DuckDB's index scan fetches row by row). Rows added since the last
  `rebuild`/`compact` sit unsorted at the end and are scanned; `compact` re-sorts, by itself
  once COMPACT_AFTER cases were indexed since (after the commit of the write that indexed the
  last one, in a background thread) and at start-up (logic.bootstrap);
- a word in more than PROMOTE_AT cases gets one of 512 bits (board_index.b0..b7) and leaves
  the postings: "rullstol" in 40 % of a million cases is a bit test, not a 400 000-row join.
  Bits are handed out when a word crosses the threshold (`_promote`, in that same write) or
  by `rebuild` (bulk loads);
- person words (name, identity number) are kept apart (`person`), so only users who may see a
  case's person can find it by them; analysts never can (X-5).
Table names in f-strings come from the fixed VOCABULARIES / LANES; values are bound.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from logic.search import id_letters, is_code, term_id, tokens
from logic.store.db import Database, Tx

PROMOTE_AT = 2000          # a term in this many cases gets a bit (tests lower it)
INLINE_MAX = 32            # a term in at most this many cases keeps them in its vocabulary row
BITS = 512
LANE_BITS = 64
LANE_TYPE = "UBIGINT"      # 8 lanes of 64 bits: ~25 % faster to test than 4 x 128-bit lanes
LANES = tuple(f"b{k}" for k in range(BITS // LANE_BITS))
FAST_PATH_MAX = 2000       # at most this many candidate cases: fetch them by primary key
COMPACT_AFTER = 20_000     # cases indexed one by one since the last sort: compact (tests lower it)
VOCABULARIES = {False: "search_words", True: "search_codes"}      # keyed by is_code
TEXT_COLUMNS = ("search_text", "title", "description", "article_no", "individual_no")
PERSON_COLUMNS = ("person_name", "person_id")
INDEXED_COLUMNS = frozenset(TEXT_COLUMNS + PERSON_COLUMNS)
# board_index column -> (code field, cases column)
CODED = {"kind_c": ("kind", "kind"), "subtype_c": ("subtype", "subtype"),
         "category_c": ("category", "category"), "status_c": ("status", "status"),
         "unit_c": ("unit", "unit_id"), "creator_c": ("user", "created_by"),
         "assignee_c": ("user", "assignee"), "queue_c": ("role", "queue")}
DATES = ("created_at", "updated_at", "closed_at")
# what a board row shows, copied from `cases` as it is (migration 0008): a page needs no look-up
SHOWN = ("kind", "subtype", "category", "status", "title", "unit_id", "created_by", "assignee", "queue",
         "person_id", "person_name", "article_no", "individual_no")
BOARD_COLUMNS = frozenset(src for _, src in CODED.values()) | frozenset(DATES) | frozenset(SHOWN)
# ... and once more as one JSON array (`board_index.shown`, migration 0009), the only column a
# board page reads for its rows; in this order, dates as text
SHOWN_FIELDS = ("id", *SHOWN, *DATES)
_CASE_FIELDS = tuple(sorted(INDEXED_COLUMNS | BOARD_COLUMNS | {"id"}))


def case_terms(row: dict[str, Any], tokenise: Callable[[str], list[str]] | None = None
               ) -> list[tuple[str, bool]]:
    """(token, person) pairs a case is found by — Python twin of SQL search_all_tokens().
    `tokenise`: another way to cut the text than `tokens` (migration 0011: the old way)."""
    tokenise = tokenise or tokens
    own = (row.get("id") or "").lower()
    text = " ".join(str(row[c]) for c in TEXT_COLUMNS if row.get(c))
    person = " ".join(str(row[c]) for c in PERSON_COLUMNS if row.get(c))
    out = [(t, False) for t in tokenise(text) if t != own]
    out += [(t, True) for t in tokenise(person) if t != own]
    return out


def codes(tx: Tx, pairs: list[tuple[str, str]], create: bool = False) -> dict[tuple[str, str], int]:
    """The integer codes of (field, value) pairs; new ones are handed out when `create`."""
    wanted = sorted({(f, str(v)) for f, v in pairs if v is not None})
    if not wanted:
        return {}
    rows = tx.cur.execute(
        "SELECT k.field, k.value, k.code FROM board_codes k JOIN (SELECT unnest(?::VARCHAR[]) AS field,"
        " unnest(?::VARCHAR[]) AS value) q ON q.field = k.field AND q.value = k.value",
        [[f for f, _ in wanted], [v for _, v in wanted]]).fetchall()
    out = {(f, v): c for f, v, c in rows}
    missing = [p for p in wanted if p not in out]
    if missing and create:
        rows = tx.cur.execute(
            "INSERT INTO board_codes (field, value, code) SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
            " nextval('board_code_seq') RETURNING field, value, code",
            [[f for f, _ in missing], [v for _, v in missing]]).fetchall()
        out.update({(f, v): c for f, v, c in rows})
    return out


def _coded(tx: Tx, row: dict[str, Any]) -> dict[str, Any]:
    """The board columns of a case; also records how its number starts ("idprefix"), so a
    query is taken for a case-number prefix only when some number starts that way."""
    found = codes(tx, [(name, row.get(src)) for name, src in CODED.values()]
                  + [("idprefix", id_letters(row.get("id") or ""))], create=True)
    out: dict[str, Any] = {}
    for col, (name, src) in CODED.items():
        value = row.get(src)
        out[col] = None if value is None else found[(name, str(value))]
    for col in (*DATES, *SHOWN):
        out[col] = row.get(col)
    return out


def shown_sql(alias: str, id_column: str = "case_id") -> str:
    """The SQL expression of board_index.shown over the columns of `alias` (board_index or cases)."""
    cols = [f"{alias}.{id_column}", *(f"{alias}.{c}" for c in SHOWN), *(f"{alias}.{c}::VARCHAR" for c in DATES)]
    return f"json_array({', '.join(cols)})::VARCHAR"


def shown_row(text: str) -> dict[str, Any]:
    """A board row from board_index.shown (the twin of shown_sql)."""
    return shown_rows([text])[0]


def shown_rows(texts: list[str]) -> list[dict[str, Any]]:
    """Board rows from many board_index.shown values, parsed as one JSON document."""
    rows = [dict(zip(SHOWN_FIELDS, values)) for values in json.loads("[" + ",".join(texts) + "]")]
    for row in rows:
        for col in DATES:
            if row[col] is not None:
                row[col] = datetime.fromisoformat(row[col])
    return rows


def _load(tx: Tx, case_id: str) -> dict | None:
    return tx.row(f"SELECT {', '.join(_CASE_FIELDS)} FROM cases WHERE id = ?", [case_id])


# ------------------------------------------------------------------ writing
#
# A term is in one of three states: rare (its cases' docs inline in the vocabulary row, up to
# INLINE_MAX), common (bit NULL, docs NULL: its cases in search_postings) or frequent (a bit
# on its cases' board rows). It moves along as it is found in more cases.


def index_case(tx: Tx, case_id: str, row: dict[str, Any] | None = None) -> None:
    """Index a just-inserted case inside the caller's transaction."""
    row = row if row is not None else _load(tx, case_id)
    terms = case_terms(row)
    found = _lookup(tx, [term_id(t, p) for t, p in terms], with_doc=True)   # + the new doc
    new_doc = found.pop()
    doc = int(new_doc["term_id"])
    if doc - int(new_doc["mark"] or 0) >= COMPACT_AFTER:
        tx.after_commit(compact_later)
    bits, promote = _add_terms(tx, terms, doc, found)
    coded = _coded(tx, row)
    masks = lane_masks(bits)
    cols = ["doc", "case_id", *coded, *LANES]
    values = [doc, case_id, *coded.values(), *(str(masks.get(lane, 0)) for lane in LANES)]
    # `shown` computed by SQL from the same values, so it is always shown_sql's format
    tx.execute(f"INSERT INTO board_index ({', '.join(cols)}, shown) SELECT *, {shown_sql('v')}"
               f" FROM (VALUES ({', '.join('?' for _ in cols)})) v({', '.join(cols)})", values)
    _count(tx, [(count_key(coded), 1)])
    for code, tid in promote:
        _promote(tx, code, tid)


# board_counts (migration 0010): the number of cases per combination of the coded columns
COUNTED = tuple(CODED)          # kind_c, subtype_c, ..., queue_c; and `closed`


def count_key(coded: dict[str, Any]) -> tuple:
    """A case's row key in board_counts, from its coded board columns."""
    return (*(coded[c] for c in COUNTED), coded["closed_at"] is not None)


def count_key_text(key: tuple) -> str:
    """board_counts.key of a count key: the codes '|'-separated, '' for none, closed 1/0
    (the twin of count_key_sql)."""
    *coded, closed = key
    return "|".join("" if v is None else str(int(v)) for v in coded) + ("|1" if closed else "|0")


def count_key_sql(alias: str) -> str:
    """board_counts.key over the columns of `alias` (a board_counts row; the twin of count_key_text)."""
    parts = [f"coalesce({alias}.{c}::VARCHAR, '')" for c in COUNTED]
    return f"concat_ws('|', {', '.join(parts)}, CASE WHEN {alias}.closed THEN '1' ELSE '0' END)"


def _count(tx: Tx, deltas: list[tuple[tuple, int]]) -> None:
    """Add each delta to its key's count in board_counts: an UPDATE by its primary key (an
    index look-up, ~1.4 ms at 1M cases; a MERGE over the table took ~6 ms), an INSERT for a
    combination not seen before."""
    for key, d in deltas:
        text = count_key_text(key)
        if tx.scalar("UPDATE board_counts SET n = n + ? WHERE key = ? RETURNING n", [d, text]) is None:
            tx.execute(f"INSERT INTO board_counts (key, {', '.join(COUNTED)}, closed, n)"
                       f" VALUES ({', '.join('?' for _ in range(len(COUNTED) + 3))})", [text, *key, d])


def refresh_case(tx: Tx, case_id: str, changed: set[str], before: dict | None,
                 old_terms: list[tuple[str, bool]] | None = None) -> None:
    """After core_repo.update_case: bring the case's board row (and words) up to date.
    `old_terms`: the terms the index holds for the case, when they are not those of `before`
    (migration 0011: indexed before tokens were normalised)."""
    row = _load(tx, case_id)
    if row is None:
        return
    coded = _coded(tx, row)
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
        _count(tx, [(tuple(old), -1), (count_key(coded), 1)])
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
        full = [tid for tid in ids if found[tid]["inline"] and found[tid]["n"] >= INLINE_MAX]
        if full:                           # rare no more: its docs move to the postings
            tx.execute(f"INSERT INTO search_postings SELECT term_id, unnest(docs) FROM {table}"
                       f" WHERE term_id IN ({', '.join('?' for _ in full)})", full)
            to_postings += full
        rows = tx.rows(
            f"UPDATE {table} SET df = df + 1, docs = CASE WHEN docs IS NULL THEN NULL"
            f" WHEN len(docs) < ? THEN list_append(docs, ?::BIGINT) ELSE NULL END"
            f" WHERE term_id IN ({marks}) RETURNING term_id, df, bit", [INLINE_MAX, doc, *ids])
        promote += [(code, r["term_id"]) for r in rows if r["bit"] is None and r["df"] >= PROMOTE_AT]
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


def lane_masks(bits: list[int]) -> dict[str, int]:
    masks: dict[str, int] = {}
    for b in bits:
        lane = LANES[b // LANE_BITS]
        masks[lane] = masks.get(lane, 0) | (1 << (b % LANE_BITS))
    return masks


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


def rebuild(tx: Tx, promote_at: int | None = None, *, order: str | None = None) -> None:
    """Build the whole index set-based from `cases` (bulk loads, benchmarks); bits go to the
    most frequent terms at once instead of one by one. Docs (the board's tie-break) are handed
    out by creation time and number, or — `order`, a table of (case_id, pos) — in that order
    (a restored export keeps the order its board had; logic/transfer)."""
    threshold = PROMOTE_AT if promote_at is None else promote_at
    if order is not None and not re.match(r"^[a-z_][a-z0-9_]*$", order):
        raise ValueError(f"not a table name: {order!r}")
    for table in ("search_postings", "search_bits", "search_words", "search_codes", "board_index",
                  "board_codes", "board_counts"):
        tx.execute(f"DELETE FROM {table}")
    sources = " UNION ".join([f"SELECT '{field}' AS field, {src} AS value FROM cases"
                              for field, src in CODED.values()]
                             + ["SELECT 'idprefix', regexp_extract(upper(id), '^[^0-9]+') FROM cases"])
    tx.execute("INSERT INTO board_codes (field, value, code) SELECT field, value, nextval('board_code_seq')"
               f" FROM (SELECT DISTINCT field, value FROM ({sources}) WHERE value IS NOT NULL ORDER BY ALL)")
    if order is None:
        tx.execute("CREATE OR REPLACE TEMP TABLE _docs AS SELECT id AS case_id,"
                   " row_number() OVER (ORDER BY created_at, id) AS doc FROM cases")
    else:
        tx.execute("CREATE OR REPLACE TEMP TABLE _docs AS SELECT c.id AS case_id, row_number() OVER"
                   f" (ORDER BY o.pos NULLS LAST, c.created_at, c.id) AS doc FROM cases c LEFT JOIN {order} o"
                   " ON o.case_id = c.id")
    count = int(tx.scalar("SELECT count(*) FROM _docs"))
    base = int(tx.scalar("SELECT nextval('board_doc_seq')"))
    tx.execute("UPDATE _docs SET doc = doc + ?", [base])
    tx.execute("SELECT max(nextval('board_doc_seq')) FROM range(?)", [count])   # docs are taken
    tx.execute("CREATE OR REPLACE TEMP TABLE _tok AS SELECT d.doc, search_term_id(t.tok, t.person)"
               " AS term_id, t.tok, t.person FROM search_all_tokens() t JOIN _docs d USING (case_id)")
    for code, table in VOCABULARIES.items():
        cond = "regexp_matches(tok, '\\pN')" if code else "NOT regexp_matches(tok, '\\pN')"
        tx.execute(f"INSERT INTO {table} SELECT term_id, any_value(tok) AS term, any_value(person), count(*),"
                   f" NULL, CASE WHEN count(*) <= {INLINE_MAX} THEN list(doc ORDER BY doc) END"
                   f" FROM _tok WHERE {cond} GROUP BY term_id ORDER BY term")
    tx.execute(
        "INSERT INTO search_bits SELECT (row_number() OVER (ORDER BY df DESC, term_id) - 1)::SMALLINT,"
        " term_id FROM (SELECT term_id, df FROM search_words UNION ALL SELECT term_id, df FROM search_codes)"
        " WHERE df >= ? ORDER BY df DESC, term_id LIMIT ?", [threshold, BITS])
    for table in VOCABULARIES.values():
        tx.execute(f"UPDATE {table} SET bit = s.bit, docs = NULL FROM search_bits s"
                   f" WHERE {table}.term_id = s.term_id")
    lanes = ", ".join(
        f"bit_or(CASE WHEN s.bit // {LANE_BITS} = {k} THEN 1::{LANE_TYPE} << (s.bit % {LANE_BITS})::{LANE_TYPE}"
        f" ELSE 0::{LANE_TYPE} END) AS {lane}" for k, lane in enumerate(LANES))
    tx.execute(f"CREATE OR REPLACE TEMP TABLE _lanes AS SELECT t.doc, {lanes} FROM _tok t"
               " JOIN search_bits s USING (term_id) GROUP BY t.doc")
    joins = " ".join(f"LEFT JOIN board_codes k_{col} ON k_{col}.field = '{field}' AND k_{col}.value = c.{src}"
                     for col, (field, src) in CODED.items())
    tx.execute(
        f"INSERT INTO board_index (doc, case_id, {', '.join(CODED)}, {', '.join(DATES + SHOWN)},"
        f" {', '.join(LANES)}, shown)"
        f" SELECT d.doc, c.id, {', '.join(f'k_{col}.code' for col in CODED)},"
        f" {', '.join(f'c.{col}' for col in DATES + SHOWN)},"
        f" {', '.join(f'coalesce(l.{lane}, 0::{LANE_TYPE})' for lane in LANES)}, {shown_sql('c', 'id')}"
        f" FROM cases c JOIN _docs d ON d.case_id = c.id LEFT JOIN _lanes l ON l.doc = d.doc {joins}"
        " ORDER BY d.doc")
    tx.execute(f"INSERT INTO board_counts SELECT {count_key_sql('g')}, g.* FROM (SELECT {', '.join(COUNTED)},"
               " closed_at IS NOT NULL AS closed, count(*) AS n FROM board_index GROUP BY ALL ORDER BY ALL) g")
    tx.execute("INSERT INTO search_postings SELECT t.term_id, t.doc FROM _tok t WHERE t.term_id IN"
               " (SELECT term_id FROM search_words WHERE bit IS NULL AND docs IS NULL"
               "  UNION ALL SELECT term_id FROM search_codes WHERE bit IS NULL AND docs IS NULL)"
               " ORDER BY t.term_id, t.doc")
    for temp in ("_tok", "_lanes", "_docs"):
        tx.execute(f"DROP TABLE {temp}")
    _mark_sorted(tx)


def _mark_sorted(tx: Tx) -> None:
    tx.execute("UPDATE search_state SET compacted_doc = (SELECT coalesce(max(doc), 0) FROM board_index)")


def tail(tx: Tx) -> int:
    """How many cases were indexed one by one since the index was last sorted (about: a doc
    number taken by a rolled-back write counts too)."""
    return int(tx.scalar("SELECT (SELECT coalesce(max(doc), 0) FROM board_index)"
                         " - (SELECT max(compacted_doc) FROM search_state)"))


def compact_later(db: Database) -> None:
    """After the commit of the write whose case made the tail COMPACT_AFTER long: compact in a
    background thread, so that user does not wait for it (writers that come meanwhile wait
    for the write lock: ~0.3 s at 100k cases, a few seconds at a million, once every
    COMPACT_AFTER registrations)."""
    db.in_background("search-compact", lambda: compact_if_due(db, COMPACT_AFTER))


def compact_if_due(db: Database, at_least: int = 1) -> bool:
    """Compact when at least `at_least` cases were indexed since the last sort (checked inside
    the write lock: a compaction that ran meanwhile is not repeated). Returns whether it did."""
    with db.tx() as tx:
        if tail(tx) < at_least:
            return False
        compact(tx)
    return True


def compact(tx: Tx) -> None:
    """Re-sort the postings and the vocabulary by term (after many cases were added one by
    one), so zone maps again find a term in one row group. ~0.3 s at 100k cases, seconds at a
    million; `compact_if_due` runs it when COMPACT_AFTER cases were indexed since and at
    start-up — results do not change."""
    tx.execute("CREATE OR REPLACE TEMP TABLE _p AS SELECT * FROM search_postings ORDER BY term_id, doc")
    tx.execute("DELETE FROM search_postings")
    tx.execute("INSERT INTO search_postings SELECT * FROM _p ORDER BY term_id, doc")
    tx.execute("DROP TABLE _p")
    for table in VOCABULARIES.values():
        tx.execute(f"CREATE OR REPLACE TEMP TABLE _v AS SELECT * FROM {table} ORDER BY term")
        tx.execute(f"DELETE FROM {table}")
        tx.execute(f"INSERT INTO {table} SELECT * FROM _v ORDER BY term")
        tx.execute("DROP TABLE _v")
    _mark_sorted(tx)
