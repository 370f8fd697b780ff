"""X-5 Rapporter (the dashboard) page in AppTest, on a copy of the demo database: the figures and
charts as logic.reports computes them, its filters, the analyst's view, the roles refused.
Split from test_board_pages.py (issue 18), which runs on both backends; the dashboard runs on
DuckDB here until the reports' SQL runs on PostgreSQL (reports_repo.per_period)."""
from __future__ import annotations

import json

import pytest

from logic import reports
from logic.clock import FixedClock
from logic.reports import ReportFilters
from logic.store.connect import open_database
from logic.users import load_user
from tests.pages.conftest import texts

pytestmark = pytest.mark.both_backends

DASH = "pages/21_Rapporter.py"


def _values(v) -> list:
    """Plotly sends numbers as typed arrays ({"dtype", "bdata"}) or plain lists."""
    if isinstance(v, dict):
        import base64

        import numpy as np
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def test_x5_dashboard_figures_match_the_logic(open_page, demo_db_path):
    at = open_page(DASH, "analytiker")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    db = open_database(demo_db_path)
    try:
        from datetime import datetime
        from zoneinfo import ZoneInfo
        clock = FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm")))
        d = reports.dashboard(db, clock, load_user(db, "analytiker"), ReportFilters.default(clock))
    finally:
        db.close()
    assert metrics["Registrerade"] == str(d.registered)
    assert metrics["Median tid till avslut (dagar)"] == f"{d.close['median_days']:.1f}"
    charts = at.get("plotly_chart")
    assert len(charts) == 7                   # the sixth deviation chart and the repairs by status (DEV-19)
    spec = json.loads(charts[0].proto.spec)
    assert sum(sum(_values(trace["y"])) for trace in spec["data"]) == d.registered   # stacked bars
    units = json.loads(charts[2].proto.spec)["data"][0]
    assert dict(zip(units["y"], _values(units["x"]))) == {r["unit"]: r["n"] for r in d.by_unit}
    pareto = json.loads(charts[3].proto.spec)["data"]
    assert list(_values(pareto[0]["y"])) == [r["n"] for r in d.pareto]
    assert len(at.get("download_button")) == 7


def test_x5_dashboard_filters_change_the_figures(open_page):
    at = open_page(DASH, "handlaggare")
    total = {m.label: m.value for m in at.metric}["Registrerade"]
    at.multiselect(key="dash_types").set_value(["negativ_handelse"]).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Registrerade"] != total


def test_x5_analyst_dashboard_shows_its_figures_and_no_names(open_page, demo_db_path):
    at = open_page(DASH, "analytiker")
    assert not at.exception and not at.error
    shown = texts(at) + " ".join(c.proto.spec for c in at.get("plotly_chart"))
    # what must be there: the dashboard's figures as the logic computes them for the analyst
    db = open_database(demo_db_path)
    try:
        from datetime import datetime
        from zoneinfo import ZoneInfo
        clock = FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm")))
        d = reports.dashboard(db, clock, load_user(db, "analytiker"), ReportFilters.default(clock))
    finally:
        db.close()
    assert d.registered > 0 and d.by_unit and d.pareto
    assert [x.value for x in at.title] == ["Rapporter – avvikelser och reklamationer"]
    assert {m.label: m.value for m in at.metric}["Registrerade"] == str(d.registered)
    assert len(at.get("plotly_chart")) == 7 and len(at.get("download_button")) == 7   # with the repairs (DEV-19)
    def there(name: str) -> bool:                                      # as text or in a chart's JSON
        return name in shown or json.dumps(name)[1:-1] in shown
    assert all(there(row["unit"]) for row in d.by_unit)                # every unit by name
    assert there(d.pareto[0]["article"])                               # the most reported article
    # ... and what must not: patients' and staff's names
    for name in ("Tolvan", "Tolvansson", "191212121212", "Rita Rapportör", "Hanna Handläggare"):
        assert name not in shown


@pytest.mark.parametrize("username", ["reporter", "tekniker"])
def test_x5_dashboard_refused_for_other_roles(open_page, username):
    at = open_page(DASH, username)
    assert not at.exception and not at.get("plotly_chart")
    assert any("roll" in e.value for e in at.error)


# ------------------------------------------------------------------ widgets, list and URL agree
