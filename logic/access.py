"""Users, roles, units and the permission decision (X-1).

`decide(user, action, case)` answers allowed-or-not with a reason a person can read (a
translation key plus parameters). Pages ask it before drawing; services ask it again before
changing anything, so hiding a page is never the only protection.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
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
    HANDLE_REPAIR = "handle_repair"            # plan, answer and close a repair request (DEV-16 … DEV-18)
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
    Action.HANDLE_REPAIR: frozenset({Role.CENTRE_STAFF}),
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
class Scope:
    """A set of values a user holds beyond roles and units (see USER_SCOPES), e.g. the units
    where a physician may read certificates; `refused` names, for values just outside it, why
    (a translation key, e.g. the CERT-2 prerequisite that is missing there)."""
    allowed: frozenset[str] = frozenset()
    refused: tuple[tuple[str, str], ...] = ()

    def __contains__(self, value: object) -> bool:
        return value in self.allowed

    def refusal(self, value: object) -> str | None:
        return next((key for v, key in self.refused if v == value), None)


NO_SCOPE = Scope()


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
    scopes: tuple[tuple[str, Scope], ...] = ()     # (name, scope), filled by with_scopes

    def has(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)

    def scope(self, name: str) -> Scope:
        return next((s for n, s in self.scopes if n == name), NO_SCOPE)


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


def can_see_case(user: User, case: dict) -> bool:
    return decide(user, Action.VIEW_CASE, case).allowed


def _case_rule(user: User, action: Action, case: dict) -> Decision:
    # Each context's policy registers its case rules (logic.composition.wire).
    rule = CASE_RULES.get(case.get("kind"))
    if rule is not None:
        return rule(user, action, case)
    # Secure default: a kind whose rules were never registered is shown to nobody.
    return deny("access.not_your_case")


# kind -> function(user, action, case) -> Decision: each context's policy, registered by
# logic.composition.wire.
CASE_RULES: dict[str, Any] = {}

# name -> function(tx, user) -> Scope (or an iterable of allowed values): what a kind's rule
# needs to know about a user beyond roles and units — the units where a physician may read
# certificates (CERT-2), the ORG cases a manager handled, the urgent cases with a task for a
# partner's office. Worked out once when the user is loaded (logic.users, again after every
# write), so that the case rule and the board's SQL read the very same set.
USER_SCOPES: dict[str, Callable[[Any, User], Scope | Iterable[str]]] = {}


def with_scopes(tx: Any, user: User) -> User:
    """The user with every registered scope read through `tx`."""
    scopes = []
    for name, load in sorted(USER_SCOPES.items()):
        got = load(tx, user)
        scopes.append((name, got if isinstance(got, Scope) else Scope(frozenset(got))))
    return replace(user, scopes=tuple(scopes))


# ------------------------------------------------------------------ reach: one rule, two readings


@dataclass(frozen=True)
class Reach:
    """Which cases of a kind a user may see (or whose person): every case, or those whose
    `cases` column holds one of the given values in any of the terms. A kind's case rule asks
    `holds(case)`; the board turns the same Reach into SQL over its index
    (clauses.reach_clause), so the case page and the board cannot disagree (X-4)."""
    everything: bool = False
    terms: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def where(cls, **columns: Iterable[str | None]) -> "Reach":
        """Cases whose column (unit_id, created_by, assignee, queue, subtype, category, id)
        holds one of the values; empty sets are left out."""
        terms = tuple((col, frozenset(v for v in values if v)) for col, values in columns.items())
        return cls(False, tuple((c, v) for c, v in terms if v))

    def __or__(self, other: "Reach") -> "Reach":
        if self.everything or other.everything:
            return EVERY_CASE
        merged: dict[str, frozenset[str]] = {}
        for col, values in (*self.terms, *other.terms):
            merged[col] = merged.get(col, frozenset()) | values
        return Reach(False, tuple(sorted(merged.items())))

    def holds(self, case: Mapping[str, Any]) -> bool:
        return self.everything or any(case.get(col) in values for col, values in self.terms)


EVERY_CASE = Reach(everything=True)
NO_CASE = Reach()


# action -> function(user) -> Decision: refinements that depend on the user rather than on a
# case (e.g. URG-12: the urgent-case report needs authority level 6), from the contexts'
# policies (logic.composition.wire).
ACTION_RULES: dict[Action, Any] = {}
