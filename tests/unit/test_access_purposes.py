"""X-2: the auditor reads why each identity number was seen in words, in her language — every
purpose the code logs has a text."""
from __future__ import annotations

import re

from logic import audit
from tests.conftest import ROOT

LOGGED = re.compile(r"""(?:log_person_views?|record_access|_log_people)\([^)]*?["']([a-z_]+)["']\)""", re.S)


def _purposes_in_code() -> set[str]:
    return {m for path in (ROOT / "logic").rglob("*.py") for m in LOGGED.findall(path.read_text(encoding="utf-8"))}


def test_x2_every_logged_purpose_has_a_text_in_every_language():
    purposes = _purposes_in_code()
    assert {"view_case", "board", "export", "work_list", "audit_access_log"} <= purposes
    for purpose in purposes:
        for lang in ("sv", "en", "da"):
            assert audit.purpose_label(lang, purpose) != purpose, (purpose, lang)
    assert audit.purpose_label("sv", "view_case") == "Visade ärendet"


def test_x2_an_unknown_purpose_is_shown_as_its_code():
    assert audit.purpose_label("sv", "something_new") == "something_new"
