"""X-4 in a real browser: search the case board, share the filtered board by its URL, export
all matches to CSV; X-5: the dashboard draws its charts (screenshots for a look)."""
from __future__ import annotations

import csv
import io
import re

from tests.e2e.conftest import login, shot, wait_idle


def _total(page) -> int:
    text = page.inner_text("body")
    m = re.search(r"(\d[\d ]*) ärenden", text) or re.search(r"(1) ärende\b", text)
    assert m, text[:500]
    return int(m.group(1).replace(" ", ""))


def test_x4_search_share_by_url_and_export(server, new_page, tmp_path):
    page = new_page()
    login(page, server.url, "handlaggare", path="/Arenden")
    everything = _total(page)
    box = page.get_by_label("Sök", exact=True)
    box.fill("rullstol")
    box.press("Enter")
    wait_idle(page)
    page.wait_for_url(re.compile(r"q=rullstol"))
    found = _total(page)
    assert 0 < found < everything
    shot(page, "board-search")
    shared = page.url

    # the same board for a colleague who opens the link
    other = new_page()
    login(other, server.url, "tekniker", path=shared.replace(server.url, ""))
    assert other.get_by_label("Sök", exact=True).input_value() == "rullstol"
    assert _total(other) == found
    shot(other, "board-shared")

    # every matching row in the CSV, not only the page on screen
    with page.expect_download() as dl:
        page.get_by_role("button", name="Ladda ner CSV").click()
    path = tmp_path / "arenden.csv"
    dl.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nummer", "Typ", "Händelsetyp"]
    assert len(rows) - 1 == found
    assert len({r[0] for r in rows[1:]}) == found and all(r[0][:2] in ("AV", "RE") for r in rows[1:])


def test_x5_dashboard_draws_its_charts(server, new_page):
    page = new_page()
    login(page, server.url, "analytiker", path="/Rapporter")
    page.wait_for_selector(".js-plotly-plot", timeout=20000)
    assert page.locator(".js-plotly-plot").count() == 6
    body = page.inner_text("body")
    assert "Median tid till avslut" in body and "Tolvan" not in body
    shot(page, "dashboard-analyst")
