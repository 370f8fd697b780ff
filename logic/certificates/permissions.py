"""Who may see and do what with a certificate case (X-1, CERT-2; the context's policy).

A physician reads certificates — and sees their patients, and writes — on the units where the
prerequisites that reading needs hold (CERT-2: the care assignment "Vård och behandling"),
worked out once per user as the scope READ_SCOPE (services.read_scope). A manager of the
unit and analysts see that the case exists (board, dashboard) but never the patient:
VIEW_PERSON_ID is refused for them, so lists show no name and no personal identity number.

One rule, `reach`: the case rule asks it of a case, the board turns it into SQL
(logic.policy.reach_visibility), and the certificate services open a case through the case
rule — so the board lists, finds and reveals exactly what the case page opens.
"""
from __future__ import annotations

from logic.access import (
    ALLOW,
    EVERY_CASE,
    NO_CASE,
    Action,
    Decision,
    Reach,
    Role,
    User,
    deny,
)

READ_SCOPE = "cert_read"


def read_decision(user: User, unit_id: str | None) -> Decision:
    """May the user read certificates of this unit (and see their patients)? The reason names
    the missing prerequisite on a unit of the user's, else the unit is not the user's."""
    scope = user.scope(READ_SCOPE)
    if user.has(Role.PHYSICIAN) and unit_id in scope:
        return ALLOW
    return deny((scope.refusal(unit_id) if user.has(Role.PHYSICIAN) else None) or "cert.not_on_unit")


def reach(user: User, action: Action) -> Reach:
    """The certificates the user may see (VIEW_CASE, EXPORT), see the patient of and write
    (VIEW_PERSON_ID, WRITE_CERTIFICATE)."""
    readers = Reach.where(unit_id=user.scope(READ_SCOPE).allowed) if user.has(Role.PHYSICIAN) else NO_CASE
    if action in (Action.VIEW_PERSON_ID, Action.WRITE_CERTIFICATE):
        return readers
    if action in (Action.VIEW_CASE, Action.EXPORT):
        if user.has(Role.ANALYST):
            return EVERY_CASE
        return readers | (Reach.where(unit_id=user.units) if user.has(Role.MANAGER) else NO_CASE)
    return NO_CASE


def case_rule(user: User, action: Action, case: dict) -> Decision:
    if action is Action.SIMULATE_FK:
        return ALLOW
    if action in (Action.VIEW_CASE, Action.EXPORT, Action.VIEW_PERSON_ID, Action.WRITE_CERTIFICATE):
        if reach(user, action).holds(case):
            return ALLOW
        refused = read_decision(user, case.get("unit_id"))
        return refused if not refused else deny("cert.not_on_unit")
    return deny("access.role_missing", action=action.value)
