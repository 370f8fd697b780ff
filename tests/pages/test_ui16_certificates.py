"""Issue 16 on the certificate side (items 6, 7 and 10) and issue 17's certificate work lists
(CERT-19): one way to validate in the certificate forms, a confirmation before copy and replace,
and the work lists named and split as the seed says."""
from __future__ import annotations

from tests.pages.conftest import read, texts
from tests.pages.test_certificate_pages import ADMIN, CERT, FK, LISTS, PATIENT, count, one, query


def _texts(elements) -> list[str]:
    return [read(e.value) for e in elements]


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _certs(path) -> list[str]:
    return [r["id"] for r in query(path, "SELECT id FROM cases WHERE kind = 'certificate' ORDER BY id")]


# ------------------------------------------------------------------ item 7: copy and replace


def test_ui16_confirm_copying_a_locked_draft_says_what_happens_and_cancel_creates_nothing(open_page, demo_db_path):
    case_id = one(demo_db_path, "draft", "lisjp", "AND c.created_at < TIMESTAMP '2026-11-05'")
    at = open_page(CERT, "lakare", {"id": case_id})
    before = count(demo_db_path)
    _button(at, "Kopiera till nytt utkast").click().run()
    assert any(f"låsta utkastet {case_id}" in m for m in _texts(at.markdown))
    assert count(demo_db_path) == before                       # nothing until confirmed
    at.button(key=f"confirm_cert_{case_id}_copy_no__btn").click().run()
    assert count(demo_db_path) == before
    assert not [b for b in at.button if b.key == f"confirm_cert_{case_id}_copy_yes__btn"]
    _button(at, "Kopiera till nytt utkast").click().run()
    at.button(key=f"confirm_cert_{case_id}_copy_yes__btn").click().run()
    assert not at.exception
    assert count(demo_db_path) == before + 1


def test_ui16_confirm_replacing_a_certificate_says_what_happens_and_cancel_creates_nothing(open_page, demo_db_path):
    case_id = one(demo_db_path, "sent", "lisjp")
    at = open_page(CERT, "lakare", {"id": case_id})
    before = count(demo_db_path)
    _button(at, "Ersätt intyget").click().run()
    assert any(f"markeras {case_id} som ersatt" in m for m in _texts(at.markdown))
    assert count(demo_db_path) == before
    at.button(key=f"confirm_cert_{case_id}_replace_no__btn").click().run()
    assert count(demo_db_path) == before
    _button(at, "Ersätt intyget").click().run()
    at.button(key=f"confirm_cert_{case_id}_replace_yes__btn").click().run()
    assert not at.exception
    assert count(demo_db_path) == before + 1
    assert query(demo_db_path, "SELECT count(*) AS n FROM certificates WHERE replaces = ?", [case_id])[0]["n"] == 1
