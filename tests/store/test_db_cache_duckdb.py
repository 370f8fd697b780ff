"""Database.cached on the DuckDB file only (split from test_db_cache.py, which runs on both
backends, in issue 18): DuckDB's own ways to read and write — a relation (`cur.sql`) and
`cur.append` — name no tables, so a value read that way counts as read from every table
and a write that way reloads every cached value. PostgreSQL's cursor has neither."""
from __future__ import annotations

from logic import audit
from tests.store.test_db_cache import counting, world  # noqa: F401 - the fixture


def test_x4_a_write_or_read_by_duckdb_s_own_api_names_no_tables_and_is_never_kept(db, clock, world):  # noqa: F811
    units, loads = counting(db, "units", "SELECT id FROM units")
    units()

    def through_a_relation(r):                                        # tables unknown
        loads.append(2)
        return r.cur.sql("SELECT count(*) FROM units").fetchall()
    db.cached("relation", through_a_relation)
    assert db.cache_tables("relation") is None                        # counts as every table
    audit.log_person_view(db, clock, "hanna", "191212121212", "AV26070001", "board")
    db.cached("relation", through_a_relation)
    assert loads == [1, 2, 2]

    import pandas as pd
    with db.tx() as tx:
        tx.execute("CREATE TABLE notes (x INTEGER)")
    units()
    with db.tx() as tx:                                               # a write through append()
        tx.cur.append("notes", pd.DataFrame({"x": [1]}))
    units()
    assert loads == [1, 2, 2, 1, 1]
