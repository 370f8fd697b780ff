"""X-4 export of the case board to Excel: streamed (xlsxwriter's constant_memory, to a temporary
file, with progress), the same cells as the workbook built in memory before, every formula
defused, and the rows read from the database one batch at a time."""
from __future__ import annotations

import io
import re
import tracemalloc
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime, timedelta

import pytest
import xlsxwriter

from logic import exports
from logic.board import planning
from logic.board import service as board
from logic.access import Role
from logic.board.filters import BoardFilters
from logic.store import board_codes, board_query, core_repo
from tests.conftest import add_unit, add_user

pytestmark = pytest.mark.both_backends

T0 = datetime(2026, 2, 10, 9, 0)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"klick\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR",
           "a < b & c > d", "\"citat\" 'apostrof'", "Åsa Öberg på Ängen", "", "  blanksteg  ", "1/0", "3,14"]


def cells(data: bytes) -> list[list[str]]:
    """Every row's cell texts, read as Excel would: shared strings (the old in-memory book)
    or inline strings (constant_memory), XML entities and OOXML's _xHHHH_ escapes (a CR is
    written _x000D_) decoded; fails on any formula."""
    def text(el) -> str:
        raw = "".join(t.text or "" for t in el.iter(f"{{{NS['m']}}}t"))
        return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), raw)

    z = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = [text(si) for si in root.findall("m:si", NS)]
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    assert not list(sheet.iter(f"{{{NS['m']}}}f")), "a formula in the sheet"
    out = []
    for row in sheet.iter(f"{{{NS['m']}}}row"):
        values = []
        for c in row.findall("m:c", NS):
            kind = c.get("t")
            assert kind in ("s", "inlineStr"), kind            # every cell is text
            if kind == "s":
                values.append(shared[int(c.find("m:v", NS).text)])
            else:
                values.append(text(c))
        out.append(values)
    return out


def in_memory_book(header, rows, sheet="Ärenden") -> bytes:
    """The workbook as to_xlsx built it before (everything in memory, shared strings)."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    for c, h in enumerate(header):
        ws.write_string(0, c, str(h), bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            ws.write_string(r, c, "" if value is None else str(value))
    ws.freeze_panes(1, 0)
    book.close()
    return buf.getvalue()


def sample_rows(n: int) -> list[list]:
    return [[f"AV2607{i:04d}", "Avvikelse", exports.safe_cell(HOSTILE[i % len(HOSTILE)]), None,
             exports.safe_cell(f"=CMD|' /C calc'!A{i}"), f"Rullstol {i}", "2026-02-10 10:00"] for i in range(n)]


def test_x4_streamed_workbook_has_the_same_cells_as_before_with_formulas_defused():
    header = ["Nummer", "Typ", "Rubrik", "Tomt", "Formel", "Text", "Skapad"]
    rows = sample_rows(40)
    streamed = exports.to_xlsx(header, iter(rows))                  # any iterable, read once
    before = in_memory_book(header, rows)
    got = cells(streamed)
    assert got == cells(before)
    assert got == [header] + [["" if v is None else v for v in row] for row in rows]
    assert got[1][4] == "'=CMD|' /C calc'!A0" and got[1][2].startswith("'=HYPERLINK")
    assert {r[2][:2] for r in got[1:14]} >= {"'=", "'+", "'-", "'@", "'\t", "'\r"}
    z = zipfile.ZipFile(io.BytesIO(streamed))
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert 'state="frozen"' in sheet and "inlineStr" in sheet          # header frozen; streamed


def test_x4_excel_export_of_the_board_is_streamed_with_progress(db, clock):
    add_unit(db, "site-1")
    add_unit(db, "centre", "centre")
    hanna = add_user(db, "hanna", [Role.HANDLER], ["centre"])
    for i in range(1, 26):
        with db.tx() as tx:
            core_repo.insert_case(tx, {
                "id": f"AV2607{i:04d}", "kind": "deviation", "subtype": "tillbud", "category": "komponent",
                "status": "planned", "title": "=HYPERLINK(\"http://evil.example\")" if i == 7 else f"Rollator {i}",
                "unit_id": "site-1", "created_by": "rita", "queue": "centre_staff",
                "created_at": T0 + timedelta(minutes=i), "updated_at": T0 + timedelta(minutes=i), "version": 1})
    header, rows = board.export_rows(db, clock, hanna, BoardFilters(), "sv")
    seen = []
    data = exports.to_xlsx(*board.export_stream(db, clock, hanna, BoardFilters(), "sv"), progress=seen.append, every=10)
    assert seen == [10, 20, 25]
    got = cells(data)
    assert got == cells(in_memory_book(header, rows)) and len(got) == 26
    assert [r[0] for r in got[1:]] == [f"AV2607{i:04d}" for i in range(25, 0, -1)]
    assert got[1 + 25 - 7][5] == "'=HYPERLINK(\"http://evil.example\")"


def test_x4_board_rows_come_from_the_database_in_batches(db, clock):
    add_unit(db, "site-1")
    add_unit(db, "centre", "centre")
    hanna = add_user(db, "hanna", [Role.HANDLER], ["centre"])
    for i in range(1, 8):
        with db.tx() as tx:
            core_repo.insert_case(tx, {"id": f"AV2607{i:04d}", "kind": "deviation", "status": "planned",
                                       "title": "Rullstol", "unit_id": "site-1", "created_by": "rita",
                                       "created_at": T0 + timedelta(minutes=i), "updated_at": T0, "version": 1})
    with db.read() as r:
        codes = board_codes.codes_for(db, r)
        spec = planning.build_spec(r, clock, hanna, BoardFilters(), codes)
        batches = list(board_query.row_batches(r, spec, codes, sort="created_at", descending=True, size=3))
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [row["id"] for b in batches for row in b] == [f"AV2607{i:04d}" for i in range(7, 0, -1)]
    assert batches[0][0]["closed_at"] is None and batches[0][0]["title"] == "Rullstol"


def test_x4_more_rows_than_excel_takes_are_refused(monkeypatch):
    monkeypatch.setattr(exports, "EXCEL_MAX_ROWS", 5)
    with pytest.raises(ValueError, match="board.export_too_many"):
        exports.to_xlsx(["A"], ([str(i)] for i in range(6)))
    assert len(cells(exports.to_xlsx(["A"], ([str(i)] for i in range(5))))) == 6


def test_x4_the_workbook_is_not_held_in_memory_while_it_is_written():
    header = ["Nummer", "Typ", "Rubrik", "Tomt", "Formel", "Text", "Skapad"]
    rows = sample_rows(20_000)
    tracemalloc.start()
    try:
        data = exports.to_xlsx(header, rows)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the file itself (~0.9 MB) is read back once; the in-memory book peaked at ~50 MB here
    assert peak < 3 * len(data) + 2_000_000, peak
    assert len(cells(data)) == 20_001
