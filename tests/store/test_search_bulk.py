"""IMP-11 (X-4): the board's index built for many cases at once (search_bulk.index_cases, and
unindex_cases before a rewrite) is the index search_index.index_case / refresh_case build case
by case: the same words with the same cases (rare inline, common in the postings, frequent as
bits — thresholds lowered so every path is taken), the same board rows and counts."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from logic.store import board_row, core_repo, search_bulk, search_shape
from logic.store.connect import open_database
from logic.store.db import Database
from tests.conftest import _pg_database

pytestmark = pytest.mark.both_backends

WORDS = ["rullstol", "broms", "länkhjulsgaffel", "rollator", "sits", "motor", "batteri", "larm", "sällsynt",
         "hjul", "tippskydd", "infusionspump"]
CODES = ["CFH100", "CFH101", "CFH102", "49509", "10366"]


def _cases(n: int, seed: int, start: int = 0) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(start, start + n):
        words = rng.sample(WORDS, rng.randint(1, 4)) + (["sällsynt"] if i % 17 == 0 else []) \
            + ["unik" + "abcdefghijklmnopqrst"[i % 20] + "abcde"[i % 5 if i > 30 else 0]]   # rare words
        created = datetime(2026, 1, 1) + timedelta(hours=i * 7 % 500, minutes=i)
        closed = created + timedelta(days=2) if i % 3 == 0 else None
        out.append({"id": f"AV2601{i:04d}", "kind": rng.choice(["deviation", "repair"]), "subtype": "tillbud",
                    "category": rng.choice(["komponent", "annat"]), "status": "closed" if closed else "planned",
                    "title": " ".join(words[:2]), "description": " ".join(words), "unit_id": rng.choice(["s1", "s2"]),
                    "created_by": rng.choice(["rita", "kurt"]), "queue": None if closed else "centre_staff",
                    "person_id": rng.choice([None, "191212121212", "194001019274"]),
                    "person_name": rng.choice([None, "Tolvan Tolvansson"]),
                    "article_no": rng.choice(CODES), "individual_no": rng.choice([None, *CODES[:3]]),
                    "created_at": created, "updated_at": closed or created, "closed_at": closed, "version": 1,
                    "search_text": " ".join(words).lower()})
    return out


def _one_by_one(db: Database, rows: list[dict]) -> None:
    for row in rows:
        with db.tx() as tx:
            core_repo.insert_case(tx, row)


def _in_bulk(db: Database, rows: list[dict]) -> None:
    with db.tx() as tx:
        for row in rows:
            cols = [c for c in core_repo.CASE_COLUMNS if c in row]
            tx.execute(f"INSERT INTO cases ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                       [row[c] for c in cols])
        assert search_bulk.index_cases(tx, [r["id"] for r in rows]) == len(rows)


def _terms_pg(r) -> dict:
    """Per term the cases it finds on PostgreSQL: the board's word columns (pg_board)."""
    found: dict[tuple[str, bool], list[str]] = {}
    for case_id, *columns in r.cur.execute(
            "SELECT case_id, words, codes, person_words, person_codes FROM board_index").fetchall():
        for person, text in zip((False, False, True, True), columns):
            for token in text.split():
                found.setdefault((token, person), []).append(case_id)
    return {k: (len(v), sorted(v)) for k, v in found.items()}


def _index(db: Database) -> dict:
    """The index as what it means: per term the cases it finds, per case its board row, per
    combination of values its count."""
    with db.read() as r:
        if db.dialect == "postgres":
            terms = _terms_pg(r)
        else:
            terms = _terms_duckdb(r)
    return _rows_and_counts(db, terms)


def _terms_duckdb(r) -> dict:
    """Per term the cases it finds on DuckDB: its vocabulary, postings and bits."""
    case_of = {d: c for d, c in r.cur.execute("SELECT doc, case_id FROM board_index").fetchall()}
    bits = {}
    for d, *lanes in r.cur.execute(f"SELECT doc, {', '.join(search_shape.LANES)} FROM board_index").fetchall():
        bits[d] = {k * 64 + b for k, lane in enumerate(lanes) for b in range(64) if int(lane) >> b & 1}
    terms = {}
    for table in search_shape.VOCABULARIES.values():
        for term_id, term, person, df, bit, docs in r.cur.execute(
                f"SELECT term_id, term, person, df, bit, docs FROM {table}").fetchall():
            if bit is not None:
                found = {d for d, b in bits.items() if bit in b}
            elif docs is not None:
                found = set(docs)
            else:
                found = {d for (d,) in r.cur.execute("SELECT doc FROM search_postings WHERE term_id = ?",
                                                     [term_id]).fetchall()}
            terms[(term, person)] = (df, sorted(case_of[d] for d in found))
    return terms


def _rows_and_counts(db, terms: dict) -> dict:
    with db.read() as r:
        decode = {(f, c): v for f, v, c in r.cur.execute("SELECT field, value, code FROM board_codes").fetchall()}
        coded = [(col, field) for col, (field, _) in board_row.CODED.items()]
        rows = {}
        for row in r.rows(f"SELECT case_id, {', '.join(c for c, _ in coded)}, created_at, closed_at, shown"
                          " FROM board_index"):
            rows[row["case_id"]] = tuple([decode.get((f, row[c])) for c, f in coded]
                                         + [row["created_at"], row["closed_at"], row["shown"]])
        counts = {}
        for row in r.rows(f"SELECT {', '.join(board_row.COUNTED)}, closed, n FROM board_counts WHERE n <> 0"):
            key = tuple(decode.get((f, row[c])) for c, f in coded) + (row["closed"],)
            counts[key] = counts.get(key, 0) + row["n"]
    return {"terms": terms, "rows": rows, "counts": counts}


@pytest.fixture
def two(backend, request, db_template, tmp_path):
    """Two databases with the reference data (DuckDB files or PostgreSQL databases)."""
    import shutil
    if backend == "postgres":
        dbs = [open_database(_pg_database(request, "pg_ref_template")) for _ in range(2)]
    else:
        dbs = [Database(shutil.copy(db_template, tmp_path / f"{n}.duckdb")) for n in ("one", "bulk")]
    yield dbs
    for d in dbs:
        d.close()


@pytest.fixture
def small_thresholds(monkeypatch):
    monkeypatch.setattr(search_shape, "PROMOTE_AT", 12)
    monkeypatch.setattr(search_shape, "INLINE_MAX", 3)


def test_imp11_cases_indexed_at_once_are_indexed_as_one_by_one(two, small_thresholds):
    one, bulk = two
    first, later = _cases(25, seed=1), _cases(40, seed=2, start=25)
    _one_by_one(one, first + later)
    _one_by_one(bulk, first)                 # words already rare, common or frequent …
    _in_bulk(bulk, later)                    # … and then many cases at once
    a, b = _index(one), _index(bulk)
    assert a["terms"] == b["terms"]
    assert a["rows"] == b["rows"]
    assert a["counts"] == b["counts"]
    assert len(b["terms"]) > 20 and len(b["rows"]) == 65
    if bulk.dialect == "duckdb":
        with bulk.read() as r:               # frequent words did get bits, rare ones stayed inline
            assert r.scalar("SELECT count(*) FROM search_bits") > 0
            assert r.scalar("SELECT count(*) FROM search_words WHERE docs IS NOT NULL") > 0
            assert r.scalar("SELECT count(*) FROM search_postings") > 0


def test_imp11_cases_rewritten_are_reindexed_as_refresh_case_does(two, small_thresholds):
    one, bulk = two
    rows = _cases(40, seed=3)
    _one_by_one(one, rows)
    _in_bulk(bulk, rows)
    changed = [dict(r, description="motor larm nytt ord", search_text="motor larm nytt ord", title="motor",
                    status="closed", closed_at=r["created_at"] + timedelta(days=1), queue=None,
                    person_id=None, person_name=None) for r in rows[:15]]
    fields = ("description", "search_text", "title", "status", "closed_at", "queue", "person_id", "person_name")
    for row in changed:
        with one.tx() as tx:
            core_repo.update_case(tx, row["id"], 1, {f: row[f] for f in fields})
    with bulk.tx() as tx:
        assert search_bulk.unindex_cases(tx, [r["id"] for r in changed]) == 15
        for row in changed:
            tx.execute(f"UPDATE cases SET {', '.join(f'{f} = ?' for f in fields)}, version = version + 1"
                       " WHERE id = ?", [row[f] for f in fields] + [row["id"]])
        search_bulk.index_cases(tx, [r["id"] for r in changed])
    a, b = _index(one), _index(bulk)
    assert a["counts"] == b["counts"]
    assert {k: v[1] for k, v in a["terms"].items() if v[0]} == {k: v[1] for k, v in b["terms"].items() if v[0]}
    assert {k: v[0] for k, v in a["terms"].items()} == {k: v[0] for k, v in b["terms"].items()}
    assert {k: v[:8] for k, v in a["rows"].items()} == {k: v[:8] for k, v in b["rows"].items()}
