"""Issue 5's journey in a real browser: a physician creates a sick-pay certificate, types it
(it saves itself), leaves, comes back and finds the draft with its text intact, signs it and
sends it with the patient's consent; Försäkringskassan (the simulator) asks a question; she
answers it and marks it handled (CERT-3, CERT-4, CERT-6, CERT-7, CERT-11, CERT-12)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, logout, open_tab, shot, wait_idle
from tests.e2e.widgets import choose, commit, nav, radio, segments

IMPAIRMENT = "Nedstämdhet och uttalad trötthet; koncentrationen räcker 20 minuter åt gången."
LIMITATION = "Klarar inte att planera och genomföra arbetsuppgifter under en arbetsdag."
MEASURES = "Samtalsbehandling och arbetsträning med gradvis upptrappning."


def _date(page, label: str, digits: str, nth: int = 0) -> None:
    segments(page, label, digits, nth)
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_cert_journey_create_leave_return_sign_send_question_answer_handled(server, new_page):
    page = new_page()
    login(page, server.url, "lakare")

    # CERT-3: from the patient, choose a type and create
    nav(page, "Intyg")
    commit(page, "Personnummer, samordningsnummer eller reservnummer", "19121212-1212")
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    assert "Tolvan Tolvansson" in page.inner_text("body")
    choose(page, "Välj intygstyp *", "Läkarintyg för sjukpenning")
    shot(page, "cert-1-patient")
    page.get_by_role("button", name="Skapa", exact=True).click()
    wait_idle(page)
    shot(page, "cert-1b-created")
    assert "Tomt utkast" in page.inner_text("body")
    case_id = re.search(r"id=(IN\d{8})", page.url).group(1)

    # CERT-4: no save button; every field saves itself when left
    assert page.get_by_role("button", name="Spara").count() == 0
    radio(page, "Min undersökning av patienten")
    _date(page, "Datum för undersökning/kontakt *", "20261120")
    radio(page, "Nuvarande arbete")
    commit(page, "Diagnoskod (ICD-10-SE) *", "F32.1")
    commit(page, "Diagnos *", "Medelsvår depressiv episod")
    commit(page, "Funktionsnedsättning *", IMPAIRMENT)
    commit(page, "Aktivitetsbegränsning *", LIMITATION)
    _date(page, "Fr.o.m.", "20261120", nth=0)          # the 100 % row
    _date(page, "T.o.m.", "20261203", nth=0)
    commit(page, "Förslag till åtgärder *", MEASURES)
    body = page.inner_text("body")
    assert "Utkastet är klart att signera." in body, body
    assert "senast sparat" in body
    shot(page, "cert-2-draft")

    # She leaves (logs out) and comes back: the draft is in "Att signera" with its text intact.
    logout(page)
    login(page, server.url, "lakare")
    nav(page, "Arbetslistor intyg")
    assert case_id in page.inner_text("body")
    shot(page, "cert-3-to-sign")
    page.get_by_role("link", name=case_id).first.click()
    wait_idle(page)
    expect(page.get_by_label("Funktionsnedsättning *", exact=True)).to_have_value(IMPAIRMENT)
    expect(page.get_by_label("Aktivitetsbegränsning *", exact=True)).to_have_value(LIMITATION)
    expect(page.get_by_label("Diagnoskod (ICD-10-SE) *", exact=True)).to_have_value("F32.1")
    expect(page.get_by_label("Förslag till åtgärder *", exact=True)).to_have_value(MEASURES)

    # CERT-6 sign, CERT-7 send with the patient's consent
    page.get_by_role("button", name="Signera intyget").click()
    wait_idle(page)
    page.get_by_role("dialog").get_by_role("button", name="Ja, signera").click()
    wait_idle(page)
    assert "Intyget är signerat." in page.inner_text("body")
    page.get_by_text("Patienten har gett sitt samtycke till att intyget skickas till Försäkringskassan").click()
    page.get_by_role("button", name="Skicka till Försäkringskassan").click()
    wait_idle(page)
    page.get_by_role("dialog").get_by_role("button", name="Ja, skicka").click()
    wait_idle(page)
    assert "Intyget är skickat till Försäkringskassan." in page.inner_text("body")
    shot(page, "cert-4-sent")
    logout(page)

    # CERT-11: Försäkringskassan (the simulator in the admin pages) asks a question
    login(page, server.url, "admin")
    nav(page, "Försäkringskassan (simulator)")
    choose(page, "Intyg *", f"{case_id} · Läkarintyg för sjukpenning")
    page.get_by_label("Meddelande *", exact=True).fill("Kan patienten arbeta deltid med anpassade uppgifter?")
    page.get_by_role("button", name="Skicka till vården").click()
    wait_idle(page)
    assert f"Frågan om {case_id} är skickad till vården." in page.inner_text("body")
    shot(page, "cert-5-fk")
    logout(page)

    # The question shows in her work list, one row, incoming, with Svara senast
    login(page, server.url, "lakare")
    nav(page, "Arbetslistor intyg")
    open_tab(page, "Fråga/svar via Webcert")
    panel = page.get_by_role("tabpanel").filter(has_text="Svara senast")
    assert case_id in panel.inner_text() and "Inkommen fråga/svar" in panel.inner_text()
    shot(page, "cert-6-qa-list")
    panel.get_by_role("link", name=case_id).click()
    wait_idle(page)
    page.get_by_label("Ditt svar *", exact=True).fill("Ja, 50 % med anpassade arbetsuppgifter.")
    page.get_by_role("button", name="Skicka svar").click()
    wait_idle(page)
    assert "Svaret är skickat." in page.inner_text("body")
    page.get_by_text("Hanterad", exact=True).click()
    wait_idle(page)
    assert "Markerad som hanterad." in page.inner_text("body")
    shot(page, "cert-7-answered")

    # All handled: the row leaves the list
    nav(page, "Arbetslistor intyg")
    open_tab(page, "Fråga/svar via Webcert")
    assert page.get_by_role("link", name=case_id).count() == 0


def test_cert10_print_shows_the_pdf_inline_in_chromium_from_the_app_alone(server, new_page, demo_template):
    """CERT-10 "shown, not stored": Skriv ut shows the certificate in the page (streamlit-pdf's
    viewer draws its pages), with nothing fetched from outside the app — every request that
    leaves the app's server is refused and recorded — and the download button as the fallback."""
    import duckdb

    with duckdb.connect(str(demo_template), read_only=True) as con:
        case_id = con.execute("SELECT c.id FROM cases c JOIN certificates d ON d.case_id = c.id WHERE"
                              " c.status = 'signed' AND d.type_code = 'lisjp' ORDER BY c.id LIMIT 1").fetchone()[0]
    page = new_page()
    outside: list[str] = []

    def only_the_app(route):
        if route.request.url.startswith(server.url) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_the_app)
    login(page, server.url, "lakare", path=f"/Intyg_utkast?id={case_id}")
    # (Streamlit asks for a material-icon favicon from outside on page load; refused above, it
    # changes nothing. What matters here is what the viewer needs.)
    outside.clear()
    page.get_by_role("button", name="Skriv ut").click()
    wait_idle(page)
    viewer = page.get_by_label(f"Intyg {case_id} som PDF")
    expect(viewer).to_be_visible()
    canvas = viewer.locator("canvas").first
    expect(canvas).to_be_visible(timeout=20000)
    # pdf.js has drawn the page: the canvas has a size and dark (text) pixels on white
    page.wait_for_function(
        """(c) => { if (!c.width || !c.height) return false;
                    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let dark = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
                    return dark > 500; }""", arg=canvas.element_handle(), timeout=20000)
    expect(page.get_by_role("button", name="Öppna PDF")).to_be_visible()
    shot(page, "cert-8-print-viewer")
    assert outside == [], outside


def _answer(page, question: str, option: str) -> None:
    page.get_by_role("radiogroup", name=question).get_by_text(option, exact=True).click()
    wait_idle(page)


def test_cert8_reserve_number_dodsbevis_written_signed_not_sent_and_printed(server, new_page):
    """CERT-8 in the browser: for the demo's reserve-number patient a Dödsbevis is created,
    written and signed; signing does not send it to Skatteverket (CERT-6's automatic sending),
    the page says to send it on paper, sending is refused with the reason, and it prints."""
    page = new_page()
    login(page, server.url, "lakare")
    nav(page, "Intyg")
    commit(page, "Personnummer, samordningsnummer eller reservnummer", "19850315-R001")
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    body = page.inner_text("body")
    assert "Reserv Reservsson" in body and "men inte skickas elektroniskt" in body
    choose(page, "Välj intygstyp *", "Dödsbevis")
    page.get_by_role("button", name="Skapa", exact=True).click()
    wait_idle(page)
    assert "Tomt utkast" in page.inner_text("body")
    assert "Signeringen skickar inte intyget till Skatteverket" in page.inner_text("body")

    _answer(page, "Den avlidnes identitet är styrkt genom", "Identitetsband")
    _date(page, "Dödsdatum *", "20261119")
    _answer(page, "Dödsdatumet är säkert", "Ja")
    commit(page, "Kommun där dödsfallet inträffade *", "Västerby")
    _answer(page, "Finns implantat som kan explodera vid kremering", "Nej")
    _answer(page, "Yttre undersökning av kroppen är gjord", "Ja")
    _answer(page, "Dödsfallet ska anmälas till Polismyndigheten", "Nej")
    assert "Utkastet är klart att signera." in page.inner_text("body")
    page.get_by_role("button", name="Signera intyget").click()
    wait_idle(page)
    page.get_by_role("dialog").get_by_role("button", name="Ja, signera").click()
    wait_idle(page)
    body = page.inner_text("body")
    assert "Intyget är signerat." in body and "Signerat" in body and "Skickat" not in body
    assert "Intyget skickades inte automatiskt till Skatteverket vid signeringen." in body
    assert "Det går inte att skicka elektroniska intyg för patienter med reservnummer." in body
    assert page.get_by_role("button", name="Skicka till Skatteverket").count() == 0
    page.get_by_role("button", name="Skriv ut").click()
    wait_idle(page)
    expect(page.get_by_role("button", name="Öppna PDF")).to_be_visible()
    shot(page, "cert-9-reserve-number-dodsbevis")
