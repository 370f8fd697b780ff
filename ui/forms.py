"""Form helpers: keep what was typed across steps and pages, show errors at the field."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import streamlit as st
from pydantic import BaseModel, ValidationError

from logic import i18n, inputs
from logic.access import PermissionDenied
from logic.errors import Conflict, FieldErrors, Refused
from logic.clock import Clock, to_local
from ui.format import Markdown, md_escape
from ui.i18n import lang, reason, t


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


REQUIRED = inputs.REQUIRED
MARK = " *"


def mark(label: str, required: bool = True) -> str:
    """A field's label, with " *" when it must be filled in — the one mark every form uses."""
    return Markdown(f"{label}{MARK}") if required else label


def bold(label: str) -> str:
    """A field's label as a bold heading in markdown (a group of widgets under one label): the
    required mark stays outside the bold and escaped — "**A *** " would show its asterisks."""
    text = str(label)
    if text.endswith(MARK):
        return f"**{text[:-len(MARK)]}** \\*"
    return f"**{text}**"


def required_of(model: type[BaseModel]) -> set[str]:
    """The fields a pydantic model cannot do without (no default): they are marked " *"."""
    return {name for name, field in model.model_fields.items() if field.is_required()}


def readable_list(items: Iterable[str]) -> Markdown:
    """"A, B och C" in the user's language (the items are our labels: markdown already)."""
    items = [Markdown(i) for i in items]
    if len(items) <= 1:
        return Markdown("".join(items))
    return t("form.list_and", head=Markdown(", ".join(items[:-1])), last=items[-1])


class Check:
    """One form's validation as the user meets it, the same in every form (issue 16):

    - required fields are marked " *" in their label (`label`);
    - once the user has pressed the form's button (`attempt`, as the button's on_click), each
      problem stands at its field in words — the field's label and what to do (`error`); a text
      over its limit or a wrong format shows at once, a missing value only after the press;
    - at the button, a short summary names the fields ("Fyll i 3 fält: A, B och C.") (`summary`);
    - nothing typed is lost: the widgets keep their session keys, the button never disables.

    The errors are translation keys from `logic` (model validation, the context's rules, a
    service's `FieldErrors` via `refused`); this class only places them. `key` is the form's
    session-state prefix (its flags end in "__", kept by `keep` and removed by `clear`)."""

    def __init__(self, key: str, errors: dict[str, str], labels: dict[str, str],
                 required: Iterable[str] = ()) -> None:
        self.key = key
        self.labels = labels
        self.errors = {**errors, **(st.session_state.get(key + "refused__") or {})}
        self.required = set(required) | {f for f, v in errors.items() if v == REQUIRED}

    @property
    def tried(self) -> bool:
        return bool(st.session_state.get(self.key + "tried__"))

    def attempt(self) -> None:
        """The button's on_click: from now on every problem shows (a service's earlier refusal
        is judged again by the service)."""
        st.session_state[self.key + "tried__"] = True
        st.session_state.pop(self.key + "refused__", None)

    def refused(self, errors: dict[str, str]) -> None:
        """A service's `FieldErrors` after the press: shown at their fields from the next run."""
        st.session_state[self.key + "tried__"] = True
        st.session_state[self.key + "refused__"] = dict(errors)

    def call(self, fn) -> tuple[bool, object]:
        """Run the form's service call: its `FieldErrors` stand at their fields (the page is drawn
        again), a lost update or a refusal is said here; (True, what it returned) when it went
        through, (False, None) otherwise."""
        try:
            result = fn()
        except FieldErrors as e:
            self.refused(e.errors)
            st.rerun()
        except Conflict as e:
            st.error(t(e.key))
        except (Refused, PermissionDenied) as e:
            st.error(reason(e))
        else:
            return True, result
        return False, None

    def label(self, field: str, text: str | None = None) -> str:
        return mark(text if text is not None else self.labels.get(field, field), field in self.required)

    def shown(self) -> dict[str, str]:
        """The problems the user sees now, in the order of the form's labels."""
        order = list(self.labels)
        visible = {f: k for f, k in self.errors.items() if k != REQUIRED or self.tried}
        return dict(sorted(visible.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))

    def message(self, field: str) -> Markdown | None:
        key = self.shown().get(field)
        if key is None:
            return None
        problem = t("form.field_required") if key == REQUIRED else error_text(key)
        name = Markdown(self.labels.get(field, field))
        if name.endswith(("?", ":")):          # a question needs no colon: "Var hände det? Fyll i fältet."
            return Markdown(f"{name} {problem}")
        return t("form.field_problem", field=name, problem=problem)

    def error(self, field: str) -> None:
        """The field's problem, under it, naming it."""
        text = self.message(field)
        if text is not None:
            st.error(text, icon=":material/error:")

    def summary(self, fields: Iterable[str] | None = None) -> None:
        """At the button, after a press: how many fields, which (only `fields`, e.g. one step's)."""
        if not self.tried:
            return
        shown = self.shown()
        if fields is not None:
            wanted = set(fields)
            shown = {f: k for f, k in shown.items() if f in wanted}
        missing = [Markdown(self.labels.get(f, f)) for f, k in shown.items() if k == REQUIRED]
        wrong = [Markdown(self.labels.get(f, f)) for f, k in shown.items() if k != REQUIRED]
        parts = []
        for names, one, many in ((missing, "form.summary_missing_one", "form.summary_missing"),
                                 (wrong, "form.summary_fix_one", "form.summary_fix")):
            if names:
                parts.append(t(one, fields=readable_list(names)) if len(names) == 1
                             else t(many, n=len(names), fields=readable_list(names)))
        if parts:
            st.error(Markdown(" ".join(p if p.endswith(("?", ".", "!")) else p + "." for p in parts)),
                     icon=":material/error:")

    def blocks(self, fields: Iterable[str] | None = None) -> bool:
        """Whether a press must stop here (any problem, among `fields` when given)."""
        if fields is None:
            return bool(self.errors)
        return any(f in self.errors for f in fields)


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
