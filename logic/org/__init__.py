"""ORG — organisational deviations (and the care deviations linked to them): routing to the
nearest manager and the insurance-medicine escalation ladder. Its policy (case rule for both
kinds, its reach as the board's visibility, the user scopes the rule reads) is in policy.py."""
