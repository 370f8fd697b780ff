"""The plan of a history kind, column by column (IMP-11).

Measured first (bench/history.py, 10 000 rows on the 100k database): the row-by-row plan of
logic.masterdata.plan — `cell()` per cell, the pydantic model per row, the fingerprint's JSON
per row — cost ~0.55 ms of CPU per row, planned twice (dry run, then again inside the writing
transaction): ~110 s for 100 000 rows, before anything is written. So a history kind is
planned here instead, one column at a time with pandas (Arrow strings) and numpy: the same
reading of cells as logic.masterdata.cells (in logic.history.columns: blank is None, a cell
starting with `=` is refused, Nordic dates, NFC, no control characters), the same refusals
with the same translation keys, the same statuses per row (new / changed / unchanged /
refused, the changed compared with the stored row), duplicate keys in the file refused with
the line of the first, and a plan with the same face (`counts`, `refused`, `writes`,
`fingerprint`, `rows`) — RowPlans are made only for the rows someone looks at (the refused
ones, the changes the screen shows).

A kind gives its columns (logic.history.columns.HColumn: type, required, length, closed set of
values with the words old systems use, number pattern, not in the future, identity number),
read there column by column, and a `check` over the whole frame for what needs several
columns or the database (the checks kinds share: logic.history.checks).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from logic.clock import to_local
from logic.history.columns import Errors, HColumn, read_column, to_python
from logic.masterdata.spec import CHANGED, NEW, REFUSED, UNCHANGED, Kind, RowPlan
from logic.store.db import Tx


@dataclass
class Context:
    """What a kind's check gets besides the frame."""
    tx: Tx
    kind: Kind
    now: datetime | None
    merged: pd.DataFrame          # the rows as they would be written (stored values kept)
    before: pd.DataFrame          # the stored rows, aligned (missing for new rows)
    exists: np.ndarray            # bool: the key is stored
    given: set[str]               # the columns the file carries
    errs: Errors


class BulkPlan:
    """A plan of many rows held as columns; the face of logic.masterdata.plan.Plan."""

    def __init__(self, kind: Kind, lines: np.ndarray, merged: pd.DataFrame, before: pd.DataFrame,
                 exists: np.ndarray, status: np.ndarray, errs: Errors):
        self.kind_spec = kind
        self.kind = kind.name
        self.lines = lines
        self.merged = merged
        self.before = before
        self.exists = exists
        self.status = status
        self.errs = errs
        self._errors = errs.of()

    # -- Plan's face ---------------------------------------------------------------------
    def count(self, status: str) -> int:
        return int((self.status == status).sum())

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (NEW, CHANGED, UNCHANGED, REFUSED)}

    @property
    def rows(self) -> "Rows":
        return Rows(self, np.arange(len(self.status)))

    @property
    def refused(self) -> "Rows":
        return Rows(self, np.flatnonzero(self.status == REFUSED))

    @property
    def writes(self) -> "Rows":
        return Rows(self, np.flatnonzero((self.status == NEW) | (self.status == CHANGED)))

    @property
    def notes(self) -> list[tuple[RowPlan, Any]]:
        """History rows have no side effects beyond their own rows (the twin of Plan.notes)."""
        return []

    def fingerprint(self) -> str:
        """What the plan would do, as a hash (the twin of Plan.fingerprint): every row's line,
        status and values, the stored values it replaces, every refusal."""
        h = hashlib.sha256()
        h.update(np.asarray(self.lines, dtype=np.int64).tobytes())
        h.update("\0".join(self.status.tolist()).encode("utf-8"))
        for frame in (self.merged, self.before[self.exists]):
            if len(frame):
                h.update(pd.util.hash_pandas_object(_hashable(frame), index=False).to_numpy().tobytes())
        h.update(json.dumps([(i, c, k) for i, c, _, k, _ in self.errs.items], default=str).encode("utf-8"))
        return h.hexdigest()

    # -- column-wise access for the kind's save ------------------------------------------
    def row(self, i: int) -> RowPlan:
        values = {c: to_python(v) for c, v in zip(self.merged.columns, self.merged.iloc[i].tolist())}
        before = ({c: to_python(v) for c, v in zip(self.before.columns, self.before.iloc[i].tolist())}
                  if self.exists[i] else None)
        key = tuple(values.get(k) for k in self.kind_spec.key)
        return RowPlan(line=int(self.lines[i]), key=key, status=str(self.status[i]), values=values,
                       before=before, errors=list(self._errors.get(i, [])))

    def person_ids(self) -> tuple[list[str], list[str | None]]:
        """The identity numbers read (valid ones; X-2), with the case numbers of their rows."""
        persons: list[str] = []
        cases: list[str | None] = []
        key = self.merged[self.kind_spec.key[0]]
        for c in self.kind_spec.columns:
            if not c.person or c.name not in self.merged:
                continue
            s = self.merged[c.name]
            ok = s.notna().to_numpy(dtype=bool)
            persons += s[ok].astype(str).tolist()
            cases += [None if k is None else str(k) for k in key[ok].map(to_python).tolist()]
        return persons, cases


class Rows(Sequence):
    """Some rows of a BulkPlan: counted and sliced as columns, RowPlans only when iterated."""

    def __init__(self, plan: BulkPlan, positions: np.ndarray):
        self.plan = plan
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    def __bool__(self) -> bool:
        return len(self.positions) > 0

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return Rows(self.plan, self.positions[i])
        return self.plan.row(int(self.positions[i]))

    def __iter__(self) -> Iterator[RowPlan]:
        for i in self.positions:
            yield self.plan.row(int(i))

    def _all(self) -> bool:
        return len(self.positions) == len(self.plan.status)

    @property
    def frame(self) -> pd.DataFrame:
        """The rows' values (every row of the plan: the plan's own frame, not a copy)."""
        return self.plan.merged if self._all() else self.plan.merged.iloc[self.positions]

    @property
    def before(self) -> pd.DataFrame:
        return self.plan.before if self._all() else self.plan.before.iloc[self.positions]

    @property
    def status(self) -> np.ndarray:
        return self.plan.status[self.positions]


def _hashable(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns pandas can hash: Python objects (lists, dates) as their text."""
    return pd.DataFrame({c: frame[c].astype("str") if frame[c].dtype == object else frame[c]
                         for c in frame.columns}, index=frame.index)


def _frame(kind: Kind, rows: Any) -> pd.DataFrame:
    if isinstance(rows, pd.DataFrame):
        return rows.reset_index(drop=True)
    if not rows:
        return pd.DataFrame(index=pd.RangeIndex(0))
    names = list(dict.fromkeys(k for r in rows for k in r))
    return pd.DataFrame({n: pd.Series([None if r.get(n) is None else str(r.get(n)) for r in rows], dtype="str")
                         for n in names})


def plan_columns(tx: Tx, kind: Kind, rows: Any, *, lines: list[int] | None = None, now: datetime | None = None,
                 load_frame: Callable[[Tx, list[str]], pd.DataFrame],
                 check: Callable[[Context], None] | None = None, zone: str = "Europe/Stockholm") -> BulkPlan:
    """Plan a history kind's rows (a DataFrame of text, or a list of dicts) column by column."""
    raw = _frame(kind, rows)
    n = len(raw)
    line_no = np.asarray(lines if lines is not None else range(1, n + 1), dtype=np.int64)
    errs = Errors(n)
    columns = {c.name: c for c in kind.columns}
    for name in raw.columns:
        if name not in columns:
            errs.add(raw[name].notna() | True, name, "md.unknown_column", raw[name])
    given: dict[str, pd.Series] = {}
    for name, col in columns.items():
        if name in raw.columns:
            given[name] = read_column(col, raw[name], errs)      # type: ignore[arg-type]
    key_name = kind.key[0]
    keys = given.get(key_name, pd.Series([None] * n, dtype="str"))
    no_key = keys.isna() & ~errs.failed(key_name)
    errs.add(no_key, key_name, "md.required", raw[key_name] if key_name in raw else None)
    dup = keys.notna() & keys.duplicated(keep="first")
    if dup.any():
        first = pd.Series(line_no, index=keys.index).groupby(keys).transform("first")
        errs.add(dup, key_name, "md.duplicate_key", raw[key_name], params=lambda i: {"line": int(first.iat[i])})
    wanted = sorted(set(keys.dropna().tolist()))
    stored = load_frame(tx, wanted) if wanted else pd.DataFrame(columns=list(columns))
    stored = stored.drop_duplicates(key_name).set_index(key_name, drop=False)
    exists = keys.isin(stored.index).to_numpy(dtype=bool) & ~dup.to_numpy(dtype=bool)
    before = stored.reindex(keys.where(exists).tolist()).reset_index(drop=True)
    for name in columns:
        if name not in before.columns:
            before[name] = None
    before = before[list(columns)]
    merged = pd.DataFrame(index=pd.RangeIndex(n))
    for name, col in columns.items():
        if name in given:
            merged[name] = given[name]
        else:
            merged[name] = _like(before[name], col)
        if col.default is not None:
            merged[name] = merged[name].where(merged[name].notna() | errs.failed(name), col.default)
        if col.required and name != key_name:
            errs.add(merged[name].isna() & ~errs.failed(name), name, "md.required",
                     raw[name] if name in raw else None)
        if col.past and now is not None and col.type in ("date", "datetime"):
            local_now = pd.Timestamp(to_local(now, zone).replace(tzinfo=None))
            limit = local_now.normalize() if col.type == "date" else local_now
            errs.add(merged[name] > limit, name, "imp.hist.future", merged[name])
    if check is not None:
        check(Context(tx, kind, now, merged, before, exists, set(given), errs))
    status = np.where(errs.refused, REFUSED,
                      np.where(~exists, NEW, np.where(differs(merged, before, columns), CHANGED, UNCHANGED)))
    plan = BulkPlan(kind, line_no, merged, before, exists, status.astype(object), errs)
    return plan


def _like(before: pd.Series, col: HColumn) -> pd.Series:
    """A column the file does not carry: the stored values, typed as if read."""
    if col.type in ("date", "datetime"):
        return pd.to_datetime(before, errors="coerce").astype("datetime64[us]")
    if col.type == "int":
        return pd.to_numeric(before, errors="coerce").astype("Int64")
    if col.type == "bool":
        return before.astype("boolean")
    if col.type == "list":
        return before.map(lambda v: list(v) if isinstance(v, (list, tuple, np.ndarray)) else []).astype(object)
    return before.astype("str").where(before.notna())


def differs(merged: pd.DataFrame, before: pd.DataFrame, columns: dict[str, HColumn]) -> np.ndarray:
    """Per row: does any column differ from the stored value (blank and None the same)?"""
    out = np.zeros(len(merged), dtype=bool)
    for name, col in columns.items():
        a, b = _comparable(merged[name], col), _comparable(before[name], col)
        same = (a == b).fillna(False) | (a.isna() & b.isna())
        out |= ~same.to_numpy(dtype=bool)
    return out


def _comparable(s: pd.Series, col: HColumn) -> pd.Series:
    if col.type in ("date", "datetime"):
        t = pd.to_datetime(s, errors="coerce")
        return t.dt.normalize() if col.type == "date" else t
    if col.type == "list":
        return s.map(lambda v: ";".join(sorted(map(str, v))) if isinstance(v, (list, tuple, np.ndarray)) and len(v)
                     else None).astype("str")
    if col.type == "bool":
        return s.astype("boolean")
    if col.type == "int":
        return pd.to_numeric(s, errors="coerce").astype("Int64")
    t = s.astype("str").where(s.notna())
    return t.where(t != "")
