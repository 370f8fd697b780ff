"""Issue 16 items 4 and 10 on the pages (AppTest on the demo database): the board names ORG and
care case types instead of showing their codes; the security log shows events and details in
words; the answer names the person; the dashboard's category bars are each distinct and the
Pareto share is ticked at 0, 20 … 100 %; a Danish reader sees one date format."""
from __future__ import annotations

import json
import re

import pytest

from tests.pages.conftest import texts

pytestmark = pytest.mark.both_backends

BOARD = "pages/20_Arenden.py"
DASH = "pages/21_Rapporter.py"
ADMIN = "pages/90_Admin.py"
CASE = "pages/12_Arende.py"
RAW_CODES = ("forsakringsmedicin", "vardskada", "lakemedel", "hot_vald")


def test_ui16_codes_the_board_names_org_case_types(open_page):
    at = open_page(BOARD, "chef.norrby")
    assert not at.exception
    shown = at.dataframe[0].value.to_csv()
    assert "Försäkringsmedicin" in shown
    assert not [c for c in RAW_CODES if c in shown]
    offered = " ".join(at.multiselect[1].options)          # the type filter, as shown
    assert "Försäkringsmedicin" in offered and not [c for c in RAW_CODES if c in offered]


def test_ui16_codes_the_security_log_reads_as_words(open_page):
    at = open_page(ADMIN, "admin")
    assert not at.exception
    log = at.dataframe[-1].value.to_csv()
    assert "Intygsbehörighet sparad" in log and "Försäkringsbolag skapat" in log
    for raw in ("cert_rights_saved", "urgent_insurer_created", "title=", "webcert=", "True", "->"):
        assert raw not in log, raw


def test_ui16_codes_the_answer_names_the_person_who_gave_it(open_page):
    at = open_page(CASE, "handlaggare", query={"id": "AV26300001"})
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Tore Tekniker" in captions
    assert not re.search(r"(^|\s)tekniker ·", captions)


def test_ui16_dashboard_category_bars_are_distinct_and_the_pareto_is_ticked_in_fifths(open_page):
    at = open_page(DASH, "handlaggare")
    assert not at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    categories = [y for trace in charts[1]["data"] for y in trace["y"]]
    names = [y.split(" · ")[0] for y in categories]
    assert len(set(categories)) == len(categories)
    assert len(set(names)) < len(names) or all(" · " in y for y in categories)   # each names its type
    assert charts[3]["layout"]["yaxis2"]["tickvals"] == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    labels = at.multiselect(key="dash_cats").options            # as shown (AppTest holds the formatted ones)
    assert labels and len(set(labels)) == len(labels)
    assert all(" · " in label for label in labels)


def test_ui16_dates_a_danish_reader_sees_one_date_format(open_page):
    at = open_page("pages/50_Akutsager.py", "forsikring")
    assert not at.exception
    shown = texts(at)
    assert re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", shown)
    assert not re.search(r"\b20\d\d-\d{2}-\d{2}\b", shown)
