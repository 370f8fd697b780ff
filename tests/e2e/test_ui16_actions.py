"""Issue 16, items 2, 7 and 10 (actions) in a real browser: centre staff ("tekniker") answer a
deviation — the message is where they are looking (a toast inside the viewport, and at the
answer form) and the answer box is empty again; the handler closes it through a confirmation
dialog that takes the typed investigation along; a doctor signs a certificate through a
confirmation. Every screen at 1400 px and 390 px, no English left on it."""
from __future__ import annotations

import shutil
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tests.e2e.conftest import Server, login, logout, wait_idle
from tests.e2e.ui_checks import ENGLISH, english_left, in_viewport, screens
from tests.e2e.widgets import choose, see

NOW = "2026-11-20T12:00:00+01:00"


def _prepared(demo_template, tmp_path) -> tuple[Server, str, str]:
    """The demo with one new Tillbud (planned, waiting for the centre's answer) and one complete
    death-certificate draft, both registered through the services before the app opens the file."""
    from logic.certificates import services as certs
    from logic.clock import FixedClock
    from logic.deviations import services as devs
    from logic.deviations.model import (
        DesiredAction,
        DeviceReturn,
        DeviationDraft,
        EventType,
        RegistrationPath,
        WantedBack,
    )
    from logic.store.db import Database
    from logic.users import load_user

    path = tmp_path / "ui16.duckdb"
    shutil.copy(demo_template, path)
    db = Database(path)
    try:
        clock = FixedClock(datetime(2026, 11, 20, 11, 0, tzinfo=ZoneInfo("Europe/Stockholm")))
        draft = DeviationDraft(
            path=RegistrationPath.RECIPIENT_DEVICE, service_site_id="site-1012", is_wear_and_tear=False,
            recipient_id="191212121212", device_id="dev-1", event_type=EventType.INCIDENT, category="komponent",
            occurred_date=date(2026, 11, 18), occurred_time=time(14, 30), location="I hemmet",
            concerns="Böjd länkhjulsgaffel på rullstol", what_happened="Gaffeln till höger länkhjul var böjd.",
            injury="Nej.", desired_action=DesiredAction.SEND_TO_CENTRE, device_return=DeviceReturn.WILL_BE_SENT,
            report_attached=True, wanted_back=WantedBack.SAME_DEVICE, contact_name="Rita Rapportör",
            contact_phone="070-123 45 67")
        number = devs.register_deviation(db, clock, load_user(db, "reporter"), draft)
        doc = load_user(db, "lakare")
        cert = certs.create_certificate(db, clock, doc, unit_id="site-1012", patient_id="19850315-R001",
                                        type_code="db")
        certs.save_fields(db, clock, doc, cert, {
            "identity_checked_death": "id_band", "death_date": "2026-11-19", "death_date_certain": "yes",
            "death_place": "Västerby", "explosive_implant": "no", "external_examination": "yes",
            "police_report": "no"}, 1)
    finally:
        db.close()
    return Server(path, {"CASEDESK_NOW": NOW}), number, cert


# every English string left on these screens is Streamlit's own (ui_checks.STREAMLIT_OWN)
ITEM3_LEFT: set[str] = set()


def _english_in(locator) -> set[str]:
    """English words in one element: its visible text and its descendants' labels/placeholders."""
    strings = [locator.inner_text(), *locator.evaluate(
        "e => Array.from(e.querySelectorAll('[aria-label], [placeholder]'))"
        ".flatMap(x => [x.getAttribute('aria-label'), x.getAttribute('placeholder')]).filter(Boolean)")]
    return {m.group(0) for text in strings for m in ENGLISH.finditer(text)}


# Inside Streamlit's toast and dialog, not settable from the app: the close button's accessible
# name (read by a screen reader, not shown). To be listed in ui_checks.STREAMLIT_OWN and docs/
# by the helper who keeps that list (item 3).
CLOSE_BUTTON = {"Close"}


def _check(page, name: str, *own) -> None:
    for locator in own:                 # what this journey drew: no English but Streamlit's close button
        assert _english_in(locator) <= CLOSE_BUTTON, (name, _english_in(locator))
    screens(page, name)
    assert set(english_left(page)) <= ITEM3_LEFT, (name, english_left(page))


def test_ui16_actions_answer_close_sign_with_feedback_in_view_and_confirmations(demo_template, tmp_path,
                                                                                new_page):
    server, number, cert = _prepared(demo_template, tmp_path)
    try:
        page = new_page()
        # Item 2: the answer — said where the user is looking, the box emptied, the new status shown
        login(page, server.url, "tekniker", path=f"/Arende?id={number}")
        box = page.get_by_label("Skriv svar")
        box.fill("Gaffeln är bytt och rollatorn kontrollerad.")
        page.get_by_role("button", name="Spara svar").click()
        wait_idle(page)
        said = "Svaret är sparat och ärendet skickat till avvikelsehandläggaren. Status nu: Under utredning."
        toast = page.get_by_test_id("stToast").filter(has_text="Svaret är sparat")
        toast.wait_for()
        assert in_viewport(page, toast)
        assert in_viewport(page, page.get_by_test_id("stAlert").filter(has_text=said))
        assert page.get_by_label("Skriv svar").input_value() == ""
        _check(page, "ui16-answered", toast, page.get_by_test_id("stAlert").filter(has_text=said))
        logout(page)

        # Items 7 and 10: closing asks first and takes the typed (unsaved) investigation along
        login(page, server.url, "handlaggare", path=f"/Arende?id={number}")
        page.get_by_label("Utredning", exact=True).fill("Gaffeln var felmonterad; montören informerad.")
        for label in ("Anmälan till tillverkaren", "Anmälan till Läkemedelsverket"):
            choose(page, label, "Behövs inte")
        page.get_by_role("button", name="Avsluta ärendet").click()
        wait_idle(page)
        dialog = page.get_by_role("dialog")
        dialog.wait_for()
        assert in_viewport(page, dialog)
        assert f"Ärende {number} avslutas" in dialog.inner_text()
        _check(page, "ui16-close-confirm", dialog)
        dialog.get_by_role("button", name="Ja, avsluta").click()
        wait_idle(page)
        see(page, "Status nu: Avslutad.")
        assert "Gaffeln var felmonterad; montören informerad." in page.inner_text("body")
        _check(page, "ui16-closed")
        logout(page)

        # Item 7: signing a certificate asks first; cancelling leaves the draft as it was
        login(page, server.url, "lakare", path=f"/Intyg_utkast?id={cert}")
        see(page, "Utkastet är klart att signera.")
        page.get_by_role("button", name="Signera intyget").click()
        wait_idle(page)
        dialog = page.get_by_role("dialog")
        dialog.wait_for()
        assert in_viewport(page, dialog)
        _check(page, "ui16-sign-confirm", dialog)
        dialog.get_by_role("button", name="Avbryt").click()
        wait_idle(page)
        assert page.get_by_role("dialog").count() == 0
        assert "Intyget är signerat." not in page.inner_text("body")
        page.get_by_role("button", name="Signera intyget").click()
        wait_idle(page)
        page.get_by_role("dialog").get_by_role("button", name="Ja, signera").click()
        wait_idle(page)
        toast = page.get_by_test_id("stToast").filter(has_text="Intyget är signerat.")
        toast.wait_for()
        assert in_viewport(page, toast)
        _check(page, "ui16-signed", toast)
    finally:
        server.stop()


def test_ui16_actions_tilknyt_asks_and_warns_of_another_address_in_danish(server, new_page):
    page = new_page("da-DK")
    login(page, server.url, "oresund", path="/Arende?id=AKUT-26-0004")
    see(page, "Dette er en akut sag.")
    page.get_by_role("button", name="Tilknyt").click()
    wait_idle(page)
    choose(page, "Sag *", "OF-2026-0501 · Kongevejen 88, 3000 Helsingør · Olga Olsen")
    page.get_by_role("button", name="Gem").click()
    wait_idle(page)
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert in_viewport(page, dialog)
    said = dialog.inner_text()
    assert "Adresserne er forskellige" in said and "Stengade 9, 3000 Helsingør" in said
    _check(page, "ui16-tilknyt-confirm-da", dialog)
    dialog.get_by_role("button", name="Annuller").click()
    wait_idle(page)
    assert page.get_by_role("dialog").count() == 0
    assert "Dette er en akut sag." in page.inner_text("body")          # still open, nothing linked
