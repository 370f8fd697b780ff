"""A case shown as a readable document, the same on every case kind (issue 16, item 5): the key
facts as tiles whose values wrap (st.metric cut "Under utred…"), then label/value pairs with
every text whole, then the case log below (`ui.case_log`).

User text is never rendered as markdown or HTML here: a value is shown with `st.text` (plain
text; it wraps and keeps the writer's line breaks), a fact tile's value is `md_escape`d."""
from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from ui.format import md_escape

Pair = tuple[str, object]
# constant CSS, no user text: the label column's margin to its value
_PAIR_CSS = ("<style>.st-key-case_details [data-testid='stColumn']:first-child"
             " { padding-right: 1rem; }</style>")
FACT_WIDTH = 160       # px: two tiles a row on a 390 px phone, all of them in one row at 1400 px
# Streamlit stacks a horizontal container on a narrow screen (one fact per line, far apart):
# keep the tiles in a wrapping row there too. Constant CSS, no user text.
_FACTS_CSS = ("<style>@media (max-width: 640px) { .st-key-case_facts"
              " { flex-direction: row !important; flex-wrap: wrap !important; } }</style>")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, (str, list, tuple)) and not value)


def facts(items: Iterable[Pair]) -> None:
    """The key facts (status, dates, who) side by side in tiles of one width that wrap onto the
    next row when the screen is narrow (two a row on a phone, not one fact per line as columns
    stack). A long value wraps onto a second line instead of being cut."""
    st.html(_FACTS_CSS)
    with st.container(horizontal=True, gap="medium", key="case_facts"):
        for label, value in items:
            with st.container(width=FACT_WIDTH, gap=None):
                st.caption(md_escape(label))
                st.markdown(f"**{md_escape(value)}**" if not _blank(value) else "–")


def pairs(rows: Iterable[Pair], title: str | None = None, *, key: str | None = None) -> None:
    """Label/value pairs, one under the other, each value whole (never cut, however long, and
    however many rows). A row without a value is left out. On a phone the label stands above
    its value."""
    shown = [(label, value) for label, value in rows if not _blank(value)]
    if title:
        st.subheader(title)
    if not shown:
        return
    with st.container(border=True, key=key):
        st.html(_PAIR_CSS)
        for label, value in shown:
            # no gap between the two columns: on a phone they stack, and the value then sits right
            # under its label, apart from the next pair (the label keeps a margin on its right)
            left, right = st.columns([1, 3], gap=None)
            left.markdown(f"**{md_escape(label)}**")
            right.text(str(value), width="stretch")

