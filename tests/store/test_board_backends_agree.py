"""Issue 18: the board gives the same cases on PostgreSQL as on DuckDB for the demo world.

Both copies of the demo world (the DuckDB file and a PostgreSQL database, each built through
the services) are asked the same board questions by every demo user — every kind of search
term (a long word as a substring, a short word as a whole word, a code by its start, a
person's name and identity number — by users who may see persons and by users who may not,
such as the analyst —, a case-number prefix and an exact case number), the filters, the
sorts and paging — and must give the same case ids, in the same order, with the same totals.
The terms are taken from the data, so each one finds something."""
from __future__ import annotations

import shutil
from collections import Counter
from datetime import date, datetime

import pytest

from logic import users
from logic.access import PermissionDenied
from logic.board import service as board
from logic.board.filters import BoardFilters, Period
from logic.clock import FixedClock
from logic.search import MIN_SUBSTRING
from logic.store.connect import open_database
from logic.store.db import Database
from tests.conftest import STOCKHOLM

pytestmark = pytest.mark.both_backends

NOW = FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=STOCKHOLM))
DEMO_USERS = ("reporter", "reporter2", "tekniker", "handlaggare", "chef", "lakare", "analytiker", "admin",
              "granskare", "forsikring", "partner")


@pytest.fixture
def both(demo_template, pg_cluster, pg_demo_template, tmp_path):
    target = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, target)
    duck = Database(target)
    name = pg_cluster.new_database(pg_demo_template)
    pg = open_database(pg_cluster.url(name))
    yield duck, pg
    duck.close()
    pg.close()
    pg_cluster.drop(name)


def _tokens(pg, column: str) -> Counter:
    """How many cases hold each token of a word column (PostgreSQL keeps them as text)."""
    with pg.read() as r:
        texts = [row[0] for row in r.cur.execute(f"SELECT {column} FROM board_index").fetchall()]
    return Counter(t for text in texts for t in text.split())


def _terms(pg) -> dict[str, str]:
    words, codes = _tokens(pg, "words"), _tokens(pg, "codes")
    person_words, person_codes = _tokens(pg, "person_words"), _tokens(pg, "person_codes")
    with pg.read() as r:
        ids = sorted(row[0] for row in r.cur.execute("SELECT id FROM cases").fetchall())
    long_word = next(w for w, _ in words.most_common() if len(w) >= 8 and w.isalpha())
    short = next(w for w, _ in words.most_common() if len(w) < MIN_SUBSTRING and w.isalpha())
    code = next(c for c, _ in codes.most_common() if len(c) >= 8)
    name = next(w for w, _ in person_words.most_common() if len(w) >= 5)
    pnr = next(c for c, _ in person_codes.most_common() if len(c) >= 10)
    return {
        "substring": long_word[2:7],                 # inside the word: "pump" in "infusionspump"
        "whole word": long_word,
        "short word": short,
        "code prefix": code[:5],
        "whole code": code,
        "person name": name,
        "person name part": name[1:5],
        "identity number prefix": pnr[:8],
        "two terms": f"{long_word[2:7]} {short}",
        "word and person": f"{long_word[:4]} {name}",
        "case-number prefix": ids[len(ids) // 2][:6],
        "case-number prefix and word": f"{ids[0][:4]} {long_word[:5]}",
        "exact case": ids[len(ids) // 3],
        "nothing": "zqxjzqxj",
        "nothing and prefix": f"{ids[0][:5]} zqxjzqxj",
    }


def _filters(terms: dict[str, str]) -> list[BoardFilters]:
    out = [BoardFilters()]
    out += [BoardFilters(q=q) for q in terms.values()]
    out += [BoardFilters(state="open"), BoardFilters(state="closed"), BoardFilters(kinds=["deviation"]),
            BoardFilters(kinds=["urgent", "claim"], state="open"), BoardFilters(units=["site-1012"]),
            BoardFilters(mine=True), BoardFilters(waiting=True), BoardFilters(period=Period.MONTH),
            BoardFilters(period=Period.CUSTOM, date_from=date(2026, 6, 1), date_to=date(2026, 10, 31)),
            BoardFilters(statuses=["closed", "new", "open"]),
            BoardFilters(q=terms["substring"], state="open", kinds=["deviation", "repair"]),
            BoardFilters(q=terms["identity number prefix"], units=["site-1012"])]
    for sort in ("title", "id", "updated_at", "closed_at", "status", "kind"):
        out += [BoardFilters(sort=sort, desc=False, page_size=10, page=2), BoardFilters(sort=sort, desc=True)]
    out += [BoardFilters(page=3, page_size=7), BoardFilters(page=999, page_size=20),
            BoardFilters(q=terms["substring"], page=2, page_size=5)]
    return out


def _answer(db, user, f: BoardFilters) -> tuple:
    try:
        res = board.search(db, NOW, user, f)
    except PermissionDenied as e:         # a role without the board: refused on both
        return ("refused", str(e))
    return ([row["id"] for row in res.rows], [row["person_revealed"] for row in res.rows],
            res.total, res.page, res.pages, res.exact, res.hidden)


def test_the_same_queries_give_the_same_cases_on_both_backends(both):
    duck, pg = both
    terms = _terms(pg)
    filters = _filters(terms)
    found_something = Counter()
    totals: dict[tuple[str, str], int] = {}
    for username in DEMO_USERS:
        duck_user, pg_user = users.load_user(duck, username), users.load_user(pg, username)
        for f in filters:
            expected = _answer(duck, duck_user, f)
            assert _answer(pg, pg_user, f) == expected, (username, f)
            if f.q and expected[0] != "refused":
                found_something[f.q] += expected[2] > 0
                if f == BoardFilters(q=f.q):
                    totals[(username, f.q)] = expected[2]
    # each kind of term found cases for someone (the comparison is not between two empty boards)
    for kind in ("substring", "whole word", "short word", "code prefix", "person name", "person name part",
                 "identity number prefix", "case-number prefix", "exact case"):
        assert found_something[terms[kind]] > 0, kind
    # persons: found by a user who may see them, never by the analyst
    pnr = terms["identity number prefix"]
    assert totals[("analytiker", pnr)] == 0 and totals[("analytiker", terms["person name"])] == 0
    assert any(n > 0 for (username, q), n in totals.items() if q == pnr)


def test_counts_and_codes_tables_agree(both):
    """board_counts sums per kind and state, and every code value, the same on both."""
    duck, pg = both
    sql = ("SELECT k.value AS kind, c.closed, sum(c.n) AS n FROM board_counts c JOIN board_codes k"
           " ON k.field = 'kind' AND k.code = c.kind_c GROUP BY k.value, c.closed HAVING sum(c.n) <> 0")
    values = "SELECT field, value FROM board_codes ORDER BY field, value"
    got = []
    for db in (duck, pg):
        with db.read() as r:
            got.append(({(row["kind"], bool(row["closed"])): int(row["n"]) for row in r.rows(sql)},
                        [tuple(row) for row in r.cur.execute(values).fetchall()]))
    assert got[0] == got[1]
    assert sum(got[1][0].values()) > 100
