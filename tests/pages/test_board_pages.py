"""X-4 Ärenden page in AppTest, on a copy of the demo database (on both backends): search,
filters, the URL query string, masking with the access log, export buttons. The X-5 dashboard's
page: test_dashboard_pages.py."""
from __future__ import annotations

import pytest

from logic.board import present
from logic.board import service as board
from logic.board.filters import PAGE_SIZES, SORTS, BoardFilters, Period
from logic.clock import FixedClock
from logic.store.connect import open_database
from logic.users import load_user
from tests.pages.conftest import texts

pytestmark = pytest.mark.both_backends

BOARD = "pages/20_Arenden.py"


def _logic(path, username: str, **filters) -> board.BoardResult:
    """What logic.board says for the same filters (another connection, after the page ran)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    db = open_database(path)                  # same process: DuckDB shares the open file
    try:
        clock = FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm")))
        return board.search(db, clock, load_user(db, username), BoardFilters(**filters))
    finally:
        db.close()


def _total(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**") and "ärende" in m.value)


def _ids(at) -> list[str]:
    if not at.dataframe:
        return []
    return list(at.dataframe[0].value["Nummer"])


def test_x4_board_lists_visible_cases_with_total_and_case_numbers(open_page, demo_db_path):
    at = open_page(BOARD, "handlaggare")
    assert not at.exception
    assert len(at.dataframe) == 1
    df = at.dataframe[0].value
    assert list(df.columns)[:4] == ["Nummer", "Rubrik", "Status", "Typ"]
    shown_total = _total(at)
    expected = _logic(demo_db_path, "handlaggare")
    assert shown_total == f"**{expected.total} ärenden**"
    assert _ids(at) == [r["id"] for r in expected.rows]


def test_x4_search_box_filters_and_writes_the_url(open_page, demo_db_path):
    at = open_page(BOARD, "handlaggare")
    at.text_input(key="board_q").input("pump").run()
    assert not at.exception
    assert at.query_params["q"] == ["pump"] or at.query_params["q"] == "pump"
    ids = _ids(at)
    assert ids and ids == [r["id"] for r in _logic(demo_db_path, "handlaggare", q="pump").rows]


def test_x4_url_query_string_restores_a_shared_board(open_page, demo_db_path):
    query = {"q": "rullstol", "status": "closed", "kind": "deviation", "sort": "id", "dir": "asc"}
    at = open_page(BOARD, "tekniker", query=query)
    assert not at.exception
    assert at.text_input(key="board_q").value == "rullstol"
    assert at.multiselect(key="board_statuses").value == ["closed"]
    assert at.multiselect(key="board_kinds").value == ["deviation"]
    expected = _logic(demo_db_path, "tekniker", q="rullstol", statuses=["closed"], kinds=["deviation"],
                      sort="id", desc=False)
    assert _ids(at) == [r["id"] for r in expected.rows] and expected.total > 0


def test_x4_filter_widgets_narrow_the_board(open_page):
    at = open_page(BOARD, "handlaggare")
    before = _total(at)
    at.toggle(key="board_waiting").set_value(True).run()
    at.selectbox(key="board_state").set_value("open").run()
    assert not at.exception and _total(at) != before
    assert at.query_params["waiting"] in ("1", ["1"]) and at.query_params["state"] in ("open", ["open"])


def test_x4_exact_number_typed_opens_the_case(open_page):
    at = open_page(BOARD, "handlaggare")
    first = _ids(at)[0]
    at.text_input(key="board_q").input(first.lower()).run()
    assert not at.exception
    assert any(first in h.value for h in at.header)          # the case page shows it


def test_x4_person_ids_masked_until_revealed_and_then_logged(open_page, demo_db_path):
    at = open_page(BOARD, "handlaggare", query={"q": "tolvan"})
    people = list(at.dataframe[0].value["Person"])
    assert people and all(p.endswith("-****") for p in people)
    at.toggle(key="board_reveal").set_value(True).run()
    people = list(at.dataframe[0].value["Person"])
    assert all("Tolvan Tolvansson" in p and p.startswith("19121212-1212") for p in people)
    db = open_database(demo_db_path)
    with db.read() as r:
        logged = r.rows("SELECT * FROM access_log WHERE actor = 'handlaggare' AND purpose = 'board'")
    db.close()
    assert len(logged) >= len(people)


def test_x4_analyst_sees_pseudonyms_and_cannot_search_by_name(open_page):
    at = open_page(BOARD, "analytiker")
    shown = texts(at)
    assert "Tolvan" not in shown and "191212121212" not in shown and "19121212-" not in shown
    assert any(p.startswith("P-") for p in at.dataframe[0].value["Person"])
    assert not [t for t in at.toggle if t.key == "board_reveal"]
    at.text_input(key="board_q").input("Tolvansson").run()
    assert not at.dataframe and any("Inga ärenden" in i.value for i in at.info)


def test_x4_export_buttons_offer_all_matching_rows(open_page, demo_db_path):
    at = open_page(BOARD, "handlaggare", query={"q": "rullstol"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Ladda ner CSV"]
    assert any("Alla" in c.value and "ärenden som matchar" in c.value for c in at.caption)
    # Excel is built on request, with progress, then offered for download
    at.button(key="board_xlsx_build").click().run()
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["Ladda ner CSV", "Ladda ner Excel"]
    bars = at.get("progress")
    assert bars and bars[-1].proto.value == 100 and "rader" in bars[-1].proto.text
    assert [(s.label, s.proto.state) for s in at.status] == [("Excel-filen är klar", 2)]          # COMPLETE
    from tests.store.test_board_export import cells
    expected = _logic(demo_db_path, "handlaggare", q="rullstol")
    rows = cells(at.session_state["board_xlsx_file"][1])
    assert rows[0][:2] == ["Nummer", "Typ"] and len(rows) == expected.total + 1
    assert {r[0] for r in rows[1:]} >= {r["id"] for r in expected.rows}
    at.text_input(key="board_q").input("rollator").run()            # other filters: built again
    assert [b.proto.label for b in at.get("download_button")] == ["Ladda ner CSV"]


def test_x4_board_in_english(open_page):
    at = open_page(BOARD, "handlaggare")
    at.selectbox(key="_lang_select").set_value("en").run()
    assert not at.exception and at.title[0].value == "Cases"
    assert list(at.dataframe[0].value.columns)[:2] == ["Number", "Title"]


# ------------------------------------------------------------------ dashboard


def _widget(at, kind: str, name: str):
    """The board's widget for a filter, whatever generation of keys the page is on."""
    found = [w for w in getattr(at, kind) if w.key and w.key.split(".")[0] == f"board_{name}"]
    assert len(found) == 1, [w.key for w in getattr(at, kind)]
    return found[0]


def test_x4_every_filter_widget_is_given_its_value_from_the_url_not_only_session_state(open_page):
    """The browser shows a widget's own default when it missed the run that set its value
    through session_state (a fresh session runs the page twice): the search box was empty and
    the sort toggle off while the list was filtered. Each widget now carries the value."""
    query = {"q": "rullstol", "state": "closed", "kind": "deviation", "status": "closed", "sort": "id",
             "dir": "asc", "waiting": "1", "size": "25", "period": "custom", "from": "2026-01-01",
             "to": "2026-11-30"}
    at = open_page(BOARD, "handlaggare", query=query)
    for _ in range(2):                                    # as first shown, and on the next run
        assert not at.exception
        assert _widget(at, "text_input", "q").proto.default == "rullstol"
        assert list(_widget(at, "multiselect", "kinds").proto.default) == [
            _widget(at, "multiselect", "kinds").options.index(present.kind_label("sv", "deviation"))]
        assert _widget(at, "multiselect", "statuses").proto.default
        assert _widget(at, "selectbox", "state").proto.default == 2              # closed
        assert _widget(at, "selectbox", "sort").proto.default == list(SORTS).index("id")
        assert _widget(at, "selectbox", "size").proto.default == PAGE_SIZES.index(25)
        assert _widget(at, "selectbox", "period").proto.default == list(Period).index(Period.CUSTOM)
        assert _widget(at, "toggle", "waiting").proto.default is True
        assert _widget(at, "toggle", "desc").proto.default is False
        assert _widget(at, "toggle", "mine").proto.default is False
        assert str(_widget(at, "date_input", "from").value) == "2026-01-01"
        assert {k: at.query_params[k] for k in query} in (query, {k: [v] for k, v in query.items()})
        at.run()


def test_x4_a_url_changed_outside_the_board_sets_every_widget_again(open_page, demo_db_path):
    """A link or the back button to another filtered board in the same session: the widgets
    (and the list) follow the URL, not what the widgets held before."""
    at = open_page(BOARD, "handlaggare", query={"q": "rullstol", "state": "closed"})
    _widget(at, "toggle", "mine").set_value(True).run()
    at.query_params.clear()
    at.query_params["q"] = "pump"
    at.run()
    assert not at.exception
    assert _widget(at, "text_input", "q").value == "pump"
    assert _widget(at, "selectbox", "state").value == ""
    assert _widget(at, "toggle", "mine").value is False
    assert _ids(at) == [r["id"] for r in _logic(demo_db_path, "handlaggare", q="pump").rows]
    assert dict(at.query_params) in ({"q": "pump"}, {"q": ["pump"]})


def test_x4_paging_and_page_size_keep_the_filters(open_page, demo_db_path):
    at = open_page(BOARD, "handlaggare", query={"size": "25"})
    first = _ids(at)
    at.button(key="board_next").click().run()
    assert not at.exception
    assert _ids(at) == [r["id"] for r in _logic(demo_db_path, "handlaggare", page=2, page_size=25).rows]
    assert at.query_params["page"] in ("2", ["2"]) and _ids(at) != first
    _widget(at, "selectbox", "size").set_value(100).run()           # a new selection: first page
    assert "page" not in at.query_params and at.query_params["size"] in ("100", ["100"])
    assert _ids(at) == [r["id"] for r in _logic(demo_db_path, "handlaggare", page_size=100).rows]


@pytest.mark.parametrize("query", [{"period": "custom", "from": "0001-01-01"}, {"period": "custom", "to": "9999-12-31"}])
def test_x7_a_date_out_of_range_in_a_link_is_dropped_not_a_traceback(open_page, query):
    at = open_page(BOARD, "handlaggare", query=query)
    assert not at.exception and not at.error
    assert _widget(at, "date_input", "from").value is None and _widget(at, "date_input", "to").value is None
    assert at.query_params.get("period") in ("custom", ["custom"]) and "from" not in at.query_params


# ------------------------------------------------------------------ issue 16: cases open in place


def _pick_row(at, key: str, row: int) -> None:
    """What a click on a row of the table does: its selection arrives in the next run."""
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()


def _back_links(at) -> list:
    return [e.proto for e in at.get("page_link") if e.proto.page == "Arenden" and e.proto.query_string]


def test_ui16_board_row_opens_the_case_in_this_tab_with_the_way_back_to_the_same_filters(open_page, demo_db_path):
    query = {"q": "rullstol", "state": "open", "sort": "id", "dir": "asc"}
    at = open_page(BOARD, "handlaggare", query=query)
    listed = _ids(at)
    assert len(listed) > 1
    _pick_row(at, "board_table.0", 1)
    assert not at.exception
    assert dict(at.query_params) in ({"id": listed[1]}, {"id": [listed[1]]})      # the case page, this session
    assert [tl.value for tl in at.title] == ["Ärende"] and listed[1] in texts(at)
    back = _back_links(at)
    assert len(back) == 1 and back[0].label == "Tillbaka till ärendelistan"
    assert back[0].query_string == "q=rullstol&state=open&sort=id&dir=asc"
    # following the link: the board with the same filters and the same rows, nothing selected
    at.switch_page(BOARD)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception and _widget(at, "text_input", "q").value == "rullstol"
    assert _widget(at, "selectbox", "state").value == "open"
    assert _ids(at) == listed and "id" not in at.query_params


def test_ui16_board_back_without_the_query_string_restores_the_filters_once(open_page, demo_db_path):
    """The browser's back button may bring the board back without its query string."""
    at = open_page(BOARD, "handlaggare", query={"state": "open", "sort": "id", "dir": "asc"})
    listed = _ids(at)
    _pick_row(at, "board_table.0", 2)
    at.switch_page(BOARD)
    at.query_params.clear()
    at.query_params["id"] = listed[2]             # what the browser's entry for the board holds
    at.run()
    assert not at.exception and _widget(at, "selectbox", "state").value == "open"
    assert _ids(at) == listed and at.query_params["state"] in ("open", ["open"])
    at.query_params.clear()                                   # a later visit: its own (empty) URL
    at.run()
    assert _widget(at, "selectbox", "state").value == ""


def test_ui16_board_exact_number_opens_the_case_with_the_way_back(open_page):
    at = open_page(BOARD, "handlaggare", query={"state": "open"})
    first = _ids(at)[0]
    _widget(at, "text_input", "q").input(first).run()
    assert not at.exception and any(first in h.value for h in at.header)
    back = _back_links(at)
    assert len(back) == 1 and back[0].query_string == f"q={first}&state=open"


def test_ui16_board_no_back_link_on_a_case_opened_another_way(open_page):
    at = open_page(BOARD, "handlaggare")
    listed = _ids(at)
    _pick_row(at, "board_table.0", 0)
    at.query_params["id"] = listed[1]                    # then another case, typed or linked
    at.run()
    assert not at.exception and not _back_links(at)


def test_ui16_board_columns_are_chosen_and_kept_for_the_user(open_page):
    at = open_page(BOARD, "handlaggare")
    assert list(at.dataframe[0].value.columns) == ["Nummer", "Rubrik", "Status", "Typ", "Händelsetyp", "Enhet",
                                                   "Registrerad", "Person", "Artikelnr", "Väntar på mig"]
    at.multiselect(key="board_columns").set_value(["status", "created_at"]).run()
    assert not at.exception
    assert list(at.dataframe[0].value.columns) == ["Nummer", "Status", "Registrerad"]
    again = open_page(BOARD, "handlaggare")                # a new session of the same user
    assert list(again.dataframe[0].value.columns) == ["Nummer", "Status", "Registrerad"]
    other = open_page(BOARD, "tekniker")                   # another user: every column
    assert list(other.dataframe[0].value.columns)[:3] == ["Nummer", "Rubrik", "Status"]


def test_ui16_board_filters_start_collapsed_with_the_number_chosen_beside_the_total(open_page):
    """On a phone the open panel pushed the results ~1000 px down: closed, the list comes first."""
    at = open_page(BOARD, "handlaggare", query={"state": "open", "mine": "1"})
    panel = next(e for e in at.expander if e.label == "Filter")
    assert panel.proto.expanded is False
    assert any("Filter valda: 2" in m.value for m in at.markdown)
