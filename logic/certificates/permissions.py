"""Who may see and do what with a certificate case (X-1, registered in access.CASE_RULES).

Physicians on the certificate's unit see the patient and write. A manager of the unit and
analysts see that the case exists (board, dashboard) but never the patient: VIEW_PERSON_ID is
refused for them, so lists show no name and no personal identity number.
"""
from __future__ import annotations

from logic.access import ALLOW, CASE_RULES, Action, Decision, Role, User, deny
from logic.store import board_repo


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


def board_see(user: User, codes: board_repo.Codes) -> board_repo.Clause:
    """SQL twin of case_rule for VIEW_CASE, over board_index (the board counts with it)."""
    if user.has(Role.ANALYST):
        return board_repo.TRUE
    if user.has(Role.PHYSICIAN, Role.MANAGER):
        return codes.is_in("b.unit_c", "unit", user.units)
    return board_repo.FALSE


def board_person(user: User, codes: board_repo.Codes) -> board_repo.Clause:
    """SQL twin of case_rule for VIEW_PERSON_ID."""
    if user.has(Role.PHYSICIAN):
        return codes.is_in("b.unit_c", "unit", user.units)
    return board_repo.FALSE


CASE_RULES["certificate"] = case_rule
board_repo.VISIBILITY["certificate"] = board_repo.KindVisibility(board_see, board_person)
