"""The board's free-text predicate on PostgreSQL (issue 18): a query term as a condition on the
four word columns pg_board.py keeps per case (`words`, `codes`, `person_words`, `person_codes`:
the case's distinct tokens between spaces, ' infusionspump trasig '), under pg_trgm GIN
indexes (postgres/0003_board.sql). The same answers as DuckDB's vocabulary and postings
(search_query.py), by the rules of logic/search.py:

- a word of MIN_SUBSTRING or more letters matches words *containing* it: `words LIKE '%pump%'`
  (the trigram index finds the rows; "pump" finds "infusionspump");
- a shorter word matches whole words only: `words LIKE '% i %'`;
- a code (has a digit) matches codes *starting* with it: `codes LIKE '% cfh2291%'`;
- person words count only where the user may see the case's person (`person_visible`), and
  only when `persons` (analysts never find a case by a person).

Tokens are runs of letters and digits (logic.search.tokens), so a pattern holds no LIKE
wildcard or escape character but the ones added here. Column names come from the fixed
WORD_COLUMNS; the pattern is bound.
"""
from __future__ import annotations

from logic.search import Term


def pattern(term: Term) -> str:
    """The LIKE pattern of a term over a ' tok1 tok2 ' column."""
    if term.code:
        return f"% {term.text}%"
    if term.exact:
        return f"% {term.text} %"
    return f"%{term.text}%"


def term_predicate(term: Term, persons: bool, person_visible: tuple[str, list]) -> tuple[str, list]:
    """SQL over board_index alias b: true when the case matches the term (the twin of
    search_query.term_predicate)."""
    column = "codes" if term.code else "words"
    like = pattern(term)
    parts, params = [f"b.{column} LIKE ?"], [like]
    pv_sql, pv_params = person_visible
    if persons and pv_sql != "FALSE":
        if pv_sql == "TRUE":
            parts.append(f"b.person_{column} LIKE ?")
            params.append(like)
        else:
            parts.append(f"(({pv_sql}) AND b.person_{column} LIKE ?)")
            params.extend([*pv_params, like])
    return "(" + " OR ".join(parts) + ")", params
