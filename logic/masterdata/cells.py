"""One cell of a file or a screen as a master-data column reads it (ADM-2, IMP-3): blank is
None, a cell starting with `=` is refused (a spreadsheet formula), the words old systems use
for yes and no, Nordic dates, lists split on `;`, `,` or `|`. The row-by-row plan
(logic.masterdata.plan) reads every cell here; the column-wise plan of history kinds
(logic.history.columns) reads the same way, with the same words and formats."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

TRUE_WORDS = {"1", "true", "yes", "y", "x", "ja", "j", "sant", "sand", "aktiv", "active"}
FALSE_WORDS = {"0", "false", "no", "n", "nej", "falskt", "falsk", "inaktiv", "inactive"}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y%m%d", "%Y/%m/%d")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                    "%d.%m.%Y %H:%M", "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M")
FORMULA = re.compile(r"^\s*=")


def cell(column_type: str, value: Any) -> Any:
    """A cell as the model wants it: blanks None, 'ja'/'nej' booleans, Nordic dates, lists
    split on ';' — raises ValueError(<translation key>) when it cannot be read."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:   # NaN from a frame
        return None
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return [] if column_type == "list" else None
        if FORMULA.match(value):
            raise ValueError("md.formula")
    if column_type == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError("md.bad_bool")
    if column_type == "int":
        if isinstance(value, bool):
            raise ValueError("md.bad_int")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).replace(" ", "").replace("\u00a0", "")
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError("md.bad_int")
        return int(text)
    if column_type == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return _parse(str(value), DATE_FORMATS, "md.bad_date").date()
    if column_type == "datetime":
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        return _parse(str(value), DATETIME_FORMATS + DATE_FORMATS, "md.bad_datetime")
    if column_type == "list":
        if isinstance(value, (list, tuple, set)):
            items = [str(v).strip() for v in value]
        else:
            items = [v.strip() for v in re.split(r"[;,|]", str(value))]
        return [v for v in items if v]
    return str(value) if not isinstance(value, str) else value


def _parse(text: str, formats: tuple[str, ...], key: str) -> datetime:
    for fmt in formats:
        try:
            return datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
    raise ValueError(key)
