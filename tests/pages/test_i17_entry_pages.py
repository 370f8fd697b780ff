"""The entry screens into the deviation wizard (DEV-20 … DEV-23), what the report concerns and
Avbryt/Stäng on the wizard (DEV-24), and the workplace's own routine on the receipt (DEV-25),
through AppTest on a copy of the demo database (clock pinned to 2026-11-20 12:00 CET)."""
from __future__ import annotations

from datetime import date, time

import pytest

from logic.deviations.model import EventType, RegistrationPath
from tests.pages.conftest import read, texts
from tests.pages.test_deviation_pages import query, step2, step3

pytestmark = pytest.mark.both_backends

REGISTER = "pages/10_Ny_avvikelse.py"
RECIPIENT = "pages/13_Mottagare.py"
CARD = "pages/14_Individkort.py"
MINE = "pages/15_Dina_uppgifter.py"
CARE = "pages/32_Vardavvikelse.py"
TOLVAN = "191212121212"


def markdown(at) -> str:
    return "\n".join(read(m.value) for m in at.markdown)


def form_search(at, prefix: str, text: str):
    """Type into an entry screen's search box and send its form."""
    at.text_input(key=prefix + "q").input(text)
    button = next(b for b in at.get("button") if getattr(b, "form_id", "") == prefix + "form")
    button.click().run()
    return at


def press(at, key: str):
    at.button(key=key).click().run()
    return at


def from_recipient(open_page, device="dev-3"):
    at = open_page(RECIPIENT, "reporter")
    form_search(at, "dev_rcp_", TOLVAN)
    return follow(press(at, f"dev_rcp_row_{device}__btn"), REGISTER)


def follow(at, page: str):
    """AppTest reruns the page it was switched to, not the one st.switch_page went to: go on
    there as the browser does."""
    assert not at.exception, at.exception
    at.switch_page(page).run()
    return at


# ------------------------------------------------------------------ DEV-20 Mottagare

def test_dev_20_recipient_screen_lists_the_devices_and_each_row_opens_the_wizard(open_page):
    at = open_page(RECIPIENT, "reporter")
    form_search(at, "dev_rcp_", TOLVAN)
    shown = texts(at)
    assert "Tolvan Tolvansson" in shown and "19121212-1212" in shown
    assert "Rollator Standard 62" in shown and "CFH188493" in shown and "ej levererad" in shown
    assert query("SELECT count(*) AS n FROM access_log WHERE person_id = ? AND purpose = 'register_deviation'",
                 [TOLVAN])[0]["n"] == 1
    press(at, "dev_rcp_row_dev-3__btn")
    assert not at.exception
    assert at.session_state["dev_path"] is RegistrationPath.RECIPIENT_DEVICE
    assert at.session_state["dev_recipient_id"] == TOLVAN and at.session_state["dev_device_id"] == "dev-3"
    assert "Avvikelse/reklamation avseende Tolvan Tolvansson, 49509 Rullstol Cross B42.5 Dj46 · CFH188493" \
        in markdown(at)
    assert not [r for r in at.radio if r.key == "dev_path"]      # chosen on the entry screen, not asked again


def test_dev_20_a_care_unit_by_customer_number_and_a_bad_number_in_words(open_page):
    at = open_page(RECIPIENT, "reporter")
    form_search(at, "dev_rcp_", "40012")
    assert "Korttidsboendet Linden" in texts(at) and "Vårdenhet" in texts(at)
    form_search(at, "dev_rcp_", "191212121213")
    assert any("kontrollsiffra" in e.value.lower() for e in at.error), [e.value for e in at.error]
    assert at.text_input(key="dev_rcp_q").value == "191212121213"       # kept


# ------------------------------------------------------------------ DEV-21 Individkort

def test_dev_21_individual_card_on_stock_and_on_a_recipient(open_page):
    at = open_page(CARD, "reporter")
    form_search(at, "dev_ind_", "cfh9")
    shown = texts(at)
    assert "CFH900101" in shown and "CFH900202" in shown and "På buffertlager" in shown
    press(at, "dev_ind_row_stock_stk-1__btn")
    assert at.session_state["dev_path"] is RegistrationPath.STOCK_INDIVIDUAL
    assert at.session_state["dev_stock_item_id"] == "stk-1"
    assert "Avvikelse/reklamation avseende 49509 Rullstol Cross B42.5 Dj46 · CFH900101 (buffertlager" in markdown(at)

    at = open_page(CARD, "reporter")
    form_search(at, "dev_ind_", "CFH188493")
    assert "Registrerat på mottagare: Tolvan Tolvansson 19121212-1212" in texts(at)
    press(at, "dev_ind_row_recipient_dev-3__btn")
    assert at.session_state["dev_path"] is RegistrationPath.RECIPIENT_DEVICE
    assert at.session_state["dev_device_id"] == "dev-3"


# ------------------------------------------------------------------ DEV-22, DEV-23 Dina uppgifter

def test_dev_22_my_details_stock_and_other_starts(open_page):
    at = open_page(MINE, "reporter")
    shown = texts(at)
    assert "Rita Rapportör" in shown and "FK4711" in shown and "Duschpall med ryggstöd" in shown
    press(at, "dev_my_stock_stk-3__btn")
    assert at.session_state["dev_path"] is RegistrationPath.STOCK_ARTICLE
    assert at.session_state["dev_stock_item_id"] == "stk-3"

    at = open_page(MINE, "reporter")
    press(at, "dev_my_path_b__btn")
    assert at.session_state["dev_path"] is RegistrationPath.UNREGISTERED_DEVICE
    assert at.text_input(key="dev_article_no")          # path b: the device is typed in the wizard


def test_dev_23_work_order_search_by_prefix(open_page):
    at = open_page(MINE, "reporter")
    form_search(at, "dev_my_wo_", "ao-26")
    shown = texts(at)
    assert "AO-26-1001" in shown and "AO-26-1002" in shown
    press(at, "dev_my_wo_row_AO-26-1001__btn")
    assert at.session_state["dev_path"] is RegistrationPath.SERVICE_WORK_ORDER
    assert at.session_state["dev_work_order_no"] == "AO-26-1001"
    assert "arbetsorder AO-26-1001 Byte av drivhjul" in markdown(at)


def test_dev_23_an_empty_work_order_search_is_refused_at_its_field(open_page):
    at = open_page(MINE, "reporter")
    form_search(at, "dev_my_wo_", "")
    assert any("Arbetsordernummer" in e.value for e in at.error), [e.value for e in at.error]


# ------------------------------------------------------------------ DEV-24 the wizard's steps


CONCERNING = "Avvikelse/reklamation avseende Tolvan Tolvansson, 49509 Rullstol Cross B42.5 Dj46 · CFH188493"


def through_steps(at, event: EventType = EventType.INCIDENT, category: str = "komponent"):
    """From the wizard entered on dev-3 to step 3, checking the subject on each step."""
    assert CONCERNING in markdown(at)
    at.selectbox(key="dev_service_site_id").set_value("site-1012")
    at.radio(key="dev_is_wear_and_tear").set_value(False).run()
    press(at, "dev_next1__btn")
    assert at.session_state["dev_step"] == 2 and CONCERNING in markdown(at)
    step2(at, event, category)
    press(at, "dev_next2__btn")
    assert at.session_state["dev_step"] == 3 and CONCERNING in markdown(at)
    return step3(at)


def dev_keys(at) -> dict:
    return {k: v for k, v in at.session_state.items()
            if isinstance(k, str) and k.startswith("dev_") and v not in (None, False, {}, "")}


def test_dev_24_avbryt_on_every_step_asks_and_then_leaves_nothing(open_page):
    at = from_recipient(open_page)
    assert at.button(key="dev_cancel1__btn").label == "Avbryt"
    at.selectbox(key="dev_service_site_id").set_value("site-1012")
    at.radio(key="dev_is_wear_and_tear").set_value(False).run()
    press(at, "dev_next1__btn")
    assert at.button(key="dev_cancel2__btn").label == "Avbryt"
    step2(at)
    press(at, "dev_next2__btn")
    step3(at)
    # Avbryt asks; "Nej, fortsätt" keeps everything
    press(at, "dev_cancel3__btn")
    assert at.button(key="confirm_dev_cancel_no__btn").label == "Nej, fortsätt registrera"
    press(at, "confirm_dev_cancel_no__btn")
    assert at.session_state["dev_step"] == 3 and at.text_area(key="dev_injury").value
    # ... "Ja, avbryt" throws the input away and goes to the start page
    press(at, "dev_cancel3__btn")
    press(at, "confirm_dev_cancel_yes__btn")
    assert not at.exception, at.exception
    assert dev_keys(at) == {}
    assert "Mitt arbete" in texts(at) or not [w for w in at.text_area if w.key == "dev_injury"]
    at.switch_page(REGISTER).run()
    assert at.session_state["dev_step"] == 1 and at.radio(key="dev_path").value is None


def test_dev_24_each_step_names_the_subject_and_the_receipt_closes_to_the_start_page(open_page):
    at = through_steps(from_recipient(open_page))
    press(at, "dev_submit__btn")
    number = at.session_state["dev_receipt"]
    assert number.startswith("AV2647")
    assert at.button(key="dev_close__btn").label == "Stäng"
    press(at, "dev_close__btn")
    assert not at.exception, at.exception
    assert dev_keys(at) == {}
    assert "dev_close__btn" not in [b.key for b in at.button]


# ------------------------------------------------------------------ DEV-25 the workplace's own routine


def test_dev_25_negative_event_reminds_and_fills_in_the_care_deviation_form(open_page):
    at = through_steps(from_recipient(open_page), EventType.NEGATIVE, "fall")
    at.text_area(key="dev_injury").input("Patienten föll och slog i höften.").run()
    press(at, "dev_submit__btn")
    number = at.session_state["dev_receipt"]
    assert any("arbetsplatsens rutiner för avvikelsehantering" in i.value for i in at.info)
    follow(press(at, "dev_care__btn"), CARE)
    assert at.text_input(key="org_care_title").value == "Böjd länkhjulsgaffel på rullstol"
    what = at.text_area(key="org_care_what_happened").value
    assert what.startswith(f"Negativ händelse på hjälpmedel, registrerad som {number}: 49509 Rullstol Cross B42.5 Dj46")
    assert "Gaffeln till höger länkhjul var böjd och lös." in what
    assert at.date_input(key="org_care_occurred_date").value == date(2026, 11, 18)
    assert at.time_input(key="org_care_occurred_time").value == time(14, 30)
    assert at.text_input(key="org_care_location").value == "I hemmet"
    assert at.radio(key="org_care_patient_harmed").value is True
    assert at.text_area(key="org_care_harm_description").value == "Patienten föll och slog i höften."
    assert any(f"Uppgifterna från {number} är ifyllda" in i.value for i in at.info)
    assert dev_keys(at) == {}                  # the registration is done: nothing of it left in the form


def test_dev_25_a_complaint_gets_no_reminder(open_page):
    at = open_page(MINE, "reporter")
    follow(press(at, "dev_my_stock_stk-3__btn"), REGISTER)
    at.selectbox(key="dev_service_site_id").set_value("site-1012")
    at.radio(key="dev_is_wear_and_tear").set_value(False).run()
    press(at, "dev_next1__btn")
    step2(at, EventType.COMPLAINT, "fel_brist")
    press(at, "dev_next2__btn")
    step3(at)
    press(at, "dev_submit__btn")
    assert at.session_state["dev_receipt"]
    assert not any("arbetsplatsens rutiner" in i.value for i in at.info)
    assert "dev_care__btn" not in [b.key for b in at.button]
