"""X-7 (every text the user sees in the user's language): any user may switch to Danish in the
sidebar, so every key of every catalog — and every reference text shown on a screen — has a
Swedish, an English and a Danish text, and the three take the same placeholders ({…}) and keep
the same bold markdown, so `t()` never falls back to Swedish (or drops a value) for a Danish user."""
from __future__ import annotations

import importlib
import string

import pytest

from logic import i18n
from logic.texts import MODULES

LANGS = ("sv", "en", "da")


def placeholders(text: str) -> list[tuple[str, str, str | None]]:
    """The replacement fields of a format string: (name, format spec, conversion), sorted."""
    return sorted((name, spec or "", conv) for _, name, spec, conv in string.Formatter().parse(text)
                  if name is not None)


def catalog_entries() -> list[tuple[str, str, dict]]:
    return [(module, key, entry) for module in MODULES
            for key, entry in importlib.import_module(f"logic.texts.{module}").TEXTS.items()]


def test_x7_i18n_every_key_has_danish_with_the_same_placeholders():
    problems = []
    for module, key, entry in catalog_entries():
        for lang in LANGS:
            text = entry.get(lang)
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{module}: {key} has no {lang!r} text")
        if all(isinstance(entry.get(lang), str) for lang in LANGS):
            fields = {lang: placeholders(entry[lang]) for lang in LANGS}
            if not fields["sv"] == fields["en"] == fields["da"]:
                problems.append(f"{module}: {key} placeholders differ {fields}")
            bold = {lang: entry[lang].count("**") for lang in LANGS}
            if bold["da"] != bold["sv"]:
                problems.append(f"{module}: {key} bold markdown differs {bold}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_x7_i18n_a_danish_user_gets_danish_for_every_key():
    """Through the lookup the pages use: t('da', key) is the Danish text, never the Swedish
    fallback (the issue's example: cert.not_on_unit)."""
    for _, key, entry in catalog_entries():
        params = {name: "X" for name, _, _ in placeholders(entry["sv"]) if name}
        assert entry.get("da") and i18n.t("da", key, **params) == entry["da"].format(**params), key
    assert i18n.t("da", "cert.not_on_unit") != i18n.t("sv", "cert.not_on_unit")


@pytest.mark.parametrize("text, expected", [
    ("Sag {case_id} af {n}", [("case_id", "", None), ("n", "", None)]),
    ("{n:,} rækker {{ikke}}", [("n", ",", None)]),
    ("ingen", []),
])
def test_x7_i18n_placeholder_check_reads_fields_and_ignores_doubled_braces(text, expected):
    assert placeholders(text) == expected
