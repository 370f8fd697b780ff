"""Ärenden — the case board (X-4): every case the user may see, of every kind; free text,
filters, sort, paging, total; an exact number opens the case; the filters live in the URL
so a board can be bookmarked and shared; export of all matching rows to CSV and Excel."""
from __future__ import annotations

import streamlit as st

import ui.views  # noqa: F401  (every kind registers its case view and access rules)
from logic import board
from logic.access import Action, decide
from logic.board import BoardFilters, Period
from ui import shell
from ui.format import dt
from ui.i18n import lang, t
from ui.nav import CASE_PAGE, case_url

p = shell.page(Action.VIEW_BOARD, "board.title")
user, db, clock = p.user, p.db, p.clock
L = lang()

KEYS = {"q": "board_q", "kinds": "board_kinds", "subtypes": "board_subtypes",
        "statuses": "board_statuses", "units": "board_units", "state": "board_state",
        "period": "board_period", "date_from": "board_from", "date_to": "board_to",
        "mine": "board_mine", "waiting": "board_waiting", "sort": "board_sort",
        "desc": "board_desc", "page_size": "board_size"}


def _from_url(f: BoardFilters) -> None:
    """Put the URL's filters into the widgets (first visit, shared link, back button)."""
    for field, key in KEYS.items():
        st.session_state[key] = getattr(f, field)
    st.session_state["board_page"] = f.page
    st.session_state["board_last_q"] = f.q


url = st.query_params.to_dict()
if st.session_state.get("board_url") != url:
    _from_url(BoardFilters.from_query(url))

# no st.cache_data in a page script: each run's definition of a cached function kept that
# run's globals alive (measured in the load test); logic reads these cheaply (board_counts,
# Database.cached) and exactly
facets = board.facets(db, user)
unit_names = board.unit_choices(db)
kinds = sorted({r["kind"] for r in facets}, key=lambda k: board.kind_label(L, k))
subtypes = sorted({(r["kind"], r["subtype"]) for r in facets if r["subtype"]})
statuses = sorted({(r["kind"], r["status"]) for r in facets if r["status"]})
status_label = {s: board.status_label(L, k, s) for k, s in statuses}
subtype_label = {s: board.subtype_label(L, k, s) for k, s in subtypes}

# keep values from the URL selectable even when the choices do not list them
for key, options in (("board_kinds", kinds),):
    options.extend(v for v in st.session_state.get(key, []) if v not in options)

q = st.text_input(t("board.search"), key="board_q", max_chars=200,
                  placeholder=t("board.search_placeholder"), help=t("board.search_help"))
with st.expander(t("board.filters"), expanded=True):
    c1, c2, c3, c4 = st.columns(4)
    c1.multiselect(t("board.kind"), kinds, key="board_kinds", format_func=lambda k: board.kind_label(L, k),
                   placeholder=t("board.choose"))
    sub_opts = sorted({s for _, s in subtypes} | set(st.session_state.get("board_subtypes", [])))
    c2.multiselect(t("board.subtype"), sub_opts, key="board_subtypes",
                   format_func=lambda s: subtype_label.get(s, s), placeholder=t("board.choose"))
    stat_opts = sorted({s for _, s in statuses} | set(st.session_state.get("board_statuses", [])),
                       key=lambda s: status_label.get(s, s))
    c3.multiselect(t("board.status"), stat_opts, key="board_statuses",
                   format_func=lambda s: status_label.get(s, s), placeholder=t("board.choose"))
    unit_opts = sorted(set(unit_names) | set(st.session_state.get("board_units", [])),
                       key=lambda u: unit_names.get(u, u))
    c4.multiselect(t("board.unit"), unit_opts, key="board_units", format_func=lambda u: unit_names.get(u, u),
                   placeholder=t("board.choose"))
    c1, c2, c3, c4 = st.columns(4)
    c1.selectbox(t("board.period"), list(Period), key="board_period",
                 format_func=lambda v: t(f"board.period.{v.value}"))
    if st.session_state["board_period"] is Period.CUSTOM:
        c2.date_input(t("board.date_from"), key="board_from", format="YYYY-MM-DD")
        c3.date_input(t("board.date_to"), key="board_to", format="YYYY-MM-DD")
    c4.selectbox(t("board.state"), ["", "open", "closed"], key="board_state",
                 format_func=lambda v: t(f"board.state.{v}"))
    c1, c2, c3, c4 = st.columns(4)
    c1.toggle(t("board.mine"), key="board_mine", help=t("board.mine_help"))
    c2.toggle(t("board.waiting"), key="board_waiting", help=t("board.waiting_help"))
    c3.selectbox(t("board.sort"), list(board.SORTS), key="board_sort",
                 format_func=lambda s: t(f"board.sort.{s}"))
    c4.toggle(t("board.desc"), key="board_desc")

raw = {field: st.session_state.get(key) for field, key in KEYS.items()}
if raw["period"] is not Period.CUSTOM:
    raw["date_from"] = raw["date_to"] = None
f = BoardFilters(**{k: v for k, v in raw.items() if v is not None},
                 page=st.session_state.get("board_page", 1))
signature = f.model_dump(exclude={"page"})
if st.session_state.get("board_signature") not in (None, signature):
    f = f.model_copy(update={"page": 1})      # a new selection starts on its first page
st.session_state["board_signature"] = signature

person_role = decide(user, Action.VIEW_PERSON_ID).allowed
reveal = False
if person_role:
    reveal = st.toggle(t("board.reveal"), key="board_reveal", help=t("board.reveal_help"))

result = board.search(db, clock, user, f, reveal=reveal)

# an exact case number typed into the search box opens the case
typed_now = f.q != st.session_state.get("board_last_q")
st.session_state["board_last_q"] = f.q
if result.exact and typed_now:
    st.session_state["board_url"] = f.to_query()
    st.switch_page(CASE_PAGE, query_params={"id": result.exact})

f = f.model_copy(update={"page": result.page})
st.session_state["board_page"] = result.page
new_url = f.to_query()
if new_url != url:
    st.query_params.from_dict(new_url)
st.session_state["board_url"] = new_url

if result.exact:
    st.page_link(CASE_PAGE, label=t("board.exact", case_id=result.exact), query_params={"id": result.exact},
                 icon=":material/open_in_new:")
st.markdown("**" + (t("board.total_one") if result.total == 1 else t("board.total", n=f"{result.total:,}".replace(",", " "))) + "**")
if result.hidden:
    st.caption(t("board.hidden_rows", n=result.hidden))

if not result.rows:
    st.info(t("board.none"))
else:
    col = {k: t(f"board.col.{k}") for k in ("id", "kind", "subtype", "status", "title", "unit",
                                             "created_at", "person", "article_no", "waiting")}
    table = [{
        col["id"]: case_url(r["id"]),
        col["kind"]: board.kind_label(L, r["kind"]),
        col["subtype"]: board.subtype_label(L, r["kind"], r["subtype"]),
        col["status"]: board.status_label(L, r["kind"], r["status"]),
        col["title"]: r["title"] or "",
        col["unit"]: r["unit"] or "",
        col["created_at"]: dt(r["created_at"], user.tz),
        col["person"]: r["person"],
        col["article_no"]: r["article_no"] or "",
        col["waiting"]: r["waiting_for_me"],
    } for r in result.rows]
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        col["id"]: st.column_config.LinkColumn(display_text=r"id=(.*)$"),
        col["waiting"]: st.column_config.CheckboxColumn()})

c1, c2, c3, c4 = st.columns([1, 2, 1, 2])
if c1.button(t("board.prev"), key="board_prev", disabled=result.page <= 1, icon=":material/chevron_left:"):
    st.session_state["board_page"] = result.page - 1
    st.session_state["board_signature"] = signature
    st.rerun()
c2.caption(t("board.page_of", page=result.page, pages=result.pages))
if c3.button(t("board.next"), key="board_next", disabled=result.page >= result.pages,
             icon=":material/chevron_right:"):
    st.session_state["board_page"] = result.page + 1
    st.session_state["board_signature"] = signature
    st.rerun()
c4.selectbox(t("board.page_size"), list(board.PAGE_SIZES), key="board_size", label_visibility="collapsed",
             format_func=lambda n: t("board.per_page", n=n))

if decide(user, Action.EXPORT).allowed and result.total:
    st.subheader(t("board.export"))
    st.caption(t("board.export_help", n=result.total) + " " + t("board.share"))
    include_person = False
    if person_role:
        include_person = st.checkbox(t("board.export_person"), key="board_export_person",
                                     help=t("board.reveal_help"))
    export_filters = f.model_copy()

    def _csv() -> bytes:
        return board.to_csv(*board.export_rows(db, clock, user, export_filters, L,
                                               include_person=include_person))

    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button(t("board.export_csv"), _csv, file_name="arenden.csv", mime="text/csv",
                       key="board_csv", icon=":material/download:", on_click="ignore")
    if result.total <= board.EXCEL_MAX_ROWS:
        # Excel is built in this run (a download's callable cannot show progress), streamed to a
        # temporary file with a progress bar, then offered; kept for these filters only
        wanted = (tuple(sorted((k, v) for k, v in export_filters.to_query().items() if k not in ("page", "size"))),
                  include_person, L, result.total)
        if st.session_state.get("board_xlsx_file", (None,))[0] != wanted:
            st.session_state.pop("board_xlsx_file", None)
        slot = c2.empty()
        if "board_xlsx_file" not in st.session_state and slot.button(
                t("board.export_xlsx_build"), key="board_xlsx_build", icon=":material/table_view:"):
            with st.status(t("board.export_xlsx_building", n=result.total), expanded=True) as status:
                bar = st.progress(0.0)

                def _progress(done: int) -> None:
                    bar.progress(min(1.0, done / max(1, result.total)),
                                 text=t("board.export_xlsx_progress", done=done, total=result.total))

                try:
                    data = board.to_xlsx(*board.export_stream(db, clock, user, export_filters, L,
                                                              include_person=include_person),
                                         sheet=t("board.title"), progress=_progress)
                except ValueError as e:             # more rows than Excel takes arrived meanwhile
                    status.update(label=t(str(e)), state="error")
                else:
                    status.update(label=t("board.export_xlsx_ready"), state="complete", expanded=False)
                    st.session_state["board_xlsx_file"] = (wanted, data)
        if "board_xlsx_file" in st.session_state:
            slot.download_button(t("board.export_xlsx"), st.session_state["board_xlsx_file"][1],
                                 file_name="arenden.xlsx",
                                 mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                 key="board_xlsx", icon=":material/download:", on_click="ignore")
    else:
        c2.caption(t("board.export_too_many"))
