"""The PostgreSQL column of `make bench` (issue 18): the generated DuckDB data copied into a
PostgreSQL database on a cluster of the benchmark's own (bench/pg/, logic.store.pg_local, fsync
on as in production; the copy's own session commits asynchronously), then opened with logic.store.pg.PgDatabase and measured through
the same service calls as the DuckDB column.

The copy is bulk, never row by row: each table DuckDB holds rows in is written by DuckDB as CSV
(its own COPY, in parallel) and streamed into PostgreSQL's COPY in blocks. The board's rows are
copied in PostgreSQL's shape (migrations/postgres/0003_board.sql): the codes and shown values as
DuckDB's rebuild made them, and instead of the vocabulary, postings and bits the four word
columns — the case's tokens (DuckDB's `search_all_tokens()`, the twin of
search_index.case_terms), split as logic/store/pg_board.word_columns splits them; a sample is
checked against word_columns itself. Secondary indexes (the pg_trgm GIN ones above all) are
dropped before the copy and built after it, sequences are set where DuckDB left them, then
VACUUM ANALYZE (as autovacuum would have left a live installation).

One database per size (cases_100k, cases_1m), reused while its stamp (the generator's) holds.
"""
from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent
CLUSTER = ROOT / "pg"
BLOCK = 1 << 20
# DuckDB's own search structures (PostgreSQL has the word columns instead), bookkeeping
SKIP = {"search_postings", "search_words", "search_codes", "search_bits", "search_state",
        "schema_migrations", "bench_meta", "board_index"}
PLAIN_TYPES = ("VARCHAR", "INTEGER", "BIGINT", "SMALLINT", "BOOLEAN", "TIMESTAMP", "DATE", "DOUBLE",
               "TIME", "JSON", "UBIGINT", "HUGEINT", "FLOAT", "DECIMAL")
WORD_COLUMNS = ("words", "codes", "person_words", "person_codes")


def database_name(label: str) -> str:
    return f"cases_{label.lower()}"


def start_cluster(log) -> "LocalPostgres":  # noqa: F821 - imported lazily
    """The benchmark's own cluster in bench/pg/ (a server left running by an interrupted run
    is stopped first), with fsync on as a real server has it: registering commits to disk (the
    bulk copy's session turns synchronous_commit off for itself)."""
    from logic.store.pg_local import LocalPostgres, _as_owner, bin_dir

    data = CLUSTER / "data"
    if (data / "postmaster.pid").exists():
        import subprocess
        prefix, _ = _as_owner()
        subprocess.run(prefix + [str(bin_dir() / "pg_ctl"), "-D", str(data), "stop", "-m", "fast", "-w"],
                       capture_output=True)
    t0 = time.perf_counter()
    server = LocalPostgres.start(CLUSTER)
    log(f"PostgreSQL scratch cluster {CLUSTER} on port {server.port} ({time.perf_counter() - t0:.1f} s)")
    return server


def stamp(n: int) -> str:
    """The generator's stamp and what decides the copy's content: the functions here that copy,
    how pg_board splits a case's words, and PostgreSQL's own migrations."""
    import hashlib
    import inspect

    from bench import generate
    from logic.store import pg_board

    h = hashlib.sha256(generate.stamp(n).encode())
    for fn in (pg_board.word_columns, pg_board.track_words, pg_board.build_word_bits, build, _shared_columns,
               board_select, _copy, _set_sequences, _track_words):
        h.update(inspect.getsource(fn).encode())
    h.update(repr((sorted(SKIP), PLAIN_TYPES)).encode())
    for path in sorted((ROOT.parent / "logic/store/migrations/postgres").glob("*.sql")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def stamp_of(server, name: str) -> str | None:
    import psycopg

    try:
        with psycopg.connect(server.url(name), autocommit=True) as conn:
            return conn.execute("SELECT stamp FROM bench_meta").fetchone()[0]
    except (psycopg.Error, TypeError):
        return None


def ensure(server, label: str, duck_path: str, stamp: str, log) -> str:
    """The URL of the size's database, copied from the DuckDB file unless its stamp holds."""
    name = database_name(label)
    if stamp_of(server, name) != stamp:
        log(f"copying {Path(duck_path).name} into PostgreSQL database {name} …")
        seconds = build(server, name, duck_path, stamp, log)
        log(f"  done in {seconds:.0f} s")
    return server.url(name)


def build(server, name: str, duck_path: str, stamp: str, log) -> float:
    import psycopg

    from logic.store.pg import PgDatabase

    t0 = time.perf_counter()
    server.drop_database(name)
    url = server.create_database(name)
    PgDatabase(url, listen=False, pool_size=1).close()          # the schema: every migration
    src = duckdb.connect(duck_path, read_only=True)
    src.execute("SET enable_progress_bar = false")
    tmp = Path(tempfile.mkdtemp(prefix="casedesk-bench-pg-"))
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '1GB'")
            conn.execute("SET synchronous_commit = off")
            tables = [t for (t,) in src.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name").fetchall()
                if t not in SKIP]
            for table in tables:
                if not src.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:
                    continue
                cols = _shared_columns(src, conn, table)
                n, took = _copy(src, conn, tmp, table, cols, f"SELECT {', '.join(cols)} FROM {table}")
                if n >= 10_000:
                    log(f"  pg: {table:<12} {n:>10,} rows: {took} ({time.perf_counter() - t0:.0f} s)")
            n, took = _copy(src, conn, tmp, "board_index", _pg_columns(conn, "board_index"), board_select())
            log(f"  pg: {'board_index':<12} {n:>10,} rows: {took} ({time.perf_counter() - t0:.0f} s)")
            _set_sequences(src, conn)
            _check_words(conn, log)
            _track_words(url, log)
            conn.execute("VACUUM ANALYZE")
            conn.execute("CREATE TABLE bench_meta AS SELECT %s::VARCHAR AS stamp", [stamp])
            conn.execute("CHECKPOINT")
    finally:
        src.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return time.perf_counter() - t0


def _track_words(url: str, log) -> None:
    """The frequent words' kept counts and bitmaps (postgres/0024, 0026), as a bulk load of the
    app leaves them."""
    from logic.store import pg_board, search_shape
    from logic.store.pg import PgDatabase

    t0 = time.perf_counter()
    db = PgDatabase(url, listen=False, pool_size=1)
    try:
        with db.tx() as tx:
            n = pg_board.track_words(tx, search_shape.PROMOTE_AT)
    finally:
        db.close()
    log(f"  pg: {n} frequent words counted, their bitmaps built ({time.perf_counter() - t0:.0f} s)")


def _pg_columns(conn, table: str) -> list[str]:
    rows = conn.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                        " AND table_name = %s ORDER BY ordinal_position", [table]).fetchall()
    if not rows:
        raise RuntimeError(f"PostgreSQL has no table {table} (DuckDB has rows in it)")
    return [r[0] for r in rows]


def _shared_columns(src, conn, table: str) -> list[str]:
    """The table's columns both have (in PostgreSQL's order); types CSV carries as text."""
    duck = dict(src.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ?"
                            " AND schema_name = 'main'", [table]).fetchall())
    cols = [c for c in _pg_columns(conn, table) if c in duck]
    odd = [f"{c} {duck[c]}" for c in cols if not duck[c].startswith(PLAIN_TYPES)]
    if odd:
        raise RuntimeError(f"bench/pg_peer.py cannot copy {table}.{', '.join(odd)} as CSV yet")
    return cols


def board_select() -> str:
    """PostgreSQL's board_index rows from DuckDB's: its columns but the lanes, and the four word
    columns ' tok1 tok2 ' (empty: ' ') of search_all_tokens(), split as pg_board.word_columns
    splits them: a token with a digit is a code, the person's tokens apart."""
    def column(person: bool, code: bool) -> str:
        cond = f"{'' if person else 'NOT '}person AND {'' if code else 'NOT '}regexp_matches(tok, '\\pN')"
        return f"' ' || coalesce(string_agg(tok, ' ') FILTER (WHERE {cond}) || ' ', '')"
    words = ", ".join(f"{column(p, c)} AS {name}" for name, (p, c) in zip(
        WORD_COLUMNS, ((False, False), (False, True), (True, False), (True, True))))
    return ("SELECT b.* EXCLUDE (" + ", ".join(_LANES) + ")," +
            ", ".join(f" coalesce(w.{c}, ' ') AS {c}" for c in WORD_COLUMNS) +
            f" FROM board_index b LEFT JOIN (SELECT case_id, {words} FROM search_all_tokens()"
            " GROUP BY case_id) w ON w.case_id = b.case_id")


def _lanes() -> tuple[str, ...]:
    from logic.store.search_shape import LANES
    return tuple(LANES)


_LANES = _lanes()


def _copy(src, conn, tmp: Path, table: str, cols: list[str], select: str) -> tuple[int, str]:
    """TRUNCATE, drop the secondary indexes, DuckDB's CSV of `select` into COPY, indexes again.
    Returns the rows copied and where the time went."""
    csv = tmp / f"{table}.csv"
    t0 = time.perf_counter()
    src.execute(f"COPY (SELECT {', '.join(cols)} FROM ({select})) TO '{csv}' (FORMAT csv, HEADER false)")
    t1 = time.perf_counter()
    indexes = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename = %s"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [table]).fetchall()
    with conn.transaction():
        conn.execute(f"TRUNCATE {table}")
        for index, _ in indexes:
            conn.execute(f'DROP INDEX "{index}"')
        with conn.cursor().copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN (FORMAT csv)") as copy:
            with csv.open("rb") as f:
                while block := f.read(BLOCK):
                    copy.write(block)
        t2 = time.perf_counter()
        for _, definition in indexes:
            conn.execute(definition)
    t3 = time.perf_counter()
    csv.unlink()
    took = (f"DuckDB CSV {t1 - t0:.1f} s, COPY {t2 - t1:.1f} s"
            + (f", {len(indexes)} indexes {t3 - t2:.1f} s" if indexes else ""))
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0], took


def _set_sequences(src, conn) -> None:
    """Each sequence where DuckDB's left it (board_doc_seq, board_code_seq, …)."""
    have = {r[0] for r in conn.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")}
    for name, last in src.execute("SELECT sequence_name, last_value FROM duckdb_sequences()"
                                  " WHERE last_value IS NOT NULL").fetchall():
        if name in have:
            conn.execute("SELECT setval(%s, %s)", [name, int(last)])


def _check_words(conn, log, sample: int = 500) -> None:
    """The word columns of a sample of cases are exactly what pg_board.word_columns writes for
    them (as sets of tokens: the order within a column is not kept and not used)."""
    from logic.store.pg_board import word_columns
    from logic.store.search_index import _CASE_FIELDS, case_terms

    n = conn.execute("SELECT count(*) FROM board_index").fetchone()[0]
    rng = random.Random(18)
    docs = sorted(rng.sample(range(n), min(sample, n)))
    ids = [r[0] for r in conn.execute("SELECT case_id FROM (SELECT case_id, row_number() OVER (ORDER BY doc) - 1"
                                      " AS i FROM board_index) x WHERE i = ANY(%s)", [docs])]
    cur = conn.execute(f"SELECT c.{', c.'.join(_CASE_FIELDS)}, {', '.join(f'b.{w}' for w in WORD_COLUMNS)}"
                       " FROM cases c JOIN board_index b ON b.case_id = c.id WHERE c.id = ANY(%s)", [ids])
    names = [d.name for d in cur.description]
    bad = 0
    for values in cur.fetchall():
        row = dict(zip(names[:len(_CASE_FIELDS)], values))
        want = word_columns(case_terms(row))
        got = dict(zip(WORD_COLUMNS, values[len(_CASE_FIELDS):]))
        if any(set(want[c].split()) != set(got[c].split()) for c in WORD_COLUMNS):
            bad += 1
            if bad <= 3:
                log(f"  pg: words of {row['id']} differ: {got} != {want}")
    if bad:
        raise RuntimeError(f"{bad} of {len(ids)} sampled cases have other words than pg_board.word_columns")
    log(f"  pg: the words of {len(ids)} sampled cases are pg_board.word_columns' exactly")


def scratch_copy(server, label: str) -> str:
    """A copy of the size's database to write into (registering): CREATE DATABASE … TEMPLATE."""
    name = database_name(label) + "_scratch"
    server.drop_database(name)
    return server.create_database(name, database_name(label))
