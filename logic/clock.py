"""Injectable "now" (X-6): rules never read the system clock themselves."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol
from zoneinfo import ZoneInfo

UTC = timezone.utc


class Clock(Protocol):
    def now(self) -> datetime:  # aware, UTC
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock for tests and demos: returns the time it was given until moved."""

    def __init__(self, at: datetime):
        self._at = to_utc(at)

    def now(self) -> datetime:
        return self._at

    def advance(self, **kwargs: float) -> None:
        self._at = self._at + timedelta(**kwargs)

    def set(self, at: datetime) -> None:
        self._at = to_utc(at)


def to_utc(value: datetime) -> datetime:
    """Aware datetimes are converted; naive ones are taken to be UTC already (as stored)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def to_local(value: datetime, zone: str) -> datetime:
    return to_utc(value).astimezone(ZoneInfo(zone))


def from_local(value: datetime, zone: str) -> datetime:
    """A naive wall-clock time in the user's zone -> aware UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.astimezone(UTC)


def naive_utc(value: datetime) -> datetime:
    """What the store keeps: naive UTC timestamps."""
    return to_utc(value).replace(tzinfo=None)
