"""Who may see and do what with a deviation or repair case (X-1): the deviations context's
case rule, and its reach — one rule for the case page and the board (logic.policy)."""
from __future__ import annotations

from logic.access import ALLOW, EVERY_CASE, NO_CASE, Action, Decision, Reach, Role, User, deny


def reach(user: User, action: Action) -> Reach:
    """Deviations and repairs: centre staff and handlers see every case and its person; a
    reporter the own cases and those of the own units; analysts and managers read every case,
    without the person (VIEW_PERSON_ID)."""
    if user.has(Role.CENTRE_STAFF, Role.HANDLER):
        return EVERY_CASE
    if action is Action.VIEW_CASE and user.has(Role.ANALYST, Role.MANAGER):
        return EVERY_CASE
    if user.has(Role.REPORTER):
        return Reach.where(created_by=[user.username], unit_id=user.units)
    return NO_CASE


def case_rule(user: User, action: Action, case: dict) -> Decision:
    if action in (Action.VIEW_CASE, Action.VIEW_PERSON_ID):
        return ALLOW if reach(user, action).holds(case) else deny("access.not_your_case")
    if action is Action.ANSWER_DEVIATION:
        if case.get("status") == "closed":
            return deny("dev.already_closed")
        return ALLOW
    if action is Action.HANDLE_DEVIATION:
        if case.get("status") == "closed":
            return deny("dev.already_closed")
        return ALLOW
    if action is Action.HANDLE_REPAIR:          # DEV-16 … DEV-18: the centre's technician
        if case.get("kind") != "repair":
            return deny("dev.not_a_repair")
        if case.get("status") == "closed":
            return deny("dev.already_closed")
        return ALLOW
    return ALLOW
