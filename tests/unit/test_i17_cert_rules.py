"""Issue 17's pure certificate rules (docs/RULES17.md): the FMB link (CERT-17)."""
from __future__ import annotations

import pytest

from logic.certificates import rules


@pytest.mark.parametrize("code, expected", [
    ("F32.1", "https://fmb.example/F32/F32.1"),
    (" f321 ", "https://fmb.example/F32/F321"),
    ("M54.5", "https://fmb.example/M54/M54.5"),
])
def test_cert_17_the_fmb_link_is_built_from_the_diagnosis_code(code, expected):
    assert rules.fmb_link(code, "https://fmb.example/{group}/{code}") == expected


@pytest.mark.parametrize("code", [None, "", "   ", "depression", "F3", "32.1", "F32.1)&x=<script>"])
def test_cert_17_no_fmb_link_without_a_valid_code(code):
    assert rules.fmb_link(code, "https://fmb.example/{code}") is None


def test_cert_17_without_a_setting_the_link_opens_the_decision_support():
    assert rules.fmb_link("F32.1") == rules.FMB_DEFAULT_URL == "https://roi.socialstyrelsen.se/fmb"
    assert rules.fmb_link("F32.1", "  ") == rules.FMB_DEFAULT_URL


def test_cert_13_komplettera_has_its_own_text_and_no_certificate_text_key_is_written_twice():
    """A key written twice in a TEXTS literal silently keeps the last one ("Komplettera" once
    replaced "Utkastet är klart att signera.")."""
    import ast

    from logic import i18n
    from tests.conftest import ROOT

    assert i18n.t("sv", "cert.complete") == "Utkastet är klart att signera."
    assert i18n.t("sv", "cert.complete_action") == "Komplettera"
    for path in (ROOT / "logic" / "texts").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                assert len(keys) == len(set(keys)), (path.name, sorted({k for k in keys if keys.count(k) > 1}))
