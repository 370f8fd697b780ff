"""ORG — organisational deviations (and the care deviations linked to them): routing to the
nearest manager and the insurance-medicine escalation ladder. Importing the package registers
its case rule for both kinds."""
from logic import access
from logic.org import rules
from logic.org.model import KINDS

for _kind in KINDS:
    access.CASE_RULES[_kind] = rules.case_rule
