"""X-5 report dashboard: every figure equals a straightforward Python computation over the
same rows, with and without filters; no names or personal identity numbers anywhere."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from logic import reports
from logic.access import PermissionDenied
from logic.clock import FixedClock
from logic.reports import ReportFilters
from logic.users import load_user

pytestmark = pytest.mark.both_backends

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=STOCKHOLM))


def _rows(db) -> list[dict]:
    with db.read() as r:
        return r.rows(
            "SELECT c.id, c.subtype, c.category, c.unit_id, c.article_no, c.created_at, c.closed_at,"
            " d.manufacturer_report, d.mpa_report FROM cases c JOIN deviations d ON d.case_id = c.id"
            " WHERE c.kind = 'deviation'")


def _local(ts: datetime) -> datetime:
    return ts.replace(tzinfo=timezone.utc).astimezone(STOCKHOLM)


def _selected(rows, f: ReportFilters) -> list[dict]:
    return [r for r in rows
            if f.date_from <= _local(r["created_at"]).date() <= f.date_to
            and (not f.units or r["unit_id"] in f.units)
            and (not f.event_types or r["subtype"] in f.event_types)
            and (not f.categories or r["category"] in f.categories)]


def _quantile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (what quantile_cont does)."""
    if not values:
        return None
    v = sorted(values)
    pos = (len(v) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def _expected(rows, f: ReportFilters, now: datetime) -> dict:
    sel = _selected(rows, f)
    period = Counter()
    for r in sel:
        d = _local(r["created_at"]).date()
        start = d - timedelta(days=d.weekday()) if f.grain == "week" else d.replace(day=1)
        period[(start, r["subtype"])] += 1
    days = [(r["closed_at"] - r["created_at"]).total_seconds() / 86400 for r in sel if r["closed_at"]]
    eligible = [r for r in sel if r["created_at"] <= now - timedelta(days=14)]
    within = [r for r in eligible if r["closed_at"] and r["closed_at"] - r["created_at"] <= timedelta(days=14)]
    ages = Counter()
    for r in sel:
        if r["closed_at"] is None:
            age = (now.date() - r["created_at"].date()).days
            key = next(k for lo, hi, k in reports.reports_repo.AGE_BUCKETS if hi is None or age <= hi)
            ages[key] += 1
    regulatory = Counter()
    for r in sel:
        if r["subtype"] in ("negativ_handelse", "tillbud"):
            regulatory[("manufacturer", r["manufacturer_report"])] += 1
            regulatory[("mpa", r["mpa_report"])] += 1
    return {
        "registered": len(sel), "open": sum(1 for r in sel if r["closed_at"] is None),
        "per_period": dict(period), "by_category": Counter((r["subtype"], r["category"]) for r in sel),
        "by_unit": Counter(r["unit_id"] for r in sel), "by_article": Counter(r["article_no"] for r in sel),
        "median": _quantile(days, 0.5), "p90": _quantile(days, 0.9),
        "share14": (len(within) / len(eligible)) if eligible else None,
        "ages": ages, "regulatory": regulatory,
    }


def _same(got, expected) -> bool:
    return got is None if expected is None else got == pytest.approx(expected)


FILTERS = [
    {},
    {"grain": "week"},
    {"units": ["site-1020"]},
    {"event_types": ["tillbud", "negativ_handelse"]},
    {"categories": ["annat", "komponent", "fel_brist"]},
    {"date_from": date(2026, 9, 1), "date_to": date(2026, 10, 15), "grain": "week"},
    {"date_from": date(2026, 11, 19), "date_to": date(2026, 11, 20)},
]


@pytest.mark.parametrize("over", FILTERS)
def test_x5_dashboard_figures_equal_a_straightforward_computation(demo_db, over):
    analyst = load_user(demo_db, "analytiker")
    f = ReportFilters(**{**ReportFilters.default(NOW).model_dump(), **over})
    d = reports.dashboard(demo_db, NOW, analyst, f)
    now = NOW.now().replace(tzinfo=None)
    exp = _expected(_rows(demo_db), f, now)
    assert d.registered == exp["registered"] and int(d.close["open"]) == exp["open"]
    assert {(r["period"], r["event_type"]): r["n"] for r in d.per_period} == exp["per_period"]
    assert Counter({(r["event_type"], r["category"]): r["n"] for r in d.by_category}) == exp["by_category"]
    assert Counter({r["unit_id"]: r["n"] for r in d.by_unit}) == exp["by_unit"]
    assert Counter({r["article_no"]: r["n"] for r in d.by_article}) == exp["by_article"]
    assert _same(d.close["median_days"], exp["median"])
    assert _same(d.close["p90_days"], exp["p90"])
    assert _same(d.share_within_14, exp["share14"])
    assert {r["bucket"]: r["n"] for r in d.open_by_age if r["n"]} == dict(exp["ages"])
    assert {(r["recipient"], r["state"]): r["n"] for r in d.regulatory if r["n"]} == dict(exp["regulatory"])
    # Pareto: top articles, cumulative share of the whole selection
    total = sum(exp["by_article"].values())
    if d.pareto:
        assert d.pareto[0]["n"] == max(exp["by_article"].values())
        assert d.pareto[-1]["cum_share"] == pytest.approx(
            sum(r["n"] for r in d.pareto) / total)


def test_x5_figures_follow_the_filters(demo_db):
    analyst = load_user(demo_db, "analytiker")
    base = ReportFilters.default(NOW)
    everything = reports.dashboard(demo_db, NOW, analyst, base)
    per_type = [reports.dashboard(demo_db, NOW, analyst, base.model_copy(update={"event_types": [e]}))
                for e in reports.EVENT_TYPES]
    assert sum(d.registered for d in per_type) == everything.registered > 0


def test_x5_analyst_sees_no_names_or_person_ids(demo_db):
    analyst = load_user(demo_db, "analytiker")
    d = reports.dashboard(demo_db, NOW, analyst, ReportFilters.default(NOW))
    text = repr(reports.tables(d, "sv")) + repr(d)
    with demo_db.read() as r:
        persons = r.rows("SELECT DISTINCT person_id, person_name FROM cases WHERE person_id IS NOT NULL")
        people = [u["name"] for u in r.rows("SELECT name FROM users")]
    for p in persons:
        assert p["person_id"] not in text and (p["person_name"] or "§") not in text
    for name in people:
        assert name not in text


def test_x5_dashboard_is_for_analysts_handlers_and_managers(demo_db):
    for username in ("analytiker", "handlaggare", "chef"):
        reports.dashboard(demo_db, NOW, load_user(demo_db, username), ReportFilters.default(NOW))
    for username in ("reporter", "tekniker", "admin"):
        with pytest.raises(PermissionDenied):
            reports.dashboard(demo_db, NOW, load_user(demo_db, username), ReportFilters.default(NOW))


def test_x5_period_must_not_end_before_it_starts():
    with pytest.raises(ValueError):
        ReportFilters(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))


def _plain(value):
    """The dashboard as plain values, floats to 9 places (the two databases may differ in the
    last bit of a day count's double)."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def test_x5_the_same_demo_world_gives_the_same_dashboard_on_both_databases(request, tmp_path):
    import dataclasses
    import shutil

    from logic.store.connect import open_database
    from tests.conftest import _pg_database

    duck_path = tmp_path / "demo.duckdb"
    shutil.copy(request.getfixturevalue("demo_template"), duck_path)
    duck, pg = open_database(duck_path), open_database(_pg_database(request, "pg_demo_template"))
    try:
        assert (duck.dialect, pg.dialect) == ("duckdb", "postgres")
        for over in FILTERS:
            f = ReportFilters(**{**ReportFilters.default(NOW).model_dump(), **over})
            for username in ("analytiker", "chef"):
                got = [_plain(dataclasses.asdict(reports.dashboard(db, NOW, load_user(db, username), f)))
                       for db in (duck, pg)]
                assert got[0]["close"]["registered"] > 0 or over.get("date_from")
                assert got[0] == got[1], (over, username)
    finally:
        duck.close()
        pg.close()
