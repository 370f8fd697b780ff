"""X-7: nothing typed is cut without a word. Every text field of every input model refuses a
value over its limit with a message naming the limit and the length typed (the page keeps the
text in its widget); control characters are never stored; no widget cuts a paste (max_chars).
Issue 13, section 4 and section 8 ("Control characters")."""
from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import logic
from logic import i18n, inputs
from logic.certificates import fields
from logic.errors import Msg

ROOT = Path(__file__).resolve().parents[2]


def _input_models() -> list[type[BaseModel]]:
    for module in pkgutil.walk_packages(logic.__path__, "logic."):
        importlib.import_module(module.name)
    found, todo = [], list(BaseModel.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("logic."):
            found.append(cls)
    return found


LIMITED = sorted(((model, name, marker) for model in _input_models()
                  for name, info in model.model_fields.items()
                  for marker in info.metadata if isinstance(marker, inputs.Limit)),
                 key=lambda x: (x[0].__qualname__, x[1]))
IDS = [f"{m.__name__}.{n}" for m, n, _ in LIMITED]


def test_x7_the_limited_fields_are_found():
    """The table below is every model's every limited field; these must be among them."""
    names = set(IDS)
    for expected in ("DeviationDraft.what_happened", "DeviationDraft.recipient_id", "OrgDraft.title",
                     "UrgentDraft.short_description", "UrgentDraft.notes", "UserInput.username",
                     "UserInput.title", "BoardFilters.q"):
        assert expected in names
    assert len(LIMITED) >= 35


def _errors(model: type[BaseModel], data: dict) -> dict[str, str]:
    try:
        model.model_validate(data)
    except ValidationError as e:
        return inputs.field_errors(e)
    return {}


@pytest.mark.parametrize("model, name, marker", LIMITED, ids=IDS)
def test_x7_one_character_over_the_limit_is_refused_naming_limit_and_length(model, name, marker):
    limit = marker.chars
    problem = _errors(model, {name: "x" * (limit + 1)})[name]
    assert problem == inputs.TOO_LONG
    assert problem.params == {"limit": limit, "length": limit + 1}        # the whole text was counted
    for lang, words in (("sv", "Högst"), ("en", "At most"), ("da", "Højst")):
        text = i18n.t(lang, problem)
        assert words in text
        assert i18n.number(lang, limit) in text and i18n.number(lang, limit + 1) in text


@pytest.mark.parametrize("model, name, marker", LIMITED, ids=IDS)
def test_x7_a_text_of_exactly_the_limit_is_kept_whole(model, name, marker):
    value = "x" * marker.chars
    assert _errors(model, {name: value}).get(name) != inputs.TOO_LONG
    assert _field(model, name).validate_python(value) == value


def test_x7_the_message_in_each_language():
    problem = inputs.too_long("x" * 1234, 1000)
    assert i18n.t("sv", problem) == "Högst 1\u00a0000 tecken – du har skrivit 1\u00a0234."
    assert i18n.t("en", problem) == "At most 1,000 characters – you have typed 1,234."
    assert i18n.t("da", problem) == "Højst 1.000 tegn – du har skrevet 1.234."
    assert inputs.too_long("x" * 1000, 1000) is None


def test_x7_a_message_with_parameters_is_still_its_key():
    problem = Msg("form.text_too_long", limit=i18n.Count(5), length=i18n.Count(6))
    assert problem == "form.text_too_long" and {problem: 1}["form.text_too_long"] == 1
    import pickle
    assert pickle.loads(pickle.dumps(problem)).params == problem.params


# ------------------------------------------------------------------ certificate fields (CERT-4)

CERT_TEXT = sorted({(spec.name, spec.kind, spec.limit) for specs in fields.FORMS.values() for spec in specs
                    if spec.kind in (fields.Kind.TEXT, fields.Kind.TEXTAREA, fields.Kind.ICD10)})


@pytest.mark.parametrize("name, kind, limit", CERT_TEXT, ids=[c[0] for c in CERT_TEXT])
def test_x7_a_certificate_field_over_its_limit_names_limit_and_length(name, kind, limit):
    spec = next(s for specs in fields.FORMS.values() for s in specs if s.name == name)
    problem = fields.value_error(spec, "A" * (limit + 1), today=None)
    assert problem == inputs.TOO_LONG and problem.params == {"limit": limit, "length": limit + 1}
    assert fields.normalise(spec, "A" * (limit + 1)) == "A" * (limit + 1)   # the draft keeps it all


# ------------------------------------------------------------------ control characters

def test_x7_control_characters_are_removed_one_line_and_multi_line():
    typed = "a\x00b\x1b[31mc\x7fd\x80e\x9ff\u200bg"
    assert inputs.clean(typed) == "ab[31mcdef\u200bg"           # C0, DEL, C1 gone; other text kept
    assert inputs.clean("rad 1\r\nrad 2\trad\x0b3\x85.") == "rad 1 rad 2 rad 3 ."    # one line: a space
    assert inputs.clean("rad 1\r\nrad 2\r\trad\x0c3", multiline=True) == "rad 1\nrad 2\n\trad3"
    assert inputs.clean("åäö ÅÄÖ æøå € 😀") == "åäö ÅÄÖ æøå € 😀"


def _field(model: type[BaseModel], name: str) -> TypeAdapter:
    """The field's own type with its validators (the model's other fields aside)."""
    info = model.model_fields[name]
    return TypeAdapter(Annotated[info.annotation, *info.metadata])


@pytest.mark.parametrize("model, name, marker", LIMITED, ids=IDS)
def test_x7_no_text_field_stores_a_control_character(model, name, marker):
    typed = "Ab\x00c\x1b[0m\x07d\r\ne\x9b"
    stored = _field(model, name).validate_python(typed[: marker.chars] if marker.chars < 5 else typed)
    assert stored and not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", stored)
    if marker.chars >= 5:
        assert stored == ("Abc[0md\ne" if marker.multiline else "Abc[0md e")


def test_x7_a_service_text_is_cleaned_and_checked_the_same_way():
    errors: dict[str, str] = {}
    assert inputs.text("  svar\x00 med\x1b rad\r\n2 ", 100, field="answer", errors=errors, multiline=True) \
        == "svar med rad\n2"
    assert inputs.text("\x00 \x1b", 100, field="answer", errors=errors, required=True) is None
    assert errors == {"answer": "form.required"}
    errors.clear()
    assert inputs.text("x" * 101, 100, field="answer", errors=errors) == "x" * 101
    assert errors["answer"].params == {"limit": 100, "length": 101}


# ------------------------------------------------------------------ the widgets

WIDGET_FILES = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py"), ROOT / "app.py"])


@pytest.mark.parametrize("path", WIDGET_FILES, ids=[str(p.relative_to(ROOT)) for p in WIDGET_FILES])
def test_x7_no_widget_cuts_what_is_typed(path):
    """max_chars makes the browser drop what is pasted beyond it without a word."""
    assert not re.search(r"max_chars\s*=", path.read_text(encoding="utf-8"))
