"""ADM-11/12 on screen (Export och återläsning, admin only) and ADM-13 (the first page of an
empty installation, the administrator's list of imports)."""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from logic import transfer, users
from logic.i18n import number
from logic.clock import FixedClock
from logic.store.connect import open_database
from tests.conftest import ROOT, STOCKHOLM, _pg_database
from tests.pages.conftest import read, texts

pytestmark = pytest.mark.both_backends

PAGE = "pages/94_Export.py"


def _query(path: Path | str, sql: str, params=None) -> list[dict]:
    db = open_database(path)
    try:
        with db.read() as r:
            return r.rows(sql, params)
    finally:
        db.close()


@pytest.mark.parametrize("username", ["reporter", "tekniker", "handlaggare", "chef", "lakare", "forsikring",
                                      "partner", "analytiker", "granskare"])
def test_adm11_only_the_administrator_opens_export_and_restore(open_page, username):
    at = open_page(PAGE, username)
    assert not at.exception
    assert at.error and not at.get("file_uploader")
    assert not [b for b in at.button if b.key == "xfer_export"]
    assert "Export" not in [link.proto.page for link in at.sidebar.get("page_link")]


def test_adm11_the_administrator_exports_everything_and_downloads_it(open_page, demo_db_path, tmp_path,
                                                                   monkeypatch):
    if isinstance(demo_db_path, str):          # PostgreSQL: no file to keep them beside
        exports = tmp_path / "exports"
        monkeypatch.setenv("CASEDESK_EXPORT_DIR", str(exports))
    else:
        exports = demo_db_path.parent / "exports"
    at = open_page(PAGE, "admin")
    assert not at.exception
    assert "Exportera allt" in [s.value for s in at.subheader]
    left_out = at.dataframe[-1].value.to_csv()
    assert "pseudonym_key" in left_out and "users.password_hash" in left_out and "secrets.toml" in left_out
    at.button(key="xfer_export").click().run()
    assert not at.exception
    assert any(s.value.startswith("Exporten är klar:") for s in at.success)
    assert at.get("download_button")
    made = list(exports.glob("casedesk-export-*.zip"))
    assert len(made) == 1
    assert _query(demo_db_path, "SELECT DISTINCT actor, purpose FROM access_log WHERE purpose = 'export'") == \
        [{"actor": "admin", "purpose": "export"}]
    assert _query(demo_db_path, "SELECT actor FROM security_log WHERE event = 'export'") == [{"actor": "admin"}]
    # the demo installation has cases: nothing can be restored into it
    assert not at.get("file_uploader")
    assert any("bara läsas tillbaka i en tom installation" in i.value for i in at.info)


# ------------------------------------------------------------------ an empty installation


@pytest.fixture
def empty_app(backend, request, tmp_path, monkeypatch):
    """app.py on a new, empty installation (migrated, reference data, nobody yet)."""
    if backend == "postgres":
        target = _pg_database(request, "pg_ref_template")
        monkeypatch.setenv("CASEDESK_DATABASE_URL", target)
        monkeypatch.delenv("CASEDESK_DB", raising=False)
        monkeypatch.setenv("CASEDESK_EXPORT_DIR", str(tmp_path / "exports"))
    else:
        target = tmp_path / "empty" / "casedesk.duckdb"
        target.parent.mkdir()
        shutil.copy(request.getfixturevalue("db_template"), target)
        monkeypatch.setenv("CASEDESK_DB", str(target))
        monkeypatch.delenv("CASEDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("CASEDESK_NOW", "2026-11-20T12:00:00+01:00")
    st.cache_resource.clear()

    def _open(username: str | None = None, page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        if username:
            at.session_state["authentication_status"] = True
            at.session_state["username"] = username
            at.session_state["name"] = username
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    yield target, _open
    st.cache_resource.clear()


def _fill(at: AppTest, **values) -> AppTest:
    for name, value in values.items():
        at.text_input(key=f"first_{name}").input(value)
    return at.button(key="first_create").click().run()


def test_adm13_the_first_page_asks_for_the_first_administrator_with_errors_at_the_fields(empty_app):
    path, open_app = empty_app
    at = open_app()
    assert not at.exception
    assert [t.value for t in at.title] == ["Välkommen till casedesk"]
    assert [t.label for t in at.text_input] == ["Användarnamn *", "Namn *", "Lösenord *", "Lösenord igen *"]
    assert "Logga in" not in texts(at)
    at.selectbox(key="first_lang").set_value("da").run()
    assert [t.value for t in at.title] == ["Velkommen til casedesk"]
    _fill(at, username="Pia Pilot", name="", password="kort", password_again="andet")
    errors = [read(e.value) for e in at.error]
    assert errors == [                       # the one way to validate (issue 16 item 6): named, summed up
        "Brugernavn: 2–40 tegn: små bogstaver, cifre, punktum, bindestreg.", "Navn: Udfyld feltet.",
        "Adgangskode: Adgangskoden skal have mindst 10 tegn.", "Adgangskode igen: Adgangskoderne er ikke ens.",
        "Udfyld 1 felt: Navn. Ret 3 felter: Brugernavn, Adgangskode og Adgangskode igen."]
    assert _query(path, "SELECT * FROM users") == []
    assert at.text_input(key="first_username").value == "Pia Pilot"            # what was typed is kept
    _fill(at, username="pia.pilot", name="Pia Pilot", password="ett-långt-lösen", password_again="ett-långt-lösen")
    assert not at.exception
    assert [read(s.value) for s in at.success] == ["Administratoren pia.pilot er oprettet. Log ind nedenfor."]
    assert not at.get("text_input") or "first_username" not in [t.key for t in at.text_input]
    assert [t.label for t in at.text_input] == ["Brugernavn", "Adgangskode"]     # the login form
    rows = _query(path, "SELECT username, name, lang FROM users")
    assert rows == [{"username": "pia.pilot", "name": "Pia Pilot", "lang": "da"}]


def test_adm13_two_browsers_only_one_creates_the_first_administrator(empty_app):
    path, open_app = empty_app
    first, second = open_app(), open_app()
    assert first.text_input and second.text_input
    _fill(first, username="pia", name="Pia Pilot", password="ett-långt-lösen", password_again="ett-långt-lösen")
    assert first.success
    _fill(second, username="olle", name="Olle Annan", password="ett-annat-lösen", password_again="ett-annat-lösen")
    assert not second.exception
    assert [w.value for w in second.warning] == [
        "Det finns redan en administratör (skapad i en annan webbläsare?). Logga in."]
    assert [t.label for t in second.text_input] == ["Användarnamn", "Lösenord"]
    assert _query(path, "SELECT username FROM users") == [{"username": "pia"}]


def test_adm13_the_administrators_start_page_lists_the_imports_in_order(open_page):
    at = open_page("app.py", "admin")
    assert not at.exception
    links = [(link.value, link.proto.page, link.proto.query_string) for link in at.main.get("page_link")]
    imports = [x for x in links if x[1] == "Import"]
    assert imports[:2] == [("1. Enheter", "Import", "kind=units"), ("2. Användare", "Import", "kind=users")]
    assert "Export" not in [x[1] for x in links]                 # the demo has cases: nothing to restore into


def test_adm13_not_for_other_roles(open_page):
    at = open_page("app.py", "handlaggare")
    assert "Import" not in [link.proto.page for link in at.main.get("page_link")]


def test_adm12_the_first_administrator_restores_an_export_from_the_start_page(empty_app, demo_db_path, tmp_path):
    path, open_app = empty_app
    demo = open_database(demo_db_path)
    try:
        made = transfer.export(demo, FixedClock(datetime(2026, 11, 20, 12, tzinfo=STOCKHOLM)),
                               users.load_user(demo, "admin"), tmp_path / "out")
    finally:
        demo.close()
    first = open_app()
    _fill(first, username="pia", name="Pia Pilot", password="ett-långt-lösen", password_again="ett-långt-lösen")
    at = open_app("pia")
    links = [(link.value, link.proto.page) for link in at.main.get("page_link")]
    assert ("1. Enheter", "Import") in links
    assert ("… eller läs tillbaka en export", "Export") in links
    at.switch_page(PAGE).run()
    assert not at.exception
    at.file_uploader(key="xfer_file_0").set_value((made.path.name, made.path.read_bytes(), "application/zip")).run()
    version = made.manifest["app_version"].replace(".", "\\.")
    shown = f"av admin (casedesk {version}): {len(made.manifest['tables'])} tabeller, {number('sv', made.rows)} rader."
    assert any(c.value.startswith("Export gjord 2026\\-11\\-20") and c.value.endswith(shown) for c in at.caption)
    at.button(key="xfer_restore").click().run()
    assert not at.exception
    assert [s.value for s in at.success][-1].startswith("Återläst:")
    assert any("har inget lösenord" in w.value for w in at.warning)
    assert _query(path, "SELECT count(*) AS n FROM cases") == [{"n": made.manifest["tables"]["cases"]["rows"]}]
    pia = _query(path, "SELECT password_hash FROM users WHERE username = 'pia'")[0]["password_hash"]
    assert users.check_password("ett-långt-lösen", pia)
    assert not at.get("file_uploader")                   # no longer empty


def test_adm12_a_file_that_is_no_export_is_refused_at_the_upload(empty_app):
    path, open_app = empty_app
    _fill(open_app(), username="pia", name="Pia Pilot", password="ett-långt-lösen", password_again="ett-långt-lösen")
    at = open_app("pia", PAGE)
    at.file_uploader(key="xfer_file_0").set_value(("x.zip", b"not a zip", "application/zip")).run()
    assert [e.value for e in at.error] == ["Filen är ingen export från casedesk (inget giltigt manifest.json)."]
    assert not [b for b in at.button if b.key == "xfer_restore"]
