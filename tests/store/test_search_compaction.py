"""X-4: the board's search index is kept sorted in a live installation — cases indexed one by
one since the last sort (the tail) are compacted once COMPACT_AFTER of them have piled up,
after the commit of the write that crossed the threshold, and at start-up (logic.bootstrap);
the board finds exactly the same cases before and after."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from logic import bootstrap
from logic.board import service as board
from logic.access import Role
from logic.board.filters import BoardFilters
from logic.store import core_repo, search_compact, search_shape
from logic.store.db import Database
from tests.conftest import add_unit, add_user

T0 = datetime(2026, 2, 10, 9, 0)
WORDS = ["rullstol", "elrullstol", "broms", "bromsvajer", "pump", "infusionspump", "sele", "lyftsele",
         "säng", "vårdsäng", "hjul", "länkhjul", "batteri", "joystick", "madrass", "rollator"]
QUERIES = ["rullstol", "broms", "pump", "sele", "säng", "hjul", "joystick", "rullstol broms", "stol",
           "bromsvajer lyftsele", "sällsynt", "CFH19", "madrass rollator"]


def register(db, i: int, rng: random.Random) -> str:
    words = rng.sample(WORDS, 3) + (["sällsynt"] if i % 9 == 0 else [])
    case_id = f"AV2607{i:04d}"
    with db.tx() as tx:
        core_repo.insert_case(tx, {
            "id": case_id, "kind": "deviation", "subtype": "tillbud", "category": "komponent",
            "status": "planned", "title": " ".join(words), "description": "", "unit_id": "site-1",
            "created_by": "rita", "queue": "centre_staff", "article_no": f"CFH19{i % 7}",
            "created_at": T0 + timedelta(minutes=i), "updated_at": T0 + timedelta(minutes=i), "version": 1})
    return case_id


def board_ids(db, clock, user) -> dict[str, list[str]]:
    """What the board shows for each query, in board order (every page)."""
    out = {}
    for q in QUERIES:
        res = board.search(db, clock, user, BoardFilters(q=q, page_size=100))
        assert res.pages == 1
        out[q] = [r["id"] for r in res.rows]
    return out


def postings_in_storage_order(db) -> list[tuple[int, int]]:
    with db.read() as r:
        return [tuple(x) for x in r.cur.execute(
            "SELECT term_id, doc FROM search_postings ORDER BY rowid").fetchall()]


@pytest.fixture
def hanna(db):
    add_unit(db, "site-1")
    add_unit(db, "centre", "centre")
    return add_user(db, "hanna", [Role.HANDLER], ["centre"])


def test_x4_the_index_tail_is_compacted_after_the_threshold_and_search_is_unchanged(db, clock, hanna, monkeypatch):
    monkeypatch.setattr(search_shape, "COMPACT_AFTER", 40)
    monkeypatch.setattr(search_shape, "INLINE_MAX", 3)       # most words end up in the postings
    monkeypatch.setattr(search_shape, "PROMOTE_AT", 10_000)  # ... and stay there
    rng = random.Random(13)
    for i in range(1, 40):
        register(db, i, rng)
    db.wait_background()
    with db.read() as r:
        assert search_compact.tail(r) == 39                     # below the threshold: left alone
    stored = postings_in_storage_order(db)
    assert stored != sorted(stored)                          # the tail is unsorted
    before = board_ids(db, clock, hanna)
    assert all(before[q] for q in ("rullstol", "sällsynt", "CFH19", "stol"))

    started = []
    real = db.in_background
    monkeypatch.setattr(db, "in_background", lambda name, fn: started.append(name) or real(name, fn))
    register(db, 40, rng)                                    # the 40th case crosses it
    assert started == ["search-compact"]                     # after the commit, in the background
    db.wait_background()
    with db.read() as r:
        assert search_compact.tail(r) == 0
        assert r.scalar("SELECT compacted_doc FROM search_state") == r.scalar("SELECT max(doc) FROM board_index")
    stored = postings_in_storage_order(db)
    assert stored == sorted(stored) and len(stored) > 100    # sorted by term, as after a rebuild
    after = board_ids(db, clock, hanna)
    assert "AV26070040" in after["stol"]
    assert {q: [i for i in ids if i != "AV26070040"] for q, ids in after.items()} == before

    started.clear()
    for i in range(41, 50):                                  # a new tail, short again
        register(db, i, rng)
    assert started == []
    with db.read() as r:
        assert search_compact.tail(r) == 9


def test_x4_a_write_that_rolls_back_starts_no_compaction(db, hanna, monkeypatch):
    monkeypatch.setattr(search_shape, "COMPACT_AFTER", 1)
    started = []
    monkeypatch.setattr(db, "in_background", lambda name, fn: started.append(name))
    with pytest.raises(RuntimeError):
        with db.tx() as tx:
            core_repo.insert_case(tx, {"id": "AV26070001", "kind": "deviation", "status": "planned",
                                       "title": "Rullstol", "created_by": "rita", "created_at": T0,
                                       "updated_at": T0, "version": 1})
            raise RuntimeError("the service refused")
    assert started == []
    register(db, 2, random.Random(1))
    assert started == ["search-compact"]


def test_x4_start_up_sorts_an_index_with_a_tail(db_template, tmp_path):
    path = tmp_path / "live.duckdb"
    path.write_bytes(db_template.read_bytes())
    db = Database(path)
    rng = random.Random(5)
    for i in range(1, 30):
        register(db, i, rng)
    with db.read() as r:
        assert search_compact.tail(r) == 29
    db.close()
    assert bootstrap.setup(path, with_demo=False)["compacted"] is True
    db = Database(path)
    try:
        with db.read() as r:
            assert search_compact.tail(r) == 0
        stored = postings_in_storage_order(db)
        assert stored == sorted(stored)
    finally:
        db.close()
    assert bootstrap.setup(path, with_demo=False)["compacted"] is False     # nothing to sort
