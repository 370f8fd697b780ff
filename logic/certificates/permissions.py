"""Who may see and do what with a certificate case (X-1, registered in access.CASE_RULES).

Physicians on the certificate's unit see the patient and write. A manager of the unit and
analysts see that the case exists (board, dashboard) but never the patient: VIEW_PERSON_ID is
refused for them, so lists show no name and no personal identity number.
"""
from __future__ import annotations

from logic.access import ALLOW, CASE_RULES, Action, Decision, Role, User, deny


def case_rule(user: User, action: Action, case: dict) -> Decision:
    on_unit = case.get("unit_id") in user.units
    physician_here = user.has(Role.PHYSICIAN) and on_unit
    if action in (Action.VIEW_PERSON_ID, Action.WRITE_CERTIFICATE):
        return ALLOW if physician_here else deny("cert.not_on_unit")
    if action in (Action.VIEW_CASE, Action.EXPORT):
        if physician_here or user.has(Role.ANALYST) or (user.has(Role.MANAGER) and on_unit):
            return ALLOW
        return deny("cert.not_on_unit")
    if action is Action.SIMULATE_FK:
        return ALLOW
    return deny("access.role_missing", action=action.value)


CASE_RULES["certificate"] = case_rule
