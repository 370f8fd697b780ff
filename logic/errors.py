"""Refusals a person can read: a translation key, its parameters and, when it belongs to
one input, the field it should be shown next to (X-7)."""
from __future__ import annotations

from typing import Any


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
