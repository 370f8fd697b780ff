"""Bar charts for the dashboards, built with plotly.graph_objects.

`bar` takes the arguments of the `plotly.express.bar` calls the pages made (long form with
`color`, or wide form with a list of `y` columns; `orientation`, `barmode`, `labels`,
`color_discrete_map`) and gives the same picture: one trace per colour value in order of first
appearance, axis and legend titles from the column names, hover with the names and values.
plotly.express spends ~70 ms building one bar chart (measured: a 36-row frame, 20 runs) and
graph_objects ~7 ms; the report dashboard draws six on every rerun, so under load express was
most of the page's CPU (see README "Performance").
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go


def bar(data: pd.DataFrame | Sequence[Mapping], x: str, y: str | Sequence[str], *, color: str | None = None,
        orientation: str = "v", barmode: str = "relative", labels: Mapping[str, str] | None = None,
        color_discrete_map: Mapping[str, str] | None = None) -> go.Figure:
    df = data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
    names = dict(labels or {})

    def label(column: str) -> str:
        return names.get(column, column)

    value_col = x if orientation == "h" else y
    category_col = y if orientation == "h" else x
    wide = not isinstance(value_col, str)
    series: list[tuple[str | None, pd.DataFrame, str]] = []     # (trace name, rows, value column)
    if wide:
        series = [(label(col), df, col) for col in value_col]
        value_title = names.get("value", "value")
        legend_title = names.get("variable", "")
    elif color is not None and not df.empty:
        series = [(str(key), part, value_col) for key, part in df.groupby(color, sort=False, dropna=False)]
        value_title = label(value_col)
        legend_title = label(color)
    else:
        series = [(None, df, value_col)]
        value_title = label(value_col)
        legend_title = ""

    fig = go.Figure()
    cat_title = label(category_col)
    for name, part, col in series:
        cats, values = part[category_col].tolist(), part[col].tolist()
        head = f"{legend_title}: {name}<br>" if name is not None and legend_title else (
            f"{name}<br>" if name is not None else "")
        if orientation == "h":
            hover = f"{head}{cat_title}: %{{y}}<br>{value_title}: %{{x}}<extra></extra>"
            trace = go.Bar(x=values, y=cats, orientation="h", name=name, hovertemplate=hover,
                           showlegend=name is not None)
        else:
            hover = f"{head}{cat_title}: %{{x}}<br>{value_title}: %{{y}}<extra></extra>"
            trace = go.Bar(x=cats, y=values, name=name, hovertemplate=hover, showlegend=name is not None)
        if color_discrete_map and name in color_discrete_map:
            trace.marker.color = color_discrete_map[name]
        fig.add_trace(trace)
    x_title, y_title = (value_title, cat_title) if orientation == "h" else (cat_title, value_title)
    fig.update_layout(barmode=barmode, xaxis_title=x_title, yaxis_title=y_title,
                      legend_title_text=legend_title or None)
    _whole_ticks(fig, [(part[category_col].tolist(), part[col].tolist()) for _, part, col in series],
                 stacked=barmode in ("relative", "stack"), horizontal=orientation == "h")
    return fig


def _whole_ticks(fig: go.Figure, series: list[tuple[list, list]], *, stacked: bool, horizontal: bool) -> None:
    """A count axis shows whole numbers: plotly would put ticks at 0.5 or 0.2 while the counts are
    small ("1.5 ärenden"). Only when every value is a whole number (means and shares keep theirs)."""
    values = [v for _, vs in series for v in vs if v is not None and not pd.isna(v)]
    if not values or not all(float(v).is_integer() for v in values):
        return
    if stacked:
        totals: dict = {}
        for cats, vs in series:
            for c, v in zip(cats, vs):
                if v is not None and not pd.isna(v) and v > 0:
                    totals[c] = totals.get(c, 0) + v
        top = max(totals.values(), default=0)
    else:
        top = max(values)
    axis = {"rangemode": "tozero", "tickformat": "d", **({"dtick": 1} if top <= 10 else {})}
    (fig.update_xaxes if horizontal else fig.update_yaxes)(**axis)
