"""The words a case is found by (X-4): (token, person) pairs cut from its text and from its
person's name and identity number — the Python twin of SQL search_all_tokens(). Both indexes
use it: DuckDB's vocabulary (search_index) and PostgreSQL's word columns (pg_board)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from logic.search import tokens
from logic.store.board_row import BOARD_COLUMNS
from logic.store.search_shape import INDEXED_COLUMNS, PERSON_COLUMNS, TEXT_COLUMNS

# the columns of `cases` a case's board row and words are made from
CASE_FIELDS = tuple(sorted(INDEXED_COLUMNS | BOARD_COLUMNS | {"id"}))


def case_terms(row: dict[str, Any], tokenise: Callable[[str], list[str]] | None = None
               ) -> list[tuple[str, bool]]:
    """(token, person) pairs a case is found by. `tokenise`: another way to cut the text than
    `tokens` (migration 0011: the old way)."""
    tokenise = tokenise or tokens
    own = (row.get("id") or "").lower()
    text = " ".join(str(row[c]) for c in TEXT_COLUMNS if row.get(c))
    person = " ".join(str(row[c]) for c in PERSON_COLUMNS if row.get(c))
    out = [(t, False) for t in tokenise(text) if t != own]
    out += [(t, True) for t in tokenise(person) if t != own]
    return out
