"""Text cells as every master-data model reads them (X-7): NFC, no control characters, blank
is None. Refuses rather than silently changing what was typed or read."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value).strip()
    if CONTROL.search(value):
        raise ValueError("md.control_character")
    return value or None


def lowered(*names: str):
    """A kind's `prepare`: these cells in lower case (codes and usernames are stored so)."""
    def prepare(given: dict[str, Any]) -> dict[str, Any]:
        return {k: (v.strip().lower() if k in names and isinstance(v, str) else v) for k, v in given.items()}
    return prepare
