"""Organisational deviation use cases (ORG) — the only way a page changes ORG data. Each is
one transaction that checks permission and rules, writes the case, its steps, its log entries
and the messages to the people concerned.

The context's service API, one module per job: report (the form and registration), reading
(scopes, one case, the lists), ladder (forward, escalate, learning, close, contacts, unit
meeting), holders (who holds each ladder level), tree (the classification tree), reroute
(ADM-10: the unit tree changed), statistics."""
from logic.org.services._common import MAX_TEXT, NODE_CODE_MAX, REQUIRED
from logic.org.services.holders import (
    cases_moving_to_holder,
    eligible_holders,
    eligible_usernames,
    holder_columns,
    holders,
    set_holder,
    write_holder,
)
from logic.org.services.ladder import (
    add_contact,
    close,
    escalate,
    forward,
    lift_for_learning,
    record_unit_meeting,
    set_grounds,
)
from logic.org.services.reading import get_case, handled_scope, list_cases, managed_scope
from logic.org.services.report import (
    ZONE,
    Registered,
    check_draft,
    grounds,
    managers,
    register,
    reporter_units,
    route_preview,
)
from logic.org.services.register import (
    register_for_case,
    register_of,
    register_units,
    save_register_contact,
)
from logic.org.services.reroute import REROUTABLE, Reroute, apply_reroutes, reroutes
from logic.org.model import Level
from logic.org.services.statistics import level_times, statistics, trend
from logic.org.trend import TrendBy
from logic.org.services.tree import (
    NODE_COLUMNS,
    classification,
    node_columns,
    save_node,
    subtype_names,
    write_node,
)

__all__ = [
    "MAX_TEXT", "NODE_CODE_MAX", "REQUIRED", "ZONE",
    "classification", "subtype_names", "reporter_units", "route_preview", "check_draft", "managers",
    "Registered", "register", "grounds", "set_grounds",
    "handled_scope", "managed_scope", "get_case", "list_cases",
    "forward", "escalate", "lift_for_learning", "close", "add_contact", "record_unit_meeting",
    "holders", "eligible_holders", "eligible_usernames", "holder_columns", "write_holder",
    "cases_moving_to_holder", "set_holder",
    "register_units", "register_of", "register_for_case", "save_register_contact",
    "REROUTABLE", "Reroute", "reroutes", "apply_reroutes",
    "NODE_COLUMNS", "node_columns", "write_node", "save_node",
    "level_times", "statistics", "trend", "TrendBy", "Level",
]
