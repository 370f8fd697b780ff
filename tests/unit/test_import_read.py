"""IMP-1, IMP-2: files as Nordic systems export them — ; , or tab, UTF-8 with or without BOM,
Windows-1252 — and xlsx; headers in sv/en/da matched to the kind's columns."""
from __future__ import annotations

import io

import pytest

from logic.errors import Refused
from logic.importer import read
from logic.registry import kind

UNITS = kind("units")
TEXT = "Enhets-id;Namn;Typ av enhet;Ort\n1012;Rehab;service_site;Västerås\n1020;Hemsjukvården Norr;service_site;Malmö\n"


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                ("cp1252", "cp1252")])
def test_imp1_encodings_are_detected_and_reported(encoding, expected):
    table = read.read(TEXT.encode(encoding))
    assert table.encoding == expected
    assert table.columns["Ort"] == ["Västerås", "Malmö"]
    assert table.headers[0] == "Enhets-id"          # no BOM left on the first header


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_imp1_delimiters_are_detected(delimiter):
    data = TEXT.replace(";", delimiter).encode("utf-8")
    table = read.read(data)
    assert table.delimiter == delimiter and table.n_rows == 2
    assert table.columns["Namn"] == ["Rehab", "Hemsjukvården Norr"]


def test_imp1_quoted_cells_keep_delimiters_and_newlines():
    data = 'id;name;kind\n1;"Rehab; plan 2\nhuset";org_unit\n'.encode()
    table = read.read(data)
    assert table.columns["name"] == ["Rehab; plan 2\nhuset"]


def test_imp1_every_cell_is_read_as_text():
    table = read.read(b"id;name;kind\n0012;1.50;org_unit\n")
    assert table.columns["id"] == ["0012"] and table.columns["name"] == ["1.50"]


def test_imp1_xlsx_first_sheet_whole_numbers_and_dates_as_text():
    import datetime

    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    for i, h in enumerate(["Unit id", "Name", "Kind", "Opened"]):
        sheet.write(0, i, h)
    sheet.write_number(1, 0, 1012)
    sheet.write_string(1, 1, "Rehab")
    sheet.write_string(1, 2, "service_site")
    sheet.write_datetime(1, 3, datetime.datetime(2026, 3, 1), book.add_format({"num_format": "yyyy-mm-dd"}))
    book.close()
    table = read.read(buf.getvalue(), "units.xlsx")
    assert table.encoding == "xlsx"
    assert table.columns["Unit id"] == ["1012"] and table.columns["Opened"] == ["2026-03-01"]


@pytest.mark.parametrize("headers", [["Enhets-id", "Namn", "Typ av enhet"], ["Unit id", "Name", "Kind of unit"],
                                     ["Enheds-id", "Navn", "Enhedstype"], ["ID", "name", "KIND"],
                                     ["enhets id", "NAMN", "typ av enhet"]])
def test_imp2_headers_match_in_every_language(headers):
    assert read.match_headers(UNITS, headers) == dict(zip(headers, ["id", "name", "kind"]))


def test_imp2_unknown_headers_are_left_for_the_mapping_step():
    assert read.match_headers(UNITS, ["Enhets-id", "Kostnadsställe"]) == {"Enhets-id": "id", "Kostnadsställe": None}


def test_imp7_limits_are_refused_with_the_limit_named(monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 3)
    with pytest.raises(Refused) as exc:
        read.read(b"id;name\n" + b"x;y\n" * 4)
    assert exc.value.key == "imp.too_many_rows" and exc.value.params["max"] == 3
    monkeypatch.setattr(read, "MAX_BYTES", 10)
    with pytest.raises(Refused) as exc:
        read.read(b"id;name\n" + b"x;y\n" * 4)
    assert exc.value.key == "imp.too_big"


def test_imp7_other_files_are_refused_by_name_in_the_users_language():
    with pytest.raises(Refused) as exc:
        read.read(b"%PDF-1.7 ...", "faktura.pdf")
    assert exc.value.key == "imp.not_text"


@pytest.mark.parametrize("data, key", [(b"", "imp.empty"), (b"id;id\n1;2\n", "imp.duplicate_header"),
                                       (b"PK\x03\x04garbage", "imp.bad_xlsx"), (b"a;b\n1;2;3\n", "imp.bad_csv")])
def test_imp7_unreadable_files_are_refused_not_crashed(data, key):
    with pytest.raises(Refused) as exc:
        read.read(data)
    assert exc.value.key == key
