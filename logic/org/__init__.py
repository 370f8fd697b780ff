"""ORG — organisational deviations (and the care deviations linked to them): routing to the
nearest manager and the insurance-medicine escalation ladder. Importing the package registers
its case rule for both kinds, its reach as the board's visibility, and the user scopes the
rule reads."""
from logic import access
from logic.org import rules, services
from logic.org.model import KINDS
from logic.store import board_repo

for _kind in KINDS:
    access.CASE_RULES[_kind] = rules.case_rule
    board_repo.VISIBILITY[_kind] = board_repo.reach_visibility(rules.reach)
access.USER_SCOPES[rules.HANDLED] = services.handled_scope
access.USER_SCOPES[rules.MANAGED] = services.managed_scope
