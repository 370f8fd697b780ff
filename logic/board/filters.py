"""The board's filter model (X-4): what the user chose on the board and what the URL carries.

`BoardFilters` holds the choices (`to_query`/`from_query` for bookmarkable boards, lenient: a
value that does not parse is dropped); `created_range` turns the chosen period into the
naive-UTC bounds the search uses.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from pydantic import BaseModel, Field, ValidationError, field_validator

from logic.clock import Clock, from_local, naive_utc
from logic.inputs import Text
from logic.search import nfc
from logic.store import board_query

PAGE_SIZES = (25, 50, 100)
SORTS = tuple(board_query.SORTABLE)


class Period(StrEnum):
    ALL = "all"
    WEEK = "week"       # senaste veckan
    MONTH = "month"     # senaste månaden
    YEAR = "year"
    CUSTOM = "custom"   # from .. to (local dates, both inclusive)


PERIOD_DAYS = {Period.WEEK: 7, Period.MONTH: 31, Period.YEAR: 366}
# the dates a custom period may have: a case's date lies well inside, and a date from a link
# outside it (0001-01-01, 9999-12-31) is dropped instead of overflowing the time arithmetic
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)


Q_MAX = 200                   # characters in the search box (X-7: longer is refused, not cut)


class BoardFilters(BaseModel):
    """What the user chose on the board; all optional."""
    q: Text(Q_MAX, optional=False) = ""
    kinds: list[str] = []
    subtypes: list[str] = []
    statuses: list[str] = []
    units: list[str] = []
    state: str = ""                 # "" | "open" | "closed"
    period: Period = Period.ALL
    date_from: date | None = None
    date_to: date | None = None
    mine: bool = False              # mina ärenden: created by me or assigned to me
    waiting: bool = False           # väntar på mig: assigned to me or in my roles' queue
    sort: str = "created_at"
    desc: bool = True
    page: int = Field(default=1, ge=1, le=1_000_000)
    page_size: int = 50

    @field_validator("q")
    @classmethod
    def _strip(cls, v: str) -> str:
        return nfc(v.strip())

    @field_validator("state")
    @classmethod
    def _state(cls, v: str) -> str:
        return v if v in ("", "open", "closed") else ""

    @field_validator("date_from", "date_to")
    @classmethod
    def _day(cls, v: date | None) -> date | None:
        return v if v is None or DATE_MIN <= v <= DATE_MAX else None

    @field_validator("sort")
    @classmethod
    def _sort(cls, v: str) -> str:
        return v if v in board_query.SORTABLE else "created_at"

    @field_validator("page_size")
    @classmethod
    def _size(cls, v: int) -> int:
        return v if v in PAGE_SIZES else 50

    def active_filters(self) -> int:
        """How many of the filters (the search box and the order aside) narrow the list: shown
        beside the total while the filter panel is closed."""
        return (sum(bool(v) for v in (self.kinds, self.subtypes, self.statuses, self.units, self.state,
                                      self.mine, self.waiting))
                + (self.period is not Period.ALL))

    # -- the URL query string (bookmarkable boards) ---------------------------------------
    def to_query(self) -> dict[str, str]:
        """Only what differs from the defaults, with short keys."""
        out: dict[str, str] = {}
        if self.q:
            out["q"] = self.q
        for key, values in (("kind", self.kinds), ("type", self.subtypes), ("status", self.statuses),
                            ("unit", self.units)):
            if values:
                out[key] = ",".join(values)
        if self.state:
            out["state"] = self.state
        if self.period is not Period.ALL:
            out["period"] = self.period.value
        if self.period is Period.CUSTOM:
            if self.date_from:
                out["from"] = self.date_from.isoformat()
            if self.date_to:
                out["to"] = self.date_to.isoformat()
        if self.mine:
            out["mine"] = "1"
        if self.waiting:
            out["waiting"] = "1"
        if self.sort != "created_at" or not self.desc:
            out["sort"] = self.sort
            out["dir"] = "desc" if self.desc else "asc"
        if self.page != 1:
            out["page"] = str(self.page)
        if self.page_size != 50:
            out["size"] = str(self.page_size)
        return out

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> "BoardFilters":
        """Lenient: a value that does not parse is dropped, never an error page."""
        def lst(key: str) -> list[str]:
            return [x.strip() for x in (params.get(key) or "").split(",") if x.strip()][:50]

        def day(key: str) -> date | None:
            try:
                return date.fromisoformat(params.get(key) or "")
            except ValueError:
                return None

        def number(key: str, default: int) -> int:
            try:
                return int(params.get(key) or default)
            except ValueError:
                return default

        raw = {
            "q": (params.get("q") or "")[:200], "kinds": lst("kind"), "subtypes": lst("type"),
            "statuses": lst("status"), "units": lst("unit"), "state": params.get("state") or "",
            "period": params.get("period") if params.get("period") in set(Period) else Period.ALL,
            "date_from": day("from"), "date_to": day("to"),
            "mine": params.get("mine") == "1", "waiting": params.get("waiting") == "1",
            "sort": params.get("sort") or "created_at", "desc": params.get("dir", "desc") != "asc",
            "page": max(1, min(number("page", 1), 1_000_000)), "page_size": number("size", 50),
        }
        try:
            return cls(**raw)
        except ValidationError:
            return cls()



def created_range(f: BoardFilters, clock: Clock, tz: str) -> tuple[datetime | None, datetime | None]:
    """The period as naive-UTC bounds [from, to)."""
    if f.period in PERIOD_DAYS:
        return naive_utc(clock.now() - timedelta(days=PERIOD_DAYS[f.period])), None
    if f.period is Period.CUSTOM:
        start = naive_utc(from_local(datetime.combine(f.date_from, time()), tz)) if f.date_from else None
        end = (naive_utc(from_local(datetime.combine(f.date_to + timedelta(days=1), time()), tz))
               if f.date_to else None)
        return start, end
    return None, None
