"""The board's index (X-4) for many cases at once: the set-based twins of
`search_index.index_case` and of taking a case out before its indexed columns are rewritten
(IMP-10, IMP-11).

An import of 100 000 historical cases into a database of a million must not index them one
by one (~10 ms each: 17 minutes) nor rebuild the whole index (every case again). Here the
new cases' words are cut once by the same SQL as `search_compact.rebuild` (`search_tokens`),
merged into the vocabulary in a few statements — rare words keep their cases inline until
INLINE_MAX, then move to the postings; words that cross PROMOTE_AT get one of the free bits,
as `search_index._promote` does — and the new board rows, their codes and counts are written
with one INSERT each. The result is the index `index_case` would have built case by case (a store test
compares them), in the caller's transaction.

Table names in f-strings come from search_shape's fixed VOCABULARIES / LANES; values are bound.
"""
from __future__ import annotations

from logic.store import pg_board
from logic.store import search_shape as s
from logic.store.board_row import CODED, COUNTED, DATES, SHOWN, count_key_sql, shown_sql
from logic.store.db import Tx

_TEMPS = ("_bulk_ids", "_bulk_docs", "_bulk_raw", "_bulk_words", "_bulk_tok", "_bulk_agg", "_bulk_post",
          "_bulk_promo", "_bulk_lanes")


def _ids_table(tx: Tx, case_ids: list[str]) -> None:
    tx.execute("CREATE OR REPLACE TEMP TABLE _bulk_ids AS SELECT DISTINCT unnest(?::VARCHAR[]) AS case_id",
               [list(case_ids)])


def _tokens(tx: Tx, docs_table: str) -> None:
    """_bulk_tok (doc, term_id) and _bulk_words (term_id, term, person, code): the words of the
    cases in `docs_table` (case_id, doc) — the same as SQL search_all_tokens() and Python
    search_index.case_terms. Each side's words are distinct already (search_tokens), so no
    DISTINCT over millions of rows; a term id (an MD5) is computed once per distinct word,
    and the occurrences keep only two integers."""
    tx.execute(
        "CREATE OR REPLACE TEMP TABLE _bulk_raw AS"
        " SELECT x.doc, lower(c.id) AS own, unnest(search_tokens(concat_ws(' ', c.search_text, c.title,"
        "  c.description, c.article_no, c.individual_no))) AS tok, FALSE AS person"
        f"  FROM cases c JOIN {docs_table} x ON x.case_id = c.id"
        " UNION ALL"
        " SELECT x.doc, lower(c.id), unnest(search_tokens(concat_ws(' ', c.person_name, c.person_id))), TRUE"
        f"  FROM cases c JOIN {docs_table} x ON x.case_id = c.id")
    tx.execute("CREATE OR REPLACE TEMP TABLE _bulk_words AS SELECT search_term_id(tok, person) AS term_id,"
               " tok AS term, person, regexp_matches(tok, '\\pN') AS code FROM (SELECT DISTINCT tok, person"
               " FROM _bulk_raw)")
    tx.execute("CREATE OR REPLACE TEMP TABLE _bulk_tok AS SELECT t.doc, w.term_id FROM _bulk_raw t"
               " JOIN _bulk_words w ON w.term = t.tok AND w.person = t.person WHERE t.tok <> t.own")
    tx.execute("DROP TABLE _bulk_raw")


def _lane_columns(alias: str) -> str:
    return ", ".join(
        f"bit_or(CASE WHEN {alias}.bit // {s.LANE_BITS} = {k} THEN 1::{s.LANE_TYPE} << ({alias}.bit % {s.LANE_BITS})"
        f"::{s.LANE_TYPE} ELSE 0::{s.LANE_TYPE} END) AS {lane}" for k, lane in enumerate(s.LANES))


def index_cases(tx: Tx, case_ids: list[str], promote_at: int | None = None) -> int:
    """Index cases just written to `cases` (and not in the index) in the caller's transaction;
    returns how many were indexed."""
    if not case_ids:
        return 0
    if tx.dialect == "postgres":          # no vocabulary: the word columns (pg_board)
        return pg_board.index_many(tx, case_ids)
    threshold = s.PROMOTE_AT if promote_at is None else promote_at
    _ids_table(tx, case_ids)
    # 1. docs, in the order rebuild gives them (registration time, then number)
    tx.execute("CREATE OR REPLACE TEMP TABLE _bulk_docs AS SELECT c.id AS case_id,"
               " row_number() OVER (ORDER BY c.created_at, c.id) AS doc FROM cases c"
               " JOIN _bulk_ids i ON i.case_id = c.id"
               " WHERE NOT EXISTS (SELECT 1 FROM board_index b WHERE b.case_id = c.id)")
    count = int(tx.scalar("SELECT count(*) FROM _bulk_docs"))
    if count == 0:
        _drop(tx)
        return 0
    base = int(tx.scalar("SELECT nextval('board_doc_seq')"))
    tx.execute("UPDATE _bulk_docs SET doc = doc + ? - 1", [base])
    if count > 1:
        tx.execute("SELECT max(nextval('board_doc_seq')) FROM range(?)", [count - 1])   # docs are taken
    # 2. codes for values not seen before
    sources = " UNION ".join([f"SELECT '{field}' AS field, c.{src} AS value FROM cases c JOIN _bulk_docs x"
                              " ON x.case_id = c.id" for field, src in CODED.values()]
                             + ["SELECT 'idprefix', regexp_extract(upper(c.id), '^[^0-9]+') FROM cases c"
                                " JOIN _bulk_docs x ON x.case_id = c.id"])
    tx.execute("INSERT INTO board_codes (field, value, code) SELECT field, value, nextval('board_code_seq')"
               f" FROM (SELECT DISTINCT q.field, q.value FROM ({sources}) q WHERE q.value IS NOT NULL"
               " AND NOT EXISTS (SELECT 1 FROM board_codes k WHERE k.field = q.field AND k.value = q.value)"
               " ORDER BY ALL)")
    # 3. the words of the new cases, per term
    _tokens(tx, "_bulk_docs")
    tx.execute("CREATE OR REPLACE TEMP TABLE _bulk_agg AS SELECT w.term_id, w.term, w.person, w.code, t.n, t.docs"
               " FROM (SELECT term_id, count(*) AS n, list(doc ORDER BY doc) AS docs FROM _bulk_tok GROUP BY term_id) t"
               " JOIN _bulk_words w ON w.term_id = t.term_id")
    tx.execute("CREATE OR REPLACE TEMP TABLE _bulk_post (term_id BIGINT, doc BIGINT)")
    for code, table in s.VOCABULARIES.items():
        # what goes to the postings: the new docs of words that are (or now become) common,
        # and the inline docs of rare words that overflow
        tx.execute(
            "INSERT INTO _bulk_post SELECT a.term_id, unnest(a.docs) FROM _bulk_agg a"
            f" LEFT JOIN {table} v ON v.term_id = a.term_id WHERE a.code = ? AND ("
            f"  (v.term_id IS NULL AND a.n > {s.INLINE_MAX})"
            f"  OR (v.term_id IS NOT NULL AND v.bit IS NULL AND (v.docs IS NULL OR len(v.docs) + a.n > {s.INLINE_MAX})))"
            f" UNION ALL SELECT v.term_id, unnest(v.docs) FROM {table} v JOIN _bulk_agg a ON a.term_id = v.term_id"
            f" WHERE v.bit IS NULL AND v.docs IS NOT NULL AND len(v.docs) + a.n > {s.INLINE_MAX}", [code])
        tx.execute(
            f"UPDATE {table} SET df = {table}.df + a.n, docs = CASE WHEN {table}.docs IS NULL THEN NULL"
            f" WHEN len({table}.docs) + a.n <= {s.INLINE_MAX} THEN list_concat({table}.docs, a.docs) ELSE NULL END"
            f" FROM _bulk_agg a WHERE {table}.term_id = a.term_id")
        tx.execute(
            f"INSERT INTO {table} SELECT a.term_id, a.term, a.person, a.n, NULL,"
            f" CASE WHEN a.n <= {s.INLINE_MAX} THEN a.docs END FROM _bulk_agg a WHERE a.code = ?"
            f" AND NOT EXISTS (SELECT 1 FROM {table} v WHERE v.term_id = a.term_id) ORDER BY a.term", [code])
    tx.execute("INSERT INTO search_postings SELECT term_id, doc FROM _bulk_post ORDER BY term_id, doc")
    tx.execute("DROP TABLE _bulk_post")
    tx.execute("DROP TABLE _bulk_agg")
    # 4. words that crossed the threshold get the free bits, most frequent first (as _promote)
    _promote(tx, threshold)
    # 5. the board rows, with the bits of their frequent words
    tx.execute(f"CREATE OR REPLACE TEMP TABLE _bulk_lanes AS SELECT t.doc, {_lane_columns('b')} FROM _bulk_tok t"
               " JOIN search_bits b ON b.term_id = t.term_id GROUP BY t.doc")
    tx.execute("DROP TABLE _bulk_tok")
    joins = " ".join(f"LEFT JOIN board_codes k_{col} ON k_{col}.field = '{field}' AND k_{col}.value = c.{src}"
                     for col, (field, src) in CODED.items())
    tx.execute(
        f"INSERT INTO board_index (doc, case_id, {', '.join(CODED)}, {', '.join(DATES + SHOWN)},"
        f" {', '.join(s.LANES)}, shown)"
        f" SELECT d.doc, c.id, {', '.join(f'k_{col}.code' for col in CODED)},"
        f" {', '.join(f'c.{col}' for col in DATES + SHOWN)},"
        f" {', '.join(f'coalesce(l.{lane}, 0::{s.LANE_TYPE})' for lane in s.LANES)}, {shown_sql('c', 'id')}"
        f" FROM cases c JOIN _bulk_docs d ON d.case_id = c.id LEFT JOIN _bulk_lanes l ON l.doc = d.doc {joins}"
        " ORDER BY d.doc")
    # 6. the counts per combination of coded columns (board_counts), added
    tx.execute(
        f"INSERT INTO board_counts SELECT {count_key_sql('g')}, g.* FROM (SELECT {', '.join(COUNTED)},"
        " b.closed_at IS NOT NULL AS closed, count(*) AS n FROM board_index b JOIN _bulk_docs d ON d.doc = b.doc"
        " GROUP BY ALL ORDER BY ALL) g ON CONFLICT (key) DO UPDATE SET n = board_counts.n + excluded.n")
    _drop(tx)
    return count


def _promote(tx: Tx, threshold: int) -> None:
    free = s.BITS - int(tx.scalar("SELECT count(*) FROM search_bits"))
    if free <= 0:
        return
    tx.execute(
        "CREATE OR REPLACE TEMP TABLE _bulk_promo AS SELECT w.term_id, w.code, f.bit FROM"
        " (SELECT term_id, code, row_number() OVER (ORDER BY df DESC, term_id) AS i FROM"
        "   (SELECT term_id, df, FALSE AS code FROM search_words WHERE bit IS NULL AND df >= ?"
        "    UNION ALL SELECT term_id, df, TRUE FROM search_codes WHERE bit IS NULL AND df >= ?)) w"
        " JOIN (SELECT r.range::SMALLINT AS bit, row_number() OVER (ORDER BY r.range) AS i FROM range(?) r"
        "       WHERE r.range NOT IN (SELECT bit FROM search_bits)) f ON f.i = w.i", [threshold, threshold, s.BITS])
    if not tx.scalar("SELECT count(*) FROM _bulk_promo"):
        return
    # the bits on the board rows already there (their docs are in the postings or inline)
    olds = " UNION ALL ".join(f"SELECT unnest(v.docs) AS doc, p.bit FROM {table} v JOIN _bulk_promo p"
                              f" ON p.term_id = v.term_id WHERE v.docs IS NOT NULL"
                              for table in s.VOCABULARIES.values())
    tx.execute(
        f"UPDATE board_index SET {', '.join(f'{lane} = board_index.{lane} | m.{lane}' for lane in s.LANES)}"
        f" FROM (SELECT x.doc, {_lane_columns('x')} FROM (SELECT sp.doc, p.bit FROM search_postings sp"
        f"  JOIN _bulk_promo p ON p.term_id = sp.term_id UNION ALL {olds}) x GROUP BY x.doc) m"
        " WHERE board_index.doc = m.doc")
    for code, table in s.VOCABULARIES.items():
        tx.execute(f"UPDATE {table} SET bit = p.bit, docs = NULL FROM _bulk_promo p"
                   f" WHERE {table}.term_id = p.term_id AND p.code = ?", [code])
    tx.execute("INSERT INTO search_bits SELECT bit, term_id FROM _bulk_promo ORDER BY bit")
    tx.execute("DELETE FROM search_postings WHERE term_id IN (SELECT term_id FROM _bulk_promo)")


def unindex_cases(tx: Tx, case_ids: list[str]) -> int:
    """Take cases out of the index, as their rows in `cases` still are (before an import
    rewrites them; `index_cases` puts them back under new docs). Words keep their bits
    (as `_remove_terms` does); returns how many were taken out."""
    if not case_ids:
        return 0
    if tx.dialect == "postgres":
        return pg_board.unindex_many(tx, case_ids)
    _ids_table(tx, case_ids)
    tx.execute("CREATE OR REPLACE TEMP TABLE _bulk_docs AS SELECT b.case_id, b.doc FROM board_index b"
               " JOIN _bulk_ids i ON i.case_id = b.case_id")
    count = int(tx.scalar("SELECT count(*) FROM _bulk_docs"))
    if count == 0:
        _drop(tx)
        return 0
    _tokens(tx, "_bulk_docs")
    tx.execute("CREATE OR REPLACE TEMP TABLE _bulk_agg AS SELECT term_id, count(*) AS n,"
               " list(doc) AS docs FROM _bulk_tok GROUP BY term_id")
    for table in s.VOCABULARIES.values():
        tx.execute(f"UPDATE {table} SET df = {table}.df - a.n, docs = CASE WHEN {table}.docs IS NULL THEN NULL"
                   f" ELSE list_filter({table}.docs, lambda x: NOT list_contains(a.docs, x)) END"
                   f" FROM _bulk_agg a WHERE {table}.term_id = a.term_id")
    tx.execute("DELETE FROM search_postings WHERE doc IN (SELECT doc FROM _bulk_docs)")
    tx.execute(
        f"UPDATE board_counts SET n = board_counts.n - g.n FROM (SELECT {count_key_sql('x')} AS key, count(*) AS n"
        f" FROM (SELECT {', '.join('b.' + c for c in COUNTED)}, b.closed_at IS NOT NULL AS closed"
        "  FROM board_index b JOIN _bulk_docs d ON d.doc = b.doc) x GROUP BY 1) g WHERE board_counts.key = g.key")
    tx.execute("DELETE FROM board_index WHERE doc IN (SELECT doc FROM _bulk_docs)")
    _drop(tx)
    return count


def _drop(tx: Tx) -> None:
    for temp in _TEMPS:
        tx.execute(f"DROP TABLE IF EXISTS {temp}")
