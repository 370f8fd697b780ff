"""The reference peer: the same board queries on SQLite with FTS5, on the same generated data.

SQLite gets what it is good at: B-tree indexes on the filter columns and an FTS5 index over
the same text the DuckDB index covers. The FTS5 table uses the `trigram` tokenizer, so it
has the same substring semantics ("pump" finds "infusionspump"); terms shorter than three
characters cannot use it (as in the DuckDB index, they match whole words there).
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import duckdb

SCHEMA = """
CREATE TABLE cases (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT, subtype TEXT, category TEXT,
    status TEXT, title TEXT, unit_id TEXT, created_by TEXT, assignee TEXT, queue TEXT,
    person_id TEXT, person_name TEXT, article_no TEXT, individual_no TEXT,
    created_at TEXT, updated_at TEXT, closed_at TEXT);
CREATE INDEX cases_created ON cases (created_at);
CREATE INDEX cases_kind_created ON cases (kind, created_at);
CREATE INDEX cases_status_created ON cases (status, created_at);
CREATE VIRTUAL TABLE cases_fts USING fts5 (body, content='', tokenize='trigram');
CREATE TABLE meta (stamp TEXT);
"""
COLUMNS = ("id", "kind", "subtype", "category", "status", "title", "unit_id", "created_by", "assignee",
           "queue", "person_id", "person_name", "article_no", "individual_no", "created_at",
           "updated_at", "closed_at")


def stamp_of(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(path)
        try:
            return con.execute("SELECT stamp FROM meta").fetchone()[0]
        finally:
            con.close()
    except (sqlite3.Error, TypeError):
        return None


def build(sqlite_path: Path, duck_path: str, stamp: str, log=print, chunk: int = 100_000) -> float:
    """Copy the cases from the DuckDB file and index them; returns seconds taken."""
    t0 = time.perf_counter()
    sqlite_path.unlink(missing_ok=True)
    con = sqlite3.connect(sqlite_path)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    src = duckdb.connect(duck_path, read_only=True)
    cols = ", ".join(f"strftime({c}, '%Y-%m-%d %H:%M:%S')" if c.endswith("_at") else c for c in COLUMNS)
    body = ("concat_ws(' ', search_text, title, description, article_no, individual_no)")
    cur = src.execute(f"SELECT row_number() OVER (ORDER BY created_at, id), {cols}, {body} FROM cases"
                      " ORDER BY created_at, id")
    n = 0
    while True:
        rows = cur.fetchmany(chunk)
        if not rows:
            break
        con.executemany(f"INSERT INTO cases VALUES ({', '.join('?' for _ in range(len(COLUMNS) + 1))})",
                        [r[:-1] for r in rows])
        con.executemany("INSERT INTO cases_fts (rowid, body) VALUES (?, ?)", [(r[0], r[-1]) for r in rows])
        con.commit()
        n += len(rows)
        log(f"  sqlite: {n:>10,} rows ({time.perf_counter() - t0:.0f} s)")
    src.close()
    con.execute("INSERT INTO cases_fts (cases_fts) VALUES ('optimize')")
    con.execute("INSERT INTO meta VALUES (?)", [stamp])
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return time.perf_counter() - t0


class Peer:
    """The board's queries for a deviation handler (same visibility as logic.board: every
    deviation and repair; other kinds created by, assigned to or queued for the handler)."""

    def __init__(self, path: Path, username: str, roles: list[str]):
        self.con = sqlite3.connect(path)
        self.user, self.roles = username, roles
        marks = ", ".join("?" for _ in roles)
        self.vis = (f"(kind IN ('deviation', 'repair') OR (kind NOT IN ('deviation', 'repair')"
                    f" AND (created_by = ? OR assignee = ? OR queue IN ({marks}))))")
        self.vis_params = [username, username, *roles]

    def _board(self, where: str, params: list) -> tuple[int, list]:
        total = self.con.execute(f"SELECT count(*) FROM cases WHERE {self.vis} AND {where}",
                                 self.vis_params + params).fetchone()[0]
        rows = self.con.execute(f"SELECT {', '.join(COLUMNS)} FROM cases WHERE {self.vis} AND {where}"
                                " ORDER BY created_at DESC, id DESC LIMIT 50", self.vis_params + params).fetchall()
        return total, rows

    def opened(self):
        return self._board("1", [])

    def filtered(self, statuses: list[str], since: str):
        marks = ", ".join("?" for _ in statuses)
        return self._board(f"status IN ({marks}) AND created_at >= ?", [*statuses, since])

    def text(self, term: str):
        return self.text_all([term])

    def text_all(self, terms: list[str]):
        """Every term as a substring (trigram phrase), all of them."""
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        return self._board("rid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)", [match])

    def exact(self, case_id: str):
        return self.con.execute(f"SELECT {', '.join(COLUMNS)} FROM cases WHERE id = ?", [case_id]).fetchall()

    def close(self) -> None:
        self.con.close()
