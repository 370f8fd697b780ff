"""Issue 2's journey in a real browser: a reporter registers a Tillbud on a device from the
recipient's list and downloads the PDF; centre staff answer; the handler closes; the reporter
reads the closing message and finds the case under Mina avvikelser (DEV-4 a, DEV-5, DEV-7, DEV-10,
DEV-11, DEV-12, DEV-14, X-3). Issue 16: every screen at 1400 px and 390 px with no English or raw
code left, and each confirmation where the user is looking."""
from __future__ import annotations

import re

from tests.e2e.conftest import login, logout, wait_idle
from tests.e2e.ui_checks import in_viewport
from tests.e2e.widgets import choose, commit, radio, screen, segments, see


def test_dev_journey_register_answer_close_message(server, new_page, tmp_path):
    page = new_page()
    login(page, server.url, "reporter")
    see(page, "Mitt arbete")
    screen(page, "dev-start")
    page.get_by_role("link", name="Ny avvikelse/reklamation").first.click()
    wait_idle(page)

    # Step 1: what it concerns — a device on a recipient, found by personnummer (DEV-4 a, DEV-5)
    choose(page, "Tjänsteställe *", "1012 Rehab medicinska kliniken (5)")
    radio(page, "Hjälpmedel registrerat på mottagare")
    commit(page, re.compile(r"^Mottagare: personnummer"), "191212121212")
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    assert "Tolvan Tolvansson" in page.inner_text("body")
    radio(page, "10366 · Rollator Standard 62 · CFH229181")
    radio(page, "Nej")
    page.get_by_role("button", name="Nästa").click()
    wait_idle(page)

    # Step 2: the event
    radio(page, "Tillbud")
    choose(page, "Kategori *", "Trasig eller lös komponent")
    segments(page, "När inträffade händelsen? Datum *", "20261119")
    segments(page, "Tid *", "0930")
    commit(page, "Var inträffade händelsen? *", "I hemmet")
    commit(page, "Vad gäller avvikelsen/reklamationen? *", "Böjd länkhjulsgaffel på rollator")
    commit(page, "Vad har blivit fel? Är åtgärd utförd? *",
            "Gaffeln till höger länkhjul var böjd och lös. Rollatorn togs ur bruk.")
    screen(page, "dev-step2")
    next_button = page.get_by_role("button", name="Nästa")
    assert next_button.is_enabled()
    next_button.click()
    wait_idle(page)

    # Step 3: the submit button names what is missing until everything is there (DEV-7)
    submit = page.get_by_role("button", name="Skicka avvikelse/reklamation")
    assert submit.is_enabled()                  # issue 16: never disabled; a press names what is missing
    commit(page, "Har patienten skadats eller riskerats att skadas? På vilket sätt? *",
            "Nej, men patienten kunde ha fallit.")
    radio(page, "Hjälpmedlet skickas till centralen för åtgärd och ska tillbaka till mottagaren")
    radio(page, "Kommer att skickas in")
    page.locator("[data-testid='stRadio']").filter(
        has_text="Skickas hjälpmedlet in med den utskrivna").get_by_text("Ja", exact=True).click()
    wait_idle(page)
    radio(page, "Samma hjälpmedel tillbaka")
    commit(page, "Kontaktperson, telefon *", "070-123 45 67")
    screen(page, "dev-step3")
    assert submit.is_enabled()
    submit.click()
    wait_idle(page)

    # Receipt (DEV-10, DEV-11)
    body = page.inner_text("body")
    assert "Din avvikelse/reklamation är nu registrerad" in body
    number = re.search(r"AV26\d{6}", body).group(0)
    assert number[4:6] == "47"   # 2026-11-20 is in ISO week 47
    with page.expect_download() as download:
        page.get_by_role("button", name="Skriv ut blankett (PDF)").click()
    pdf_path = tmp_path / "form.pdf"
    download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    screen(page, "dev-receipt")
    logout(page)

    # Centre staff answer under "Svar" (DEV-12)
    login(page, server.url, "tekniker", path=f"/Arende?id={number}")
    page.get_by_label("Skriv svar").fill("Gaffeln är bytt och rollatorn kontrollerad.")
    page.get_by_role("button", name="Spara svar").click()
    wait_idle(page)
    assert "Under utredning" in page.inner_text("body")
    toast = page.get_by_test_id("stToast").filter(has_text="Svaret är sparat")
    toast.wait_for()
    assert in_viewport(page, toast)                 # said where the user is looking
    screen(page, "dev-answered")
    logout(page)

    # The handler records the report decisions (DEV-14) and closes (DEV-12)
    login(page, server.url, "handlaggare", path=f"/Arende?id={number}")
    for label in ("Anmälan till tillverkaren", "Anmälan till Läkemedelsverket"):
        choose(page, label, "Behövs inte")
    page.get_by_role("button", name="Spara utredning").click()
    wait_idle(page)
    page.get_by_role("button", name="Avsluta ärendet").click()
    wait_idle(page)
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert in_viewport(page, dialog)
    screen(page, "dev-close-confirm")
    dialog.get_by_role("button", name="Ja, avsluta").click()
    wait_idle(page)
    assert "Avslutad" in page.inner_text("body")
    screen(page, "dev-closed")
    logout(page)

    # The reporter reads the closing message
    login(page, server.url, "reporter")
    assert "olästa" in page.inner_text("body")
    page.get_by_role("link", name=re.compile("Meddelanden")).first.click()
    wait_idle(page)
    assert f"Avvikelse/reklamation {number} är avslutad." in page.inner_text("body")
    screen(page, "dev-message")

    # Mina avvikelser finds it by its number's prefix (README tour, step 4)
    page.get_by_role("link", name="Mina avvikelser").first.click()
    wait_idle(page)
    see(page, "Mina avvikelser")
    page.get_by_role("textbox", name="Avvikelse/reklamation (början på numret)").fill(number)
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    see(page, "1 sökträff")
    assert "1 sökträffar" not in page.inner_text("body")
    screen(page, "dev-my-deviations")
