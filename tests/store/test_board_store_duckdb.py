"""X-4 on the DuckDB file only (split from test_board_store.py, which runs on both backends, in
issue 18): DuckDB's SQL tokeniser and hashes (migrations 0003, 0011) are the twins of the Python
ones. PostgreSQL has neither: its board words are cut in Python (logic/store/pg_board.py)."""
from __future__ import annotations

from logic.search import stable_hash, term_id, tokens


def test_x4_python_and_sql_tokenisers_and_hashes_agree(db):
    corpus = ["Böjd länkhjulsgaffel på rullstol, CFH229181; 42,5 Dj46", "ÅÄÖ åäö Æble Øre – naïve café",
              "x_y z-w 1.5 B40/Dj40 (Tolvan)", "  ", "Leverans försenad 3 veckor!! #2",
              "La\u030asknapp A\u030aSA O\u0308STRA cafe\u0301 x\u0308y"]          # decomposed (NFD) letters
    with db.read() as r:
        for text in corpus:
            assert sorted(r.scalar("SELECT search_tokens(?)", [text])) == sorted(tokens(text))
            for tok in tokens(text):
                assert r.scalar("SELECT board_hash(?)", [tok]) == stable_hash(tok)
                assert r.scalar("SELECT search_term_id(?, true)", [tok]) == term_id(tok, True)
