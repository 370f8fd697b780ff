"""ORG — organisational deviations (and the care deviations linked to them): routing to the
nearest manager and the insurance-medicine escalation ladder. Importing the package registers
its case rule for both kinds."""
from logic import access
from logic.org import rules
from logic.org.model import KINDS
from logic.store import board_repo

for _kind in KINDS:
    access.CASE_RULES[_kind] = rules.case_rule
    # the person on an ORG/care case is seen by whoever sees the case (case_rule)
    board_repo.VISIBILITY[_kind] = board_repo.KindVisibility(rules.board_see, rules.board_see)
