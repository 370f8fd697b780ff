"""Tables of cases that open a case in the same tab (issue 16): a click on a row (or on any of
its cells) switches this tab to the case page — no new tab, no new session — and the case page
offers the way back to the list it came from, with the list's filters (its URL query)."""
from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.nav import CASE_PAGE

BACK = "case_back"             # session_state: where the case page's "back" link leads


def case_table(rows: list[dict], ids: list[str], *, key: str, back_page: str, back_label: str,
               back_query: dict[str, str] | None = None, column_config: dict | None = None) -> None:
    """`rows` as a table as tall as its rows (the page scrolls, not a small box inside it);
    `ids[i]` is the case of `rows[i]`. A picked row opens its case; the case page's back link
    leads to `back_page` with `back_query`, labelled with the text key `back_label`."""
    st.caption(t("case.open_hint"))
    # a new key after each pick: the table comes back without the previous selection
    n = st.session_state.get(f"{key}#picks", 0)
    event = st.dataframe(rows, hide_index=True, width="stretch", height="content",
                         column_config=column_config, key=f"{key}.{n}", on_select="rerun",
                         selection_mode=["single-row", "single-cell"])
    picked = list(event.selection.rows) + [cell[0] for cell in event.selection.cells]
    if picked and 0 <= picked[0] < len(ids):
        case_id = ids[picked[0]]
        st.session_state[f"{key}#picks"] = n + 1
        st.session_state[BACK] = {"case": case_id, "page": back_page, "label": back_label,
                                  "query": dict(back_query or {})}
        st.switch_page(CASE_PAGE, query_params={"id": case_id})


def back_link(case_id: str) -> None:
    """On the case page: the way back to the list this case was opened from (only for it)."""
    back = st.session_state.get(BACK)
    if back and back.get("case") == case_id:
        st.page_link(back["page"], label=t(back["label"]), query_params=back["query"] or None,
                     icon=":material/arrow_back:")
