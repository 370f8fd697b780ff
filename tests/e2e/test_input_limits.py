"""Issue 13 in a real browser (Debian chromium): a paste over a field's limit is kept whole and
refused at the field with the limit and the length (X-7); an event decades old can be picked
(X-6: the pickers follow the app's clock); an upload is stored once, the uploader cleared, an
over-limit file refused in Danish, and a file name with underscores shown as typed."""
from __future__ import annotations

import re
from datetime import date

from logic.clock import to_local
from logic.store.db import Database
from tests.e2e.conftest import login, shot, wait_idle

MONDAY_1730 = "2026-11-23T17:30:00+01:00"
SLOW = 60000


def _settle(page) -> None:
    wait_idle(page, SLOW)
    page.wait_for_timeout(800)
    wait_idle(page, SLOW)


def _see(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=SLOW)


def test_x7_x6_a_pasted_1001_character_description_is_kept_and_refused_at_the_field(server_factory, new_page):
    server = server_factory({"CASEDESK_NOW": MONDAY_1730})
    page = new_page("da-DK")
    page.set_default_timeout(SLOW)
    login(page, server.url, "partner")
    page.goto(server.url + "/Ny_akutsag")
    _settle(page)
    _see(page, "Kort beskrivelse")
    page.get_by_label("Adresse *", exact=True).fill("Irlandsvej 80")
    page.get_by_label("Postnr. *").fill("2300")
    page.get_by_label("By *").fill("København S")
    page.get_by_label("Kunde *").fill("Kaj Kunde")
    page.get_by_label("Navn *").fill("Kaj Kunde")
    page.get_by_label("Telefonnummer *").fill("+45 11 22 33 44")
    pasted = ("Vand fra loftet. " * 59)[:1001]
    description = page.get_by_label("Kort beskrivelse * (Max 1.000 tegn)")
    description.click()
    page.keyboard.insert_text(pasted)                    # as a paste: the browser applies maxlength here
    assert len(description.input_value()) == 1001
    page.get_by_role("spinbutton", name="day, Skadedato *").click()
    page.keyboard.type("01061987")                       # decades before the machine's "ten years ago"
    page.get_by_role("button", name="Tilføj").click()
    _see(page, "Højst 1.000 tegn – du har skrevet 1.001.")
    assert description.input_value() == pasted           # nothing cut, nothing lost
    assert "er oprettet" not in page.inner_text("body")
    shot(page, "x7-1-paste-over-limit-refused-at-field")
    description.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Backspace")
    page.get_by_role("button", name="Tilføj").click()
    _see(page, "er oprettet.")
    case_id = re.search(r"Akutsag (AKUT-\d{2}-\d{4}) er oprettet\.", page.inner_text("body")).group(1)
    shot(page, "x7-2-created")
    server.stop()                                         # DuckDB: one process at a time
    db = Database(server.db_path)
    with db.read() as r:
        row = r.row("SELECT short_description, damage_at FROM urgent_cases WHERE case_id = ?", [case_id])
    db.close()
    assert row["short_description"] == pasted[:1000]
    assert to_local(row["damage_at"], "Europe/Copenhagen").date() == date(1987, 6, 1)


def upload_button(page):
    """The app's Upload button (the drop zone has a button of that name too)."""
    return page.locator("[data-testid=stButton]").get_by_role("button", name="Vedhæft fil", exact=True)


def test_urg7_an_upload_is_stored_once_and_refused_in_danish(server, new_page, tmp_path):
    page = new_page("da-DK")
    page.set_default_timeout(SLOW)
    login(page, server.url, "partner3")
    page.goto(f"{server.url}/Arende?id=AKUT-26-0004")
    _settle(page)
    _see(page, "Vedhæft foto eller PDF")
    photo = tmp_path / "foto_af_loft_1.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    page.locator("input[type=file]").set_input_files(str(photo))
    _settle(page)
    upload_button(page).click()
    _see(page, "Filen er uploadet.")
    _settle(page)
    assert page.get_by_text("foto_af_loft_1.png").count() == 1          # only on its download button
    shot(page, "urg7-1-uploaded-once")
    button = page.get_by_role("button", name="foto_af_loft_1.png (1 kB)")
    assert button.count() == 1 and button.locator("em").count() == 0     # as typed, not in italics
    assert page.locator("[data-testid=stFileUploaderFile]").count() == 0       # the uploader is empty
    assert upload_button(page).count() == 0
    uploader = page.locator("[data-testid=stFileUploader]").inner_text()
    assert "per file" not in uploader and "MB" not in uploader               # no English ceiling shown
    _see(page, "JPEG, PNG eller PDF, højst 10 MB.")

    page.locator("input[type=file]").set_input_files(str(photo))           # the same file again
    _settle(page)
    upload_button(page).click()
    _see(page, "Denne fil er allerede vedhæftet opgaven (som foto_af_loft_1.png).")
    assert page.get_by_role("button", name="foto_af_loft_1.png (1 kB)").count() == 1

    big = tmp_path / "stort_foto.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * (11 * 1024 * 1024))
    page.locator("input[type=file]").set_input_files(str(big))
    _settle(page)
    _see(page, "Filen er for stor: højst 10 MB.")
    body = page.inner_text("body")
    assert "or smaller" not in body                                          # not Streamlit's English
    shot(page, "urg7-2-too-large-in-danish")
