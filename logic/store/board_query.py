"""SQL of the case board (X-4): filters -> WHERE with bound parameters over `board_index` b.

The board filters, counts and pages on `board_index` (one narrow row per case, every kind,
with the filter columns as small integer codes — see board_row and search_shape), then fetches the shown
rows from `cases` by primary key. Which cases a user may see is a `Visibility`
(logic/store/board_visibility.py), part of the `BoardSpec`.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from logic.clauses import TRUE, AnyOf, Clause, either
from logic.store import board_row, search_shape
from logic.store.board_codes import BoardCodes
from logic.store.board_reads import shown_all
from logic.store.board_visibility import EVERYTHING, NOTHING, Visibility, freeze, freeze_clause
from logic.store.db import Tx


@dataclass(frozen=True)
class BoardSpec:
    """Everything that narrows the board, already resolved to values (see logic.board)."""
    visibility: Visibility = EVERYTHING
    kinds: tuple[str, ...] = ()
    subtypes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    state: str | None = None                  # "open" | "closed"
    created_from: datetime | None = None      # naive UTC, inclusive
    created_to: datetime | None = None        # naive UTC, exclusive
    mine: str | None = None                   # username: created by or assigned to
    waiting: tuple[str, tuple[str, ...]] | None = None   # (username, roles)
    text: tuple[Clause, ...] = ()             # one predicate per query term, all must hold
    number_prefix: str | None = None          # ... or the case number starts with this
    candidates: tuple[int, ...] | None = None  # fast path: only these docs can match
    tracked_words: tuple[str, ...] = ()       # PostgreSQL: the text is these words, their matches kept
    person_scope: Visibility = NOTHING        # ... and whose persons' words the search reads


# sort key -> column of board_index
SORTABLE = {"created_at": "b.created_at", "updated_at": "b.updated_at", "closed_at": "b.closed_at",
            "id": "b.case_id", "kind": "b.kind", "subtype": "b.subtype", "category": "b.category",
            "status": "b.status", "title": "b.title", "unit": "b.unit_id"}
# a board row, as `cases` has it (access rules and tests read these from `cases` c) ...
ROW_COLUMNS = ("c.id, c.kind, c.subtype, c.category, c.status, c.title, c.unit_id, c.created_by,"
               " c.assignee, c.queue, c.person_id, c.person_name, c.article_no, c.individual_no,"
               " c.created_at, c.updated_at, c.closed_at")
# ... and as board_index keeps it (migration 0008), which is where the board reads it
BOARD_ROW = ("b.case_id AS id, b.kind, b.subtype, b.category, b.status, b.title, b.unit_id, b.created_by,"
             " b.assignee, b.queue, b.person_id, b.person_name, b.article_no, b.individual_no,"
             " b.created_at, b.updated_at, b.closed_at")


def _add(clause: Clause, sql: list[str], params: list) -> None:
    if clause[0] != "TRUE":
        sql.append(clause[0])
        params.extend(clause[1])


def scope(spec: BoardSpec, codes: BoardCodes) -> Visibility:
    """The user's visibility narrowed to the kinds chosen in the filter."""
    return spec.visibility.restrict(codes("kind", spec.kinds) if spec.kinds else None)


def where(spec: BoardSpec, codes: BoardCodes, *, with_visibility: bool = True,
          closed_column: str | None = None) -> Clause:
    """The WHERE clause (over alias b) and its parameters, in order. `closed_column`: a
    boolean column saying whether the case is closed (board_counts), instead of closed_at."""
    sql: list[str] = []
    params: list[Any] = []
    if with_visibility:
        _add(scope(spec, codes).clause(), sql, params)
    for column, field, values in (("b.subtype_c", "subtype", spec.subtypes),
                                  ("b.status_c", "status", spec.statuses), ("b.unit_c", "unit", spec.units)):
        if values:
            _add(codes.is_in(column, field, values), sql, params)
    if spec.state == "open":
        sql.append(f"NOT {closed_column}" if closed_column else "b.closed_at IS NULL")
    elif spec.state == "closed":
        sql.append(closed_column or "b.closed_at IS NOT NULL")
    if spec.created_from is not None:
        sql.append("b.created_at >= ?")
        params.append(spec.created_from)
    if spec.created_to is not None:
        sql.append("b.created_at < ?")
        params.append(spec.created_to)
    if spec.mine:
        _add(either(codes.eq("b.creator_c", "user", spec.mine), codes.eq("b.assignee_c", "user", spec.mine)),
             sql, params)
    if spec.waiting:
        username, roles = spec.waiting
        _add(either(codes.eq("b.assignee_c", "user", username), codes.is_in("b.queue_c", "role", roles)),
             sql, params)
    if spec.text or spec.number_prefix:
        text_sql = " AND ".join(t[0] for t in spec.text)
        text_params = [p for t in spec.text for p in t[1]]
        if spec.number_prefix:
            # a range, not starts_with(): DuckDB evaluates it inside the scan
            rng = "(b.case_id >= ? AND b.case_id < ?)"
            sql.append(f"({rng} OR ({text_sql}))" if spec.text else rng)
            params.extend([spec.number_prefix, prefix_end(spec.number_prefix)])
        else:
            sql.append(f"({text_sql})")
        params.extend(text_params)
    return (" AND ".join(sql) if sql else "TRUE"), params


def prefix_end(prefix: str) -> str:
    """The smallest string after every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _source(spec: BoardSpec, wide: bool = False) -> tuple[str, str, list]:
    """(WITH prefix, FROM, params). Fast path: fetch the few candidate rows through the
    primary-key index first — DuckDB uses an index only when the key list is a query's
    sole filter — then filter those; only the columns filters and sorts read, unless
    `wide` (every column, for exports)."""
    if spec.candidates is None:
        return "", "board_index b", []
    if not spec.candidates:
        return "", "(SELECT * FROM board_index WHERE FALSE) b", []
    marks = ", ".join("?" for _ in spec.candidates)
    return (f"WITH cand AS MATERIALIZED (SELECT {'*' if wide else ', '.join(NARROW)} FROM board_index"
            f" WHERE doc IN ({marks})) ",
            "cand b", list(spec.candidates))


# what the board's filters and sorts read of board_index (not `shown`, the people or the texts)
NARROW = ("doc", "case_id", *board_row.CODED, *board_row.DATES, *search_shape.LANES,
          "kind", "subtype", "category", "status", "title", "unit_id")


def order_by(sort: str, descending: bool) -> str:
    """Ties broken by doc (the order cases were indexed in), not by case number: an integer
    tie-breaker keeps the page's top-N on narrow columns (~3 ms against ~6.5 ms at 1M cases)."""
    column = SORTABLE.get(sort, SORTABLE["created_at"])
    direction = "DESC" if descending else "ASC"
    return f"{column} {direction} NULLS LAST, b.doc {direction}"


@dataclass(frozen=True)
class CountQuery:
    """The exact number of matches: `known` (counted without a statement) plus what `sql`
    (a scalar query, if any) returns. `count` runs it; a page query can carry it as a column
    (`page_rows`), saving a statement."""
    known: int
    sql: str | None = None
    params: tuple = ()


def count_query(spec: BoardSpec, codes: BoardCodes) -> CountQuery:
    """How to count the matches, with as few rows read as possible:
    - with no filter but visibility, kinds the user sees in full are counted from the kinds'
      counts (no statement);
    - without a period or free text, and where every rule involved is over coded columns,
      the rest is one sum over board_counts (migration 0010: ~80 000 rows at 1M cases);
    - otherwise without an OR over kinds or columns: DuckDB evaluates such an OR row by row
      after its scan (measured at 1M cases: 4-10x the CPU of a filter it can evaluate inside
      the scan). Instead: one scan per disjoint part of the visibility rules, each part
      starting with one equality on an integer column (`creator_c = ?`, …), grouped by kind,
      and only the kinds each part counts for are added up.
    On PostgreSQL frequent words over whole kinds are counted from what is kept of them
    (`_word_count`: one word's counts, several words' bitmaps)."""
    word = _word_count(spec, codes)
    if word is not None:
        return word
    pre, src, src_params = _source(spec)
    vis = scope(spec, codes)
    rest_sql, rest_params = where(spec, codes, with_visibility=False)
    by_kind = vis.by_kind
    if vis.complete:
        by_kind = tuple((k, TRUE) for k in sorted(codes.all("kind").values()))
    counters = codes.kind_counts() if rest_sql == "TRUE" and spec.candidates is None else {}
    known = sum(counters[k] for k, c in by_kind if c[0] == "TRUE" and k in counters)
    left = tuple((k, c) for k, c in by_kind if not (c[0] == "TRUE" and k in counters))
    if not left:
        return CountQuery(known)
    cube = _cube_query(spec, codes, Visibility(left))
    if cube is not None:
        return CountQuery(known, *cube)
    if vis.complete or spec.candidates is not None or len({freeze_clause(c) for _, c in left}) == 1:
        # one rule for every kind left (e.g. a handler: all of each kind she sees): no OR
        vis_sql, vis_params = TRUE if vis.complete else Visibility(left).clause()
        w_sql = rest_sql if vis_sql == "TRUE" else vis_sql if rest_sql == "TRUE" else f"{vis_sql} AND {rest_sql}"
        return CountQuery(known, f"{pre}SELECT count(*) FROM {src} WHERE {w_sql}",
                          tuple(src_params + list(vis_params) + list(rest_params)))
    parts: dict[tuple, tuple[Clause, set[int]]] = {}   # disjoint part -> (clause, its kinds)
    for kind, clause in left:
        for sql, p in (clause.branches() if isinstance(clause, AnyOf) else [clause]):
            key = (sql, freeze(p))
            parts.setdefault(key, ((sql, list(p)), set()))[1].add(kind)
    branches, params, wanted, wanted_params = [], list(src_params), [], []
    for i, ((sql, p), kinds) in enumerate(parts.values()):
        cond = rest_sql if sql == "TRUE" else f"{sql} AND {rest_sql}"
        branches.append(f"SELECT {i} AS part, b.kind_c, count(*) AS n FROM {src} WHERE {cond} GROUP BY b.kind_c")
        params += ([] if sql == "TRUE" else p) + list(rest_params)
        wanted.append(f"(part = {i} AND kind_c IN ({', '.join('?' for _ in kinds)}))")
        wanted_params += sorted(kinds)
    return CountQuery(known, f"{pre}SELECT coalesce(sum(n), 0) FROM ({' UNION ALL '.join(branches)})"
                             f" u WHERE {' OR '.join(wanted)}", tuple(params + wanted_params))


def _word_count(spec: BoardSpec, codes: BoardCodes) -> CountQuery | None:
    """PostgreSQL: the search is tracked words only (`spec.tracked_words`, set by
    logic.board.planning when search_query.match_term found each one's matches kept), the user
    sees every case of each kind in scope and, of each, every person or none, and nothing else
    narrows the board. One word (postgres/0024): the sum of its counts over those kinds —
    `n_either` where the person's words count too, else `n_words`. Several (postgres/0026):
    `_word_bits`. Counting the matches themselves reads every board row (~400 ms for "rullstol",
    ~550 ms for "broms rollator" at 1M cases). None otherwise."""
    if (not spec.tracked_words or not spec.text or spec.candidates is not None or spec.number_prefix
            or spec.subtypes or spec.statuses or spec.units or spec.state or spec.created_from is not None
            or spec.created_to is not None or spec.mine or spec.waiting):
        return None
    vis = scope(spec, codes)
    if not vis.complete and any(c[0] != "TRUE" for _, c in vis.by_kind):
        return None
    kinds = sorted(codes.all("kind").values()) if vis.complete else sorted(k for k, _ in vis.by_kind)
    persons = dict(spec.person_scope.by_kind)
    either = []
    for kind in kinds:
        clause = TRUE if spec.person_scope.complete else persons.get(kind)
        if clause is None:             # no person of this kind's cases is visible: words only
            continue
        if clause[0] != "TRUE":        # some persons: only the rows can tell
            return None
        either.append(kind)
    if not kinds:
        return CountQuery(0)
    words = sorted(set(spec.tracked_words))
    if len(words) > 1:
        return _word_bits(words, kinds, either, every_kind=vis.complete)
    return CountQuery(0, "SELECT coalesce(sum(CASE WHEN kind_c = ANY(?::INTEGER[]) THEN n_either ELSE n_words END), 0)"
                         " FROM board_word_counts WHERE word = ? AND kind_c = ANY(?::INTEGER[])",
                      (either, words[0], kinds))


def _word_bits(words: list[str], kinds: list[int], either: list[int], every_kind: bool) -> CountQuery:
    """Several tracked words (postgres/0026): per block of docs, the cases where each word is
    found — in their words (`words`), or where the kind's persons are seen (`either`) in their
    person's words too (`persons`) — ANDed with the cases of the user's kinds, bits counted,
    summed over the blocks. A block without one of the words' rows has no match. The kinds'
    bitmaps are read only where they tell something: the user does not see every kind, or sees
    the persons of some kinds only."""
    mixed = bool(either) and len(either) < len(kinds)
    by_kind = mixed or not every_kind

    def term(t: str) -> str:
        if not either:
            return f"{t}.words"
        return f"({t}.words | ({t}.persons & k.pers))" if mixed else f"({t}.words | {t}.persons)"

    sql, params = ["FROM board_word_bits t0"], []
    for i, word in enumerate(words[1:], start=1):
        sql.append(f"JOIN board_word_bits t{i} ON t{i}.block = t0.block AND t{i}.word = ?")
        params.append(word)
    if by_kind:
        sql.append("JOIN (SELECT block, bit_or(bits) AS seen,"
                   " bit_or(CASE WHEN kind_c = ANY(?::INTEGER[]) THEN bits ELSE bits # bits END) AS pers"
                   " FROM board_kind_bits WHERE kind_c = ANY(?::INTEGER[]) GROUP BY block) k ON k.block = t0.block")
        params += [either, kinds]
    bits = " & ".join([term(f"t{i}") for i in range(len(words))] + (["k.seen"] if by_kind else []))
    return CountQuery(0, f"SELECT coalesce(sum(bit_count({bits})), 0) {' '.join(sql)} WHERE t0.word = ?",
                      (*params, words[0]))


def count(tx: Tx, spec: BoardSpec, codes: BoardCodes) -> int:
    """The exact number of matches (count_query)."""
    return run_count(tx, count_query(spec, codes))


def run_count(tx: Tx, q: CountQuery) -> int:
    return q.known + (int(tx.scalar(q.sql, list(q.params))) if q.sql else 0)


# the columns board_counts has (migration 0010), as `where` refers to them over alias b
CUBE_COLUMNS = frozenset(board_row.COUNTED) | {"closed"}
_COLUMN = re.compile(r"\bb\.(\w+)")


def _cube_query(spec: BoardSpec, codes: BoardCodes, vis: Visibility) -> tuple[str, tuple] | None:
    """The number of matches among the kinds of `vis` as a sum over board_counts, or None when
    the filters need board_index (a period, free text, candidates, or a rule over other
    columns, e.g. a list of docs)."""
    if (spec.candidates is not None or spec.text or spec.number_prefix
            or spec.created_from is not None or spec.created_to is not None):
        return None
    vis_sql, vis_params = vis.clause()
    rest_sql, rest_params = where(spec, codes, with_visibility=False, closed_column="b.closed")
    w_sql = vis_sql if rest_sql == "TRUE" else f"{vis_sql} AND {rest_sql}"
    if not CUBE_COLUMNS.issuperset(_COLUMN.findall(w_sql)):
        return None
    return f"SELECT coalesce(sum(b.n), 0) FROM board_counts b WHERE {w_sql}", tuple(vis_params + rest_params)


def page_rows(tx: Tx, spec: BoardSpec, codes: BoardCodes, *, sort: str, descending: bool,
              limit: int, offset: int = 0, since: datetime | None = None,
              counting: CountQuery | None = None) -> tuple[list[dict], int | None]:
    """One page of board rows (with the unit's name), in order, and — with `counting` — the
    total number of matches (None when the page is empty), in one statement (`_page_query`,
    the count's query as a column). `since`: look only at cases registered since then (the
    caller checks the page came out full, else asks again without; PostgreSQL ignores it)."""
    w_sql, w_params = where(spec, codes)
    # PostgreSQL reads the page off an index in the board's order (or, for a rare word, sorts
    # its few matches): a date bound saves nothing there, and a page it leaves short (a code in
    # 159 cases, a few in the last weeks) was asked twice — 'CFH1974' at 1M cases 36 -> 25 ms
    if since is not None and tx.dialect != "postgres":
        w_sql, w_params = f"{w_sql} AND b.created_at >= ?", [*w_params, since]
    total: Clause = ("NULL", [])
    if counting is not None and counting.sql:
        total = (f"({counting.sql})", list(counting.params))
    found = _page_query(tx, spec, codes, (w_sql, w_params), sort=sort, descending=descending, limit=limit,
                        offset=offset, outer_total=total)
    names = codes.unit_names()
    counted = None
    if counting is not None and found:
        counted = counting.known + (int(found[0][2]) if counting.sql else 0)
    return shown_all([text for _, text, _ in found], names), counted


SMALL_BOARD = 50_000      # up to this many cases a page is one plain top-N (see _page_query)


def is_small(codes: BoardCodes) -> bool:
    """A board of at most SMALL_BOARD cases: paged by one plain top-N, without a date window."""
    return sum(codes.kind_counts().values()) <= SMALL_BOARD


def _page_query(tx: Tx, spec: BoardSpec, codes: BoardCodes, where_clause: Clause, *, sort: str, descending: bool,
                limit: int, offset: int, outer_total: Clause = ("NULL", []),
                inner_total: str = "NULL") -> list[tuple]:
    """(doc, shown, total) for each row of one page: the top-N on board_index's narrow
    columns, joined to `shown` (migration 0009). DuckDB pushes the page's docs into the
    join's scan (an index look-up of fifty docs), so this costs ~0.5 ms more than the top-N
    alone, where a second query for the rows cost ~2.5 ms at 1M cases. The total is
    `outer_total` (e.g. the count's query as a scalar subquery) or `inner_total` (e.g. a
    window count over the candidates)."""
    pre, src, src_params = _source(spec)
    column = SORTABLE.get(sort, SORTABLE["created_at"])
    direction = "DESC" if descending else "ASC"
    total_sql = outer_total[0] if outer_total[0] != "NULL" else "p.total"
    w_sql, w_params = where_clause
    if spec.candidates is None and is_small(codes):
        # a small board: the plain top-N with `shown` (~1.7 ms for a hundred cases) beats the
        # join (~3.7 ms); at 1M cases it is the other way round (~6 against ~4.5 ms)
        return tx.cur.execute(
            f"SELECT b.doc, b.shown, {outer_total[0]} FROM {src} WHERE {w_sql}"
            f" ORDER BY {order_by(sort, descending)} LIMIT ? OFFSET ?",
            [*outer_total[1], *w_params, int(limit), int(offset)]).fetchall()
    return tx.cur.execute(
        f"{pre}SELECT p.doc, s.shown, {total_sql} FROM (SELECT b.doc, {column} AS k, {inner_total} AS total"
        f" FROM {src} WHERE {w_sql} ORDER BY {order_by(sort, descending)} LIMIT ? OFFSET ?) p"
        f" JOIN board_index s ON s.doc = p.doc ORDER BY p.k {direction} NULLS LAST, p.doc {direction}",
        [*src_params, *outer_total[1], *w_params, int(limit), int(offset)]).fetchall()


def candidate_page(tx: Tx, spec: BoardSpec, codes: BoardCodes, *, sort: str, descending: bool,
                   limit: int, offset: int) -> tuple[int, list[dict]]:
    """The fast path (spec.candidates: at most FAST_PATH_MAX docs, fetched by primary key):
    the total (a window count over the candidates' narrow columns) and the page's rows in
    one statement. Reading the wide columns of every candidate, as a top-N over them does,
    cost ~27 ms for 200 candidates at 1M cases (random rows, each in its own compressed
    vector); this way only the fifty shown are read."""
    found = _page_query(tx, spec, codes, where(spec, codes), sort=sort, descending=descending, limit=limit,
                        offset=offset, inner_total="count(*) OVER ()")
    if not found:
        return (count(tx, spec, codes) if offset else 0), []
    names = codes.unit_names()
    return int(found[0][2]), shown_all([text for _, text, _ in found], names)


EXPORT_BATCH = 10_000      # rows fetched at a time for an export


def row_batches(tx: Tx, spec: BoardSpec, codes: BoardCodes, *, sort: str, descending: bool,
                size: int = EXPORT_BATCH) -> Iterator[list[dict]]:
    """Every matching row (export), in order, EXPORT_BATCH rows at a time (a million rows are
    never all in memory), as dicts with None for NULL."""
    w_sql, w_params = where(spec, codes)
    pre, src, src_params = _source(spec, wide=True)
    sql = f"{pre}SELECT {BOARD_ROW} FROM {src} WHERE {w_sql} ORDER BY {order_by(sort, descending)}"
    if tx.dialect == "postgres":
        yield from _pg_batches(tx, sql, src_params + w_params, size)
        return
    cur = tx.cur.execute(sql, src_params + w_params)
    cols = [d[0] for d in cur.description]
    while batch := cur.fetchmany(size):
        yield [dict(zip(cols, values)) for values in batch]


def _pg_batches(tx: Tx, sql: str, params: list, size: int) -> Iterator[list[dict]]:
    """row_batches on PostgreSQL: a client-side result is held whole in the client's memory, so
    the rows come through a cursor on the server (WITH HOLD: the board is read outside a
    transaction), `size` at a time, closed when the export ends or is abandoned."""
    name = f"board_export_{uuid.uuid4().hex}"
    tx.execute(f"DECLARE {name} NO SCROLL CURSOR WITH HOLD FOR {sql}", params)
    try:
        while batch := tx.rows(f"FETCH FORWARD {int(size)} FROM {name}"):
            yield batch
    finally:
        tx.execute(f"CLOSE {name}")


def rows_of_kinds(tx: Tx, kinds: list[str], limit: int) -> list[dict] | None:
    """Rows (with their doc) of the given kinds for a check in Python, or None when there
    are more than `limit` (counted with an early stop, so a big table costs little)."""
    kinds_sql, kinds_params = BoardCodes(tx).is_in("b.kind_c", "kind", kinds)
    if kinds_sql == "FALSE":
        return []
    n = tx.scalar(f"SELECT count(*) FROM (SELECT 1 FROM board_index b WHERE {kinds_sql} LIMIT ?) x",
                  kinds_params + [limit + 1])
    if n > limit:
        return None
    return tx.rows(f"SELECT b.doc, {BOARD_ROW} FROM board_index b WHERE {kinds_sql} LIMIT ?",
                   kinds_params + [limit])


FAST_PATH_MAX = search_shape.FAST_PATH_MAX
