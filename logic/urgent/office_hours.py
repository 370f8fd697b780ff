"""Office hours (kontortid) and Danish public holidays (URG-2): when a company's office hours
hold, Danish local time, and office hours as an admin or a file writes them.

Nothing here reads the clock: "now" is passed in (X-6).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from logic.clock import to_utc
from logic.inputs import REQUIRED
from logic.urgent.model import COUNTRY, ZONE


@dataclass(frozen=True)
class OfficeHours:
    """Kontortid of a company, e.g. 08:00 -> 16:00 on weekdays. Saturdays, Sundays and Danish
    public holidays are outside office hours."""
    start: time = time(8, 0)
    end: time = time(16, 0)

    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(COUNTRY, years=year, language="da")


def public_holiday(day: date) -> str | None:
    """The Danish public holiday on `day` (its Danish name), if any."""
    return _holidays(day.year).get(day)


def local_time(at: datetime) -> datetime:
    return to_utc(at).astimezone(ZoneInfo(ZONE))


def is_office_hours(hours: OfficeHours, at: datetime) -> bool:
    """URG-2: inside office hours on a weekday from start (inclusive) to end (exclusive),
    Danish time; never on Saturday, Sunday or a public holiday."""
    local = local_time(at)
    if local.weekday() >= 5 or public_holiday(local.date()):
        return False
    return hours.start <= local.time().replace(tzinfo=None) < hours.end


def office_hours_error(start: time | None, end: time | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if start is None:
        errors["start"] = REQUIRED
    if end is None:
        errors["end"] = REQUIRED
    if start is not None and end is not None and not start < end:
        errors["end"] = "urgent.hours_end_before_start"
    return errors


def parse_time(value: str | time | None) -> time | None:
    """Office hours as written: 8:00, 08:00, 08.00, 0800 or 08:00:00 (whole minutes)."""
    if value is None or isinstance(value, time):
        return value
    m = re.fullmatch(r"\s*(\d{1,2})[:.]?(\d{2})(?::00)?\s*", value)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError("urgent.bad_time")
    return time(int(m.group(1)), int(m.group(2)))
