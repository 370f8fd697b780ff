"""A history file's cells read column by column (IMP-9, IMP-11), with pyarrow compute and numpy
over the whole column: the twin of logic.masterdata.cells.cell and the row model (blank is
None, a cell starting with `=` is refused, the same words for yes and no, Nordic dates, NFC, no
control characters, the maximum length, a closed set of values with the words old systems use,
a case number's pattern) and of logic.identity.parse_person_id for identity numbers — the same
refusals with the same translation keys, collected per cell in `Errors`.

A kind describes its columns with `HColumn`; logic.history.table plans a file with them.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from logic.history.base import NumberPattern
from logic.masterdata.cells import DATE_FORMATS, DATETIME_FORMATS, FALSE_WORDS, TRUE_WORDS
from logic.masterdata.spec import CellError, Column

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
            self.items.append((i, column, to_python(v), key, p))
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


def to_python(v: Any) -> Any:
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
        return [to_python(x) for x in v.tolist()]
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
