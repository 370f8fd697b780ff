"""Search planning for the board (X-4): `BoardFilters` -> `board_query.BoardSpec`, with the
user's visibility pushed into SQL and free text resolved through the search index."""
from __future__ import annotations

from logic import clauses
from logic.access import User
from logic.board.filters import BoardFilters, created_range
from logic.board.permissions import BoardAccess
from logic.clock import Clock
from logic.search import id_letters, parse_query
from logic.search import number_prefix as as_number_prefix
from logic.store import board_codes, board_query, board_visibility, search_query, search_shape
from logic.store.db import Tx

PY_VISIBILITY_MAX = 5000      # a kind without an SQL rule is checked in Python up to this size


def resolved_visibility(tx: Tx, access: BoardAccess, codes: board_codes.BoardCodes
                        ) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Kinds without an SQL rule in board_visibility.VISIBILITY (their rule lives only in
    logic.access, or they have none): while they have few cases, ask logic.access about each
    case, so the board's counts stay exact; beyond PY_VISIBILITY_MAX the conservative SQL
    fallback is used and every shown row is still checked (register an SQL rule for a kind
    that grows)."""
    all_kinds = codes.all("kind")
    kinds = sorted(k for k in all_kinds if k not in board_visibility.VISIBILITY)
    counts = codes.kind_counts()
    if not kinds or sum(counts.get(all_kinds[k], 0) for k in kinds) > PY_VISIBILITY_MAX:
        return {}, {}
    rows = board_query.rows_of_kinds(tx, kinds, PY_VISIBILITY_MAX)
    if rows is None:
        return {}, {}
    see: dict[str, list[int]] = {k: [] for k in kinds}
    person: dict[str, list[int]] = {k: [] for k in kinds}
    for row in rows:
        answer = access.row(row)
        if answer.see:
            see[row["kind"]].append(row["doc"])
            if answer.person:
                person[row["kind"]].append(row["doc"])
    return see, person


def build_spec(tx: Tx, clock: Clock, user: User, f: BoardFilters, codes: board_codes.BoardCodes,
               access: BoardAccess | None = None) -> board_query.BoardSpec:
    """Filters -> the SQL spec: visibility, filters, free text through the index (`access`:
    the search's answers, when the caller asked them already)."""
    access = access or BoardAccess.asked(user)
    created_from, created_to = created_range(f, clock, user.tz)
    persons = access.persons
    codes.prefetch([("user", user.username)] + [("unit", u) for u in [*user.units, *f.units]]
                   + [("role", r.value) for r in user.roles] + [("kind", k) for k in f.kinds]
                   + [("subtype", x) for x in f.subtypes] + [("status", x) for x in f.statuses])
    see_docs, person_docs = resolved_visibility(tx, access, codes)
    person_scope = (board_visibility.visibility(user, codes, persons=True, resolved=person_docs)
                    if persons else board_visibility.NOTHING)
    person_visible = person_scope.clause() if persons else clauses.FALSE
    text: list[clauses.Clause] = []
    candidates: set[int] | None = None
    prefix = as_number_prefix(f.q)
    if prefix and codes.one("idprefix", id_letters(prefix)) is None:
        prefix = None                  # no case number starts that way ("CFH1974" is a code)
    text_matches = True
    terms = parse_query(f.q)
    tracked: list[str] | None = []     # the words, if every term's matches are kept (PostgreSQL)
    for term in terms:
        m = search_query.match_term(tx, term, persons)
        if tracked is not None:
            tracked = [*tracked, term.text] if m.tracked else None
        search_query.resolve_tails(tx, m, persons)
        pred = search_query.term_predicate(m, persons, person_visible)
        if m.empty() or pred[0] == "FALSE":
            if prefix is None:
                return _nothing(user)
            text_matches = False       # only the number prefix can match
            continue
        text.append(pred)
        sides = (False, True) if persons else (False,)
        if m.only_tails() and not any(m.tails[p] for p in sides):
            found = set().union(*(m.inline[p] for p in sides))
            if len(found) <= search_shape.FAST_PATH_MAX:
                candidates = found if candidates is None else candidates & found
    if prefix is not None:
        candidates = None              # number-prefix matches are not in the postings
        if not text_matches:
            text = []
    roles = tuple(sorted(r.value for r in user.roles))
    return board_query.BoardSpec(
        visibility=board_visibility.visibility(user, codes, resolved=see_docs), kinds=tuple(f.kinds), subtypes=tuple(f.subtypes),
        statuses=tuple(f.statuses), units=tuple(f.units), state=f.state or None,
        created_from=created_from, created_to=created_to,
        mine=user.username if f.mine else None,
        waiting=(user.username, roles) if f.waiting else None,
        text=tuple(text), number_prefix=prefix,
        candidates=tuple(sorted(candidates)) if candidates is not None else None,
        tracked_words=tuple(dict.fromkeys(tracked)) if tracked and prefix is None and text else (),
        person_scope=person_scope)


def _nothing(user: User) -> board_query.BoardSpec:
    return board_query.BoardSpec(visibility=board_visibility.NOTHING)
