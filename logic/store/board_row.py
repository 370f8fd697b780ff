"""A case's row on the board (`board_index`, X-4), beside the search words of the index: its
filter columns as small integer codes (`board_codes`, handed out on first sight — why:
logic/store/search_shape.py), the values it shows (copied from `cases`, and once more as one
JSON array, `shown`) and the number of cases per combination of codes (`board_counts`), kept
by every write of the index (search_index, search_bulk, search_compact.rebuild)."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from logic.search import id_letters
from logic.store.db import Tx

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


def coded_columns(tx: Tx, row: dict[str, Any]) -> dict[str, Any]:
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


def add_counts(tx: Tx, deltas: list[tuple[tuple, int]]) -> None:
    """Add each delta to its key's count in board_counts: an UPDATE by its primary key (an
    index look-up, ~1.4 ms at 1M cases; a MERGE over the table took ~6 ms), an INSERT for a
    combination not seen before."""
    for key, d in deltas:
        text = count_key_text(key)
        if tx.scalar("UPDATE board_counts SET n = n + ? WHERE key = ? RETURNING n", [d, text]) is None:
            tx.execute(f"INSERT INTO board_counts (key, {', '.join(COUNTED)}, closed, n)"
                       f" VALUES ({', '.join('?' for _ in range(len(COUNTED) + 3))})", [text, *key, d])
