"""Urgent cases (akut sager): partners of an insurer create them when their office may, the
insurer converts them to normal cases or links them into existing ones (URG-1 … URG-12).

Importing the package registers the case rules for the kinds 'urgent' and 'claim'."""
from logic.urgent import rules as _rules  # noqa: F401  (registers access.CASE_RULES)
