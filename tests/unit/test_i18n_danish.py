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


# ------------------------------------------------------------------ reference data shown to users


def reference_texts() -> list[tuple[str, str, dict]]:
    """Every text in data/reference/ a screen shows: (file, code, {"sv","en","da"}), for names
    and for guidance (ORG-3) where the Swedish has one."""
    import json

    from logic.certificates.reference import TYPES_FILE
    from logic.org.reference import FILE as ORG_FILE
    from logic.reference import REFERENCE

    out = []
    categories = json.loads((REFERENCE / "deviation_categories.json").read_text(encoding="utf-8"))
    for event_type, items in categories.items():
        if not event_type.startswith("_"):
            out += [("deviation_categories", f"{event_type}/{i['code']}", i) for i in items]
    for area in json.loads(ORG_FILE.read_text(encoding="utf-8"))["areas"]:
        for node in [area, *area.get("types", [])]:
            out.append(("org_classification", node["code"], node))
            if node.get("guidance_sv"):
                out.append(("org_classification", f"{node['code']} guidance",
                            {lang: node.get(f"guidance_{lang}") for lang in LANGS}))
    out += [("certificate_types", i["code"], i)
            for i in json.loads(TYPES_FILE.read_text(encoding="utf-8"))["types"]]
    return out


def test_x7_i18n_reference_data_shown_to_users_has_danish_with_the_same_placeholders():
    texts = reference_texts()
    assert len(texts) == 18 + 22 + 4 + 10      # categories, ORG nodes, ORG guidance, certificate types
    problems = []
    for source, code, entry in texts:
        missing = [lang for lang in LANGS if not isinstance(entry.get(lang), str) or not entry[lang].strip()]
        if missing:
            problems.append(f"{source}: {code} has no {missing}")
        elif not placeholders(entry["sv"]) == placeholders(entry["en"]) == placeholders(entry["da"]):
            problems.append(f"{source}: {code} placeholders differ")
    assert not problems, "\n".join(problems)


def test_x7_i18n_certificate_type_names_agree_with_the_catalog():
    """The board names a certificate's type from the catalog, its page from the table loaded
    from certificate_types.json: in every language they are the same name."""
    for source, code, entry in reference_texts():
        if source == "certificate_types":
            for lang in LANGS:
                assert i18n.t(lang, f"certificate.type.{code}") == entry[lang], (code, lang)


def test_x7_i18n_pick_gives_the_users_language_then_swedish():
    assert i18n.pick("da", "Fallolycka", "Fall", "Faldulykke") == "Faldulykke"
    assert i18n.pick("en", "Fallolycka", "Fall", "Faldulykke") == "Fall"
    assert i18n.pick("sv", "Fallolycka", "Fall", "Faldulykke") == "Fallolycka"
    assert i18n.pick("da", "Egen kategori", "Own category", None) == "Egen kategori"   # admin gave no Danish
    assert i18n.pick("en", "Egen kategori", None, None) == "Egen kategori"
    row = {"type_name_sv": "Dödsbevis", "type_name_en": "Death certificate", "type_name_da": "Dødsattest"}
    assert i18n.pick_row("da", row, "type_name") == "Dødsattest"
