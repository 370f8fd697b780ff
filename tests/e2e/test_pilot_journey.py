"""Issue 14's journey in a real browser: a pilot on its own data. An empty installation gets
its first administrator, who imports units, users, the device register and 2 000 historical
deviations from the templates (dry run first, then the import); a new reporter registers a
deviation on an imported device; the analyst finds the imported history on the dashboard
(ADM-13, IMP-1..3, IMP-9, IMP-10, ADM-6, ADM-7)."""
from __future__ import annotations

import csv
import io
import re
import shutil
from datetime import date, datetime, timedelta

import pytest

from logic.importer import service
from tests.e2e.conftest import Server, login, logout, shot, wait_idle
from tests.e2e.widgets import choose as _choose, commit as _commit, radio as _radio, segments as _segments
from tests.e2e.widgets import select_grid_row

ADMIN_PASSWORD = "pilotens-långa-lösen"
USER_PASSWORD = "rapportörens-lösen-1"
PATIENT = "191212121212"
HISTORY = 2000


@pytest.fixture
def empty_server(db_template, tmp_path):
    path = tmp_path / "pilot" / "casedesk.duckdb"
    path.parent.mkdir()
    shutil.copy(db_template, path)          # migrated, reference data, no users: an empty start
    server = Server(path, {"CASEDESK_NOW": "2026-11-20T12:00:00+01:00"})
    yield server
    server.stop()


def _file(tmp_path, kind: str, rows: list[dict]) -> str:
    """The kind's template (headers in Swedish, as downloaded), filled in: its example row
    replaced by `rows` (column name -> value)."""
    template = service.template(kind, "sv").decode("utf-8-sig")
    headers = next(csv.reader(io.StringIO(template), delimiter=";"))
    from logic.registry import kind as kind_named

    names = [c.name for c in kind_named(kind).columns]
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(headers)
    for row in rows:
        w.writerow([row.get(n, "") for n in names])
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(out.getvalue().encode("cp1252" if kind == "units" else "utf-8-sig"))   # as Nordic exports are
    return str(path)


def _import(page, url: str, kind: str, path: str, n: int) -> None:
    page.goto(f"{url}/Import?kind={kind}")
    wait_idle(page)
    page.locator('input[type="file"]').set_input_files(path)
    wait_idle(page)
    page.get_by_role("button", name="Provkör").click()
    wait_idle(page, 60000)
    body = page.inner_text("body")
    assert "Avvisade rader" not in body, body[:3000]
    confirm = page.get_by_role("button", name=re.compile(rf"Läs in {n:,} rader".replace(",", r"\s")))
    assert confirm.is_visible(), body[:3000]
    shot(page, f"imp-{kind}-dry-run")
    confirm.click()
    wait_idle(page, 120000)
    assert re.search(rf"Inläst: {n:,} nya".replace(",", r"\s"), page.inner_text("body")), page.inner_text("body")[:2000]


def _history_rows() -> list[dict]:
    rows, seq = [], {}
    start = date(2026, 1, 5)
    for i in range(HISTORY):
        day = start + timedelta(days=(i * 300) // HISTORY)
        registered = datetime(day.year, day.month, day.day, 9 + i % 8, (i * 7) % 60)
        year, week, _ = registered.isocalendar()
        seq[(year, week)] = seq.get((year, week), 0) + 1
        closed = i % 3 != 0
        rows.append({
            "number": f"AV{year % 100:02d}{week:02d}{seq[(year, week)]:04d}",
            "event_type": "reklamation", "category": "fel_brist", "status": "closed" if closed else "planned",
            "registered_at": registered.strftime("%Y-%m-%d %H:%M"), "reported_by": "rapportor",
            "service_site": "ps-01", "concerns": f"Pilotrollator gammal reklamation {i}",
            "what_happened": "Bromsen tog inte, inläst historik från det gamla systemet.",
            "closed_at": (registered + timedelta(days=5)).strftime("%Y-%m-%d %H:%M") if closed else "",
            "closed_by": "pilotadmin" if closed else ""})
    return rows


def test_imp_pilot_journey_empty_start_imports_then_register_and_analyse(empty_server, new_page, tmp_path):
    url = empty_server.url
    page = new_page()
    # The empty start asks for the first administrator (ADM-13)
    page.goto(url)
    wait_idle(page)
    page.get_by_label("Användarnamn").fill("pilotadmin")
    page.get_by_label("Namn *", exact=True).fill("Pia Pilot")
    page.get_by_label("Lösenord *", exact=True).fill(ADMIN_PASSWORD)
    page.get_by_label("Lösenord igen").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Skapa administratören").click()
    wait_idle(page)
    login(page, url, "pilotadmin", ADMIN_PASSWORD)

    # Units (a Windows-1252 file), users, the device register, then the history
    _import(page, url, "units", _file(tmp_path, "units", [
        {"id": "pc-hmc", "name": "Hjälpmedelscentralen Pilot", "kind": "centre"},
        {"id": "ps-01", "code": "P01", "name": "Rehab Pilotstad", "kind": "service_site", "parent_id": "pc-hmc"},
    ]), 2)
    _import(page, url, "users", _file(tmp_path, "users", [
        {"username": "rapportor", "name": "Rut Rapportör", "roles": "reporter", "units": "ps-01",
         "prescriber_code": "7654321", "email": "rut@pilot.example"},
        {"username": "analys", "name": "Ali Analys", "roles": "analyst", "units": ""},
    ]), 2)
    _import(page, url, "articles", _file(tmp_path, "articles", [
        {"article_no": "77001", "name": "Pilotrollator", "individual_classified": "ja"}]), 1)
    _import(page, url, "patients", _file(tmp_path, "patients", [
        {"id": PATIENT, "name": "Tolvan Tolvansson", "unit_id": "ps-01"}]), 1)
    _import(page, url, "recipient_devices", _file(tmp_path, "recipient_devices", [
        {"recipient_id": PATIENT, "article_no": "77001", "individual_no": "PIL-0001",
         "ordered": "2026-01-10", "delivered": "2026-01-20"}]), 1)
    _import(page, url, "history_deviations", _file(tmp_path, "history_deviations", _history_rows()), HISTORY)
    shot(page, "imp-history-done")

    # Imported users have no password: the administrator gives the reporter and analyst one
    for username in ("rapportor", "analys"):
        page.goto(f"{url}/Admin")
        wait_idle(page)
        panel = page.get_by_role("tabpanel").first      # the users tab (a stale copy of the page may linger)
        select_grid_row(page, panel.get_by_test_id("stDataFrame").first, username)   # issue 16: the row
        panel.get_by_label("Nytt lösenord *", exact=True).fill(USER_PASSWORD)
        panel.get_by_role("button", name="Återställ lösenord").click()
        wait_idle(page)
        assert "Nytt lösenord är satt" in page.inner_text("body")
    logout(page)

    # The reporter registers a deviation on the imported device (DEV-4 a on imported data)
    login(page, url, "rapportor", USER_PASSWORD)
    page.get_by_role("link", name="Ny avvikelse/reklamation").first.click()
    wait_idle(page)
    _radio(page, "Hjälpmedel registrerat på mottagare")
    _commit(page, re.compile(r"^Mottagare: personnummer"), PATIENT)
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    assert "Tolvan Tolvansson" in page.inner_text("body")
    _radio(page, "77001 · Pilotrollator · PIL-0001")
    _radio(page, "Nej")
    page.get_by_role("button", name="Nästa").click()
    wait_idle(page)
    _radio(page, "Reklamation")
    _choose(page, "Kategori *", "Fel eller brist på hjälpmedel")
    _segments(page, "När inträffade händelsen? Datum *", "20261119")
    _segments(page, "Tid *", "0930")
    _commit(page, "Var inträffade händelsen? *", "I hemmet")
    _commit(page, "Vad gäller avvikelsen/reklamationen? *", "Pilotrollatorns broms tar inte")
    _commit(page, "Vad har blivit fel? Är åtgärd utförd? *", "Bromsen tar inte. Rollatorn är tagen ur bruk.")
    page.get_by_role("button", name="Nästa").click()
    wait_idle(page)
    _commit(page, "Har patienten skadats eller riskerats att skadas? På vilket sätt? *", "Nej.")
    _radio(page, "Hjälpmedlet skickas till centralen för åtgärd och ska tillbaka till mottagaren")
    _radio(page, "Kommer att skickas in")
    page.locator("[data-testid='stRadio']").filter(
        has_text="Skickas hjälpmedlet in med den utskrivna").get_by_text("Ja", exact=True).click()
    wait_idle(page)
    _radio(page, "Samma hjälpmedel tillbaka")
    _commit(page, "Kontaktperson, telefon *", "070-765 43 21")
    page.get_by_role("button", name="Skicka avvikelse/reklamation").click()
    wait_idle(page)
    body = page.inner_text("body")
    assert "Din avvikelse/reklamation är nu registrerad" in body
    number = re.search(r"AV2647\d{4}", body).group(0)
    shot(page, "imp-reporter-registered")
    logout(page)

    # The analyst sees the imported history on the dashboard (IMP-10)
    login(page, url, "analys", USER_PASSWORD, path="/Rapporter")
    body = page.inner_text("body")
    shot(page, "imp-analyst-dashboard")
    total = page.locator("[data-testid='stMetric']").filter(has_text="Registrerade").first.inner_text()
    assert f"{HISTORY + 1:,}".replace(",", " ") in total.replace("\u00a0", " "), total   # the history and the new one
    assert number not in body and "Tolvan" not in body     # the analyst's dashboard names no case or person
