"""Refusals a person can read: a translation key, its parameters and, when it belongs to
one input, the field it should be shown next to (X-7)."""
from __future__ import annotations

from typing import Any


class Msg(str):
    """A translation key with the values its text names (e.g. a limit and a length).

    It *is* the key — a str equal to it — wherever a key is expected (`FieldErrors`,
    `Refused`, comparisons in tests); `logic.i18n.t` fills the parameters in."""
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> "Msg":
        obj = super().__new__(cls, key)
        obj.params = params
        return obj

    def __reduce__(self):
        return (_msg, (str(self), self.params))

    def __repr__(self) -> str:
        return f"Msg({str(self)!r}, {self.params!r})"


def _msg(key: str, params: dict[str, Any]) -> Msg:
    return Msg(key, **params)


class Refused(Exception):
    def __init__(self, key: str, field: str | None = None, **params: Any):
        super().__init__(key)
        self.key = key
        self.field = field
        self.params = params


class FieldErrors(Exception):
    """Several fields are wrong at once: {field: translation key}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class Conflict(Exception):
    """The case changed since the user loaded it; nothing was overwritten."""

    def __init__(self, case_id: str):
        super().__init__(case_id)
        self.case_id = case_id
        self.key = "case.changed_meanwhile"
