"""Exports are safe against CSV formula injection (issue 7): cells starting with = + - @
become text; numbers stay numbers."""
from __future__ import annotations

import pandas as pd

from logic.exports import frame_csv, safe_frame


def test_formula_cells_are_defused_and_numbers_kept():
    df = pd.DataFrame({"title": ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "vanlig text"],
                       "n": [1, 2, 3, 4, 5]})
    safe = safe_frame(df)
    assert list(safe["title"]) == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1+1", "'-2+3", "'@SUM(A1)", "vanlig text"]
    assert list(safe["n"]) == [1, 2, 3, 4, 5]
    text = frame_csv(df).decode("utf-8-sig")
    assert "\n=" not in text and ";=" not in text
    assert text.splitlines()[0] == "title;n"
