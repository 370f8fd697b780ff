"""Form helpers: keep what was typed across steps and pages, show errors at the field."""
from __future__ import annotations

from collections.abc import Iterable

import streamlit as st
from pydantic import BaseModel, ValidationError

from ui.i18n import t


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


def field_error(errors: dict[str, str], name: str, show_required: bool = False) -> None:
    key = errors.get(name)
    if key is None:
        return
    if key == "form.required" and not show_required:
        return
    st.error(t(key), icon=":material/error:")


def missing_caption(errors: dict[str, str], labels: dict[str, str]) -> None:
    if errors:
        names = [labels.get(f, f) for f in errors]
        st.caption(t("form.missing_fields", fields=", ".join(names)))


def build(model: type[BaseModel], data: dict) -> tuple[BaseModel | None, dict[str, str]]:
    """Validate into a model; field errors as translation keys, never a traceback (X-7)."""
    try:
        return model.model_validate(data), {}
    except ValidationError as e:
        errors: dict[str, str] = {}
        for err in e.errors():
            name = str(err["loc"][0]) if err["loc"] else "_"
            kind = err.get("type", "")
            if kind == "string_too_long":
                errors[name] = "form.too_long"
            elif isinstance(err.get("ctx", {}).get("error"), ValueError) and \
                    str(err["ctx"]["error"]).count(".") == 1:
                errors[name] = str(err["ctx"]["error"])
            else:
                errors[name] = "form.invalid"
        return None, errors


def pick_index(options: Iterable[object], value: object) -> int | None:
    options = list(options)
    return options.index(value) if value in options else None
