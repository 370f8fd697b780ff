"""Files people download: CSV for Excel in Nordic locales, safe against formula injection."""
from __future__ import annotations

import pandas as pd

from logic.board import safe_cell


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every text cell starting with = + - @ (or tab/CR) is shown as text by spreadsheets."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def frame_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM and ';' between fields (what Excel expects in sv/da/en-SE locales)."""
    return safe_frame(df).to_csv(index=False, sep=";").encode("utf-8-sig")
