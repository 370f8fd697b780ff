"""Page access through AppTest (X-1, issue 7): a page opened directly by a demo user whose
role does not allow it shows the refusal and nothing of the data."""
from __future__ import annotations

import pytest

from logic.access import Role, User, decide
from tests.pages.conftest import texts
from ui.nav import PAGES

pytestmark = pytest.mark.both_backends

DEMO_USER = {Role.REPORTER: "reporter", Role.CENTRE_STAFF: "tekniker", Role.HANDLER: "handlaggare",
             Role.MANAGER: "chef", Role.PHYSICIAN: "lakare", Role.INSURER: "forsikring",
             Role.PARTNER: "partner", Role.ANALYST: "analytiker", Role.ADMIN: "admin",
             Role.AUDITOR: "granskare"}
SECRETS = ("191212121212", "19121212-1212", "Tolvan")

DENIED = [(entry.path, role) for entry in PAGES for role in DEMO_USER
          if not decide(User(username="x", name="x", roles=frozenset({role}),
                             authority_level=6 if role is Role.INSURER else None), entry.action)]


def test_the_matrix_has_refusals_to_check():
    assert len(DENIED) > 50


@pytest.mark.parametrize(("page", "role"), DENIED)
def test_x1_page_refused_for_a_role_without_permission_shows_no_data(open_page, page, role):
    at = open_page(page, DEMO_USER[role])
    assert not at.exception, at.exception
    assert at.error, "the refusal is shown"
    shown = texts(at)
    assert not any(s in shown for s in SECRETS)
    assert len(at.dataframe) == 0
    assert not at.get("plotly_chart")
