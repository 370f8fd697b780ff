"""Code look-ups of the case board (X-4): board_index keeps its filter columns as small
integer codes (board_codes, handed out by board_row); `BoardCodes` turns values into those
codes for the clause vocabulary (logic.clauses), from a snapshot shared until the next write.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from logic.clauses import Codes
from logic.store import board_row
from logic.store.db import Tx

if TYPE_CHECKING:
    from logic.store.db import Database


class BoardCodes(Codes):
    """The clause vocabulary's Codes (logic.clauses), looked up in board_codes.

    With a `snapshot` (`code_snapshot`, kept by Database.cached until the next write) no
    look-up queries the database: the snapshot holds every code, kind count and unit name as
    of the last committed write. A search racing a commit then behaves as if it had run just
    before it. Without one (tests, tools), values are looked up through `tx` as asked."""

    def __init__(self, tx: Tx | None, known: dict[tuple[str, str], int] | None = None,
                 snapshot: "CodeSnapshot | None" = None):
        super().__init__(known)
        self.tx = tx
        self.snapshot = snapshot

    def _get(self, pair: tuple[str, str]) -> int | None:
        if pair in self.cache:
            return self.cache[pair]
        return self.snapshot.codes.get(pair) if self.snapshot is not None else None

    def _look_up(self, todo: list[tuple[str, str]]) -> None:
        if self.snapshot is None and self.tx is not None:
            found = board_row.codes(self.tx, todo)
            for pair in todo:
                self.cache[pair] = found.get(pair)

    def prefetch(self, pairs: Iterable[tuple[str, str | None]]) -> None:
        """Look many values up in one query, with every kind (and its count) and number
        prefix: the codes table is small apart from its users, so this is one short scan."""
        if self.snapshot is not None or self.tx is None:
            return
        todo = sorted({(f, str(v)) for f, v in pairs if v is not None and (f, str(v)) not in self.cache})
        users = [v for f, v in todo if f == "user"]
        rows = self.tx.cur.execute(
            "SELECT field, value, code FROM board_codes WHERE field <> 'user'"
            f" OR value IN ({', '.join('?' for _ in users) or 'NULL'})", users).fetchall()
        kinds = {}
        for f, v, c in rows:
            self.cache[(f, v)] = c
            if f == "kind":
                kinds[v] = c
        for pair in todo:
            self.cache.setdefault(pair, None)
        self.cache[("*all*", "kind")] = kinds       # type: ignore[assignment]

    def all(self, field: str) -> dict[str, int]:
        """Every value of a field that has a code (e.g. every kind of case there is)."""
        if self.snapshot is not None and field == "kind":
            return dict(self.snapshot.kinds)
        key = ("*all*", field)
        if key not in self.cache:
            if self.snapshot is not None:
                found = {v: c for (f, v), c in self.snapshot.codes.items() if f == field}
            else:
                rows = self.tx.rows("SELECT value, code FROM board_codes WHERE field = ?", [field]) \
                    if self.tx is not None else []
                found = {r["value"]: r["code"] for r in rows}
            found.update({v: c for (f, v), c in self.cache.items() if f == field and c is not None})
            self.cache[key] = found          # type: ignore[assignment]
        return dict(self.cache[key])        # type: ignore[arg-type]

    def kind_counts(self) -> dict[int, int]:
        """How many cases each kind has (from board_counts, kept by search_index.index_case)."""
        if self.snapshot is not None:
            return dict(self.snapshot.counts)
        key = ("*counts*", "kind")
        if key not in self.cache:
            self.cache[key] = kind_counts(self.tx) if self.tx is not None else {}   # type: ignore[assignment]
        return dict(self.cache[key])                       # type: ignore[arg-type]

    def unit_names(self) -> dict[str, str]:
        """Unit id -> name (from the snapshot, or asked)."""
        if self.snapshot is not None:
            return self.snapshot.unit_names
        return unit_names(self.tx) if self.tx is not None else {}


@dataclass(frozen=True)
class CodeSnapshot:
    """Every board code, the number of cases of each kind and every unit's name, read at once
    (one query each, ~2 ms at 1M cases) and shared until the next write (Database.cached)."""
    codes: dict[tuple[str, str], int]
    kinds: dict[str, int]
    counts: dict[int, int]
    unit_names: dict[str, str]


def code_snapshot(tx: Tx) -> CodeSnapshot:
    codes: dict[tuple[str, str], int] = {}
    kinds: dict[str, int] = {}
    for f, v, c in tx.cur.execute("SELECT field, value, code FROM board_codes").fetchall():
        codes[(f, v)] = c
        if f == "kind":
            kinds[v] = c
    return CodeSnapshot(codes, kinds, kind_counts(tx), unit_names(tx))


def kind_counts(tx: Tx) -> dict[int, int]:
    """Kind code -> number of cases (board_counts)."""
    return {k: int(n) for k, n in tx.cur.execute(
        "SELECT kind_c, sum(n) FROM board_counts GROUP BY kind_c").fetchall()}


def codes_for(db: "Database", tx: Tx) -> BoardCodes:
    """The BoardCodes of one query, from the shared snapshot of the last committed write."""
    return BoardCodes(tx, snapshot=db.cached("board_codes", code_snapshot))


def unit_names(tx: Tx) -> dict[str, str]:
    """Unit id -> name, every unit."""
    return {r[0]: r[1] for r in tx.cur.execute("SELECT id, name FROM units").fetchall()}
