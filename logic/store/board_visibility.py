"""Visibility of the case board (X-4), as SQL over `board_index` b.

Visibility is pushed into the board's SQL (logic/store/board_query.py), so paging and counts
are right. Each kind says which of its cases a user may see, and on which the person, with a `KindVisibility` in VISIBILITY.
Every kind there is derives it from the one rule its case page uses: an `access.Reach`
(every case, or cases whose column holds one of the user's values: units, username, the
user's scopes such as the units where a physician may read certificates) turned into SQL over
b's coded columns by logic.policy.reach_visibility; each context's policy carries it, and
logic.composition.wire registers it here. tests/store/test_case_visibility.py checks, for every demo user and case, that
the board lists, finds and reveals exactly what the case page opens.
A kind without an entry is shown conservatively (cases the user created, is assigned to, or
whose queue is one of the user's roles), and logic.board checks every shown row with
access.can_see_case as well.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from logic.clauses import FALSE, TRUE, Clause, Codes, KindVisibility, in_codes
from logic.store.board_codes import BoardCodes

if TYPE_CHECKING:
    from logic.access import User


def _fallback_see(user: "User", codes: Codes) -> Clause:
    return codes.any_of(("b.creator_c", "user", [user.username]), ("b.assignee_c", "user", [user.username]),
                        ("b.queue_c", "role", [r.value for r in user.roles]))


def _fallback_person(user: "User", codes: Codes) -> Clause:
    return FALSE


# kind -> its case rule's SQL twin: each context's policy, registered by logic.composition.wire
VISIBILITY: dict[str, KindVisibility] = {}
FALLBACK = KindVisibility(_fallback_see, _fallback_person)
# Kinds whose `subtype` column holds something other than a type of case (urgent and claim
# cases keep their insurer there): the board shows no type for them and offers none as a filter.
UNTYPED: set[str] = set()
# Kinds whose subtypes are reference data an admin extends (the ORG classification): kind ->
# a loader of code -> {"name_sv", "name_en", "name_da"}, so the board names every one of them.
SUBTYPE_NAMES: dict[str, Callable[[Any], dict[str, dict]]] = {}


def freeze_clause(clause: Clause) -> tuple:
    return clause[0], freeze(clause[1])


def freeze(params: list) -> tuple:
    return tuple(tuple(p) if isinstance(p, list) else p for p in params)


def docs_clause(docs: list[int]) -> Clause:
    """Cases given by their board doc numbers (visibility worked out in Python)."""
    if not docs:
        return FALSE
    return "b.doc IN (SELECT unnest(?::BIGINT[]))", [sorted(docs)]


@dataclass(frozen=True)
class Visibility:
    """What a user may see, per kind (as board_index kind codes): every existing kind the
    user may see some cases of, with the SQL clause saying which. `complete`: every existing
    kind, all of it (no predicate needed)."""
    by_kind: tuple[tuple[int, Clause], ...] = ()
    complete: bool = False

    def restrict(self, kind_codes: list[int] | None) -> "Visibility":
        if kind_codes is None:
            return self
        keep = set(kind_codes)
        if self.complete:
            return Visibility(tuple((k, TRUE) for k in sorted(keep)), False)
        return Visibility(tuple((k, c) for k, c in self.by_kind if k in keep), False)

    def clause(self) -> Clause:
        """One OR-ed clause (kinds with the same rule grouped)."""
        if self.complete:
            return TRUE
        if not self.by_kind:
            return FALSE
        groups: dict[tuple, list[int]] = {}
        clauses: dict[tuple, Clause] = {}
        for kind, clause in self.by_kind:
            key = (clause[0], freeze(clause[1]))
            groups.setdefault(key, []).append(kind)
            clauses[key] = clause
        parts, params = [], []
        for key, kinds in groups.items():
            sql, p = clauses[key]
            kind_sql, kind_params = in_codes("b.kind_c", kinds)
            parts.append(f"({kind_sql})" if sql == "TRUE" else f"({kind_sql} AND {sql})")
            params.extend(kind_params)
            if sql != "TRUE":
                params.extend(p)
        return "(" + " OR ".join(parts) + ")", params


EVERYTHING = Visibility(complete=True)
NOTHING = Visibility()


def visibility(user: "User", codes: BoardCodes, persons: bool = False,
               resolved: dict[str, list[int]] | None = None) -> Visibility:
    """Which cases (persons=False) or whose persons (persons=True) the user may see.
    `resolved`: kinds without an SQL rule whose visible docs were worked out in Python
    (logic.board does so while such a kind has few cases)."""
    by_kind: list[tuple[int, Clause]] = []
    fallback = (FALLBACK.person if persons else FALLBACK.see)(user, codes)
    for kind, code in sorted(codes.all("kind").items()):
        if kind in VISIBILITY:
            vis = VISIBILITY[kind]
            clause = (vis.person if persons else vis.see)(user, codes)
        elif resolved is not None and kind in resolved:
            clause = docs_clause(resolved[kind])
        else:
            clause = fallback
        if clause[0] != "FALSE":
            by_kind.append((code, clause))
    complete = (len(by_kind) == len(codes.all("kind"))) and all(c[0] == "TRUE" for _, c in by_kind)
    return Visibility(tuple(by_kind), complete)

