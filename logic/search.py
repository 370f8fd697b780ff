"""Free-text search terms for the case board (X-4) — pure Python, no SQL.

The index cuts text into lower-cased runs of letters and digits, in Unicode's composed form
NFC (the SQL macro `search_tokens`, migrations 0003 and 0011); `tokens` here is its Python
twin, kept equal by a test. NFC: "å" typed or pasted as "a" + a combining ring is one letter,
the same as "å" typed at once, not a word break (issue 13).
A query is cut the same way into terms; every term must match (AND):

- a word (no digit) of three or more letters matches every indexed word that *contains* it,
  so "pump" finds "infusionspump" and "rullstol" finds "elrullstolen" (Swedish compounds);
- a shorter word matches whole words only ("i" would otherwise match almost everything);
- a code (has a digit: article, individual, personal identity number) matches codes that
  *start* with it, so "19121212" finds 191212121212 and "CFH2291" finds CFH229181;
- a query that looks like a case number ("AV2607", "AV26070002") also matches case numbers
  starting with it; an exact, existing number opens the case (logic.board.exact_case).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

MIN_SUBSTRING = 3
MAX_TERMS = 8
MAX_QUERY = 200

_RUN = re.compile(r"[^\W_]+")
_NUMBERISH = re.compile(r"^[A-ZÅÄÖ]{1,6}[-/]?\d[A-Z0-9\-/]*$")


def is_code(token: str) -> bool:
    return any(ch.isnumeric() for ch in token)


def nfc(text: str) -> str:
    """Unicode's composed form: canonically equal texts become the same characters."""
    return unicodedata.normalize("NFC", text)


def tokens(text: str | None) -> list[str]:
    """What the index stores for a text: the twin of SQL `search_tokens` (set semantics)."""
    return list(dict.fromkeys(_RUN.findall(nfc((text or "").lower()))))


def stable_hash(value: str | None) -> int | None:
    """63-bit code of a value, the twin of SQL `board_hash` (first 15 hex digits of MD5).
    Stable across processes and DuckDB versions, so it can be stored."""
    if value is None:
        return None
    return int(hashlib.md5(value.encode("utf-8")).hexdigest()[:15], 16)


def term_id(token: str, person: bool) -> int:
    """The vocabulary id of a token: twin of SQL `search_term_id`."""
    return stable_hash(f"{1 if person else 0}:{token}")


@dataclass(frozen=True)
class Term:
    text: str          # lower-cased
    code: bool         # has a digit: prefix match among codes
    exact: bool        # too short for substring match: whole word only


def parse_query(q: str | None) -> list[Term]:
    """The terms of a query, in order, without repeats; at most MAX_TERMS."""
    runs = _RUN.findall(nfc((q or "")[:MAX_QUERY].lower()))
    terms: list[Term] = []
    for run in dict.fromkeys(runs):
        code = is_code(run)
        terms.append(Term(run, code, exact=not code and len(run) < MIN_SUBSTRING))
    return terms[:MAX_TERMS]


def id_letters(case_id: str) -> str:
    """What a case number starts with before its first digit ("AV", "RE", "NL-")."""
    m = re.match(r"[^0-9]+", (case_id or "").upper())
    return m.group(0) if m else ""


def number_prefix(q: str | None) -> str | None:
    """The query as an upper-cased case-number prefix, when it looks like one."""
    text = nfc((q or "").strip().upper())
    if 2 <= len(text) <= 30 and _NUMBERISH.match(text):
        return text
    return None
