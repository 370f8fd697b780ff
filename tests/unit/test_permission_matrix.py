"""The permission matrix (X-1, issue 7): for every role and every action, allowed or refused
as SPEC.md's roles table says — written out here independently of logic/access.py, so a
change to the rules that the spec does not allow makes this fail."""
from __future__ import annotations

import pytest

from logic.access import Action, Decision, Role, User, decide

A = Action
# role -> the actions it may take (page level); every other action is refused.
EXPECTED: dict[Role, set[Action]] = {
    Role.REPORTER: {A.VIEW_START, A.VIEW_MESSAGES, A.REGISTER_DEVIATION, A.SEARCH_DEVIATIONS,
                    A.VIEW_CASE, A.VIEW_PERSON_ID, A.VIEW_BOARD, A.EXPORT, A.REPORT_ORG},
    Role.CENTRE_STAFF: {A.VIEW_START, A.VIEW_MESSAGES, A.REGISTER_DEVIATION, A.SEARCH_DEVIATIONS,
                        A.VIEW_CASE, A.ANSWER_DEVIATION, A.HANDLE_REPAIR, A.VIEW_PERSON_ID, A.VIEW_BOARD,
                        A.EXPORT, A.REPORT_ORG},
    Role.HANDLER: {A.VIEW_START, A.VIEW_MESSAGES, A.REGISTER_DEVIATION, A.SEARCH_DEVIATIONS,
                   A.VIEW_CASE, A.HANDLE_DEVIATION, A.VIEW_PERSON_ID, A.VIEW_BOARD,
                   A.VIEW_DASHBOARD, A.EXPORT, A.REPORT_ORG},
    Role.MANAGER: {A.VIEW_START, A.VIEW_MESSAGES, A.VIEW_CASE, A.VIEW_PERSON_ID, A.VIEW_BOARD,
                   A.VIEW_DASHBOARD, A.EXPORT, A.REPORT_ORG, A.HANDLE_ORG},
    Role.PHYSICIAN: {A.VIEW_START, A.VIEW_MESSAGES, A.VIEW_CASE, A.VIEW_PERSON_ID, A.VIEW_BOARD,
                     A.EXPORT, A.REPORT_ORG, A.WRITE_CERTIFICATE},
    Role.INSURER: {A.VIEW_START, A.VIEW_MESSAGES, A.VIEW_CASE, A.VIEW_BOARD, A.EXPORT,
                   A.VIEW_URGENT, A.HANDLE_URGENT, A.URGENT_REPORT, A.ADMIN_URGENT},
    Role.PARTNER: {A.VIEW_START, A.VIEW_MESSAGES, A.VIEW_CASE, A.VIEW_BOARD, A.VIEW_URGENT,
                   A.CREATE_URGENT},
    Role.ANALYST: {A.VIEW_START, A.VIEW_MESSAGES, A.VIEW_CASE, A.VIEW_BOARD, A.VIEW_DASHBOARD,
                   A.EXPORT},
    Role.ADMIN: {A.VIEW_START, A.VIEW_MESSAGES, A.ADMIN_USERS, A.ADMIN_REFERENCE,
                 A.READ_ACCESS_LOG, A.SIMULATE_FK, A.ADMIN_URGENT},
    Role.AUDITOR: {A.VIEW_START, A.VIEW_MESSAGES, A.READ_ACCESS_LOG},
}
NEVER_WITH_PERSON_ID = {Role.ANALYST, Role.INSURER, Role.PARTNER, Role.ADMIN, Role.AUDITOR}


def _user(role: Role) -> User:
    return User(username=f"u-{role.value}", name=role.value, roles=frozenset({role}),
                units=("site-1012",), authority_level=6 if role is Role.INSURER else None)


@pytest.mark.parametrize("role", [r for r in Role if r in EXPECTED])
@pytest.mark.parametrize("action", list(Action))
def test_x1_permission_matrix(role, action):
    decision = decide(_user(role), action)
    expected = action in EXPECTED[role]
    assert decision.allowed is expected, f"{role.value} {action.value}: {decision}"
    if not expected:
        assert decision.reason                       # every refusal says why


def test_x1_no_user_no_action():
    assert all(not decide(None, a) and decide(None, a).reason == "access.login_required" for a in Action)


@pytest.mark.parametrize("role", sorted(NEVER_WITH_PERSON_ID))
def test_x1_roles_that_must_not_see_person_ids(role):
    assert not decide(_user(role), A.VIEW_PERSON_ID)


def test_x1_a_case_kind_without_registered_rules_is_shown_to_nobody():
    for role in EXPECTED:
        assert not decide(_user(role), A.VIEW_CASE, {"kind": "unknown-kind", "created_by": f"u-{role.value}"})


def test_urg12_report_needs_authority_level_6():
    low = User(username="i3", name="i3", roles=frozenset({Role.INSURER}), authority_level=3)
    assert isinstance(decide(low, A.URGENT_REPORT), Decision) and not decide(low, A.URGENT_REPORT)
