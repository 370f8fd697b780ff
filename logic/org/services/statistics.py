"""ORG statistics for the dashboard and the ORG page: time at each level, counts."""
from __future__ import annotations

from datetime import timedelta

from logic.access import Action, User, decide, require
from logic.clock import Clock, naive_utc
from logic.org import trend as trend_rules
from logic.org.model import (
    Level,
)
from logic.org.services.report import ZONE
from logic.org.trend import TrendBy
from logic.store import org_repo
from logic.store.db import Database

def level_times(db: Database, clock: Clock, user: User) -> list[dict]:
    """For the dashboard (issue 3) and the ORG page: time spent at each level, per case, with
    area, deficiency type and the level reached. Days until decided, or until now."""
    require(decide(user, Action.VIEW_DASHBOARD))
    now = naive_utc(clock.now())
    with db.read() as r:
        rows = org_repo.level_times(r)
    for row in rows:
        end = row["decided_at"] or now
        row["days"] = round((end - row["arrived_at"]) / timedelta(days=1), 2)
    return rows


def statistics(db: Database, clock: Clock, user: User) -> dict[str, list[dict]]:
    """ORG on the dashboard: cases by area, deficiency type and level reached; time at each
    level (days, average / median / longest, waiting ones counted until now)."""
    require(decide(user, Action.VIEW_DASHBOARD))
    now = naive_utc(clock.now())
    with db.read() as r:
        out = {name: org_repo.counts_by(r, column) for name, column in
               (("by_area", "area"), ("by_deficiency", "deficiency"), ("by_level", "level"))}
        out["by_ground"] = org_repo.counts_by_ground(r)          # ORG-10
        days = {row["level"]: row for row in org_repo.days_per_level(r, now)}
    out["days_per_level"] = [days[lv.value] for lv in Level if lv.value in days]
    out["by_level"].sort(key=lambda row: Level(row["code"]).rank)
    return out


def trend(db: Database, clock: Clock, user: User, by: TrendBy, reached: Level | None = None) -> dict:
    """ORG-10: cases per month by ground, classification or unit, each with the level it
    reached (`trend.count`); `months` is every month from the first case's to now, and each row
    carries the names of its key (name_sv/_en/_da; None for "no ground recorded")."""
    require(decide(user, Action.VIEW_DASHBOARD))
    with db.read() as r:
        cases = org_repo.trend_cases(r)
        if by is TrendBy.GROUND:
            names = {g["code"]: g for g in org_repo.grounds(r, active_only=False)}
        elif by is TrendBy.CLASSIFICATION:
            names = {n["code"]: n for n in org_repo.nodes(r, active_only=False)}
        else:
            names = {c["unit_id"]: {"name_sv": c["unit_name"], "name_en": c["unit_name"], "name_da": c["unit_name"]}
                     for c in cases}
    rows = trend_rules.count(cases, by, ZONE, reached)
    for row in rows:
        named = names.get(row["key"]) or {}
        for lang in ("sv", "en", "da"):
            row[f"name_{lang}"] = named.get(f"name_{lang}") or (row["key"] if lang != "da" else None)
    now_month = trend_rules.month_of(naive_utc(clock.now()), ZONE)
    months = trend_rules.months_between(rows[0]["month"], max(now_month, rows[-1]["month"])) if rows else []
    return {"rows": rows, "months": months}
