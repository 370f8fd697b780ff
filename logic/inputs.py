"""What a user may type or pick, checked in one place (X-7: nothing entered is lost, and bad
input gets a clear message at the field).

- **Length.** Widgets take text whole — no `max_chars`, which makes the browser cut a paste
  without a word. The input models (`Text(limit)`) and the services (`text(...)`) refuse an
  over-long value with `form.text_too_long`, which names the limit and the length typed
  ("Högst 1 000 tecken – du har skrivit 1 234."); the page shows it at the field and keeps the
  text in its widget, so the user can shorten it.
- **Control characters** (C0, DEL, C1) are never stored: a one-line field turns tab and line
  breaks into a space (they separated words) and drops the rest; a multi-line field keeps tab
  and line feed (CR LF and CR become LF) and drops the rest.
- **Dates** are picked between `EARLIEST_DATE` and the app's today (or a few years ahead where
  the rule allows the future) — from the injected clock, never the machine's (X-6).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationError
from pydantic_core import PydanticCustomError

from logic.errors import FieldErrors, Msg
from logic.i18n import Count

TOO_LONG = "form.text_too_long"
REQUIRED = "form.required"
EARLIEST_DATE = date(1900, 1, 1)      # the floor of every date picker

_ONE_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTI_LINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")    # keeps \t (09) and \n (0a)


def clean(value: str, *, multiline: bool = False) -> str:
    """`value` without control characters (see the module's doc)."""
    if multiline:
        return _CONTROL_MULTI_LINE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL_ONE_LINE.sub("", _ONE_LINE_BREAKS.sub(" ", value.replace("\r\n", "\n")))


def too_long(value: str | None, limit: int) -> Msg | None:
    """The field error for a value over `limit` characters, naming both numbers."""
    if value is not None and len(value) > limit:
        return Msg(TOO_LONG, limit=Count(limit), length=Count(len(value)))
    return None


def text(value: str | None, limit: int, *, field: str, errors: dict[str, str] | None = None,
         required: bool = False, multiline: bool = False) -> str | None:
    """A service's text input: cleaned and stripped (None when blank). A missing required or
    over-long value goes into `errors` under `field`, or is raised as `FieldErrors` when no
    `errors` dict is given."""
    cleaned = clean(value or "", multiline=multiline).strip() if isinstance(value, str) else ""
    problem = (REQUIRED if required else None) if not cleaned else too_long(cleaned, limit)
    if problem:
        if errors is None:
            raise FieldErrors({field: problem})
        errors[field] = problem
    return cleaned or None


# ------------------------------------------------------------------ input models (pydantic)


@dataclass(frozen=True)
class Limit:
    """Marks a model field made with `Text`: its limit, and whether it is multi-line."""
    chars: int
    multiline: bool = False


def blank_is_none(value: object) -> object:
    """An input model's field left blank (empty or only spaces) is no value at all: the
    models use it as their before-validator for every field
    (`_blank_is_none = field_validator("*", mode="before")(blank_is_none)`)."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def Text(limit: int, *, multiline: bool = False, optional: bool = True) -> Any:   # noqa: N802
    """A text field of an input model: control characters removed, then (after the model's
    whitespace stripping) refused over `limit` characters with `form.text_too_long`."""

    def _clean(v: object) -> object:
        return clean(v, multiline=multiline) if isinstance(v, str) else v

    def _check(v: str | None) -> str | None:
        if v is None:
            return None
        if len(v) > limit:
            raise PydanticCustomError("text_too_long", "at most {limit} characters, {length} typed",
                                      {"limit": limit, "length": len(v)})
        return None if optional and v == "" else v

    base = (str | None) if optional else str
    return Annotated[base, BeforeValidator(_clean), AfterValidator(_check), Limit(limit, multiline)]


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple, set, dict)) and not value


def field_errors(error: ValidationError) -> dict[str, str]:
    """A model's validation errors as {field: translation key or Msg}, never a traceback."""
    errors: dict[str, str] = {}
    for err in error.errors():
        name = str(err["loc"][0]) if err["loc"] else "_"
        kind, ctx = err.get("type", ""), err.get("ctx") or {}
        if kind == "text_too_long":
            problem: str = Msg(TOO_LONG, limit=Count(ctx["limit"]), length=Count(ctx["length"]))
        elif kind == "string_too_long":
            length = len(err["input"]) if isinstance(err.get("input"), str) else ctx.get("max_length", 0) + 1
            problem = Msg(TOO_LONG, limit=Count(ctx.get("max_length", 0)), length=Count(length))
        elif isinstance(ctx.get("error"), ValueError) and str(ctx["error"]).count(".") == 1:
            problem = str(ctx["error"])          # a validator's translation key
        elif kind == "missing" or _blank(err.get("input")):
            problem = REQUIRED                   # nothing given: say it is required, not "invalid"
        else:
            problem = "form.invalid"
        errors.setdefault(name, problem)          # the first problem of a field is the one shown
    return errors


# ------------------------------------------------------------------ dates


def date_bounds(today: date, *, years_ahead: int = 0, earliest: date = EARLIEST_DATE) -> tuple[date, date]:
    """(min, max) for a date picker: from `earliest` to the app's `today`, or `years_ahead`
    years past it where the rule allows the future."""
    if years_ahead:
        try:
            latest = today.replace(year=today.year + years_ahead)
        except ValueError:                               # 29 February
            latest = today.replace(year=today.year + years_ahead, day=28)
        return earliest, latest
    return earliest, today
