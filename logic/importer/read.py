"""Reading an uploaded file into rows (IMP-1, IMP-2): CSV with `;`, `,` or tab, in UTF-8 (with
or without BOM) or Windows-1252/Latin-1 as Nordic exports often are — detected and reported —
or an .xlsx workbook (its first sheet). Parsed in bulk by pyarrow (CSV) or openpyxl's
streaming reader (xlsx), never cell by cell through the csv module; every cell is read as
text, so nothing is converted before the kind's model has seen it.

Headers are matched to a kind's columns by name in sv, en and da (and the column's own
name and aliases), ignoring case, spaces and punctuation; headers that match nothing are
offered to the user in a mapping step.
"""
from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

if TYPE_CHECKING:
    import pandas as pd

from logic import i18n
from logic.errors import Refused
from logic.masterdata.spec import Kind, header_token

MAX_BYTES = 100 * 1024 * 1024      # IMP-7: larger files are refused with the limit named
MAX_ROWS = 300_000
DELIMITERS = (";", ",", "\t")
XLSX_MAGIC = b"PK\x03\x04"
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")


@dataclass
class Table:
    """A file as read: its headers, its rows as text (None for an empty cell), what it was."""
    headers: list[str]
    arrow: pa.Table                           # one text column per header, null for an empty cell
    encoding: str                             # utf-8 | utf-8-sig | cp1252 | latin-1 | xlsx
    delimiter: str | None                     # None for xlsx
    n_rows: int
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def columns(self) -> dict[str, list[str | None]]:
        """Header -> cells as Python strings, one per data row (made when first asked: a
        kind planned column by column never needs them)."""
        return {h: self.arrow.column(i).to_pylist() for i, h in enumerate(self.headers)}

    def frame(self, mapping: dict[str, str | None]) -> tuple["pd.DataFrame", list[int]]:
        """The mapped columns as one DataFrame of text (column names, not headers), for a kind
        planned column by column (history, IMP-11), and each row's line in the file."""
        import pandas as pd

        used = [(self.headers.index(h), c) for h, c in mapping.items() if c]
        frame = pd.DataFrame({c: pd.array(self.arrow.column(i), dtype="str") for i, c in used},   # no copy
                             index=pd.RangeIndex(self.n_rows))
        return frame, list(range(2, self.n_rows + 2))

    def rows(self, mapping: dict[str, str | None]) -> tuple[list[dict[str, Any]], list[int]]:
        """Rows keyed by column name through `mapping` (header -> column, None = ignored),
        and each row's line in the file (the header is line 1)."""
        used = [(h, c) for h, c in mapping.items() if c]
        cols = [(c, self.columns[h]) for h, c in used]
        out = [{c: cells[i] for c, cells in cols} for i in range(self.n_rows)]
        return out, list(range(2, self.n_rows + 2))


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: a BOM says UTF-8; valid UTF-8 is UTF-8; otherwise
    Windows-1252 (which Latin-1 files are, for every printable character), else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most fields (ties: ; before , before tab)."""
    first = next((line for line in io.StringIO(text) if line.strip()), "").rstrip("\r\n")
    counts = {d: _split_count(first, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] > 0 else ";"


def _split_count(line: str, delimiter: str) -> int:
    n, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            n += 1
    return n


def read(data: bytes, file_name: str = "") -> Table:
    """Read CSV or xlsx; refuse what cannot be read with a reason the user can act on."""
    if len(data) > MAX_BYTES:
        raise Refused("imp.too_big", max_mb=MAX_BYTES // (1024 * 1024), mb=round(len(data) / 1024 / 1024, 1))
    if not data or data.isspace():
        raise Refused("imp.empty")
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if file_name and suffix not in SUFFIXES:
        raise Refused("imp.not_text")
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    """UTF-8 (with or without BOM) goes to the CSV parser as it is — checked by Arrow, with no
    Python copy of a large file's text (IMP-11); anything else is decoded (Windows-1252,
    Latin-1) and parsed as UTF-8."""
    if b"\x00" in data:
        raise Refused("imp.not_text")
    if data.startswith(b"\xef\xbb\xbf") and _is_utf8(memoryview(data)[3:]):
        body, encoding = memoryview(data)[3:], "utf-8-sig"
    elif _is_utf8(data):
        body, encoding = memoryview(data), "utf-8"
    else:
        text, encoding = decode(data)
        body = memoryview(text.encode("utf-8"))
    head = bytes(body[:65536]).decode("utf-8", errors="ignore")
    delimiter = sniff_delimiter(head)
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(autogenerate_column_names=False, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(strings_can_be_null=True, null_values=[""],
                                                 quoted_strings_can_be_null=True,
                                                 column_types=_all_text(head, delimiter)))
    except pa.ArrowInvalid as exc:
        raise Refused("imp.bad_csv", detail=_arrow_detail(str(exc))) from exc
    return _table(table, encoding, delimiter)


def _is_utf8(body) -> bool:
    """Valid UTF-8? (Arrow checks it in C++, without making a Python string of the file.)"""
    buf = pa.py_buffer(body)
    offsets = pa.py_buffer(struct.pack("<qq", 0, buf.size))
    try:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, buf]).cast(pa.large_string())
        return True
    except pa.ArrowInvalid:
        return False


def _all_text(text: str, delimiter: str) -> dict[str, pa.DataType]:
    import csv

    first = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=delimiter), [])
    return {h: pa.string() for h in first}


def _arrow_detail(message: str) -> str:
    """pyarrow's own words say which row failed ('Expected 4 columns, got 5: …')."""
    return message.split("\n")[0][:200]


def _table(table: pa.Table, encoding: str, delimiter: str | None) -> Table:
    headers = [str(h).strip() for h in table.column_names]
    if table.num_rows > MAX_ROWS:
        raise Refused("imp.too_many_rows", max=MAX_ROWS, n=table.num_rows)
    seen: set[str] = set()
    for h in headers:
        if not h:
            raise Refused("imp.blank_header")
        if h in seen:
            raise Refused("imp.duplicate_header", header=h)
        seen.add(h)
    blank = [pc.if_else(pc.equal(pc.utf8_trim_whitespace(col), ""), pa.scalar(None, pa.string()), col)
             for col in (table.column(i).cast(pa.string()) for i in range(table.num_columns))]
    cells = pa.Table.from_arrays(blank, names=[f"c{i}" for i in range(len(blank))]) if blank else table
    del table, blank
    pa.default_memory_pool().release_unused()     # the parser's buffers back to the system (IMP-11)
    return Table(headers, cells, encoding, delimiter, cells.num_rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same refusal
        raise Refused("imp.bad_xlsx") from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise Refused("imp.empty")
        width = len(header)
        while width and (header[width - 1] is None or str(header[width - 1]).strip() == ""):
            width -= 1
        headers = [("" if h is None else str(h)).strip() for h in header[:width]]
        cells: list[list[str | None]] = [[] for _ in headers]
        n = 0
        for row in rows:
            values = list(row[:width]) + [None] * (width - len(row))
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            n += 1
            if n > MAX_ROWS:
                raise Refused("imp.too_many_rows", max=MAX_ROWS, n=f">{MAX_ROWS}")
            for i, v in enumerate(values):
                cells[i].append(_xlsx_text(v))
    finally:
        book.close()
    table = pa.table({f"c{i}": pa.array(col, pa.string()) for i, col in enumerate(cells)})
    table = table.rename_columns(headers) if headers else table
    return _table(table, "xlsx", None)


def _xlsx_text(value: Any) -> str | None:
    """A cell as text: dates as ISO, whole numbers without '.0' (Excel stores 1012 as 1012.0)."""
    from datetime import date, datetime, time

    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ------------------------------------------------------------------ headers


def header_names(kind: Kind) -> dict[str, str]:
    """Every accepted spelling (as a token) -> column name."""
    out: dict[str, str] = {}
    for col in kind.columns:
        spellings = [col.name, *col.aliases, *(col.header(kind.name, lang) for lang in i18n.LANGUAGES)]
        for s in spellings:
            out.setdefault(header_token(s), col.name)
    return out


def match_headers(kind: Kind, headers: list[str]) -> dict[str, str | None]:
    """Header -> column name, or None where the header matches no column (or a column an
    earlier header already took)."""
    names = header_names(kind)
    taken: set[str] = set()
    out: dict[str, str | None] = {}
    for h in headers:
        col = names.get(header_token(h))
        if col is not None and col not in taken:
            out[h] = col
            taken.add(col)
        else:
            out[h] = None
    return out


def missing_required(kind: Kind, mapping: dict[str, str | None]) -> list[str]:
    """Required columns no header is mapped to (the mapping step must name them)."""
    mapped = {c for c in mapping.values() if c}
    return [c.name for c in kind.columns if c.required and c.name not in mapped]
