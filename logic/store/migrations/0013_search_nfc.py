"""Search in Unicode's composed form (NFC), issue 13: "låsknapp" typed or pasted with "å" as
"a" + a combining ring (U+030A) found nothing, typed with "å" at once six cases.

From now on text is bound in NFC (logic.store.db.Tx) and tokens are cut from NFC text
(logic.search.tokens and the `search_tokens` macro below). Cases stored before may hold text
in another form; their index then holds the pieces around each combining mark ("la",
"sknapp"). For those cases only, the searched text is normalised and the index brought up to
date through the same code that keeps it on every update (search_index.refresh_case), so the
vocabulary's counts, postings and bits stay exact. Other stored text (detail tables) is only
shown, and shows the same in either form, so it is left as it is.
"""
from __future__ import annotations

import re

from logic.store import search_index, search_shape
from logic.store.db import Tx

SEARCH_TOKENS = ("CREATE OR REPLACE MACRO search_tokens(s) AS list_distinct(regexp_extract_all("
                 "nfc_normalize(lower(coalesce(s, ''))), '[\\pL\\pN]+'))")
COLUMNS = search_shape.TEXT_COLUMNS + search_shape.PERSON_COLUMNS
_RUN = re.compile(r"[^\W_]+")


def tokens_before(text: str | None) -> list[str]:
    """How the index cut text until this migration (logic.search.tokens without NFC)."""
    return list(dict.fromkeys(_RUN.findall((text or "").lower())))


def migrate(tx: Tx) -> None:
    tx.execute(SEARCH_TOKENS)
    changed = " OR ".join(f"{c} <> nfc_normalize({c})" for c in COLUMNS)
    ids = [r["id"] for r in tx.rows(f"SELECT id FROM cases WHERE {changed} ORDER BY id")]
    assignments = ", ".join(f"{c} = nfc_normalize({c})" for c in COLUMNS)
    for case_id in ids:
        before = search_index.snapshot(tx, case_id)
        indexed = search_index.case_terms(before, tokenise=tokens_before)
        tx.execute(f"UPDATE cases SET {assignments} WHERE id = ?", [case_id])
        search_index.refresh_case(tx, case_id, set(COLUMNS), before, old_terms=indexed)
