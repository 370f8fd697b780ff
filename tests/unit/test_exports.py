"""Exports are safe against CSV formula injection (issue 7): cells starting with = + - @
become text; numbers stay numbers."""
from __future__ import annotations

import pandas as pd

from logic.exports import frame_csv, safe_frame, to_csv


def test_formula_cells_are_defused_and_numbers_kept():
    df = pd.DataFrame({"title": ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "vanlig text"],
                       "n": [1, 2, 3, 4, 5]})
    safe = safe_frame(df)
    assert list(safe["title"]) == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1+1", "'-2+3", "'@SUM(A1)", "vanlig text"]
    assert list(safe["n"]) == [1, 2, 3, 4, 5]
    text = frame_csv(df).decode("utf-8-sig")
    assert "\n=" not in text and ";=" not in text
    assert text.splitlines()[0] == "title;n"


def test_x5_dashboard_csv_defuses_text_cells_and_keeps_numbers():
    """The dashboard's tables (reports.tables: header + rows, user text such as category, unit
    and article names among them) go through the same writer as the board's export."""
    header = ["Kategori", "Antal", "Andel"]
    rows = [["=HYPERLINK(\"http://x\",\"y\")", 3, 0.25], ["@SUM(A1)", -2, -0.5], ["Rullstol", 1, 1.0]]
    lines = to_csv(header, rows).decode("utf-8-sig").split("\r\n")
    assert lines[1] == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";3;0.25"
    assert lines[2] == "'@SUM(A1);-2;-0.5"
    assert lines[3] == "Rullstol;1;1.0"
