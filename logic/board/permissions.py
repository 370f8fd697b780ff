"""The permission questions of one board search or export, asked in one place (X-1, X-2, X-4):
once per search (`BoardAccess.of`: may the user use the board — and export from it —, may
person names and identity numbers match at all, is the user an analyst) and once per row
(`BoardAccess.row`: may the user see the case, and its person). Planning, the service and the
presentation take the answers from here instead of asking logic.access again."""
from __future__ import annotations

from dataclasses import dataclass

from logic.access import Action, Role, User, can_see_case, decide, require


def may_search_persons(user: User) -> bool:
    """Whether person names / identity numbers may match at all (never for analysts alone)."""
    return decide(user, Action.VIEW_PERSON_ID).allowed


@dataclass(frozen=True)
class RowAccess:
    see: bool                 # VIEW_CASE on the row
    person: bool              # VIEW_PERSON_ID on the row (asked only when the case is seen)


@dataclass(frozen=True)
class BoardAccess:
    user: User
    persons: bool             # may_search_persons: person words may match, persons be shown
    analyst: bool             # sees pseudonyms where the person is not the user's to see

    @classmethod
    def of(cls, user: User, *, export: bool = False) -> BoardAccess:
        """The user's answers for one search; PermissionDenied unless the user may use the
        board (and, for an export, export first)."""
        if export:
            require(decide(user, Action.EXPORT))
        require(decide(user, Action.VIEW_BOARD))
        return cls.asked(user)

    @classmethod
    def asked(cls, user: User) -> BoardAccess:
        """The answers without the board's own permission (planning a spec on its own)."""
        return cls(user, may_search_persons(user), user.has(Role.ANALYST))

    def row(self, row: dict) -> RowAccess:
        """May the user see this case, and its person? (A person is never the user's to see
        when no person may be: VIEW_PERSON_ID on a case needs it without one first.)"""
        if not can_see_case(self.user, row):
            return RowAccess(see=False, person=False)
        return RowAccess(see=True, person=self.persons and decide(self.user, Action.VIEW_PERSON_ID, row).allowed)
