"""Form helpers: keep what was typed across steps and pages, show errors at the field."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import streamlit as st
from pydantic import BaseModel, ValidationError

from logic import i18n, inputs
from logic.clock import Clock, to_local
from ui.format import md_escape
from ui.i18n import lang, t


def keep(prefix: str) -> None:
    """Streamlit forgets a widget's value when the widget is not drawn in a run. Re-assigning
    the keys at the top of the page keeps everything typed in a multi-step form."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(prefix) and not key.endswith("__btn"):
            st.session_state[key] = st.session_state[key]


def defaults(values: dict[str, object]) -> None:
    for key, value in values.items():
        st.session_state.setdefault(key, value)


def clear(prefix: str) -> None:
    for key in [k for k in st.session_state.keys() if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]


def error_text(key: str) -> str:
    """A field error as markdown-safe text: the words a `logic.errors.Msg` carries (a file
    name, …) are escaped, its numbers formatted for the user's language."""
    params = getattr(key, "params", None) or {}
    return t(key, **{k: md_escape(v) for k, v in params.items() if isinstance(v, str)})


def field_error(errors: dict[str, str], name: str, show_required: bool = False) -> None:
    """The field's problem under it; a `logic.errors.Msg` brings its numbers (X-7)."""
    key = errors.get(name)
    if key is None:
        return
    if key == "form.required" and not show_required:
        return
    st.error(error_text(key), icon=":material/error:")


def length_error(value: str | None, limit: int) -> bool:
    """For a field that is no model's (a search box): over `limit` characters, say so at the
    field — naming the limit and the length — and return True; the text stays in the widget
    (X-7: nothing is cut without a word)."""
    problem = inputs.too_long(value, limit)
    if problem:
        st.error(error_text(problem), icon=":material/error:")
    return problem is not None


def dates(clock: Clock, tz: str, *, years_ahead: int = 0, earliest: date | None = None,
          keep: object = None) -> dict[str, object]:
    """The arguments every st.date_input takes: its format, the language's one way to write a
    date (logic.i18n.DATE_WIDGET_FORMATS, issue 16 item 10), and
    min_value/max_value from the app's clock in the user's zone (X-6), never
    Streamlit's default of ten years around the machine's own today. `keep` (dates already
    stored or chosen, or widgets' session keys; one or a tuple) widens the range to hold them:
    Streamlit would otherwise fail on a value outside it, or silently reset a keyed one (X-7)."""
    low, high = inputs.date_bounds(to_local(clock.now(), tz).date(), years_ahead=years_ahead,
                                   earliest=earliest or inputs.EARLIEST_DATE)
    for item in keep if isinstance(keep, (tuple, list)) else (keep,):
        held = st.session_state.get(item) if isinstance(item, str) else item
        if isinstance(held, datetime):
            held = held.date()
        if isinstance(held, date):
            low, high = min(low, held), max(high, held)
    return {"min_value": low, "max_value": high,
            "format": i18n.DATE_WIDGET_FORMATS.get(lang(), i18n.DATE_WIDGET_FORMATS[i18n.DEFAULT_LANG])}


def choose_many(where, label: str, options, **kwargs):
    """Every multiselect of the app (issue 16 item 3): `where.multiselect` (st or a column) with
    our words — its placeholder from the texts unless one is given — and without the dropdown's
    "Select all" / "Select N matches", which is Streamlit's own English and cannot be set
    (docs/STREAMLIT_STRINGS.md). tests/unit/test_ui16_widget_texts.py keeps every multiselect here."""
    kwargs.setdefault("placeholder", t("form.choose"))
    kwargs.setdefault("select_all", False)
    return where.multiselect(label, options, **kwargs)


def missing_caption(errors: dict[str, str], labels: dict[str, str]) -> None:
    if errors:
        names = [labels.get(f, f) for f in errors]
        st.caption(t("form.missing_fields", fields=", ".join(names)))


def build(model: type[BaseModel], data: dict) -> tuple[BaseModel | None, dict[str, str]]:
    """Validate into a model; field errors as translation keys, never a traceback (X-7)."""
    try:
        return model.model_validate(data), {}
    except ValidationError as e:
        return None, inputs.field_errors(e)


def rest(model: type[BaseModel], data: dict, errors: dict[str, str]) -> BaseModel | None:
    """The model from the fields that have no error, so a form's rules can still judge the
    rest while one field is refused (a text over its limit must not hide what is missing)."""
    try:
        return model.model_validate({k: v for k, v in data.items() if k not in errors})
    except ValidationError:
        return None


def pick_index(options: Iterable[object], value: object) -> int | None:
    options = list(options)
    return options.index(value) if value in options else None
