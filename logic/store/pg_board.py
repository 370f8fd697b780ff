"""The board's row of a case on PostgreSQL (issue 18): what logic/store/search_index.py keeps on
DuckDB — the coded filter columns, the shown values, board_counts — written the same way, but the
words a case is found by are four text columns under pg_trgm GIN indexes instead of a vocabulary
with postings and bits (postgres/0003_board.sql). search_index.index_case / refresh_case hand over
here when `tx.dialect` is "postgres"; pg_search.py reads the columns."""
from __future__ import annotations

import json
from typing import Any

from logic.search import MIN_SUBSTRING, id_letters, is_code
from logic.store.board_row import (CODED, COUNTED, DATES, SHOWN, SHOWN_FIELDS, coded_columns, codes, count_key,
                                   count_key_sql, count_key_text)
from logic.store.db import Tx, nfc
from logic.store.search_terms import CASE_FIELDS, case_terms

WORD_COLUMNS = ("words", "codes", "person_words", "person_codes")


def word_columns(terms: list[tuple[str, bool]]) -> dict[str, str]:
    """The four search columns of a case from its (token, person) terms: ' tok1 tok2 '."""
    out: dict[str, list[str]] = {c: [] for c in WORD_COLUMNS}
    for token, person in terms:
        out[("person_" if person else "") + ("codes" if is_code(token) else "words")].append(token)
    return {c: " " + " ".join(dict.fromkeys(v)) + (" " if v else "") for c, v in out.items()}


def shown_text(row: dict[str, Any], case_id: str) -> str:
    """board_index.shown for a case: as DuckDB's shown_sql writes it (dates as text)."""
    values = []
    for field in SHOWN_FIELDS:
        value = case_id if field == "id" else row.get(field)
        values.append(None if value is None else str(value) if field in DATES else value)
    return json.dumps(values, ensure_ascii=False)


def add_counts(tx: Tx, deltas: list[tuple[tuple, int]]) -> None:
    """board_counts += delta per key, one upsert each (ON CONFLICT on the key)."""
    for key, d in deltas:
        tx.execute(f"INSERT INTO board_counts (key, {', '.join(COUNTED)}, closed, n)"
                   f" VALUES ({', '.join('?' for _ in range(len(COUNTED) + 3))})"
                   " ON CONFLICT (key) DO UPDATE SET n = board_counts.n + excluded.n",
                   [count_key_text(key), *key, d])


def index_case(tx: Tx, case_id: str, row: dict[str, Any], terms: list[tuple[str, bool]]) -> None:
    coded = coded_columns(tx, row)
    words = word_columns(terms)
    cols = ["doc", "case_id", *coded, "shown", *words]
    values = [case_id, *coded.values(), shown_text(row, case_id), *words.values()]
    tx.execute(f"INSERT INTO board_index ({', '.join(cols)})"
               f" VALUES (nextval('board_doc_seq'), {', '.join('?' for _ in values)})", values)
    add_counts(tx, [(count_key(coded), 1)])
    add_word_counts(tx, [case_id], 1)
    add_word_bits(tx, [case_id], True)


def refresh_case(tx: Tx, case_id: str, row: dict[str, Any], terms: list[tuple[str, bool]]) -> bool:
    """Bring the row up to date; False when the case has none yet (the caller indexes it)."""
    coded = coded_columns(tx, row)
    found = tx.cur.execute(f"SELECT {', '.join(COUNTED)}, closed_at IS NOT NULL, words, person_words"
                           " FROM board_index WHERE case_id = ?", [case_id]).fetchone()
    if found is None:
        return False
    old, old_words = tuple(found[:-2]), tuple(found[-2:])
    words = word_columns(terms)
    # the word counts follow the kind and the two word columns they are counted by
    recount = (old[COUNTED.index("kind_c")], *old_words) != (coded["kind_c"], words["words"], words["person_words"])
    if recount:
        add_word_counts(tx, [case_id], -1)
        add_word_bits(tx, [case_id], False)
    sets = {**coded, "shown": shown_text(row, case_id), **words}
    tx.execute(f"UPDATE board_index SET {', '.join(f'{c} = ?' for c in sets)} WHERE case_id = ?",
               [*sets.values(), case_id])
    if old != count_key(coded):
        add_counts(tx, [(old, -1), (count_key(coded), 1)])
    if recount:
        add_word_counts(tx, [case_id], 1)
        add_word_bits(tx, [case_id], True)
    return True


def add_word_counts(tx: Tx, case_ids: list[str], sign: int) -> None:
    """board_word_counts += sign for each tracked word these cases' board rows contain
    (postgres/0024): per kind, `n_words` when their words contain it, `n_either` when their
    words or their person's words do — the board's rule for a word of MIN_SUBSTRING or more
    letters (`LIKE '%word%'`; a token holds no LIKE wildcard). Called with the rows as they
    are: -1 before a row changes or goes, +1 after it is written."""
    tx.execute(
        "INSERT INTO board_word_counts (word, kind_c, n_words, n_either)"
        " SELECT t.word, b.kind_c, ? * count(*) FILTER (WHERE strpos(b.words, t.word) > 0), ? * count(*)"
        " FROM board_index b JOIN board_tracked_words t"
        "  ON strpos(b.words, t.word) > 0 OR strpos(b.person_words, t.word) > 0"
        " WHERE b.case_id = ANY(?::VARCHAR[]) GROUP BY t.word, b.kind_c"
        " ON CONFLICT (word, kind_c) DO UPDATE SET n_words = board_word_counts.n_words + excluded.n_words,"
        " n_either = board_word_counts.n_either + excluded.n_either", [int(sign), int(sign), list(case_ids)])


def track_words(tx: Tx, min_cases: int) -> int:
    """Choose the tracked words again — every word (of MIN_SUBSTRING letters or more, not a code:
    the `words` column) in at least `min_cases` cases — and count them over the whole board
    (bulk loads: search_compact.rebuild, a move, the benchmark's copy). Returns how many."""
    tx.execute("DELETE FROM board_word_counts")
    tx.execute("DELETE FROM board_tracked_words")
    tx.execute("INSERT INTO board_tracked_words (word) SELECT w FROM board_index b,"
               " unnest(string_to_array(btrim(b.words), ' ')) w WHERE char_length(w) >= ?"
               " GROUP BY w HAVING count(*) >= ?", [MIN_SUBSTRING, int(min_cases)])
    tx.execute(
        "INSERT INTO board_word_counts (word, kind_c, n_words, n_either)"
        " SELECT t.word, b.kind_c, count(*) FILTER (WHERE strpos(b.words, t.word) > 0), count(*)"
        " FROM board_index b JOIN board_tracked_words t"
        "  ON strpos(b.words, t.word) > 0 OR strpos(b.person_words, t.word) > 0"
        " GROUP BY t.word, b.kind_c")
    build_word_bits(tx)
    return int(tx.scalar("SELECT count(*) FROM board_tracked_words"))


BLOCK_BITS = 8192          # docs per bitmap of board_word_bits / board_kind_bits (postgres/0026)

# the rows of some cases as the bitmaps see them: their block, their bit in it, and a block of zeros
_BIT_ROWS = ("WITH r AS (SELECT b.doc / ? AS block, (b.doc % ?)::INTEGER AS pos, b.kind_c, b.words, b.person_words"
             "  FROM board_index b WHERE b.case_id = ANY(?::VARCHAR[]) AND b.kind_c IS NOT NULL),"
             " z AS (SELECT lpad('', ?, '0')::VARBIT AS zero)")
_BIT = "set_bit(z.zero, r.pos, 1)"
_HAS = "strpos(r.words, t.word) > 0 OR strpos(r.person_words, t.word) > 0"


def add_word_bits(tx: Tx, case_ids: list[str], on: bool) -> None:
    """Set (`on`) or clear these cases' bits in the tracked words' and their kinds' bitmaps
    (postgres/0026), from their board rows as they are: cleared before a row changes or goes,
    set after it is written — one statement. Setting merges the cases' bits of a block into
    its row (created where the block has none yet); clearing takes the cases' bits out of
    every row of a word they contain."""
    params = [BLOCK_BITS, BLOCK_BITS, sorted(set(case_ids)), BLOCK_BITS]
    if on:
        tx.execute(
            f"{_BIT_ROWS}, k AS (INSERT INTO board_kind_bits (kind_c, block, bits)"
            f"  SELECT r.kind_c, r.block, bit_or({_BIT}) FROM r CROSS JOIN z GROUP BY r.kind_c, r.block"
            "  ON CONFLICT (kind_c, block) DO UPDATE SET bits = board_kind_bits.bits | excluded.bits RETURNING 1)"
            " INSERT INTO board_word_bits (word, block, words, persons)"
            f" SELECT t.word, r.block, bit_or(CASE WHEN strpos(r.words, t.word) > 0 THEN {_BIT} ELSE z.zero END),"
            f"  bit_or(CASE WHEN strpos(r.person_words, t.word) > 0 THEN {_BIT} ELSE z.zero END)"
            f" FROM r CROSS JOIN z JOIN board_tracked_words t ON {_HAS} GROUP BY t.word, r.block"
            " ON CONFLICT (word, block) DO UPDATE SET words = board_word_bits.words | excluded.words,"
            " persons = board_word_bits.persons | excluded.persons", params)
        return
    tx.execute(
        f"{_BIT_ROWS}, k AS (UPDATE board_kind_bits kb SET bits = kb.bits & ~g.mask"
        f"  FROM (SELECT r.kind_c, r.block, bit_or({_BIT}) AS mask FROM r CROSS JOIN z GROUP BY r.kind_c, r.block) g"
        "  WHERE kb.kind_c = g.kind_c AND kb.block = g.block RETURNING 1)"
        " UPDATE board_word_bits wb SET words = wb.words & ~g.mask, persons = wb.persons & ~g.mask"
        f" FROM (SELECT t.word, r.block, bit_or({_BIT}) AS mask FROM r CROSS JOIN z JOIN board_tracked_words t"
        f"  ON {_HAS} GROUP BY t.word, r.block) g WHERE wb.word = g.word AND wb.block = g.block", params)


def build_word_bits(tx: Tx) -> int:
    """The bitmaps of postgres/0026 for the whole board, anew (track_words: after the tracked
    words are chosen). Built here rather than in SQL (an aggregate of set_bit per case was too
    slow at 1M cases): the board read one block of docs at a time, each distinct token asked
    once which tracked words it contains (`strpos` on ' tok1 tok2 ' finds a tracked word — a
    token, no space — exactly inside one token), the bits set in bytes and written as hex, one
    statement per table and block. Returns the number of word rows written."""
    tx.execute("DELETE FROM board_word_bits")
    tx.execute("DELETE FROM board_kind_bits")
    tracked = [row[0] for row in tx.cur.execute("SELECT word FROM board_tracked_words ORDER BY word").fetchall()]
    last = tx.scalar("SELECT max(doc) FROM board_index")
    if last is None:
        return 0
    size = BLOCK_BITS // 8
    inside: dict[str, tuple[int, ...]] = {}

    def contained(token: str) -> tuple[int, ...]:
        found = inside.get(token)
        if found is None:
            found = inside[token] = tuple(i for i, w in enumerate(tracked) if w in token)
        return found

    written = 0
    for block in range(int(last) // BLOCK_BITS + 1):
        rows = tx.cur.execute("SELECT doc, kind_c, words, person_words FROM board_index WHERE doc >= ? AND doc < ?"
                              " AND kind_c IS NOT NULL", [block * BLOCK_BITS, (block + 1) * BLOCK_BITS]).fetchall()
        if not rows:
            continue
        kinds: dict[int, bytearray] = {}
        maps: dict[int, tuple[bytearray, bytearray]] = {}     # tracked word -> (words, persons)
        for doc, kind_c, words, person_words in rows:
            pos = doc % BLOCK_BITS
            at, bit = pos >> 3, 0x80 >> (pos & 7)
            kinds.setdefault(kind_c, bytearray(size))[at] |= bit
            for side, text in enumerate((words, person_words)):
                hit: set[int] = set()
                for token in (text or "").split():
                    hit.update(contained(token))
                for i in hit:
                    pair = maps.get(i)
                    if pair is None:
                        pair = maps[i] = (bytearray(size), bytearray(size))
                    pair[side][at] |= bit
        tx.execute("INSERT INTO board_kind_bits (kind_c, block, bits) SELECT k, ?, ('x' || h)::VARBIT"
                   " FROM unnest(?::INTEGER[], ?::VARCHAR[]) u(k, h)",
                   [block, list(kinds), [b.hex() for b in kinds.values()]])
        tx.execute("INSERT INTO board_word_bits (word, block, words, persons)"
                   " SELECT w, ?, ('x' || a)::VARBIT, ('x' || p)::VARBIT FROM unnest(?::VARCHAR[], ?::VARCHAR[], ?::VARCHAR[]) u(w, a, p)",
                   [block, [tracked[i] for i in maps], [m[0].hex() for m in maps.values()],
                    [m[1].hex() for m in maps.values()]])
        written += len(maps)
    return written


BULK_BATCH = 5000          # cases read, cut and written at a time by index_many


def index_many(tx: Tx, case_ids: list[str] | None, order: str | None = None) -> int:
    """Index many cases at once (search_bulk.index_cases, search_compact.rebuild on PostgreSQL):
    the cases of `case_ids` (None: every case) that have no board row yet, in registration
    order (or by `order`, a table of (case_id, pos): a restored export keeps its board's
    order), as index_case would one by one — docs handed out in that order, codes for new
    values in one statement per batch, the rows by executemany, board_counts by one upsert per
    combination. Returns how many were indexed. `order` is a checked table name."""
    cols = ", ".join(f"c.{f}" for f in CASE_FIELDS)
    where = "NOT EXISTS (SELECT 1 FROM board_index b WHERE b.case_id = c.id)"
    params: list[Any] = []
    if case_ids is not None:
        where += " AND c.id = ANY(?::VARCHAR[])"
        params.append(sorted(set(case_ids)))
    if order is None:
        sql = f"SELECT {cols} FROM cases c WHERE {where} ORDER BY c.created_at, c.id"
    else:
        sql = (f"SELECT {cols} FROM cases c LEFT JOIN {order} o ON o.case_id = c.id WHERE {where}"
               " ORDER BY o.pos NULLS LAST, c.created_at, c.id")
    ids = [r["id"] for r in tx.rows(f"SELECT c.id FROM ({sql}) c", params)]
    counts: dict[tuple, int] = {}
    for start in range(0, len(ids), BULK_BATCH):
        chunk = ids[start:start + BULK_BATCH]
        found = {r["id"]: r for r in tx.rows(f"SELECT {', '.join(CASE_FIELDS)} FROM cases"
                                             " WHERE id = ANY(?::VARCHAR[])", [chunk])}
        rows = [found[i] for i in chunk]
        known = board_row_codes(tx, rows)
        values, columns = [], None
        for row in rows:
            coded = coded_from(known, row)
            words = word_columns(case_terms(row))
            columns = columns or ["case_id", *coded, "shown", *words]
            values.append([row["id"], *coded.values(), shown_text(row, row["id"]), *words.values()])
            key = count_key(coded)
            counts[key] = counts.get(key, 0) + 1
        tx.cur.executemany(f"INSERT INTO board_index (doc, {', '.join(columns)})"
                           f" VALUES (nextval('board_doc_seq'), {', '.join('?' for _ in columns)})",
                           [nfc(v) for v in values])
        add_word_counts(tx, chunk, 1)
        add_word_bits(tx, chunk, True)
    add_counts(tx, sorted(counts.items(), key=lambda kv: count_key_text(kv[0])))
    return len(ids)


def board_row_codes(tx: Tx, rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """The codes of every coded value (and case-number start) of these cases, new ones handed
    out in one statement (board_row.codes)."""
    pairs = [(name, row.get(src)) for row in rows for name, src in CODED.values()]
    pairs += [("idprefix", id_letters(row.get("id") or "")) for row in rows]
    return codes(tx, pairs, create=True)


def coded_from(known: dict[tuple[str, str], int], row: dict[str, Any]) -> dict[str, Any]:
    """board_row.coded_columns from codes looked up already."""
    out: dict[str, Any] = {}
    for col, (name, src) in CODED.items():
        value = row.get(src)
        out[col] = None if value is None else known[(name, str(value))]
    for col in (*DATES, *SHOWN):
        out[col] = row.get(col)
    return out


def unindex_many(tx: Tx, case_ids: list[str]) -> int:
    """Take cases out of the board (search_bulk.unindex_cases on PostgreSQL): their counts
    subtracted, their rows deleted. Returns how many were taken out."""
    ids = sorted(set(case_ids))
    add_word_counts(tx, ids, -1)
    add_word_bits(tx, ids, False)
    tx.execute(
        f"UPDATE board_counts SET n = board_counts.n - g.n FROM (SELECT {count_key_sql('x')} AS key, count(*) AS n"
        f" FROM (SELECT {', '.join('b.' + c for c in COUNTED)}, b.closed_at IS NOT NULL AS closed"
        "  FROM board_index b WHERE b.case_id = ANY(?::VARCHAR[])) x GROUP BY 1) g"
        " WHERE board_counts.key = g.key", [ids])
    return len(tx.rows("DELETE FROM board_index WHERE case_id = ANY(?::VARCHAR[]) RETURNING doc", [ids]))
