"""Files people download: CSV for Excel in Nordic locales and streamed Excel workbooks, safe
against formula injection (`safe_cell`). The board's rows (logic.board.service.export_rows /
export_stream), the dashboards' frames and the urgent-case report all go through here."""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pandas as pd

EXCEL_MAX_ROWS = 1_048_575          # Excel's sheet limit, minus the header
XLSX_PROGRESS_EVERY = 5000          # rows between two progress reports of to_xlsx
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Defuse spreadsheet formula injection: text starting with = + - @ (or tab / CR) gets a
    leading apostrophe, so Excel and LibreOffice show it as text instead of running it."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every text cell starting with = + - @ (or tab/CR) is shown as text by spreadsheets."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def to_csv(header: Sequence[object], rows: Iterable[Sequence[object]], *, line_end: str = "\r\n") -> bytes:
    """The one CSV writer: UTF-8 with BOM and ';' between fields (what Excel expects in Swedish
    and Danish locales), every text cell defused (`safe_cell`; numbers stay numbers), empty
    cells (None) empty. The board's and the dashboard's files end lines with CRLF; frames
    (`frame_csv`) with LF, as pandas wrote them."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator=line_end)
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def frame_csv(df: pd.DataFrame) -> bytes:
    """A frame (the urgent-case report, the certificates' dashboard) through `to_csv`: the
    column names as header, missing values (None, NaN, NA) as empty cells, other values as
    Python writes them — the bytes pandas' to_csv gave for text, int, float64, bool and date
    columns; a datetime64 column would keep its 00:00:00 (pass such columns as text)."""
    return to_csv(list(df.columns), _frame_rows(df), line_end="\n")


def _frame_rows(df: pd.DataFrame) -> Iterator[list]:
    for row in df.itertuples(index=False, name=None):
        yield [None if _missing(v) else v for v in row]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def to_xlsx(header: list[str], rows: Iterable[list], sheet: str = "Ärenden", *,
            progress: Callable[[int], None] | None = None, every: int = XLSX_PROGRESS_EVERY) -> bytes:
    """Every cell written as text (write_string): nothing in a cell is ever read as a formula.
    Streamed (xlsxwriter's constant_memory: each row goes to a temporary file when the next
    begins) and read back: ~35 MB at most for Excel's 1,048,575 rows (bench/run.py), where
    the whole workbook in memory took gigabytes. `progress(rows written)` every `every` rows
    and at the end."""
    import xlsxwriter

    with tempfile.TemporaryDirectory(prefix="casedesk-xlsx-") as tmp:
        path = Path(tmp) / "export.xlsx"
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": tmp,
                                               "strings_to_formulas": False, "strings_to_urls": False})
        try:
            ws = book.add_worksheet(sheet[:31])
            ws.freeze_panes(1, 0)
            bold = book.add_format({"bold": True})
            for c, h in enumerate(header):
                ws.write_string(0, c, str(h), bold)
            r = 0
            for r, row in enumerate(rows, start=1):
                if r > EXCEL_MAX_ROWS:
                    raise ValueError("board.export_too_many")
                for c, value in enumerate(row):
                    ws.write_string(r, c, "" if value is None else str(value))
                if progress is not None and r % every == 0:
                    progress(r)
        finally:
            book.close()
        if progress is not None:
            progress(r)
        return path.read_bytes()


def frames_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Several frames as the sheets of one workbook (the urgent-case report), every text cell
    defused (`safe_frame`), numbers kept as numbers; sheet names cut to Excel's 31 characters."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        for name, df in sheets.items():
            safe_frame(df).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
