"""Issue 16 items 3 and 10: no English on Swedish and Danish screens that the app could have set,
and one way to write a date per language.

The widgets are read from the source (ui/, pages/, app.py): a label is never a literal, every
multiselect goes through `ui.forms.choose_many` (our placeholder, no "Select all"), a selectbox
without a value has our placeholder, every date field takes `**forms.dates(...)` (the
language's date format) and sets no format of its own. What is left is Streamlit's own: the
docs' list (docs/STREAMLIT_STRINGS.md) and the browser check's list (ui_checks.STREAMLIT_OWN)
are the same."""
from __future__ import annotations

import ast
import re
from datetime import date, datetime, timezone

import pytest

from logic import i18n
from tests.conftest import ROOT
from tests.e2e.ui_checks import ENGLISH, STREAMLIT_OWN

LABELLED = {"selectbox", "multiselect", "text_input", "text_area", "number_input", "date_input", "time_input",
            "file_uploader", "radio", "checkbox", "toggle", "button", "form_submit_button", "download_button",
            "slider", "select_slider", "segmented_control", "pills"}


def widget_calls():
    files = [*sorted((ROOT / "ui").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py")), ROOT / "app.py"]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                yield path.relative_to(ROOT).as_posix(), node


def _kw(node: ast.Call) -> dict[str, ast.expr]:
    return {k.arg: k.value for k in node.keywords if k.arg}


def test_ui16_texts_no_widget_label_is_a_literal():
    """A literal label is English or Swedish for every reader ("Time zone" on the user form)."""
    literal = [(path, n.lineno, n.func.attr) for path, n in widget_calls() if n.func.attr in LABELLED
               and n.args and isinstance(n.args[0], ast.Constant) and str(n.args[0].value).strip()]
    assert literal == []


def test_ui16_texts_every_multiselect_goes_through_choose_many():
    direct = [(path, n.lineno) for path, n in widget_calls()
              if n.func.attr == "multiselect" and path != "ui/forms.py"]
    assert direct == []


def test_ui16_texts_a_selectbox_without_a_value_has_our_placeholder():
    bare = [(path, n.lineno) for path, n in widget_calls() if n.func.attr == "selectbox"
            and isinstance(_kw(n).get("index"), ast.Constant) and _kw(n)["index"].value is None
            and "placeholder" not in _kw(n)]
    assert bare == []


def test_ui16_texts_every_date_field_takes_the_languages_format_from_forms_dates():
    wrong = []
    for path, n in widget_calls():
        if n.func.attr != "date_input":
            continue
        spread = [k.value for k in n.keywords if k.arg is None]
        from_dates = any(isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "dates"
                         for v in spread)
        if not from_dates or "format" in _kw(n):
            wrong.append((path, n.lineno))
    assert wrong == []


def _documented() -> set[tuple[str, str]]:
    text = (ROOT / "docs" / "STREAMLIT_STRINGS.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z-]+)` \| `([^`]+)` \|", text, flags=re.M))


def test_ui16_texts_streamlits_own_strings_are_the_documented_ones():
    assert _documented() == set(STREAMLIT_OWN)
    assert all(ENGLISH.search(text) for _, text in STREAMLIT_OWN)     # each is one the check would flag


@pytest.mark.parametrize("locale, lang", [("da-DK", "da"), ("da", "da"), ("en-GB", "en"), ("sv-SE", "sv"),
                                          ("nb-NO", "sv"), (None, "sv"), ("", "sv")])
def test_ui16_texts_the_login_page_speaks_the_browsers_language(locale, lang):
    assert i18n.from_locale(locale) == lang


@pytest.mark.parametrize("lang, shown, widget", [("sv", "2026-11-30 14:05", "YYYY-MM-DD"),
                                                 ("en", "2026-11-30 14:05", "YYYY-MM-DD"),
                                                 ("da", "30.11.2026 14:05", "DD.MM.YYYY")])
def test_ui16_dates_one_format_per_language(lang, shown, widget):
    from ui.format import day, dt

    moment = datetime(2026, 11, 30, 13, 5, tzinfo=timezone.utc)
    # a page may ask for "%Y-%m-%d" or "%d.%m.%Y": both are "the date", written the language's way
    assert dt(moment, "Europe/Stockholm", lang=lang) == shown
    assert dt(moment, "Europe/Stockholm", "%d.%m.%Y %H:%M", lang=lang) == shown
    assert day(date(2026, 11, 30), lang=lang) == shown.split()[0]
    assert day(moment, "Europe/Copenhagen", lang=lang) == shown.split()[0]
    assert i18n.DATE_WIDGET_FORMATS[lang] == widget
