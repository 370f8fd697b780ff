"""The report dashboard, Rapporter (X-5): deviation statistics for analysts, handlers, managers.

`dashboard` runs every aggregate with the same filters in one read; `tables` turns the result
into labelled tables (the charts' data, downloadable as CSV). Only event types, categories,
units, articles, dates and counts appear — never a name or a personal identity number, so
analysts see pseudonymised data only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from pydantic import BaseModel, ValidationInfo, field_validator

from logic import i18n
from logic.access import Action, User, decide, require
from logic.clock import Clock, from_local, naive_utc, to_local
from logic.deviations.repair_rules import RepairStatus
from logic.store import board_codes, board_visibility, reports_repo
from logic.store.db import Database

ZONE = reports_repo.ZONE
EVENT_TYPES = ("negativ_handelse", "tillbud", "reklamation")
PARETO_TOP = 20
REPAIR_STATUSES = tuple(s.value for s in RepairStatus)       # DEV-19, in their life cycle's order


class ReportFilters(BaseModel):
    date_from: date
    date_to: date
    units: list[str] = []
    event_types: list[str] = []
    categories: list[str] = []
    grain: str = "month"

    @field_validator("grain")
    @classmethod
    def _grain(cls, v: str) -> str:
        return v if v in ("week", "month") else "month"

    @field_validator("event_types")
    @classmethod
    def _types(cls, v: list[str]) -> list[str]:
        return [x for x in v if x in EVENT_TYPES]

    @field_validator("date_to")
    @classmethod
    def _period(cls, v: date, info: ValidationInfo) -> date:
        """An end before the start is the end date's problem: said at that field (issue 16 item 6)."""
        start = info.data.get("date_from")
        if start is not None and v < start:
            raise ValueError("dash.bad_period")
        return v

    @classmethod
    def default(cls, clock: Clock) -> "ReportFilters":
        """The last twelve months up to today (Stockholm)."""
        today = to_local(clock.now(), ZONE).date()
        return cls(date_from=today - timedelta(days=364), date_to=today)


def spec_for(f: ReportFilters, user: User, codes: board_codes.BoardCodes) -> reports_repo.ReportSpec:
    start = naive_utc(from_local(datetime.combine(f.date_from, time()), ZONE))
    end = naive_utc(from_local(datetime.combine(f.date_to + timedelta(days=1), time()), ZONE))
    vis = board_visibility.VISIBILITY["deviation"].see(user, codes)
    return reports_repo.ReportSpec(created_from=start, created_to=end, units=tuple(f.units),
                                   event_types=tuple(f.event_types), categories=tuple(f.categories),
                                   visibility=vis if vis[0] == "TRUE" else board_visibility.visibility(user, codes).clause())


@dataclass
class Dashboard:
    filters: ReportFilters
    per_period: list[dict]
    by_category: list[dict]
    by_unit: list[dict]
    by_article: list[dict]
    close: dict
    open_by_age: list[dict]
    regulatory: list[dict]
    pareto: list[dict] = field(default_factory=list)
    repairs: list[dict] = field(default_factory=list)     # DEV-19: {"status", "n"} in REPAIR_STATUSES order

    @property
    def registered(self) -> int:
        return int(self.close["registered"] or 0)

    @property
    def share_within_14(self) -> float | None:
        eligible = int(self.close["eligible_14"] or 0)
        return (int(self.close["within_14"] or 0) / eligible) if eligible else None


def dashboard(db: Database, clock: Clock, user: User, f: ReportFilters) -> Dashboard:
    require(decide(user, Action.VIEW_DASHBOARD))
    now = naive_utc(clock.now())
    with db.read() as r:
        spec = spec_for(f, user, board_codes.codes_for(db, r))
        d = Dashboard(
            filters=f,
            per_period=reports_repo.per_period(r, spec, f.grain),
            by_category=reports_repo.by_category(r, spec),
            by_unit=reports_repo.by_unit(r, spec),
            by_article=reports_repo.by_article(r, spec),
            close=reports_repo.close_stats(r, spec, now),
            open_by_age=reports_repo.open_by_age(r, spec, now),
            regulatory=reports_repo.regulatory(r, spec))
        counted = {row["status"]: int(row["n"]) for row in reports_repo.repairs_by_status(r, spec)}
    d.pareto = pareto(d.by_article, PARETO_TOP)
    d.repairs = [{"status": s, "n": counted.get(s, 0)} for s in REPAIR_STATUSES]
    return d


def pareto(rows: list[dict], top: int) -> list[dict]:
    """The top articles with their cumulative share of all cases in the selection."""
    total = sum(int(r["n"]) for r in rows)
    out, running = [], 0
    for r in rows[:top]:
        running += int(r["n"])
        out.append({**r, "cum_share": running / total if total else 0.0})
    return out


def filter_choices(db: Database) -> dict[str, list[dict]]:
    """Units and categories to filter by (read again after each write: Database.cached;
    shared, so not to be changed by the caller)."""
    return db.cached("report_filter_choices", reports_repo.filter_choices)


# ------------------------------------------------------------------ labelled tables


def _event(lang: str, value: str | None) -> str:
    key = f"dev.event.{value}"
    return i18n.t(lang, key) if value and i18n.has(key) else (value or "")


def period_label(day: date, grain: str, lang: str) -> str:
    """2026-07 for a month; 2026-V27 (ISO week) for a week."""
    if grain == "week":
        iso = day.isocalendar()
        return f"{iso.year}-{'W' if lang == 'en' else 'V'}{iso.week:02d}"
    return day.strftime("%Y-%m")


def tables(d: Dashboard, lang: str) -> dict[str, tuple[list[str], list[list]]]:
    """Each chart's data as (header, rows) with labels in the user's language."""
    t = lambda key: i18n.t(lang, key)  # noqa: E731
    return {
        "per_period": ([t("dash.col.period"), t("dash.col.event_type"), t("dash.col.count")],
                       [[period_label(r["period"], d.filters.grain, lang), _event(lang, r["event_type"]),
                         int(r["n"])] for r in d.per_period]),
        "by_category": ([t("dash.col.event_type"), t("dash.col.category"), t("dash.col.count")],
                        [[_event(lang, r["event_type"]), i18n.pick_row(lang, r, "name") or r["category"] or "", int(r["n"])]
                         for r in d.by_category]),
        "by_unit": ([t("dash.col.unit"), t("dash.col.count")],
                    [[r["unit"] or "", int(r["n"])] for r in d.by_unit]),
        "pareto": ([t("dash.col.article_no"), t("dash.col.article"), t("dash.col.count"),
                    t("dash.col.cum_share")],
                   [[r["article_no"] or "", r["article"] or "", int(r["n"]), round(r["cum_share"], 4)]
                    for r in d.pareto]),
        "open_by_age": ([t("dash.col.age"), t("dash.col.count")],
                        [[t(f"dash.age.{r['bucket']}"), int(r["n"])] for r in d.open_by_age]),
        "regulatory": ([t("dash.col.recipient"), t("dash.col.state"), t("dash.col.count")],
                       [[t(f"dash.recipient.{r['recipient']}"), t(f"dash.state.{r['state']}"), int(r["n"])]
                        for r in d.regulatory]),
        "repairs": ([t("dash.col.status"), t("dash.col.count")],
                    [[t(f"dev.status.{r['status']}"), int(r["n"])] for r in d.repairs]),
    }
