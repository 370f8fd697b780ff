"""ui.charts.bar: a count axis shows whole numbers (issue 16 item 10: no "0.5 ärenden" ticks on
the ORG grounds chart or any other count chart), and a mean keeps its decimals."""
from __future__ import annotations

from ui import charts


def test_ui16_count_axis_small_counts_ticks_every_whole_number():
    fig = charts.bar([{"grund": "Beteende", "n": 1}, {"grund": "Patientsäkerhet", "n": 4}],
                     x="n", y="grund", orientation="h")
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.tickformat == "d"
    assert fig.layout.yaxis.dtick is None                   # the category axis is left alone


def test_ui16_count_axis_stacked_total_decides_and_large_counts_keep_plotlys_steps():
    rows = [{"m": "2026-10", "typ": t, "n": 6} for t in ("a", "b")]     # stacked to 12
    fig = charts.bar(rows, x="m", y="n", color="typ")
    assert fig.layout.yaxis.tickformat == "d" and fig.layout.yaxis.dtick is None
    fig = charts.bar(rows, x="m", y="n", color="typ", barmode="group")   # side by side: 6
    assert fig.layout.yaxis.dtick == 1


def test_ui16_mean_axis_keeps_its_decimals():
    fig = charts.bar([{"nivå": "Chef", "dagar": 7.1}, {"nivå": "Forum", "dagar": 22.8}], x="nivå", y="dagar")
    assert fig.layout.yaxis.tickformat is None and fig.layout.yaxis.dtick is None
