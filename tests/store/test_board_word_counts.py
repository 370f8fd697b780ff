"""Issue 18: on PostgreSQL the board's total for one frequent word is the sum of its kept counts
(postgres/0024_board_word_counts.sql, pg_board.track_words / add_word_counts,
board_query._word_count) — the same totals as DuckDB, and the counts follow every write.

PostgreSQL only: DuckDB has no such table (a frequent word is one of its bits there). The demo
world is small, so the words are tracked from two cases on (the benchmark's 1M cases: from
search_shape.PROMOTE_AT)."""
from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from logic import users
from logic.board import planning
from logic.board.filters import BoardFilters
from logic.clock import FixedClock
from logic.store import board_codes, board_query, core_repo, pg_board, search_bulk, search_index
from logic.store.connect import open_database
from logic.store.db import Database
from tests.conftest import STOCKHOLM
from tests.store.test_board_backends_agree import DEMO_USERS, _answer

NOW = FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=STOCKHOLM))
RECOUNT = ("SELECT t.word, b.kind_c, count(*) FILTER (WHERE b.words LIKE '%' || t.word || '%') AS n_words,"
           " count(*) AS n_either FROM board_index b JOIN board_tracked_words t"
           " ON b.words LIKE '%' || t.word || '%' OR b.person_words LIKE '%' || t.word || '%'"
           " GROUP BY t.word, b.kind_c")


@pytest.fixture
def both(demo_template, pg_cluster, pg_demo_template, tmp_path):
    target = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, target)
    duck = Database(target)
    name = pg_cluster.new_database(pg_demo_template)
    pg = open_database(pg_cluster.url(name))
    with pg.tx() as tx:
        assert pg_board.track_words(tx, 2) > 20
    yield duck, pg
    duck.close()
    pg.close()
    pg_cluster.drop(name)


def _kept(pg) -> dict:
    with pg.read() as r:
        return {(row[0], row[1]): (int(row[2]), int(row[3])) for row in r.cur.execute(
            "SELECT word, kind_c, n_words, n_either FROM board_word_counts").fetchall() if row[2] or row[3]}


def _recounted(pg) -> dict:
    with pg.read() as r:
        return {(row[0], row[1]): (int(row[2]), int(row[3])) for row in r.cur.execute(RECOUNT).fetchall()}


def _words(pg) -> list[str]:
    """Tracked words worth asking: the most and least frequent, words inside other tracked
    words ("stol" in "rullstol") and words found in persons' names too."""
    with pg.read() as r:
        tracked = [row[0] for row in r.cur.execute(
            "SELECT t.word FROM board_tracked_words t JOIN board_word_counts c ON c.word = t.word"
            " GROUP BY t.word ORDER BY sum(c.n_words) DESC, t.word").fetchall()]
        in_persons = [row[0] for row in r.cur.execute(
            "SELECT DISTINCT word FROM board_word_counts WHERE n_either > n_words ORDER BY word").fetchall()]
    inside = [w for w in tracked if any(w != o and w in o for o in tracked)]
    return list(dict.fromkeys(tracked[:4] + tracked[-3:] + inside[:4] + in_persons[:3]))


def _summed(db, username: str, q: str) -> bool:
    """Whether the board's total for this search is the kept counts' sum."""
    user = users.load_user(db, username)
    with db.read() as r:
        codes = board_codes.codes_for(db, r)
        spec = planning.build_spec(r, NOW, user, BoardFilters(q=q), codes)
        q = board_query.count_query(spec, codes)
    return q.sql is not None and "board_word_counts" in q.sql


def test_one_frequent_word_gives_the_same_totals_from_its_kept_counts(both):
    duck, pg = both
    assert _kept(pg) == _recounted(pg)
    words = _words(pg)
    assert len(words) >= 8
    summed = 0
    for username in DEMO_USERS:
        duck_user, pg_user = users.load_user(duck, username), users.load_user(pg, username)
        for word in words:
            for f in (BoardFilters(q=word), BoardFilters(q=word, kinds=["deviation"]),
                      BoardFilters(q=word, state="open")):
                assert _answer(pg, pg_user, f) == _answer(duck, duck_user, f), (username, f)
            summed += _summed(pg, username, word)
    # the handler sees whole kinds and their persons: her totals are the kept counts' sums
    assert all(_summed(pg, "handlaggare", w) for w in words)
    assert summed >= len(words)
    # DuckDB never takes this way (it has no kept counts)
    assert not any(_summed(duck, u, w) for u in DEMO_USERS for w in words[:3])


def _write_both(both, write) -> None:
    for db in both:
        with db.tx() as tx:
            write(tx)


def test_the_kept_counts_follow_every_write(both):
    duck, pg = both
    words = _words(pg)
    with pg.read() as r:
        ids = [row[0] for row in r.cur.execute("SELECT case_id FROM board_index ORDER BY doc").fetchall()]
        some = r.cur.execute("SELECT case_id, words FROM board_index WHERE words LIKE ? ORDER BY doc LIMIT 1",
                             [f"%{words[0]}%"]).fetchone()

    def version(tx, case_id):
        return tx.scalar("SELECT version FROM cases WHERE id = ?", [case_id])

    def check():
        assert _kept(pg) == _recounted(pg)
        for username in ("handlaggare", "chef", "reporter"):
            for word in words[:5]:
                f = BoardFilters(q=word)
                assert _answer(pg, users.load_user(pg, username), f) == _answer(
                    duck, users.load_user(duck, username), f), (username, word)

    before = _kept(pg)
    # the text loses its most frequent word and gains another; a person's name takes a word
    _write_both(both, lambda tx: core_repo.update_case(tx, some[0], version(tx, some[0]), {
        "title": f"Ny {words[1]}", "description": "utan", "search_text": None}))
    check()
    assert _kept(pg) != before
    _write_both(both, lambda tx: core_repo.update_case(tx, ids[3], version(tx, ids[3]), {
        "person_name": f"Anna {words[2].capitalize()}son"}))
    check()
    # a case leaves the board and comes back (the bulk path and the one-case path)
    _write_both(both, lambda tx: search_bulk.unindex_cases(tx, ids[5:40]))
    check()
    _write_both(both, lambda tx: search_bulk.index_cases(tx, ids[5:39]))
    check()
    _write_both(both, lambda tx: search_index.index_case(tx, ids[39]))
    check()
