"""The words the board's SQL is written in, and that rules use to say which cases they reach:
a `Clause` (SQL over board_index, alias b, with its bound parameters), the algebra over
clauses, the `Codes` that turn values into board_index's integer codes, and a kind's
`KindVisibility` (its case rule's SQL twin, X-4).

Pure: no database, no store. logic/store/board_query.py builds the board's queries from these
words, and board_codes' `BoardCodes` looks codes up in the database; the contexts' rules speak them
without reaching the store.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logic.access import Reach, User

Clause = tuple[str, list]
TRUE: Clause = ("TRUE", [])
FALSE: Clause = ("FALSE", [])


MAX_GAPS = 4       # a set of codes with more holes than this between its ends stays an IN list


def in_codes(column: str, codes: Iterable[int]) -> Clause:
    """`column IN (codes)` written so that DuckDB evaluates it inside the scan: one equality,
    or a range with its holes left out (`col >= ? AND col <= ? AND col <> ?`). Measured at
    1M cases: `kind_c IN (22, 24)` cost ~16 ms (an IN list or OR becomes a Filter operator
    after the scan, row by row), the range form ~4 ms, like a single equality."""
    found = sorted(set(codes))
    if not found:
        return FALSE
    if len(found) == 1:
        return f"{column} = ?", found
    if not all(isinstance(c, int) for c in found):      # e.g. case numbers: a list
        return f"{column} IN ({', '.join('?' for _ in found)})", found
    lo, hi = found[0], found[-1]
    holes = sorted(set(range(lo, hi + 1)) - set(found)) if hi - lo <= len(found) + MAX_GAPS else None
    if holes is None or len(holes) > MAX_GAPS:
        return f"{column} IN ({', '.join('?' for _ in found)})", found
    return ("(" + " AND ".join([f"{column} >= ?", f"{column} <= ?", *(f"{column} <> ?" for _ in holes)]) + ")",
            [lo, hi, *holes])


class AnyOf(tuple):
    """`col1 = v1 OR col2 IN (v2, v3) ...` over board_index columns: usable as a plain Clause
    (sql, params), and splittable into disjoint branches that each begin with one equality —
    which DuckDB evaluates inside the scan — for counting (see board_query.count_query)."""

    terms: tuple[tuple[str, tuple[int, ...]], ...]

    def __new__(cls, terms: Iterable[tuple[str, Iterable[int]]]):
        terms = tuple((col, tuple(vals)) for col, vals in terms if vals)
        if not terms:
            self = super().__new__(cls, FALSE)
        else:
            parts = [in_codes(c, v) for c, v in terms]
            sql = parts[0][0] if len(parts) == 1 else "(" + " OR ".join(p[0] for p in parts) + ")"
            self = super().__new__(cls, (sql, [x for p in parts for x in p[1]]))
        self.terms = terms
        return self

    def branches(self) -> list[Clause]:
        """Disjoint clauses whose union is this one: `col = v AND NOT (earlier terms)`."""
        out: list[Clause] = []
        done: list[tuple[str, tuple[int, ...]]] = []
        for col, vals in self.terms:
            # codes: one branch per code (an equality, evaluated in the scan); other values
            # (case numbers) in one branch
            for part in ([(v,) for v in vals] if all(isinstance(v, int) for v in vals) else [tuple(vals)]):
                sql, params = in_codes(col, part)
                for dcol, dvals in done:
                    sql += f" AND ({dcol} IS NULL OR {dcol} NOT IN ({', '.join('?' for _ in dvals)}))"
                    params = [*params, *dvals]
                out.append((sql, list(params)))
                done.append((col, part))
        return out


def either(*clauses: Clause) -> Clause:
    """The clauses OR-ed, TRUE and FALSE folded away."""
    live = [c for c in clauses if c[0] != "FALSE"]
    if any(c[0] == "TRUE" for c in live):
        return TRUE
    if not live:
        return FALSE
    if len(live) == 1:
        return live[0]
    return "(" + " OR ".join(c[0] for c in live) + ")", [p for c in live for p in c[1]]


class Codes:
    """Turns values into board_index's integer codes for one query (cached); a value never
    seen has no code and so matches nothing. This one knows only the codes it was given
    (`known`); the store's board_codes.BoardCodes looks the others up in the database."""

    def __init__(self, known: dict[tuple[str, str], int] | None = None):
        self.cache: dict[tuple[str, str], int | None] = dict(known or {})

    def _get(self, pair: tuple[str, str]) -> int | None:
        return self.cache.get(pair)

    def _look_up(self, todo: list[tuple[str, str]]) -> None:
        """Put the codes of values not yet in the cache into it (nothing to ask here)."""

    def __call__(self, field: str, values: Iterable[str]) -> list[int]:
        values = [str(v) for v in values if v is not None]
        todo = [(field, v) for v in values if (field, v) not in self.cache]
        if todo:
            self._look_up(todo)
        return sorted({c for v in values if (c := self._get((field, v))) is not None})

    def one(self, field: str, value: str | None) -> int | None:
        got = self(field, [value] if value is not None else [])
        return got[0] if got else None

    def is_in(self, column: str, field: str, values: Iterable[str]) -> Clause:
        """`column IN (codes)` with one bound parameter per code (FALSE when none is known)."""
        return in_codes(column, self(field, values))

    def any_of(self, *terms: tuple[str, str, Iterable[str]]) -> Clause:
        """(column, field, values), ...: rows where any column has one of its values."""
        return AnyOf((column, self(field, values)) for column, field, values in terms)

    def eq(self, column: str, field: str, value: str | None) -> Clause:
        code = self.one(field, value)
        return FALSE if code is None else (f"{column} = ?", [code])


@dataclass(frozen=True)
class KindVisibility:
    see: Callable[["User", Codes], Clause]      # cases of the kind the user may see (VIEW_CASE)
    person: Callable[["User", Codes], Clause]   # ... and on which the person (VIEW_PERSON_ID)


# a `cases` column a Reach may name -> (its column in board_index b, the field of its codes;
# None: the value itself, not coded)
REACH_COLUMNS: dict[str, tuple[str, str | None]] = {
    "unit_id": ("b.unit_c", "unit"), "created_by": ("b.creator_c", "user"),
    "assignee": ("b.assignee_c", "user"), "queue": ("b.queue_c", "role"),
    "subtype": ("b.subtype_c", "subtype"), "category": ("b.category_c", "category"),
    "id": ("b.case_id", None),
}


def reach_clause(reach: "Reach", codes: Codes) -> Clause:
    """A kind's access.Reach as SQL over board_index b: the same cases `reach.holds` allows."""
    if reach.everything:
        return TRUE
    terms = []
    for column, values in reach.terms:
        board_column, field = REACH_COLUMNS[column]
        terms.append((board_column, codes(field, values) if field else sorted(values)))
    return AnyOf(terms)
