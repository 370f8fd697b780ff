"""X-1: every page requires login; a page opened directly without a session shows no data."""
from __future__ import annotations


import pytest

from tests.conftest import ROOT
from tests.pages.conftest import texts

PAGES = ["app.py"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_x1_page_without_session_shows_login_and_no_data(open_page, page):
    at = open_page(page, None)
    assert not at.exception
    shown = texts(at)
    assert "Logga in" in shown or any(el.value == "Logga in" for el in at.subheader)
    assert "Tolvan" not in shown and "AV26" not in shown and "191212121212" not in shown
    assert len(at.dataframe) == 0


@pytest.mark.parametrize("page", PAGES)
def test_x1_every_page_opens_for_a_permitted_user_without_error(open_page, page):
    user = {"pages/90_Admin.py": "admin"}.get(page, "handlaggare")
    at = open_page(page, user)
    assert not at.exception, at.exception
