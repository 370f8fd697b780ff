"""The board's index, sorted (X-4): `rebuild` builds it whole and set-based from `cases` (bulk
loads, a restored export, benchmarks); `compact` re-sorts what cases indexed one by one have
appended unsorted at the end — by itself once search_shape.COMPACT_AFTER cases were indexed
since (search_index.index_case registers `compact_later`) and at start-up (logic.bootstrap).
Why the index has this shape: logic/store/search_shape.py.

Table names in f-strings come from the fixed VOCABULARIES / LANES / CODED (`order` is
checked); values are bound.
"""
from __future__ import annotations

import re

from logic.store import pg_board
from logic.store import search_shape as shape
from logic.store.board_row import CODED, COUNTED, DATES, SHOWN, count_key_sql, shown_sql
from logic.store.db import Database, Tx
from logic.store.search_shape import BITS, LANE_BITS, LANE_TYPE, LANES, VOCABULARIES


def rebuild(tx: Tx, promote_at: int | None = None, *, order: str | None = None) -> None:
    """Build the whole index set-based from `cases` (bulk loads, benchmarks); bits go to the
    most frequent terms at once instead of one by one. Docs (the board's tie-break) are handed
    out by creation time and number, or — `order`, a table of (case_id, pos) — in that order
    (a restored export keeps the order its board had; logic/transfer)."""
    threshold = shape.PROMOTE_AT if promote_at is None else promote_at
    if order is not None and not re.match(r"^[a-z_][a-z0-9_]*$", order):
        raise ValueError(f"not a table name: {order!r}")
    if tx.dialect == "postgres":          # the board's rows with their word columns (pg_board)
        # the frequent words go too: index_many would keep their counts and bitmaps batch by
        # batch (~1.5 s per 5000 cases at 1M) only for track_words to build them anew
        for table in ("board_index", "board_codes", "board_counts", "board_word_counts", "board_word_bits",
                      "board_kind_bits", "board_tracked_words"):
            tx.execute(f"DELETE FROM {table}")
        pg_board.index_many(tx, None, order=order)
        pg_board.track_words(tx, threshold)     # the frequent words' counts and bitmaps (postgres/0024, 0026)
        return
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
                   f" NULL, CASE WHEN count(*) <= {shape.INLINE_MAX} THEN list(doc ORDER BY doc) END"
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
    number taken by a rolled-back write counts too). On PostgreSQL nothing is ever unsorted: 0."""
    if tx.dialect == "postgres":
        return 0
    return int(tx.scalar("SELECT (SELECT coalesce(max(doc), 0) FROM board_index)"
                         " - (SELECT max(compacted_doc) FROM search_state)"))


def compact_later(db: Database) -> None:
    """After the commit of the write whose case made the tail COMPACT_AFTER long: compact in a
    background thread, so that user does not wait for it (writers that come meanwhile wait
    for the write lock: ~0.3 s at 100k cases, a few seconds at a million, once every
    COMPACT_AFTER registrations)."""
    db.in_background("search-compact", lambda: compact_if_due(db, shape.COMPACT_AFTER))


def compact_if_due(db: Database, at_least: int = 1) -> bool:
    """Compact when at least `at_least` cases were indexed since the last sort (checked inside
    the write lock: a compaction that ran meanwhile is not repeated). Returns whether it did.
    On PostgreSQL there is nothing to sort (the trigram indexes are kept by the server): False."""
    if db.dialect == "postgres":
        return False
    with db.tx() as tx:
        if tail(tx) < at_least:
            return False
        compact(tx)
    return True


def compact(tx: Tx) -> None:
    """Re-sort the postings and the vocabulary by term (after many cases were added one by
    one), so zone maps again find a term in one row group. ~0.3 s at 100k cases, seconds at a
    million; `compact_if_due` runs it when COMPACT_AFTER cases were indexed since and at
    start-up — results do not change. Nothing to do on PostgreSQL."""
    if tx.dialect == "postgres":
        return
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
