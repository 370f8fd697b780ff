"""Issue 17, the device-deviation entry screens in a real browser (DEV-20 … DEV-25): a reporter
finds the recipient by personnummer, presses "Avvikelse/Reklamation" on a device row and goes
through the wizard, which names the subject on every step; Avbryt asks first; the Negativ
händelse's receipt reminds of the workplace's own routine; Stäng goes to the start page. And
from "Dina uppgifter": a work order found by its beginning, a Tillbud on it, and the care-
deviation form filled in from the receipt. Every screen at 1400 and 390 px, in Swedish, with no
English left on it."""
from __future__ import annotations

import re

from tests.e2e.conftest import login, wait_idle
from tests.e2e.ui_checks import in_viewport
from tests.e2e.widgets import choose, commit, nav, radio, screen, see, segments

CONCERNING = "Avvikelse/reklamation avseende Tolvan Tolvansson, 49509 Rullstol Cross B42.5 Dj46 · CFH188493"


def looked_at(page, name: str) -> None:
    screen(page, name)


def click_key(page, key: str) -> None:
    """The button drawn with session key `key` (Streamlit gives its element the class st-key-<key>)."""
    page.locator(f".st-key-{key} button").first.click()
    wait_idle(page)


def step1(page) -> None:
    choose(page, "Tjänsteställe *", "1012 Rehab medicinska kliniken (5)")
    radio(page, "Nej")


def step2(page, event: str, category: str, what: str) -> None:
    radio(page, event)
    choose(page, "Kategori *", category)
    segments(page, "När inträffade händelsen? Datum *", "20261119")
    segments(page, "Tid *", "0930")
    commit(page, "Var inträffade händelsen? *", "I hemmet")
    commit(page, "Vad gäller avvikelsen/reklamationen? *", "Böjd länkhjulsgaffel på rullstol")
    commit(page, "Vad har blivit fel? Är åtgärd utförd? *", what)


def step3(page, injury: str) -> None:
    commit(page, "Har patienten skadats eller riskerats att skadas? På vilket sätt? *", injury)
    radio(page, "Hjälpmedlet skickas till centralen för åtgärd och ska tillbaka till mottagaren")
    radio(page, "Kommer att skickas in")
    page.locator("[data-testid='stRadio']").filter(
        has_text="Skickas hjälpmedlet in med den utskrivna").get_by_text("Ja", exact=True).click()
    wait_idle(page)
    radio(page, "Samma hjälpmedel tillbaka")
    commit(page, "Kontaktperson, telefon *", "070-123 45 67")


def next_step(page) -> None:
    page.get_by_role("button", name="Nästa").click()
    wait_idle(page)


def test_dev_20_24_25_recipient_to_wizard_avbryt_asks_receipt_reminds_and_closes(server, new_page):
    page = new_page()
    login(page, server.url, "reporter")
    nav(page, "Mottagare")
    commit(page, "Personnummer (12 siffror) eller vårdenhetens kundnummer", "191212121212")
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    see(page, "Tolvan Tolvansson", "19121212-1212", "Hjälpmedel registrerade på mottagaren", "CFH188493")
    looked_at(page, "i17-recipient")

    click_key(page, "dev_rcp_row_dev-3__btn")                 # DEV-20: the row's Avvikelse/Reklamation
    see(page, "Registrera avvikelse/reklamation", CONCERNING, "Avvikelsen/reklamationen avser")
    step1(page)
    looked_at(page, "i17-step1")
    next_step(page)

    see(page, "2. Avvikelse/reklamation information", CONCERNING)     # DEV-24: on every step
    step2(page, "Negativ händelse", "Fallolycka", "Patienten föll när gaffeln gav vika.")
    looked_at(page, "i17-step2")
    next_step(page)

    see(page, "3. Avvikelse/reklamation, åtgärd och kommentar", CONCERNING)
    step3(page, "Patienten slog i höften.")
    page.get_by_role("button", name="Avbryt", exact=True).click()      # DEV-24: Avbryt asks first
    wait_idle(page)
    dialog = page.get_by_role("dialog")
    see(page, "Avbryta registreringen?")
    assert in_viewport(page, dialog)
    looked_at(page, "i17-cancel-asks")
    dialog.get_by_role("button", name="Nej, fortsätt registrera").click()
    wait_idle(page)
    assert page.get_by_label("Kontaktperson, telefon *").input_value() == "070-123 45 67"   # nothing lost

    page.get_by_role("button", name="Skicka avvikelse/reklamation").click()
    wait_idle(page)
    see(page, "Din avvikelse/reklamation är nu registrerad", CONCERNING,
        "En negativ händelse ska även rapporteras enligt arbetsplatsens rutiner för avvikelsehantering",  # DEV-25
        "Rapportera vårdavvikelse med dessa uppgifter")
    assert re.search(r"AV2647\d{4}", page.inner_text("body"))
    looked_at(page, "i17-receipt")

    page.get_by_role("button", name="Stäng").click()                   # DEV-24: back to the start page
    wait_idle(page)
    see(page, "Mitt arbete")
    assert page.get_by_role("button", name="Skriv ut blankett (PDF)").count() == 0
    nav(page, "Ny avvikelse/reklamation")
    see(page, "1. Vad avser avvikelsen/reklamationen?")
    assert CONCERNING not in page.inner_text("body")                 # nothing of the report left


def test_dev_23_25_work_order_to_tillbud_and_the_care_deviation_form_filled_in(server, new_page):
    page = new_page()
    login(page, server.url, "reporter")
    nav(page, "Dina uppgifter")
    see(page, "Rita Rapportör", "Ej individklassat hjälpmedel på buffertlager", "Duschpall med ryggstöd")
    commit(page, "Arbetsordernummer", "ao-26")
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    see(page, "AO-26-1001", "AO-26-1002")
    looked_at(page, "i17-my-details")

    click_key(page, "dev_my_wo_row_AO-26-1001__btn")             # DEV-23: path e
    about = "Avvikelse/reklamation avseende Tolvan Tolvansson, 49509 Rullstol Cross B42.5 Dj46 · CFH188493, arbetsorder AO-26-1001"
    see(page, about, "Utförd tjänst med arbetsorder")
    step1(page)
    next_step(page)
    step2(page, "Tillbud", "Trasig eller lös komponent", "Gaffeln till höger länkhjul var böjd och lös.")
    next_step(page)
    step3(page, "Nej, men patienten kunde ha fallit.")
    page.get_by_role("button", name="Skicka avvikelse/reklamation").click()
    wait_idle(page)
    number = re.search(r"AV2647\d{4}", page.inner_text("body")).group(0)

    page.get_by_role("button", name="Rapportera vårdavvikelse med dessa uppgifter").click()   # DEV-25
    wait_idle(page)
    see(page, f"Uppgifterna från {number} är ifyllda")
    assert page.get_by_label("Rubrik *", exact=False).first.input_value() == "Böjd länkhjulsgaffel på rullstol"
    text = page.locator("textarea").first.input_value()
    assert text.startswith(f"Tillbud på hjälpmedel, registrerad som {number}")
    assert "Nej, men patienten kunde ha fallit." in text
    looked_at(page, "i17-care-prefilled")


def test_dev_21_individual_card_on_buffer_stock_into_the_wizard(server, new_page):
    page = new_page()
    login(page, server.url, "reporter")
    nav(page, "Individkort")
    commit(page, "Individnummer", "cfh9")
    page.get_by_role("button", name="Sök").click()
    wait_idle(page)
    see(page, "CFH900101", "CFH900202", "På buffertlager: Hjälpmedelscentralen Västerby")
    looked_at(page, "i17-individual-card")
    click_key(page, "dev_ind_row_stock_stk-1__btn")                  # DEV-21: path c
    see(page, "Avvikelse/reklamation avseende 49509 Rullstol Cross B42.5 Dj46 · CFH900101 "
              "(buffertlager Hjälpmedelscentralen Västerby)",
        "Individklassat hjälpmedel på buffertlager (individkort)")
    looked_at(page, "i17-card-step1")
