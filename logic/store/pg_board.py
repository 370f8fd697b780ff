"""The board's row of a case on PostgreSQL (issue 18): what logic/store/search_index.py keeps on
DuckDB — the coded filter columns, the shown values, board_counts — written the same way, but the
words a case is found by are four text columns under pg_trgm GIN indexes instead of a vocabulary
with postings and bits (postgres/0003_board.sql). search_index.index_case / refresh_case hand over
here when `tx.dialect` is "postgres"; pg_search.py reads the columns."""
from __future__ import annotations

import json
from typing import Any

from logic.search import is_code
from logic.store.board_row import COUNTED, DATES, SHOWN_FIELDS, coded_columns, count_key, count_key_text
from logic.store.db import Tx

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


def refresh_case(tx: Tx, case_id: str, row: dict[str, Any], terms: list[tuple[str, bool]]) -> bool:
    """Bring the row up to date; False when the case has none yet (the caller indexes it)."""
    coded = coded_columns(tx, row)
    old = tx.cur.execute(f"SELECT {', '.join(COUNTED)}, closed_at IS NOT NULL FROM board_index"
                         " WHERE case_id = ?", [case_id]).fetchone()
    if old is None:
        return False
    words = word_columns(terms)
    sets = {**coded, "shown": shown_text(row, case_id), **words}
    tx.execute(f"UPDATE board_index SET {', '.join(f'{c} = ?' for c in sets)} WHERE case_id = ?",
               [*sets.values(), case_id])
    if tuple(old) != count_key(coded):
        add_counts(tx, [(tuple(old), -1), (count_key(coded), 1)])
    return True
