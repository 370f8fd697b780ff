"""ORG-10 the trend as a pure rule (logic/org/trend.py): months in the service's calendar, a
case under each of its grounds, the level reached, the months between."""
from __future__ import annotations

from datetime import datetime

from logic.org.model import Level
from logic.org.trend import TrendBy, count, month_of, months_between

ZONE = "Europe/Stockholm"


def case(created: datetime, level: str = "manager", *, ladder: bool = True, grounds=None,
         deficiency: str = "forsakringsmedicin", unit: str = "clinic") -> dict:
    return {"created_at": created, "level": level, "ladder": ladder, "grounds": grounds,
            "deficiency": deficiency, "unit_id": unit}


def test_org_10_a_case_counts_in_the_month_it_was_reported_in_swedish_time():
    assert month_of(datetime(2026, 10, 31, 23, 30), ZONE) == "2026-11"       # 00:30 on 1 November
    assert month_of(datetime(2026, 11, 30, 22, 59), ZONE) == "2026-11"


def test_org_10_by_ground_each_ground_once_and_none_for_a_case_without_and_other_types_left_out():
    cases = [case(datetime(2026, 9, 3), grounds=["beteende", "samarbete", "beteende"]),
             case(datetime(2026, 9, 10), "committee", grounds=["beteende"]),
             case(datetime(2026, 10, 1), grounds=None),
             case(datetime(2026, 10, 2), ladder=False, deficiency="hot_vald")]
    assert count(cases, TrendBy.GROUND, ZONE) == [
        {"month": "2026-09", "key": "beteende", "level": "manager", "cases": 1},
        {"month": "2026-09", "key": "beteende", "level": "committee", "cases": 1},
        {"month": "2026-09", "key": "samarbete", "level": "manager", "cases": 1},
        {"month": "2026-10", "key": None, "level": "manager", "cases": 1}]


def test_org_10_by_classification_and_unit_with_the_level_reached_filter():
    cases = [case(datetime(2026, 9, 3), "forum", unit="clinic"),
             case(datetime(2026, 9, 4), "manager", unit="psych", ladder=False, deficiency="hot_vald"),
             case(datetime(2026, 9, 5), "committee", unit="psych")]
    assert [(r["key"], r["level"], r["cases"]) for r in count(cases, TrendBy.CLASSIFICATION, ZONE)] == [
        ("forsakringsmedicin", "committee", 1), ("forsakringsmedicin", "forum", 1), ("hot_vald", "manager", 1)]
    assert [(r["key"], r["level"]) for r in count(cases, TrendBy.UNIT, ZONE, Level.COMMITTEE)] == [
        ("clinic", "forum"), ("psych", "committee")]


def test_org_10_months_between_cross_the_year():
    assert months_between("2026-11", "2027-02") == ["2026-11", "2026-12", "2027-01", "2027-02"]
