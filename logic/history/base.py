"""What every kind of imported history shares (IMP-9, IMP-10): its case numbers and zones.

A history kind is a master-data `Kind` (logic.masterdata.spec) with `history=True`: its natural
key is the case number; it is planned column by column (logic.history.table: dry run, then all
or nothing, the same statuses and refusals as any kind) and its save writes cases, detail
rows, case log, import record, number series and the board's index in bulk
(logic.history.write, logic.store.history_repo).

Refusals every history kind makes besides its columns' own: a date in the future (the injected
clock's `now`), a case number registered in casedesk (never overwritten by an import), a number
imported as another kind, and an imported case changed in casedesk since its import (its
version is no longer the one the import left: refused, not overwritten — the optimistic check
the screens make).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, create_model

SWEDEN = "Europe/Stockholm"
DENMARK = "Europe/Copenhagen"


@dataclass(frozen=True)
class NumberPattern:
    """A kind's case numbers: a prefix + two-digit ISO year + two-digit ISO week + four-digit
    sequence (DEV-10 and its siblings), or AKUT-yy-nnnn (URG-6). `series` is the prefix in
    number_sequences that a registration continues from, and the number's place in it."""
    regex: re.Pattern
    weekly: bool = True

    @property
    def numbered(self) -> bool:
        """Numbers of a series casedesk hands out too (else, e.g. an insurer's own numbers, none)."""
        return "seq" in self.regex.groupindex

    def match(self, number: str) -> re.Match | None:
        m = self.regex.match(number)
        if m is None:
            return None
        if self.weekly and not 1 <= int(m.group("week")) <= 53:
            return None
        if self.numbered and int(m.group("seq")) < 1:
            return None
        return m

    def series(self, number: str) -> tuple[str, int] | None:
        m = self.match(number)
        if m is None or not self.numbered:
            return None
        return number[:m.start("seq")].rstrip("-"), int(m.group("seq"))


def weekly(*prefixes: str) -> NumberPattern:
    """prefix + yy + ww + nnnn: AV/RE (DEV-10), OA/VA (ORG), IN (certificates)."""
    alts = "|".join(re.escape(p) for p in prefixes)
    return NumberPattern(re.compile(rf"^(?P<prefix>{alts})(?P<year>\d{{2}})(?P<week>\d{{2}})(?P<seq>\d{{4}})$"))


def yearly(prefix: str) -> NumberPattern:
    """prefix-yy-nnnn: AKUT-26-0001 (URG-6)."""
    return NumberPattern(re.compile(rf"^(?P<prefix>{re.escape(prefix)})-(?P<year>\d{{2}})-(?P<seq>\d{{4}})$"),
                         weekly=False)


def free(regex: str) -> NumberPattern:
    """Numbers casedesk does not hand out (an insurer's own case numbers, URG-10): a shape only."""
    return NumberPattern(re.compile(regex), weekly=False)


def row_model(name: str, columns) -> type[BaseModel]:
    """The row's shape for tools that ask a kind for its model (every column optional); a
    history kind's rows are validated column by column (logic.history.columns)."""
    return create_model(name, **{c.name: (object, None) for c in columns})


def search_text(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p is not None and p == p and p != "").lower()
