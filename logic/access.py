"""Users, roles, units and the permission decision (X-1).

`decide(user, action, case)` answers allowed-or-not with a reason a person can read (a
translation key plus parameters). Pages ask it before drawing; services ask it again before
changing anything, so hiding a page is never the only protection.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    REPORTER = "reporter"          # förskrivare / vårdpersonal
    CENTRE_STAFF = "centre_staff"  # hjälpmedelscentral, tekniker
    HANDLER = "handler"            # avvikelsehandläggare
    MANAGER = "manager"            # chef
    PHYSICIAN = "physician"        # läkare
    INSURER = "insurer"            # forsikringsselskab
    PARTNER = "partner"            # partner / kontor
    ANALYST = "analyst"
    ADMIN = "admin"
    AUDITOR = "auditor"            # reads the access log
    ORG_LADDER = "org_ladder"      # holds a level of the ORG-6 ladder (committee chair, forum, group)


class Action(StrEnum):
    VIEW_START = "view_start"
    VIEW_MESSAGES = "view_messages"
    REGISTER_DEVIATION = "register_deviation"
    SEARCH_DEVIATIONS = "search_deviations"
    VIEW_CASE = "view_case"
    ANSWER_DEVIATION = "answer_deviation"
    HANDLE_DEVIATION = "handle_deviation"      # investigate, record reports, close
    VIEW_PERSON_ID = "view_person_id"
    VIEW_BOARD = "view_board"
    VIEW_DASHBOARD = "view_dashboard"
    EXPORT = "export"
    ADMIN_USERS = "admin_users"
    ADMIN_REFERENCE = "admin_reference"
    READ_ACCESS_LOG = "read_access_log"
    REPORT_ORG = "report_org"
    HANDLE_ORG = "handle_org"
    WRITE_CERTIFICATE = "write_certificate"
    SIMULATE_FK = "simulate_fk"
    VIEW_URGENT = "view_urgent"
    CREATE_URGENT = "create_urgent"
    HANDLE_URGENT = "handle_urgent"
    URGENT_REPORT = "urgent_report"
    ADMIN_URGENT = "admin_urgent"


ALL_ROLES = frozenset(Role)

# Which roles may take an action at all; case-level rules refine this below.
ROLE_PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW_START: ALL_ROLES,
    Action.VIEW_MESSAGES: ALL_ROLES,
    Action.REGISTER_DEVIATION: frozenset({Role.REPORTER, Role.CENTRE_STAFF, Role.HANDLER}),
    Action.SEARCH_DEVIATIONS: frozenset({Role.REPORTER, Role.CENTRE_STAFF, Role.HANDLER}),
    Action.VIEW_CASE: frozenset(ALL_ROLES - {Role.ADMIN, Role.AUDITOR}),
    Action.ANSWER_DEVIATION: frozenset({Role.CENTRE_STAFF}),
    Action.HANDLE_DEVIATION: frozenset({Role.HANDLER}),
    Action.VIEW_PERSON_ID: frozenset({Role.REPORTER, Role.CENTRE_STAFF, Role.HANDLER,
                                      Role.PHYSICIAN, Role.MANAGER}),
    Action.VIEW_BOARD: frozenset(ALL_ROLES - {Role.ADMIN, Role.AUDITOR}),
    Action.VIEW_DASHBOARD: frozenset({Role.ANALYST, Role.HANDLER, Role.MANAGER}),
    Action.EXPORT: frozenset({Role.ANALYST, Role.HANDLER, Role.MANAGER, Role.CENTRE_STAFF,
                              Role.REPORTER, Role.INSURER, Role.PHYSICIAN}),
    Action.ADMIN_USERS: frozenset({Role.ADMIN}),
    Action.ADMIN_REFERENCE: frozenset({Role.ADMIN}),
    Action.READ_ACCESS_LOG: frozenset({Role.AUDITOR, Role.ADMIN}),
    Action.REPORT_ORG: frozenset(ALL_ROLES - {Role.ANALYST, Role.INSURER, Role.PARTNER, Role.ADMIN,
                                              Role.AUDITOR}),
    Action.HANDLE_ORG: frozenset({Role.MANAGER, Role.ORG_LADDER}),
    Action.WRITE_CERTIFICATE: frozenset({Role.PHYSICIAN}),
    Action.SIMULATE_FK: frozenset({Role.ADMIN}),
    Action.VIEW_URGENT: frozenset({Role.INSURER, Role.PARTNER}),
    Action.CREATE_URGENT: frozenset({Role.PARTNER}),
    Action.HANDLE_URGENT: frozenset({Role.INSURER}),
    Action.URGENT_REPORT: frozenset({Role.INSURER}),
    Action.ADMIN_URGENT: frozenset({Role.INSURER, Role.ADMIN}),
}


@dataclass(frozen=True)
class User:
    username: str
    name: str
    roles: frozenset[Role]
    units: tuple[str, ...] = ()
    prescriber_code: str | None = None
    title: str | None = None
    lang: str = "sv"
    tz: str = "Europe/Stockholm"
    authority_level: int | None = None
    email: str | None = None

    def has(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""                      # translation key
    params: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason: str, **params: Any) -> Decision:
    return Decision(False, reason, params)


class PermissionDenied(Exception):
    def __init__(self, decision: Decision):
        super().__init__(decision.reason)
        self.decision = decision


def require(decision: Decision) -> None:
    if not decision.allowed:
        raise PermissionDenied(decision)


def decide(user: User | None, action: Action, case: dict | None = None) -> Decision:
    """May `user` take `action` (on `case`, a row of `cases`, when given)?"""
    if user is None:
        return deny("access.login_required")
    _load_contexts()
    allowed_roles = ROLE_PERMISSIONS.get(action, frozenset())
    if not (user.roles & allowed_roles):
        return deny("access.role_missing", action=action.value)
    action_rule = ACTION_RULES.get(action)
    if action_rule is not None:
        refined = action_rule(user)
        if not refined:
            return refined
    if case is None:
        return ALLOW
    return _case_rule(user, action, case)


_contexts_loaded = False


def _load_contexts() -> None:
    """Every context registers its case and action rules when imported; make sure all are,
    before the first decision (imported lazily: the contexts import this module)."""
    global _contexts_loaded
    if not _contexts_loaded:
        _contexts_loaded = True
        import logic.contexts  # noqa: F401


def can_see_case(user: User, case: dict) -> bool:
    return decide(user, Action.VIEW_CASE, case).allowed


def _case_rule(user: User, action: Action, case: dict) -> Decision:
    kind = case.get("kind")
    if kind in ("deviation", "repair"):
        return _deviation_case_rule(user, action, case)
    # Other kinds register their own case rules (org, certificate, urgent).
    rule = CASE_RULES.get(kind)
    if rule is not None:
        return rule(user, action, case)
    # Secure default: a kind whose rules were never registered is shown to nobody.
    return deny("access.not_your_case")


def _deviation_case_rule(user: User, action: Action, case: dict) -> Decision:
    own = case.get("created_by") == user.username
    in_unit = case.get("unit_id") in user.units
    if action in (Action.VIEW_CASE, Action.VIEW_PERSON_ID):
        if user.has(Role.CENTRE_STAFF, Role.HANDLER):
            return ALLOW
        if user.has(Role.REPORTER) and (own or in_unit):
            return ALLOW
        if action is Action.VIEW_CASE and user.has(Role.ANALYST, Role.MANAGER):
            return ALLOW  # analysts and managers read, without person ids (see VIEW_PERSON_ID)
        return deny("access.not_your_case")
    if action is Action.ANSWER_DEVIATION:
        if case.get("status") == "closed":
            return deny("dev.already_closed")
        return ALLOW
    if action is Action.HANDLE_DEVIATION:
        if case.get("status") == "closed":
            return deny("dev.already_closed")
        return ALLOW
    return ALLOW


# kind -> function(user, action, case) -> Decision, filled in by the other contexts.
CASE_RULES: dict[str, Any] = {}

# action -> function(user) -> Decision: refinements that depend on the user rather than on a
# case (e.g. URG-12: the urgent-case report needs authority level 6), filled in by the contexts.
ACTION_RULES: dict[Action, Any] = {}
