"""ADM-13, ADM-12, ADM-11 in the browser: an empty installation asks for its first
administrator, who logs in, finds the imports in order, restores an export of the demo, and
downloads an export of the result."""
from __future__ import annotations

import json
import shutil
import zipfile
from datetime import datetime

import pytest

from logic import transfer, users
from logic.clock import FixedClock
from logic.store.db import Database
from tests.conftest import STOCKHOLM
from tests.e2e.conftest import Server, login, shot, wait_idle

PASSWORD = "ett-långt-lösen"


@pytest.fixture
def empty_server(db_template, tmp_path):
    path = tmp_path / "empty" / "casedesk.duckdb"
    path.parent.mkdir()
    shutil.copy(db_template, path)
    server = Server(path, {"CASEDESK_NOW": "2026-11-20T12:00:00+01:00"})
    yield server
    server.stop()


@pytest.fixture
def demo_export(demo_template, tmp_path):
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, copy)
    db = Database(copy)
    try:
        return transfer.export(db, FixedClock(datetime(2026, 11, 20, 12, tzinfo=STOCKHOLM)),
                               users.load_user(db, "admin"), tmp_path / "exports")
    finally:
        db.close()


def test_adm13_empty_start_first_admin_imports_in_order_restore_and_export(empty_server, demo_export, new_page,
                                                                           tmp_path):
    page = new_page()
    page.goto(empty_server.url)
    wait_idle(page)
    assert page.get_by_text("Välkommen till casedesk").is_visible()
    page.get_by_label("Användarnamn").fill("pia")
    page.get_by_label("Namn *", exact=True).fill("Pia Pilot")
    page.get_by_label("Lösenord *", exact=True).fill(PASSWORD)
    page.get_by_label("Lösenord igen").fill("något-annat-lösen")
    page.get_by_role("button", name="Skapa administratören").click()
    wait_idle(page)
    assert page.get_by_text("Lösenorden är inte lika.").is_visible()
    shot(page, "adm13-first-admin-error")
    page.get_by_label("Lösenord igen").fill(PASSWORD)
    page.get_by_role("button", name="Skapa administratören").click()
    wait_idle(page)
    assert page.get_by_text("Administratören pia är skapad. Logga in nedan.").is_visible()
    assert page.get_by_role("button", name="Logga in").is_visible()
    shot(page, "adm13-first-admin-created")

    login(page, empty_server.url, "pia", PASSWORD)
    assert page.get_by_text("Kom igång: läs in i den här ordningen").is_visible()
    assert page.get_by_role("link", name="1. Enheter").is_visible()
    assert page.get_by_role("link", name="2. Användare").is_visible()
    shot(page, "adm13-start-imports")
    page.get_by_role("link", name="1. Enheter").click()
    wait_idle(page)
    assert "kind=units" in page.url
    shot(page, "adm13-import-units")
    assert page.get_by_role("combobox", name="Vad ska läsas in").input_value() == "Enheter"   # preselected

    page.goto(empty_server.url)
    wait_idle(page)
    page.get_by_role("link", name="… eller läs tillbaka en export").click()
    wait_idle(page)
    page.locator('input[type="file"]').set_input_files(str(demo_export.path))
    wait_idle(page)
    page.get_by_role("button", name="Läs tillbaka").click()
    wait_idle(page, 60000)
    body = page.inner_text("body")
    shot(page, "adm12-restored")
    assert "Återläst:" in body and "har inget lösenord" in body and "Kan logga in med lösenord: pia." in body

    page.get_by_role("button", name="Skapa export").click()
    wait_idle(page, 60000)
    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ner exporten").click()
    target = tmp_path / "downloaded.zip"
    info.value.save_as(target)
    shot(page, "adm11-exported")
    with zipfile.ZipFile(target) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["created_by"] == "pia"
    assert manifest["tables"]["cases"]["rows"] == demo_export.manifest["tables"]["cases"]["rows"]
