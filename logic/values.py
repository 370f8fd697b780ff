"""How stored values compare and are written into the settings log: pure, used by the
master-data plan, the settings log and the history import."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any


def norm(value: Any) -> Any:
    """Values compared for 'unchanged': blank and None are the same; lists compare sorted."""
    if value is None or value == "":
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted(str(v) for v in value)) or None
    return value


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "value"):      # enums
        return value.value
    return value
