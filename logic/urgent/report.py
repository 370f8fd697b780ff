"""URG-12: the urgent-case report (akutsag rapport) — statistics of the urgent cases created,
per week or per month as the portal says: by office, by hour of day and weekday (inside or
outside office hours), converted vs linked vs still open, and time to attach. Only insurer
users with authority level 6 (access.ACTION_RULES, rules.report_rule)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import pandas as pd

from logic import i18n
from logic.access import Action, PermissionDenied, User, decide, deny, require
from logic.clock import Clock, from_local, naive_utc
from logic.exports import frame_csv, frames_xlsx
from logic.store import urgent_repo
from logic.store.db import Database
from logic.urgent import office_hours
from logic.urgent.model import ZONE, ClaimDecision, ClaimState, ReportPeriod, UrgentState


@dataclass
class UrgentReport:
    insurer_id: str
    period: ReportPeriod
    first_day: date            # local (Europe/Copenhagen), inclusive
    last_day: date             # local, inclusive
    cases: pd.DataFrame        # one row per urgent case
    by_office: pd.DataFrame    # period, office, count
    by_hour: pd.DataFrame      # hour, inside, count
    by_weekday: pd.DataFrame   # weekday, inside, count
    outcome: pd.DataFrame      # period, state, count
    time_to_attach: pd.DataFrame  # period, attached, median_hours, mean_hours
    # URG-19: the insurer's normal cases now, by state and (the open ones) by claim decision
    claims: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["state", "count"]))
    claim_decisions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["decision", "count"]))

    @property
    def periods(self) -> list[str]:
        return period_labels(self.period, self.first_day, self.last_day)


def period_of(period: ReportPeriod, day: date) -> str:
    if period is ReportPeriod.MONTH:
        return f"{day.year}-{day.month:02d}"
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def period_start(period: ReportPeriod, day: date, back: int) -> date:
    """The first day of the period `back` periods before the one holding `day`."""
    if period is ReportPeriod.MONTH:
        month = day.year * 12 + day.month - 1 - back
        return date(month // 12, month % 12 + 1, 1)
    return day - timedelta(days=day.weekday()) - timedelta(weeks=back)


def period_labels(period: ReportPeriod, first: date, last: date) -> list[str]:
    labels: list[str] = []
    day = first
    while day <= last:
        label = period_of(period, day)
        if label not in labels:
            labels.append(label)
        day += timedelta(days=1)
    return labels


def build(db: Database, clock: Clock, user: User, insurer_id: str | None = None,
          periods: int = 12, first_day: date | None = None, last_day: date | None = None) -> UrgentReport:
    require(decide(user, Action.URGENT_REPORT))    # insurer, authority level 6
    with db.read() as r:
        insurers = [u["id"] for u in urgent_repo.units_of_kind(r, "insurer") if u["id"] in user.units]
        insurer_id = insurer_id or (insurers[0] if insurers else None)
        if insurer_id is None or insurer_id not in insurers:
            raise PermissionDenied(deny("urgent.not_your_portal"))
        row = urgent_repo.portal(r, insurer_id)
        period = ReportPeriod(row["report_period"]) if row else ReportPeriod.WEEK
        today = office_hours.local_time(clock.now()).date()
        last_day = last_day or today
        first_day = first_day or period_start(period, last_day, max(periods, 1) - 1)
        start = naive_utc(from_local(datetime.combine(first_day, datetime.min.time()), ZONE))
        end = naive_utc(from_local(datetime.combine(last_day + timedelta(days=1), datetime.min.time()), ZONE))
        rows = urgent_repo.report_rows(r, insurer_id, start, end)
        claim_rows = urgent_repo.claim_counts(r, [insurer_id])
    return replace(_aggregate(insurer_id, period, first_day, last_day, rows), **claim_frames(claim_rows))


def claim_frames(rows: list[dict]) -> dict[str, pd.DataFrame]:
    """URG-19: normal cases by state, and the open or on-hold ones by claim decision ("none":
    not decided yet), every state and decision listed (0 where none)."""
    states = {s.value: 0 for s in ClaimState}
    decisions = {d.value: 0 for d in ClaimDecision} | {"none": 0}
    for r in rows:
        states[r["status"]] = states.get(r["status"], 0) + int(r["n"])
        if r["status"] in (ClaimState.OPEN.value, ClaimState.ON_HOLD.value):
            key = r["decision"] or "none"
            decisions[key] = decisions.get(key, 0) + int(r["n"])
    return {"claims": pd.DataFrame({"state": list(states), "count": list(states.values())}),
            "claim_decisions": pd.DataFrame({"decision": list(decisions), "count": list(decisions.values())})}


def _aggregate(insurer_id: str, period: ReportPeriod, first_day: date, last_day: date,
               rows: list[dict]) -> UrgentReport:
    records = []
    for r in rows:
        local = office_hours.local_time(r["created_at"])
        attached = office_hours.local_time(r["attached_at"]) if r["attached_at"] else None
        hours = round((r["attached_at"] - r["created_at"]).total_seconds() / 3600, 2) if r["attached_at"] else None
        records.append({
            "case_id": r["case_id"], "created": local.strftime("%Y-%m-%d %H:%M"),
            "period": period_of(period, local.date()), "company": r["company_name"],
            "office": r["office_name"] or r["office_id"], "weekday": local.weekday(), "hour": local.hour,
            "inside_office_hours": bool(r["inside_office_hours"]), "state": r["state"],
            "attached": attached.strftime("%Y-%m-%d %H:%M") if attached else None,
            "hours_to_attach": hours, "converted_to": r["converted_to"], "linked_to": r["linked_to"]})
    columns = ["case_id", "created", "period", "company", "office", "weekday", "hour",
               "inside_office_hours", "state", "attached", "hours_to_attach", "converted_to", "linked_to"]
    cases = pd.DataFrame.from_records(records, columns=columns)
    labels = period_labels(period, first_day, last_day)

    offices = sorted(cases["office"].dropna().unique())
    grid_office = pd.MultiIndex.from_product([labels, offices], names=["period", "office"])
    by_office = cases.groupby(["period", "office"]).size().reindex(grid_office, fill_value=0).reset_index(name="count")
    grid_hours = pd.MultiIndex.from_product([range(24), [True, False]], names=["hour", "inside_office_hours"])
    by_hour = (cases.groupby(["hour", "inside_office_hours"]).size().reindex(grid_hours, fill_value=0)
               .reset_index(name="count"))
    grid_days = pd.MultiIndex.from_product([range(7), [True, False]], names=["weekday", "inside_office_hours"])
    by_weekday = (cases.groupby(["weekday", "inside_office_hours"]).size().reindex(grid_days, fill_value=0)
                  .reset_index(name="count"))
    grid_out = pd.MultiIndex.from_product([labels, [s.value for s in UrgentState]], names=["period", "state"])
    outcome = cases.groupby(["period", "state"]).size().reindex(grid_out, fill_value=0).reset_index(name="count")
    attached = cases.dropna(subset=["hours_to_attach"])
    tta = []
    for label in labels:
        values = attached.loc[attached["period"] == label, "hours_to_attach"].astype(float)
        tta.append({"period": label, "attached": int(len(values)),
                    "median_hours": round(float(values.median()), 2) if len(values) else None,
                    "mean_hours": round(float(values.mean()), 2) if len(values) else None})
    time_to_attach = pd.DataFrame(tta, columns=["period", "attached", "median_hours", "mean_hours"])
    return UrgentReport(insurer_id, period, first_day, last_day, cases, by_office, by_hour, by_weekday,
                        outcome, time_to_attach)


# ------------------------------------------------------------------ the downloadable file

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _labelled(report: UrgentReport, lang: str) -> dict[str, pd.DataFrame]:
    t = lambda key, **kw: i18n.t(lang, key, **kw)  # noqa: E731
    inside = {True: t("urgent.inside_hours"), False: t("urgent.outside_hours")}
    cases = report.cases.copy()
    cases["weekday"] = [t(f"urgent.weekday.{WEEKDAYS[d]}") for d in cases["weekday"]]
    cases["inside_office_hours"] = cases["inside_office_hours"].map(inside)
    cases["state"] = [t(f"urgent.state.{s}") for s in cases["state"]]
    by_hour = report.by_hour.assign(inside_office_hours=report.by_hour["inside_office_hours"].map(inside))
    by_weekday = report.by_weekday.assign(
        weekday=[t(f"urgent.weekday.{WEEKDAYS[d]}") for d in report.by_weekday["weekday"]],
        inside_office_hours=report.by_weekday["inside_office_hours"].map(inside))
    outcome = report.outcome.assign(state=[t(f"urgent.state.{s}") for s in report.outcome["state"]])
    claims = report.claims.assign(state=[t(f"claim.status.{s}") for s in report.claims["state"]])
    decisions = report.claim_decisions.assign(decision=[
        t("urgent.decision_none") if d == "none" else t(f"claim.decision.{d}") for d in report.claim_decisions["decision"]])
    sheets = {
        t("urgent.sheet.cases"): cases, t("urgent.sheet.by_office"): report.by_office,
        t("urgent.sheet.by_hour"): by_hour, t("urgent.sheet.by_weekday"): by_weekday,
        t("urgent.sheet.outcome"): outcome, t("urgent.sheet.time_to_attach"): report.time_to_attach,
        t("urgent.sheet.claims"): claims.rename(columns={"state": "status"}),
        t("urgent.sheet.claim_decisions"): decisions,
    }
    return {name: df.rename(columns=lambda c: t(f"urgent.col.{c}")) for name, df in sheets.items()}


def to_xlsx(report: UrgentReport, lang: str) -> bytes:
    """Every table of the report as a sheet of one workbook."""
    return frames_xlsx(_labelled(report, lang))


def to_csv(report: UrgentReport, lang: str) -> bytes:
    """The case rows (one per urgent case) as CSV, UTF-8 with BOM so Excel reads æ/ø/å."""
    cases = next(iter(_labelled(report, lang).values()))
    return frame_csv(cases)
