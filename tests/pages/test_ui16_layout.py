"""Issue 16, item 8 (AppTest): layouts that stay usable on a 390 px phone. The ORG case's
escalation ladder is one wrapping row of compact steps (mark, level, holder), not four tall
boxes that stack one per screen line; the start page puts "Mitt arbete" first (a phone stacks
columns in source order) with the report entries beside it at 1400 px."""
from __future__ import annotations

import pytest

from tests.pages.conftest import read
from tests.pages.test_org_pages import CASE, find_case

pytestmark = pytest.mark.both_backends


def blocks(node):
    """Every block (container, column) under `node`, depth first, in the order drawn."""
    for child in getattr(node, "children", {}).values():
        if child.type in ("vertical", "horizontal", "column", "flex_container") or hasattr(child, "children"):
            yield child
            yield from blocks(child)


def keyed(at, key: str):
    return [b for b in blocks(at.main) if str(getattr(b.proto, "id", "")).endswith("-" + key)]


def markdown_in(block) -> list[str]:
    return [read(str(m.value)) for m in block.markdown] + [read(str(c.value)) for c in block.caption]


def test_ui16_layout_org_ladder_is_one_wrapping_row_of_compact_steps(open_page, demo_db_path):
    case = find_case(demo_db_path, "Försäkringsmedicinsk rutin saknas på enheten")
    at = open_page(CASE, "chef", {"id": case["id"]})
    assert not at.exception
    [ladder] = keyed(at, "org_ladder")
    flex = ladder.proto.flex_container
    assert flex.direction == flex.HORIZONTAL and flex.wrap                 # a row that wraps
    steps = [b for b in blocks(ladder) if "-org_ladder_" in str(getattr(b.proto, "id", ""))]
    assert len(steps) == 4                                          # one compact step per level
    shown = [[x.replace("**", "") for x in markdown_in(s)] for s in steps]
    assert shown[0][0] == ":blue[● Chef · ärendet är här]"         # the current level, named, marked
    assert all("○" in s[0] and "ej nådd" in s[0] for s in shown[1:])
    assert all(len(s) <= 2 for s in shown)                          # mark + holder: two lines at most


def test_ui16_layout_org_ladder_not_applicable_shows_one_step_and_says_why(open_page, demo_db_path):
    case = find_case(demo_db_path, "Hotfull besökare i väntrummet")
    at = open_page(CASE, "chef.norrby", {"id": case["id"]})
    assert not at.exception
    [ladder] = keyed(at, "org_ladder")
    steps = [b for b in blocks(ladder) if "-org_ladder_" in str(getattr(b.proto, "id", ""))]
    assert len(steps) == 1                                          # no three boxes saying "gäller inte"
    captions = [read(str(c.value)) for c in at.caption]
    assert any(c.startswith("Eskaleringstrappan gäller försäkringsmedicinska avvikelser") for c in captions)
    assert "gäller inte" not in captions


def test_ui16_layout_start_page_work_comes_before_the_report_entries(open_page):
    at = open_page("app.py", "reporter")
    assert not at.exception
    order = [read(str(h.value)) for h in at.subheader]
    assert order.index("Mitt arbete") < order.index("Rapportera")   # a phone stacks in this order
    work, report = [b for b in blocks(at.main) if b.type == "column"][:2]
    assert "Mitt arbete" in [read(str(h.value)) for h in work.subheader]
    assert "Rapportera" in [read(str(h.value)) for h in report.subheader]
    assert len(report.get("page_link")) == 3                         # the entries, one under the other
