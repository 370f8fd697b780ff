"""The case board of pages/20_Arenden.py (X-4): filters held in one model (BoardFilters) with the URL
as its bookmarkable form, the search, the list with paging, and the export to CSV and Excel."""
from __future__ import annotations

import streamlit as st

from logic import exports
from logic.board import columns as board_columns
from logic.board import present
from logic.board import service as board
from logic.access import Action, decide
from logic.board.filters import PAGE_SIZES, Q_MAX, SORTS, BoardFilters, Period
from ui import forms
from ui.format import dt
from ui.i18n import lang, t
from ui.case_table import BACK, case_table
from ui.nav import CASE_PAGE

BOARD_PAGE = "pages/20_Arenden.py"


def show(db, clock, user) -> None:
    L = lang()

    # The filters are one model, BoardFilters, held between runs in session_state["board_model"];
    # the URL is its bookmarkable form. Every widget gets its value from the model on every run
    # (value=/index=/default=), never through session_state: a fresh session runs the page twice
    # (cookie login, then again), and a widget whose value came only from session_state showed
    # its own default in the browser when the browser missed the first run — the list filtered,
    # the search box empty, and the next click wrote those empty widgets back into the URL.
    # A URL that changes from outside (first visit, a shared link, the back button) becomes the
    # model, and the widgets get new keys (a new generation), so each starts from it. Both are
    # kept at once, so a run cut short by the next one does not start another generation.
    url = st.query_params.to_dict()
    # back from a case opened on the board with the browser's back button: the browser's entry
    # for the board has lost the board's query string (measured: Streamlit leaves "/Arenden?id=…"
    # there during the page switch), so the board's filters of this session come back, as the
    # back link brings them
    came_back = st.session_state.get(BACK) or {}
    if (came_back.get("page") == BOARD_PAGE and came_back.get("query")
            and not BoardFilters.from_query(url).to_query()):
        url = dict(came_back["query"])
        st.query_params.from_dict(url)
    if came_back.get("page") == BOARD_PAGE:
        del st.session_state[BACK]                  # once: a later visit starts from its own URL
    if st.session_state.get("board_url") != url:
        model = st.session_state["board_model"] = BoardFilters.from_query(url)
        gen = st.session_state["board_gen"] = st.session_state.get("board_gen", -1) + 1
        st.session_state["board_url"] = url
    else:
        model = st.session_state.get("board_model") or BoardFilters.from_query(url)
        gen = st.session_state.get("board_gen", 0)

    def key(name: str) -> str:
        """The widget key of a filter in this generation ("board_q", then "board_q.1", ...)."""
        return f"board_{name}" if gen == 0 else f"board_{name}.{gen}"

    # no st.cache_data in a page script: each run's definition of a cached function kept that
    # run's globals alive (measured in the load test); logic reads these cheaply (board_counts,
    # Database.cached) and exactly
    facets = board.facets(db, user)
    unit_names = board.unit_choices(db)
    kinds = sorted({r["kind"] for r in facets}, key=lambda k: present.kind_label(L, k))
    subtypes = sorted({(r["kind"], r["subtype"]) for r in facets if r["subtype"]})
    statuses = sorted({(r["kind"], r["status"]) for r in facets if r["status"]})
    status_label = {s: present.status_label(L, k, s) for k, s in statuses}
    names = board.subtype_names(db)      # the ORG classification's names (issue 16 item 4)
    subtype_label = {s: present.subtype_label(L, k, s, names) for k, s in subtypes}
    STATES = ["", "open", "closed"]

    # values from the URL stay selectable even when the choices do not list them
    kind_opts = kinds + [k for k in model.kinds if k not in kinds]
    sub_opts = sorted({s for _, s in subtypes} | set(model.subtypes))
    stat_opts = sorted({s for _, s in statuses} | set(model.statuses), key=lambda s: status_label.get(s, s))
    unit_opts = sorted(set(unit_names) | set(model.units), key=lambda u: unit_names.get(u, u))

    chosen: dict = {}
    chosen["q"] = st.text_input(t("board.search"), value=model.q, key=key("q"),
                                placeholder=t("board.search_placeholder"), help=t("board.search_help"))
    q_too_long = forms.length_error(chosen["q"], Q_MAX)     # refused at the box, the text kept
    # collapsed by default: the results come first, also on a phone (issue 16, item 8)
    with st.expander(t("board.filters"), expanded=False, key="board_filters_open"):
        c1, c2, c3, c4 = st.columns(4)
        chosen["kinds"] = forms.choose_many(c1, t("board.kind"), kind_opts, default=model.kinds, key=key("kinds"),
                                         format_func=lambda k: present.kind_label(L, k), placeholder=t("board.choose"))
        chosen["subtypes"] = forms.choose_many(c2, t("board.subtype"), sub_opts, default=model.subtypes, key=key("subtypes"),
                                            format_func=lambda s: subtype_label.get(s, s), placeholder=t("board.choose"))
        chosen["statuses"] = forms.choose_many(c3, t("board.status"), stat_opts, default=model.statuses, key=key("statuses"),
                                            format_func=lambda s: status_label.get(s, s), placeholder=t("board.choose"))
        chosen["units"] = forms.choose_many(c4, t("board.unit"), unit_opts, default=model.units, key=key("units"),
                                         format_func=lambda u: unit_names.get(u, u), placeholder=t("board.choose"))
        c1, c2, c3, c4 = st.columns(4)
        chosen["period"] = c1.selectbox(t("board.period"), list(Period), index=list(Period).index(model.period),
                                        key=key("period"), format_func=lambda v: t(f"board.period.{v.value}"),
                                        placeholder=t("board.choose"))
        if chosen["period"] is Period.CUSTOM:
            chosen["date_from"] = c2.date_input(t("board.date_from"), value=model.date_from, key=key("from"),
                                                **forms.dates(clock, user.tz, keep=model.date_from))
            chosen["date_to"] = c3.date_input(t("board.date_to"), value=model.date_to, key=key("to"),
                                              **forms.dates(clock, user.tz, keep=model.date_to))
        chosen["state"] = c4.selectbox(t("board.state"), STATES, index=STATES.index(model.state), key=key("state"),
                                       format_func=lambda v: t(f"board.state.{v}"), placeholder=t("board.choose"))
        c1, c2, c3, c4 = st.columns(4)
        chosen["mine"] = c1.toggle(t("board.mine"), value=model.mine, key=key("mine"), help=t("board.mine_help"))
        chosen["waiting"] = c2.toggle(t("board.waiting"), value=model.waiting, key=key("waiting"),
                                      help=t("board.waiting_help"))
        chosen["sort"] = c3.selectbox(t("board.sort"), list(SORTS), index=list(SORTS).index(model.sort),
                                      key=key("sort"), format_func=lambda s: t(f"board.sort.{s}"),
                                      placeholder=t("board.choose"))
        chosen["desc"] = c4.toggle(t("board.desc"), value=model.desc, key=key("desc"))
    if q_too_long:
        return
    # the page size is drawn below the list: the browser's choice is in session_state already
    f = BoardFilters(**{k: v for k, v in chosen.items() if v is not None}, page=model.page,
                     page_size=st.session_state.get(key("size"), model.page_size))
    if f.model_dump(exclude={"page"}) != model.model_dump(exclude={"page"}):
        f = f.model_copy(update={"page": 1})      # a new selection starts on its first page

    person_role = decide(user, Action.VIEW_PERSON_ID).allowed
    reveal = False
    if person_role:
        reveal = st.toggle(t("board.reveal"), key="board_reveal", help=t("board.reveal_help"))

    result = board.search(db, clock, user, f, reveal=reveal)

    # an exact case number typed into the search box opens the case (one in a link only offers it)
    if result.exact and f.q != model.q:
        st.session_state["board_model"] = f
        st.session_state["board_url"] = f.to_query()
        st.session_state[BACK] = {"case": result.exact, "page": BOARD_PAGE, "label": "board.back",
                                  "query": f.to_query()}
        st.switch_page(CASE_PAGE, query_params={"id": result.exact})

    f = f.model_copy(update={"page": result.page})
    st.session_state["board_model"] = f
    new_url = f.to_query()
    if new_url != url:
        st.query_params.from_dict(new_url)
    st.session_state["board_url"] = new_url

    if result.exact:
        st.page_link(CASE_PAGE, label=t("board.exact", case_id=result.exact), query_params={"id": result.exact},
                     icon=":material/open_in_new:")
    shown_filters = f.active_filters()
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    c1.markdown("**" + (t("board.total_one") if result.total == 1 else t("board.total", n=f"{result.total:,}".replace(",", " "))) + "**"
                + (" · " + t("board.filters_active", n=shown_filters) if shown_filters else ""))
    columns = _column_chooser(c2, db, clock, user)
    if result.hidden:
        st.caption(t("board.hidden_rows", n=result.hidden))

    if not result.rows:
        st.info(t("board.none"))
    else:
        values = {
            "id": lambda r: r["id"],
            "title": lambda r: r["title"] or "",
            "status": lambda r: present.status_label(L, r["kind"], r["status"]),
            "kind": lambda r: present.kind_label(L, r["kind"]),
            "subtype": lambda r: present.subtype_label(L, r["kind"], r["subtype"], names),
            "unit": lambda r: r["unit"] or "",
            "created_at": lambda r: dt(r["created_at"], user.tz),
            "person": lambda r: r["person"],
            "article_no": lambda r: r["article_no"] or "",
            "waiting": lambda r: r["waiting_for_me"],
        }
        table = [{t(f"board.col.{c}"): values[c](r) for c in columns} for r in result.rows]
        config = {t("board.col.waiting"): st.column_config.CheckboxColumn()} if "waiting" in columns else None
        case_table(table, [r["id"] for r in result.rows], key="board_table", back_page=BOARD_PAGE,
                   back_label="board.back", back_query=new_url, column_config=config)

    c1, c2, c3, c4 = st.columns([1, 2, 1, 2])
    if c1.button(t("board.prev"), key="board_prev", disabled=result.page <= 1, icon=":material/chevron_left:"):
        st.session_state["board_model"] = f.model_copy(update={"page": result.page - 1})
        st.rerun()
    c2.caption(t("board.page_of", page=result.page, pages=result.pages))
    if c3.button(t("board.next"), key="board_next", disabled=result.page >= result.pages,
                 icon=":material/chevron_right:"):
        st.session_state["board_model"] = f.model_copy(update={"page": result.page + 1})
        st.rerun()
    c4.selectbox(t("board.page_size"), list(PAGE_SIZES), index=list(PAGE_SIZES).index(f.page_size),
                 key=key("size"), label_visibility="collapsed", format_func=lambda n: t("board.per_page", n=n),
                 placeholder=t("board.choose"))

    if decide(user, Action.EXPORT).allowed and result.total:
        st.subheader(t("board.export"))
        st.caption(t("board.export_help", n=result.total) + " " + t("board.share"))
        include_person = False
        if person_role:
            include_person = st.checkbox(t("board.export_person"), key="board_export_person",
                                         help=t("board.reveal_help"))
        export_filters = f.model_copy()

        def _csv() -> bytes:
            return exports.to_csv(*board.export_rows(db, clock, user, export_filters, L,
                                                   include_person=include_person))

        c1, c2, _ = st.columns([1, 1, 3])
        c1.download_button(t("board.export_csv"), _csv, file_name="arenden.csv", mime="text/csv",
                           key="board_csv", icon=":material/download:", on_click="ignore")
        if result.total <= exports.EXCEL_MAX_ROWS:
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
                        data = exports.to_xlsx(*board.export_stream(db, clock, user, export_filters, L,
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


def _column_chooser(where, db, clock, user) -> list[str]:
    """The columns this user sees, and a small panel to choose them (kept per user)."""
    columns = board_columns.chosen_columns(db, user)
    optional = [c for c in board_columns.BOARD_COLUMNS if c not in board_columns.ALWAYS]
    with where.popover(t("board.columns"), icon=":material/view_column:"):
        chosen = forms.choose_many(st, t("board.columns"), optional, default=[c for c in columns if c in optional],
                                   format_func=lambda c: t(f"board.col.{c}"), key="board_columns",
                                   placeholder=t("board.choose"), help=t("board.columns_help"))
    wanted = board_columns.normalise(chosen)
    if wanted != columns:
        columns = board_columns.save_columns(db, clock, user, wanted)
        st.toast(t("board.columns_saved"), icon=":material/check:")
    return columns
