"""What a case context tells the rest of the application: one `Policy` per context (its
`policy.py`), which logic.composition.wire registers — the case rule that logic.access asks
for each of the context's kinds, its SQL twin on the board, the action rules and user scopes
the rule reads, and how the board shows the kinds' columns.

`reach_visibility` turns a context's reach rule (an access.Reach per user and action, the same
function its case rule asks) into that SQL twin, so the board lists, finds and reveals exactly
what the case page opens (X-4).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from logic.access import Action, Decision, Reach, Scope, User, decide
from logic.clauses import FALSE, Clause, Codes, KindVisibility, reach_clause

CaseRule = Callable[[User, Action, dict], Decision]
ActionRule = Callable[[User], Decision]
ScopeLoader = Callable[[Any, User], Scope | Iterable[str]]     # (tx, user) -> the user's values
SubtypeNames = Callable[[Any], dict[str, dict]]     # (tx) -> code -> {name_sv, name_en, name_da}


def reach_visibility(reach_of: Callable[[User, Action], Reach]) -> KindVisibility:
    """A kind's KindVisibility read off its reach rule, the same function its case rule asks:
    VIEW_CASE for the cases, VIEW_PERSON_ID for the persons — nothing for a user whose roles
    may not take the action at all (access.decide without a case)."""
    def of(action: Action) -> Callable[[User, Codes], Clause]:
        def clause(user: User, codes: Codes) -> Clause:
            if not decide(user, action):
                return FALSE
            return reach_clause(reach_of(user, action), codes)
        return clause
    return KindVisibility(of(Action.VIEW_CASE), of(Action.VIEW_PERSON_ID))


@dataclass(frozen=True)
class Policy:
    """One context's rules, as the application needs them."""
    kinds: tuple[str, ...]                   # the kinds of case the context owns
    case_rule: CaseRule                      # access.CASE_RULES for each of them
    visibility: KindVisibility | None = None     # its SQL twin (board_visibility.VISIBILITY); None:
    #                                          the board checks each row with the case rule
    action_rules: Mapping[Action, ActionRule] = field(default_factory=dict)    # access.ACTION_RULES
    user_scopes: Mapping[str, ScopeLoader] = field(default_factory=dict)       # access.USER_SCOPES
    untyped: bool = False                    # board columns: `subtype` holds no type of case
    #                                          (board_visibility.UNTYPED), so none is shown or offered
    subtype_names: SubtypeNames | None = None    # board columns: the names of its subtypes when
    #                                          they are reference data, not translation keys
    #                                          (board_visibility.SUBTYPE_NAMES; issue 16 item 4)
