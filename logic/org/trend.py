"""ORG-10 the trend: cases per month by ground for reporting, by classification or by unit,
each with the level of the ladder it reached. Pure: the service reads the cases and names.

A case counts in the month it was reported (in the service's time zone). By ground, only
insurance-medicine cases (those with the ladder: the ones that have grounds, ORG-8) count — a
case with two grounds once under each, one without any under None ("no ground recorded")."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from logic.org.model import Level


class TrendBy(StrEnum):
    GROUND = "ground"
    CLASSIFICATION = "classification"     # the type of deficiency (ORG-2)
    UNIT = "unit"                         # the unit the report was made for


def month_of(created_at_utc: datetime, zone: str) -> str:
    """'YYYY-MM' of a naive UTC time, in the zone's calendar."""
    local = created_at_utc.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(zone))
    return f"{local.year:04d}-{local.month:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` ('YYYY-MM'), so a month without cases shows as such."""
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _keys(case: Mapping[str, Any], by: TrendBy) -> list[str | None]:
    if by is TrendBy.GROUND:
        if not case.get("ladder"):
            return []
        return list(dict.fromkeys(case.get("grounds") or [])) or [None]
    if by is TrendBy.CLASSIFICATION:
        return [case.get("deficiency")]
    return [case.get("unit_id")]


def count(cases: Iterable[Mapping[str, Any]], by: TrendBy, zone: str,
          reached: Level | None = None) -> list[dict]:
    """[{month, key, level, cases}] sorted by month, key (None last) and level; only cases that
    reached at least `reached` when given."""
    counts: Counter[tuple[str, str | None, str]] = Counter()
    for case in cases:
        level = Level(case["level"])
        if reached is not None and level.rank < reached.rank:
            continue
        month = month_of(case["created_at"], zone)
        for key in _keys(case, by):
            counts[(month, key, level.value)] += 1
    return [{"month": month, "key": key, "level": level, "cases": n}
            for (month, key, level), n in sorted(
                counts.items(), key=lambda kv: (kv[0][0], kv[0][1] is None, kv[0][1] or "", Level(kv[0][2]).rank))]
