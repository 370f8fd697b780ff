"""The plan of a history kind, column by column (IMP-11).

Measured first (bench/history.py, 10 000 rows on the 100k database): the row-by-row plan of
logic.masterdata.plan — `cell()` per cell, the pydantic model per row, the fingerprint's JSON
per row — cost ~0.55 ms of CPU per row, planned twice (dry run, then again inside the writing
transaction): ~110 s for 100 000 rows, before anything is written. So a history kind is
planned here instead, one column at a time with pandas (Arrow strings) and numpy: the same
reading of cells as `cells.cell` (blank is None, a cell starting with `=` is refused, Nordic
dates, NFC, no control characters), the same refusals with the same translation keys, the
same statuses per row (new / changed / unchanged / refused, the changed compared with the
stored row), duplicate keys in the file refused with the line of the first, and a plan with
the same face (`counts`, `refused`, `writes`, `fingerprint`, `rows`) — RowPlans are made only
for the rows someone looks at (the refused ones, the changes the screen shows).

A kind gives its columns (`HColumn`: type, required, length, closed set of values with the
words old systems use, number pattern, not in the future, identity number) and a `check`
over the whole frame for what needs several columns or the database.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from logic.clock import to_local
from logic.history.base import NumberPattern
from logic.masterdata.cells import DATE_FORMATS, DATETIME_FORMATS, FALSE_WORDS, TRUE_WORDS
from logic.masterdata.spec import CHANGED, NEW, REFUSED, UNCHANGED, CellError, Column, Kind, RowPlan
from logic.store.db import Tx

CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x{9f}]"       # logic.masterdata.text.CONTROL (RE2)


@dataclass(frozen=True)
class HColumn(Column):
    """A column of a history kind, with what the column-wise plan checks of it."""
    max_len: int | None = None
    lower: bool = False                       # stored lower-cased (usernames, codes)
    synonyms: tuple[tuple[str, str], ...] = ()   # (word as read, casefolded -> stored value)
    bad_choice: str = "md.not_a_choice"       # the key when a value is none of them
    pattern: NumberPattern | None = None      # a case number's pattern …
    reserve_ok: bool = False                  # an identity number may be a reserve number (CERT-8)
    bad_pattern: str = "md.invalid"           # … and the key when it does not match
    past: bool = False                        # a date or time that may not lie after now
    default: Any = None                       # the value of a row without one


def words(*groups: tuple[str, tuple[str, ...]]) -> tuple[tuple[str, str], ...]:
    """Synonyms: (stored value, (other spellings …)) -> the pairs HColumn takes."""
    out: list[tuple[str, str]] = []
    for value, spellings in groups:
        out.append((value.casefold(), value))
        out.extend((s.casefold(), value) for s in spellings)
    return tuple(out)


# ------------------------------------------------------------------ errors


class Errors:
    """Every refused cell: row position, column, value shown, translation key, parameters."""

    def __init__(self, n: int):
        self.n = n
        self.refused = np.zeros(n, dtype=bool)
        self.items: list[tuple[int, str | None, Any, str, dict]] = []
        self.cells: dict[str, np.ndarray] = {}       # column -> rows with an error in it

    def add(self, mask: Any, column: str | None, key: str, values: pd.Series | None = None,
            params: dict | Callable[[int], dict] | None = None) -> np.ndarray:
        m = _mask(mask, self.n)
        idx = np.flatnonzero(m)
        if not len(idx):
            return idx
        self.refused[idx] = True
        if column is not None:
            self.cells[column] = self.cells.get(column, np.zeros(self.n, dtype=bool)) | m
        shown = values.to_numpy(dtype=object)[idx] if values is not None else [None] * len(idx)
        for i, v in zip(idx.tolist(), shown):
            p = params(i) if callable(params) else (params or {})
            self.items.append((i, column, _py(v), key, p))
        return idx

    def failed(self, column: str) -> np.ndarray:
        return self.cells.get(column, np.zeros(self.n, dtype=bool))

    def of(self) -> dict[int, list[CellError]]:
        out: dict[int, list[CellError]] = {}
        for i, column, value, key, params in self.items:
            out.setdefault(i, []).append(CellError(column, value, key, params))
        return out


def _mask(mask: Any, n: int) -> np.ndarray:
    if isinstance(mask, pd.Series):
        return mask.fillna(False).to_numpy(dtype=bool)
    arr = np.asarray(mask)
    if arr.shape == ():
        return np.full(n, bool(arr))
    return arr.astype(bool)


def _py(v: Any) -> Any:
    """A frame's value as the rest of the app knows it (None, str, datetime, date, list)."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, np.datetime64):
        return pd.Timestamp(v).to_pydatetime()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, np.ndarray):
        return [_py(x) for x in v.tolist()]
    return v


# ------------------------------------------------------------------ cells, column by column


def _arrow(s: pd.Series) -> pa.Array:
    """A column of text as an Arrow array (no copy when it is one already)."""
    if s.dtype != "str":
        s = s.astype("str")
    arr = pa.array(s.array)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _text(arr: pa.Array, index: pd.Index) -> pd.Series:
    return pd.Series(pd.array(arr, dtype="str"), index=index)


def _bools(arr: pa.Array) -> np.ndarray:
    return pc.fill_null(arr, False).to_numpy(zero_copy_only=False).astype(bool)


NULL = pa.scalar(None, pa.string())


def read_column(col: HColumn, raw: pd.Series, errs: Errors) -> pd.Series:
    """One column of text cells as its values (None where blank or refused); refusals into
    errs. Arrow compute over the whole column (the twin of cells.cell and the row model)."""
    index = raw.index
    a = pc.utf8_trim_whitespace(_arrow(raw))
    a = pc.if_else(pc.equal(a, ""), NULL, a)                        # blank is None
    formula = _bools(pc.match_substring_regex(a, r"^\s*="))
    errs.add(formula, col.name, "md.formula", raw)
    a = pc.if_else(pa.array(formula), NULL, a)
    if col.type in ("datetime", "date"):
        # cells.cell's formats, in its order; pandas' parser (Arrow's strptime takes 31 February
        # for 3 March)
        formats = DATETIME_FORMATS + DATE_FORMATS if col.type == "datetime" else DATE_FORMATS
        text = _text(a, index)
        out = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
        todo = text.notna().to_numpy(dtype=bool).copy()
        for fmt in formats:
            if not todo.any():
                break
            shaped = todo & _bools(pc.match_substring_regex(a, _shape(fmt)))      # parse only what fits
            if shaped.any():
                got = pd.to_datetime(text[shaped], format=fmt, errors="coerce").astype("datetime64[us]")
                out[shaped] = got
                todo = todo & out.isna().to_numpy(dtype=bool)
        errs.add(text.notna() & out.isna(), col.name, "md.bad_datetime" if col.type == "datetime" else "md.bad_date",
                 raw)
        return out.dt.normalize() if col.type == "date" else out
    if col.type == "int":
        t = pc.replace_substring_regex(a, r"[ \x{00a0}]", "")
        ok = _bools(pc.match_substring_regex(t, r"^[+-]?[0-9]+$"))
        errs.add(_bools(pc.is_valid(a)) & ~ok, col.name, "md.bad_int", raw)
        return pd.to_numeric(_text(t, index).where(ok), errors="coerce").astype("Int64")
    if col.type == "bool":
        w = pc.utf8_lower(a)
        yes = _bools(pc.is_in(w, value_set=pa.array(sorted(TRUE_WORDS))))
        no = _bools(pc.is_in(w, value_set=pa.array(sorted(FALSE_WORDS))))
        out = pd.Series(pd.NA, index=index, dtype="boolean")
        out[yes] = True
        out[no] = False
        errs.add(_bools(pc.is_valid(a)) & ~yes & ~no, col.name, "md.bad_bool", raw)
        return out
    a = _nfc(a)
    control = _bools(pc.match_substring_regex(a, CONTROL))
    errs.add(control, col.name, "md.control_character", raw)
    a = pc.if_else(pa.array(control), NULL, a)
    if col.type == "list":
        s = _text(a, index)
        return s.map(lambda v: [x.strip() for x in re.split(r"[;,|]", v) if x.strip()] if isinstance(v, str) else [],
                     na_action=None).astype(object)
    if col.pattern is not None:
        a = pc.utf8_upper(pc.replace_substring_regex(a, r"\s+", ""))
        ok = _pattern_ok(col.pattern, a)
        errs.add(_bools(pc.is_valid(a)) & ~ok, col.name, col.bad_pattern, raw)
        a = pc.if_else(pa.array(ok), a, NULL)
    if col.max_len is not None:
        n = pc.utf8_length(a).to_numpy(zero_copy_only=False)
        long = np.nan_to_num(n.astype(float), nan=0) > col.max_len
        errs.add(long, col.name, "md.too_long", raw, params=lambda i: {"max": col.max_len, "n": int(n[i])})
        a = pc.if_else(pa.array(long), NULL, a)
    if col.synonyms:
        table = dict(col.synonyms)
        key = pc.utf8_lower(pc.replace_substring_regex(a, r"\s+", " "))
        at = pc.index_in(key, value_set=pa.array(list(table)))
        mapped = pc.take(pa.array(list(table.values())), at)
        errs.add(_bools(pc.and_(pc.is_valid(a), pc.is_null(mapped))), col.name, col.bad_choice, raw,
                 params={"choices": ", ".join(col.choices)})
        a = mapped
    elif col.lower:
        a = pc.utf8_lower(a)
    s = _text(a, index)
    if col.person:
        if col.reserve_ok:          # reserve numbers (letters and digits) as parse_person_id allows them
            reserve = s.str.replace(r"[\s\-+]", "", regex=True).str.fullmatch(r"(?=.*[A-Za-z])[0-9A-Za-z]{8,14}")
            reserve = reserve.fillna(False).to_numpy(dtype=bool)
            numbers = person_numbers(s.where(~reserve), raw, col.name, errs)
            s = numbers.where(~reserve, s.str.replace(r"[\s\-+]", "", regex=True).str.upper())
        else:
            s = person_numbers(s, raw, col.name, errs)
    return s


def _shape(fmt: str) -> str:
    """A regular expression of the strings a strptime format can read (to try only those)."""
    parts = {"%Y": r"\d{4}", "%m": r"\d{1,2}", "%d": r"\d{1,2}", "%H": r"\d{1,2}", "%M": r"\d{1,2}",
             "%S": r"\d{1,2}"}
    return "^" + "".join(parts.get(t, re.escape(t)) for t in re.findall(r"%.|[^%]", fmt)) + "$"


def _pattern_ok(pattern: NumberPattern, a: pa.Array) -> np.ndarray:
    """The twin of NumberPattern.match for a whole column."""
    parts = pc.extract_regex(a, pattern.regex.pattern)
    ok = _bools(pc.is_valid(parts))
    if not ok.any():
        return ok

    def number(field: str) -> np.ndarray:
        f = pc.if_else(pc.is_valid(parts), parts.field(field), "0")
        return pc.cast(pc.if_else(pc.equal(f, ""), "0", f), pa.int64()).to_numpy(zero_copy_only=False)

    if not pattern.numbered:
        return ok
    ok &= number("seq") >= 1
    if pattern.weekly:
        week = number("week")
        ok &= (week >= 1) & (week <= 53)
    return ok


def person_numbers(s: pd.Series, raw: pd.Series, column: str, errs: Errors) -> pd.Series:
    """Swedish identity numbers as logic.identity.parse_person_id reads them — the same keys,
    in the same order — for a whole column: 12 digits, a real date (day + 60 for a
    samordningsnummer), the check digit (Luhn over digits 3-11)."""
    a = pc.replace_substring_regex(_arrow(s), r"[\s\-+]", "")
    present = _bools(pc.and_(pc.is_valid(a), pc.not_equal(a, "")))
    digits = _bools(pc.match_substring_regex(a, r"^[0-9]+$"))
    length = pc.fill_null(pc.utf8_length(a), 0).to_numpy(zero_copy_only=False)
    errs.add(present & ~digits, column, "identity.not_digits", raw)
    errs.add(present & digits & (length == 10), column, "identity.needs_century", raw)
    errs.add(present & digits & (length != 10) & (length != 12), column, "identity.length", raw)
    twelve = present & digits & (length == 12)
    good = twelve.copy()
    rows = np.flatnonzero(twelve)
    if len(rows):
        text = "".join(pc.take(a, pa.array(rows)).to_pylist())
        d = (np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(-1, 12) - ord("0")).astype(np.int64)
        year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
        month = d[:, 4] * 10 + d[:, 5]
        day = d[:, 6] * 10 + d[:, 7]
        day = np.where(day > 60, day - 60, day)
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)] \
            + ((month == 2) & leap)
        real = (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days) & (year >= 1850)
        bad_date = np.zeros(len(twelve), dtype=bool)
        bad_date[rows] = ~real
        errs.add(bad_date, column, "identity.bad_date", raw)
        prod = d[:, 2:11] * np.array([2, 1, 2, 1, 2, 1, 2, 1, 2])
        prod = np.where(prod > 9, prod - 9, prod)
        luhn_bad = np.zeros(len(twelve), dtype=bool)
        luhn_bad[rows] = real & ((10 - prod.sum(axis=1) % 10) % 10 != d[:, 11])
        errs.add(luhn_bad, column, "identity.check_digit", raw)
        good = twelve & ~bad_date & ~luhn_bad
    return _text(pc.if_else(pa.array(good), a, NULL), s.index)


def _nfc(a: pa.Array) -> pa.Array:
    """NFC (as clean_text): only cells not plain ASCII can change, and most already are NFC."""
    other = np.flatnonzero(~_bools(pc.string_is_ascii(a)) & _bools(pc.is_valid(a)))
    if not len(other):
        return a
    cells = pc.take(a, pa.array(other)).to_pylist()
    change = [i for i, v in zip(other.tolist(), cells) if not unicodedata.is_normalized("NFC", v)]
    if not change:
        return a
    values = a.to_pylist()
    for i in change:
        values[i] = unicodedata.normalize("NFC", values[i])
    return pa.array(values, pa.large_string() if pa.types.is_large_string(a.type) else pa.string())


# ------------------------------------------------------------------ the plan


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
        values = {c: _py(v) for c, v in zip(self.merged.columns, self.merged.iloc[i].tolist())}
        before = ({c: _py(v) for c, v in zip(self.before.columns, self.before.iloc[i].tolist())}
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
            cases += [None if k is None else str(k) for k in key[ok].map(_py).tolist()]
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
                      np.where(~exists, NEW, np.where(_differs(merged, before, columns), CHANGED, UNCHANGED)))
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


def _differs(merged: pd.DataFrame, before: pd.DataFrame, columns: dict[str, HColumn]) -> np.ndarray:
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


def refuse_numbers(ctx: Context, case_kinds: tuple[str, ...], status_changed: np.ndarray | None = None,
                   column: str = "number") -> None:
    """The case numbers against the store (vectorised twin of base.check_numbers): a number
    registered in casedesk or imported as another kind is refused; an imported case changed
    in casedesk since its import is not overwritten."""
    from logic.store import history_repo

    keys = ctx.merged[column]
    live = keys.notna() & ~pd.Series(ctx.errs.refused, index=keys.index)
    found = history_repo.existing(ctx.tx, sorted(set(keys[live].tolist())))
    if not found:
        return
    info = pd.DataFrame.from_dict(found, orient="index")
    row = info.reindex(keys.where(live).tolist()).reset_index(drop=True)
    present = row["kind"].notna() & live.reset_index(drop=True)
    here = present & row["imported_version"].isna()
    ctx.errs.add(here, column, "imp.hist.registered_here", keys)
    other = present & ~here & ((row["import_kind"] != ctx.kind.name) | ~row["kind"].isin(case_kinds))
    ctx.errs.add(other, column, "imp.hist.other_kind", keys)
    changed = (_differs(ctx.merged, ctx.before, {c.name: c for c in ctx.kind.columns})
               if status_changed is None else status_changed)
    moved = present & ~here & ~other & pd.Series(changed, index=keys.index) & \
        (row["version"] != row["imported_version"])
    ctx.errs.add(moved, column, "imp.hist.changed_here", keys,
                 params=lambda i: {"file": row["imported_file"].iat[i] or "",
                                   "at": row["imported_at"].iat[i].strftime("%Y-%m-%d")
                                   if row["imported_at"].iat[i] is not None else ""})


def unit_ids(ctx: Context, column: str, kinds: tuple[str, ...], wrong_kind: str) -> None:
    """A unit named by its id or its code, of one of `kinds`: replaced by its id."""
    from logic.store import history_repo

    s = ctx.merged[column]
    if s.notna().sum() == 0:
        return
    units = pd.DataFrame(history_repo.units(ctx.tx), columns=["id", "code", "kind", "parent_id", "active"])
    by_id = units.set_index("id")["kind"]
    code_to_id = units.dropna(subset=["code"]).drop_duplicates("code").set_index("code")["id"]
    resolved = s.where(s.isin(by_id.index), s.map(code_to_id))
    unknown = s.notna() & resolved.isna() & ~ctx.errs.failed(column)
    ctx.errs.add(unknown, column, "md.unknown_unit", s)
    kind = resolved.map(by_id)
    wrong = resolved.notna() & ~kind.isin(kinds)
    ctx.errs.add(wrong, column, wrong_kind, s)
    ctx.merged[column] = resolved.where(resolved.notna(), s).astype("str").where(s.notna())


def known_users(ctx: Context, columns: tuple[str, ...]) -> None:
    from logic.store import history_repo

    users = history_repo.usernames(ctx.tx)
    for name in columns:
        s = ctx.merged[name]
        ctx.errs.add(s.notna() & ~s.isin(users) & ~ctx.errs.failed(name), name, "imp.hist.unknown_user", s)


def not_before(ctx: Context, column: str, earlier: str, key: str = "imp.hist.before_registered") -> None:
    a, b = ctx.merged[column], ctx.merged[earlier]
    if a.dtype.kind == "M" and b.dtype.kind == "M":
        if ctx.kind.column(column).type == "date" or ctx.kind.column(earlier).type == "date":
            a, b = a.dt.normalize(), b.dt.normalize()
    ctx.errs.add((a < b).fillna(False), column, key, a)


def utc(s: pd.Series, zone: str) -> pd.Series:
    """Local times of the service's zone (naive) as the store keeps them (naive UTC): the
    earlier of an ambiguous hour (as zoneinfo's fold=0), a time in the spring gap moved on."""
    if s.isna().all():
        return s.astype("datetime64[us]")
    local = s.dt.tz_localize(zone, ambiguous=np.ones(len(s), dtype=bool), nonexistent="shift_forward")
    return local.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")


def as_date(s: pd.Series) -> pd.Series:
    return s.map(lambda v: None if v is None or v is pd.NaT or (isinstance(v, float) and v != v)
                 else (v.date() if isinstance(v, (pd.Timestamp, datetime)) else v)).astype(object)


