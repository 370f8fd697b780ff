"""Dashboard figures for certificates: drafts by age, locked drafts, signed and sent per week,
open questions past their reply-by date. Aggregates only — no patient, no content — so any
role that may see the dashboard may see them. The lock is derived here too (CERT-5).

Each function returns plain rows (list of dicts) ready for a chart or a table.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from logic.certificates import rules
from logic.clock import Clock, from_local, naive_utc, to_local
from logic.store import certificates_repo as repo
from logic.store.db import Database

AGE_BUCKETS: list[tuple[str, int, int | None]] = [   # (key, from day, to day inclusive)
    ("0-3", 0, 3), ("4-7", 4, 7), ("8-13", 8, 13), ("14+", 14, None)]


def _local_day(value: datetime) -> date:
    return to_local(value, rules.ZONE).date()


def drafts_by_age(db: Database, clock: Clock, unit_ids: list[str] | None = None) -> list[dict]:
    """Open drafts by days since their creation day; the 14+ bucket is the locked drafts."""
    today = rules.today(clock.now())
    with db.read() as r:
        rows = repo.open_drafts_created(r, unit_ids)
    counts = {key: 0 for key, _, _ in AGE_BUCKETS}
    for row in rows:
        age = (today - _local_day(row["created_at"])).days
        for key, low, high in AGE_BUCKETS:
            if age >= low and (high is None or age <= high):
                counts[key] += 1
                break
    return [{"age_days": key, "drafts": counts[key], "locked": key == "14+"} for key, _, _ in AGE_BUCKETS]


def locked_drafts(db: Database, clock: Clock, unit_ids: list[str] | None = None) -> int:
    """Drafts not signed within 14 days of their creation day, whether or not anyone has
    looked at them since (the lock is derived from the creation time)."""
    cutoff = rules.locked_if_created_before(clock.now())
    with db.read() as r:
        rows = repo.open_drafts_created(r, unit_ids)
    return sum(1 for row in rows if row["created_at"] < cutoff)


def _week_key(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def signed_and_sent_per_week(db: Database, clock: Clock, weeks: int = 12,
                             unit_ids: list[str] | None = None) -> list[dict]:
    """Certificates signed and sent per ISO week (Stockholm calendar), the last `weeks` weeks
    including the current one, oldest first; weeks without any are listed with zeros."""
    today = rules.today(clock.now())
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    start = naive_utc(from_local(datetime.combine(first, datetime.min.time()), rules.ZONE))
    end = naive_utc(from_local(datetime.combine(monday + timedelta(days=7), datetime.min.time()), rules.ZONE))
    out = {_week_key(first + timedelta(weeks=i)): {"signed": 0, "sent": 0} for i in range(weeks)}
    with db.read() as r:
        rows = repo.signed_and_sent_between(r, start, end, unit_ids)
    for row in rows:
        for column in ("signed", "sent"):
            at = row[f"{column}_at"]
            if at is not None and start <= at < end:
                out[_week_key(_local_day(at))][column] += 1
    return [{"week": week, **values} for week, values in out.items()]


def open_questions_past_reply_by(db: Database, clock: Clock,
                                 unit_ids: list[str] | None = None) -> list[dict]:
    """Questions and completion requests from Försäkringskassan still waiting for care after
    their reply-by date (Svara senast)."""
    today = rules.today(clock.now())
    with db.read() as r:
        rows = repo.overdue_questions(r, today, unit_ids)
    for row in rows:
        row["days_overdue"] = (today - row["reply_by"]).days
    return rows
