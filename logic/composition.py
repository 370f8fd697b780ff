"""The composition root: wires the case contexts into the application. Each context exports
one policy (its `policy.py`, a logic.policy.Policy); `wire` registers them where the
application asks — the case and action rules and user scopes in logic.access, the SQL twins
and board columns in logic.store.board_visibility. No module registers anything when imported.

Called once, before anything decides: by the app (app.py and every page through
ui.shell.page), by logic/bootstrap.py and the command-line tools, and by the tests
(tests/conftest.py). Calling it again changes nothing.
"""
from __future__ import annotations

from logic import access
from logic.certificates.policy import POLICY as CERTIFICATES
from logic.deviations.policy import POLICY as DEVIATIONS
from logic.org.policy import POLICY as ORG
from logic.policy import Policy
from logic.store import board_visibility
from logic.urgent.policy import POLICY as URGENT

POLICIES: tuple[Policy, ...] = (DEVIATIONS, ORG, CERTIFICATES, URGENT)

_wired = False


def wire() -> None:
    """Register every context's policy (once)."""
    global _wired
    if _wired:
        return
    for policy in POLICIES:
        for kind in policy.kinds:
            access.CASE_RULES[kind] = policy.case_rule
            if policy.visibility is not None:
                board_visibility.VISIBILITY[kind] = policy.visibility
            if policy.untyped:
                board_visibility.UNTYPED.add(kind)
            if policy.subtype_names is not None:
                board_visibility.SUBTYPE_NAMES[kind] = policy.subtype_names
        access.ACTION_RULES.update(policy.action_rules)
        access.USER_SCOPES.update(policy.user_scopes)
    _wired = True
