"""The ORG rules as pure functions: the report check (ORG-2, ORG-3, ORG-7), routing to the
nearest manager (ORG-4), the decisions a level may take (ORG-6), who may see and act
(`case_rule`, the case rule of the kinds "org" and "care" in the context's policy) and case
numbers. The messages' texts are in `message_texts`, the checks on the tree and ladder admins
edit in `reference_rules`.

Nothing here reads the clock or the database: the service resolves what a rule needs.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from logic import i18n
from logic.access import ALLOW, EVERY_CASE, Action, Decision, Reach, Role, User, deny
from logic.org.model import (
    FIELDS,
    LADDER,
    Affected,
    Arrival,
    Entry,
    Level,
    OrgDraft,
    Party,
    Status,
    StepMove,
)

REQUIRED = "form.required"


@dataclass(frozen=True)
class Node:
    """A node of the classification tree (ORG-2): an affected area (parent_code None) or a
    type of organisational deficiency under an area. Reference data; admins extend it."""
    code: str
    parent_code: str | None
    entry: str
    name_sv: str
    name_en: str
    guidance_sv: str | None = None
    guidance_en: str | None = None
    ladder: bool = False          # the insurance-medicine escalation ladder applies (ORG-6)
    sort: int = 0
    active: bool = True
    name_da: str | None = None
    guidance_da: str | None = None

    def name(self, lang: str) -> str:
        return i18n.pick(lang, self.name_sv, self.name_en, self.name_da)

    def guidance(self, lang: str) -> str | None:
        return i18n.pick(lang, self.guidance_sv, self.guidance_en, self.guidance_da)


@dataclass
class CheckContext:
    now_local: datetime                 # the user's wall-clock "now"
    user_units: list[str]               # units the reporter belongs to
    nodes: dict[str, Node]              # active classification nodes
    routed_to: str | None = None        # nearest manager of the draft's unit (ORG-4)
    grounds: frozenset[str] = frozenset()   # active grounds for reporting (ORG-8)


# ------------------------------------------------------------------ the report (ORG-2/3/7)


def areas(nodes: Mapping[str, Node], entry: Entry) -> list[Node]:
    return sorted((n for n in nodes.values() if n.parent_code is None and n.entry == entry.value),
                  key=lambda n: (n.sort, n.code))


def types_of(nodes: Mapping[str, Node], area: str | None) -> list[Node]:
    if not area:
        return []
    return sorted((n for n in nodes.values() if n.parent_code == area), key=lambda n: (n.sort, n.code))


def check(d: OrgDraft, ctx: CheckContext) -> dict[str, str]:
    """{field: translation key} in form order; empty when the report may be registered."""
    e: dict[str, str] = {}
    if not d.unit_id:
        e["unit_id"] = REQUIRED
    elif d.unit_id not in ctx.user_units:
        e["unit_id"] = "org.unit_not_yours"
    elif ctx.routed_to is None:
        e["unit_id"] = "org.no_manager"
    _check_class(d.entry, d.area, d.deficiency, ctx.nodes, e, "area", "deficiency")
    for name in ("title", "what_happened", "location"):
        if not getattr(d, name):
            e[name] = REQUIRED
    when = d.occurred_at_local()
    if when is None:
        e["occurred_date"] = REQUIRED
    elif when > ctx.now_local.replace(tzinfo=None):
        e["occurred_date"] = "org.in_future"
    if not d.affected:
        e["affected"] = REQUIRED
    if d.entry is Entry.ENVIRONMENT or (d.create_linked and d.entry.other is Entry.ENVIRONMENT):
        if d.party is None:
            e["party"] = REQUIRED
        elif d.party is Party.OTHER and not d.party_other:
            e["party_other"] = REQUIRED
    if d.patient_harmed is None:
        e["patient_harmed"] = REQUIRED
    elif d.patient_harmed:
        if Affected.PATIENT not in d.affected and "affected" not in e:
            e["affected"] = "org.harm_needs_patient"
        if not d.harm_description:
            e["harm_description"] = REQUIRED
    if d.create_linked:
        if not d.patient_harmed:
            e["create_linked"] = "org.link_needs_harm"                       # ORG-7
        else:
            _check_class(d.entry.other, d.linked_area, d.linked_deficiency, ctx.nodes, e,
                         "linked_area", "linked_deficiency")
    if asks_grounds(d, ctx.nodes):
        problem = grounds_refusal(d.grounds, ctx.grounds)
        if problem:
            e["grounds"] = problem
    return dict(sorted(e.items(), key=lambda kv: FIELDS.index(kv[0]) if kv[0] in FIELDS else 99))


def _check_class(entry: Entry, area: str | None, deficiency: str | None,
                 nodes: Mapping[str, Node], e: dict[str, str], area_field: str, type_field: str) -> None:
    """ORG-2: an area of the entry's tree, then a deficiency type under that area."""
    node = nodes.get(area or "")
    if not area:
        e[area_field] = REQUIRED
    elif node is None or node.parent_code is not None or node.entry != entry.value:
        e[area_field] = "org.area_invalid"
    if not deficiency:
        e[type_field] = REQUIRED
    elif area_field not in e:
        t = nodes.get(deficiency)
        if t is None or t.parent_code != area:
            e[type_field] = "org.deficiency_not_in_area"


def asks_grounds(d: OrgDraft, nodes: Mapping[str, Node]) -> bool:
    """ORG-8: an insurance-medicine deviation (a type that carries the ladder, ORG-6) — the one
    reported or the linked one (ORG-7) — is reported on one or more grounds."""
    chosen = [d.deficiency] + ([d.linked_deficiency] if d.create_linked else [])
    return any(nodes.get(code or "") is not None and nodes[code or ""].ladder for code in chosen)


def grounds_refusal(chosen: list[str], known: frozenset[str] | set[str]) -> str | None:
    """ORG-8/ORG-9: at least one ground, each one of the reference list's active grounds."""
    if not chosen:
        return REQUIRED
    if any(g not in known for g in chosen):
        return "form.invalid"
    return None


def offer_linked(d: OrgDraft) -> bool:
    """ORG-7: a harmed patient needs both a care deviation and an organisational one."""
    return bool(d.patient_harmed)


# ------------------------------------------------------------------ routing (ORG-4)


@dataclass(frozen=True)
class Route:
    unit_id: str          # the unit whose manager receives the report
    manager: str          # username
    arrival: Arrival      # ROUTED, or ROUTED_SELF when the reporter is that manager


def nearest_manager(start_unit: str, units: Mapping[str, Mapping[str, Any]],
                    is_manager: Callable[[str], bool]) -> tuple[str, str] | None:
    """Walk up the unit tree from `start_unit` to the first unit whose manager can act
    (`is_manager`: an active user with the manager role). None when there is none."""
    seen: set[str] = set()
    current: str | None = start_unit
    while current and current not in seen:
        seen.add(current)
        unit = units.get(current)
        if unit is None:
            return None
        manager = unit.get("manager")
        if manager and is_manager(manager):
            return current, manager
        current = unit.get("parent_id")
    return None


def route(reporter: str, start_unit: str, units: Mapping[str, Mapping[str, Any]],
          is_manager: Callable[[str], bool]) -> Route | None:
    """ORG-4: the report goes to the reporter's nearest manager — to the reporter when the
    reporter is that manager."""
    found = nearest_manager(start_unit, units, is_manager)
    if found is None:
        return None
    unit_id, manager = found
    return Route(unit_id, manager, Arrival.ROUTED_SELF if manager == reporter else Arrival.ROUTED)


# ------------------------------------------------------------------ the ladder (ORG-6)


def decisions(status: str, level: str, ladder_applies: bool) -> list[StepMove]:
    """What the case's current level may decide now."""
    if status == Status.CLOSED.value:
        return []
    lv = Level(level)
    nxt = lv.next if ladder_applies else None
    out: list[StepMove] = []
    if status == Status.OPEN.value and lv is Level.MANAGER:
        out.append(StepMove.FORWARD)
    if nxt is not None and status == Status.OPEN.value:
        out.append(StepMove.ESCALATE)        # it cannot be resolved here
    if nxt is not None:
        out.append(StepMove.LEARNING)        # resolved, of principled importance
    out.append(StepMove.CLOSE)
    return out


def decision_refusal(decision: StepMove, status: str, level: str, ladder_applies: bool) -> str | None:
    if status == Status.CLOSED.value:
        return "org.closed"
    if decision in decisions(status, level, ladder_applies):
        return None
    if decision is StepMove.FORWARD:
        return "org.forward_only_manager" if status == Status.OPEN.value else "org.already_resolved"
    if decision is StepMove.ESCALATE and status == Status.LEARNING.value:
        return "org.already_resolved"
    if not ladder_applies:
        return "org.no_ladder"
    return "org.top_of_ladder"


# ------------------------------------------------------------------ who may see and act


# Scopes (access.USER_SCOPES, loaded with the user by logic.org.services): the ORG cases the
# user held a level of or decided on, and the units the user is the manager of (units.manager)
# together with every unit below them.
HANDLED = "org_handled"
MANAGED = "org_managed"


def case_rule(user: User, action: Action, case: dict) -> Decision:
    """`access.CASE_RULES["org"]`: the current handler and the holders of the levels above it
    may act; the reporter, earlier handlers, the managers of the case's unit (and above it),
    the ladder's holders and analysts read (`reach`); nobody else sees the case.

    Reading works on a plain `cases` row (board, start page); the service adds `org_*` keys
    (level, holders) before it decides on an action."""
    if action is Action.HANDLE_ORG:
        return act_decision(user, case)
    return view_decision(user, case)


def reach(user: User, action: Action) -> Reach:
    """The ORG and care cases the user may read — one rule for the case page and the board
    (logic.policy.reach_visibility). They carry no person, so VIEW_PERSON_ID reaches the same."""
    if user.has(Role.ORG_LADDER, Role.ANALYST):
        return EVERY_CASE
    units = set(user.scope(MANAGED).allowed) | (set(user.units) if user.has(Role.MANAGER) else set())
    return Reach.where(created_by=[user.username], assignee=[user.username],
                       id=user.scope(HANDLED).allowed, unit_id=units)


def view_decision(user: User, case: dict) -> Decision:
    return ALLOW if reach(user, Action.VIEW_CASE).holds(case) else deny("access.not_your_case")


def unit_managers(tree: Mapping[str, Mapping[str, Any]], start: str | None) -> list[str]:
    """The managers (units.manager) of a unit and of every unit above it."""
    out: list[str] = []
    seen: set[str] = set()
    while start and start not in seen and start in tree:
        seen.add(start)
        if tree[start].get("manager"):
            out.append(tree[start]["manager"])
        start = tree[start].get("parent_id")
    return out


def units_up(tree: Mapping[str, Mapping[str, Any]], start: str | None) -> list[str]:
    """A unit and every unit above it, nearest first: whose contact register a case uses (ORG-12)."""
    out: list[str] = []
    while start and start not in out and start in tree:
        out.append(start)
        start = tree[start].get("parent_id")
    return out


def managed_units(tree: Mapping[str, Mapping[str, Any]], username: str) -> set[str]:
    """The units whose managers (up the tree) include the user: the MANAGED scope."""
    return {unit for unit in tree if username in unit_managers(tree, unit)}


def act_decision(user: User, case: dict) -> Decision:
    seen = view_decision(user, case)
    if not seen:
        return seen
    if case.get("status") == Status.CLOSED.value:
        return deny("org.closed")
    if case.get("assignee") == user.username:
        return ALLOW
    level = case.get("org_level")
    holders = case.get("org_holders") or {}
    if level and case.get("org_ladder_applies"):
        for above in LADDER[Level(level).rank + 1:]:
            if holders.get(above.value) == user.username:
                return ALLOW
    return deny("org.not_handler", holder=case.get("assignee_name") or case.get("assignee") or "")


# ------------------------------------------------------------------ numbers


def case_number(prefix: str, registered_local: date, sequence: int) -> str:
    """OA/VA + two-digit ISO year + two-digit ISO week + four-digit sequence in the week."""
    if not 1 <= sequence <= 9999:
        raise ValueError("org.number_exhausted")
    return f"{number_prefix(prefix, registered_local)}{sequence:04d}"


def number_prefix(prefix: str, registered_local: date) -> str:
    iso = registered_local.isocalendar()
    return f"{prefix}{iso.year % 100:02d}{iso.week:02d}"
