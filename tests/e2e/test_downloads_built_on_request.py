"""In a real browser: the board's Excel export is built on request with a progress bar, then
downloaded with every matching row (X-4); an urgent case's attachment is read when its
download is clicked and arrives whole (URG-7)."""
from __future__ import annotations

import re

from tests.e2e.conftest import login, shot, wait_idle
from tests.store.test_board_export import cells

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_x4_excel_export_built_with_progress_then_downloaded(server, new_page):
    page = new_page()
    login(page, server.url, "handlaggare", path="/Arenden?q=rullstol")
    m = re.search(r"(\d[\d ]*) ärenden", page.inner_text("body"))
    found = int(m.group(1).replace(" ", ""))
    assert page.get_by_role("button", name="Ladda ner Excel").count() == 0       # not built yet
    page.get_by_role("button", name="Skapa Excel-fil").click()
    page.get_by_text("Excel-filen är klar").wait_for()
    wait_idle(page)
    page.get_by_text("Excel-filen är klar").click()                               # open the status
    page.get_by_text(f"{found} av {found} rader").wait_for()                      # the bar at its end
    shot(page, "board-excel-built")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Ladda ner Excel").click()
    rows = cells(dl.value.path().read_bytes())
    assert rows[0][:3] == ["Nummer", "Typ", "Händelsetyp"]
    assert len(rows) - 1 == found and all(r[0][:2] in ("AV", "RE") for r in rows[1:])


def test_urg7_attachment_is_downloaded_on_click(server, new_page):
    page = new_page()
    login(page, server.url, "forsikring", path="/Arende?id=NL-2026-1005")
    button = page.get_by_role("button", name=re.compile(r"^loft\.png"))
    button.wait_for()
    shot(page, "urgent-attachment")
    with page.expect_download() as dl:
        button.click()
    assert dl.value.suggested_filename == "loft.png"
    assert dl.value.path().read_bytes().startswith(PNG_MAGIC)
