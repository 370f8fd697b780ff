"""Urgent cases (akut sager): partners of an insurer create them when their office may, the
insurer converts them to normal cases or links them into existing ones (URG-1 … URG-12).

Importing the package registers the case rules for the kinds 'urgent' and 'claim' (and the
user scope they read)."""
from logic import access as _access
from logic.urgent import rules as _rules  # noqa: F401  (registers access.CASE_RULES)
from logic.urgent import services as _services

_access.USER_SCOPES[_rules.TASKS] = _services.tasks_scope
