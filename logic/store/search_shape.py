"""The board's index (X-4): `board_index` rows, vocabulary, postings and frequent-word bits —
their shape and the thresholds a word moves along. It is written by
logic/store/search_index.py (a board row's columns: board_row.py; many cases at once:
search_bulk.py), sorted by search_compact.py and queried by search_query.py.

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

On PostgreSQL (issue 18) none of this exists: board_index keeps a case's words as text under
pg_trgm GIN indexes (postgres/0003_board.sql, written by pg_board.py) and pg_search.py turns a
query term into a LIKE over them, with the same answers (tests/store/test_board_backends_agree.py).
Counting a frequent word's matches that way reads every board row, so the words in PROMOTE_AT or
more cases have their number of cases per kind kept (postgres/0024: pg_board.track_words when the
board is built in bulk, add_word_counts in each case's write; board_query._word_count sums them),
and, for a search of two or more of them, a bitmap of their cases per block of docs (postgres/0026:
pg_board.build_word_bits / add_word_bits; board_query._word_bits counts the bits of their AND).
"""
from __future__ import annotations

# PROMOTE_AT, INLINE_MAX and COMPACT_AFTER are read as search_shape.X where they are used,
# so a test that lowers one here lowers it everywhere
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


def lane_masks(bits: list[int]) -> dict[str, int]:
    masks: dict[str, int] = {}
    for b in bits:
        lane = LANES[b // LANE_BITS]
        masks[lane] = masks.get(lane, 0) | (1 << (b % LANE_BITS))
    return masks
