"""X-7 and X-6 on the screens (issue 13, section 4): a pasted text over a field's limit is taken
whole, refused at the field with the limit and the length, and kept in the field; every date
picker's earliest and latest date come from the app's clock, not the machine's."""
from __future__ import annotations

from datetime import date, time

import pytest

from logic.deviations.model import EventType, RegistrationPath
from streamlit.testing.v1.element_tree import Error, Widget

from tests.pages.conftest import read, texts

pytestmark = pytest.mark.both_backends

MONDAY_EVENING = "2026-11-23T17:30:00+01:00"    # outside office hours (urgent cases)
FAR = "2031-03-05T10:00:00+01:00"


def _flat(node) -> list:
    """The page's elements in the order they are drawn."""
    out = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out.extend(_flat(child))
    return out


def error_after(at, widget) -> str | None:
    """The error drawn right after `widget`, before any other input: the field's own message
    (issue 16: it names the field — "Label: problem" — the problem is returned)."""
    elements = _flat(at.main)
    start = next(i for i, el in enumerate(elements) if isinstance(el, Widget) and el.id == widget.id)
    label = widget.label.split(" *")[0]
    named = label + (" " if label.endswith("?") else ": ")
    for el in elements[start + 1:]:
        if isinstance(el, Error):
            return el.value.removeprefix(named)
        if isinstance(el, Widget):
            return None
    return None


# ------------------------------------------------------------------ too long, at the field, kept


def test_x7_ny_akutsag_kort_beskrivelse_1001_characters_refused_at_the_field_and_kept(open_page, monkeypatch):
    monkeypatch.setenv("CASEDESK_NOW", MONDAY_EVENING)
    at = open_page("pages/51_Ny_akutsag.py", "partner")
    pasted = ("Vand fra loftet. " * 59)[:1001]
    assert len(pasted) == 1001
    for key, value in dict(street="Irlandsvej 80", postcode="2300", town="København S", customer="Kaj Kunde",
                           contact_name="Kaj Kunde", contact_phone="+45 11 22 33 44").items():
        at.text_input(key="urg_new_" + key).input(value)
    at.text_area(key="urg_new_short_description").input(pasted)
    at.date_input(key="urg_new_damage_date").set_value(date(2026, 11, 23))
    at.button[0].click().run()
    assert not at.exception
    field = at.text_area(key="urg_new_short_description")
    assert field.value == pasted                                           # nothing cut, nothing lost
    assert error_after(at, field) == "Højst 1.000 tegn – du har skrevet 1.001."
    assert not at.success                                                  # nothing created
    field.input(pasted[:1000])
    at.button[0].click().run()
    assert read(at.success[0].value).startswith("Akutsag AKUT-26-")
    from ui import context
    with context.get_db().read() as r:
        assert r.scalar("SELECT short_description FROM urgent_cases ORDER BY case_id DESC LIMIT 1") == pasted[:1000]


def _wizard_step2(at):
    at.selectbox(key="dev_service_site_id").set_value("site-1012")
    at.radio(key="dev_path").set_value(RegistrationPath.RECIPIENT_DEVICE).run()
    at.text_input(key="dev_recipient_id").input("191212121212")
    at.button(key="dev_find__btn").click().run()
    at.radio(key="dev_device_id").set_value("dev-1")
    at.radio(key="dev_is_wear_and_tear").set_value(False).run()
    at.button(key="dev_next1__btn").click().run()
    at.radio(key="dev_event_type").set_value(EventType.INCIDENT).run()
    at.selectbox(key="dev_category").set_value("komponent")
    at.date_input(key="dev_occurred_date").set_value(date(2026, 11, 18))
    at.time_input(key="dev_occurred_time").set_value(time(14, 30))
    at.text_input(key="dev_location").input("I hemmet")
    at.text_input(key="dev_concerns").input("Böjd länkhjulsgaffel").run()
    return at


def test_x7_deviation_wizard_what_happened_over_its_limit_refused_at_the_field_and_kept(open_page):
    at = _wizard_step2(open_page("pages/10_Ny_avvikelse.py", "reporter"))
    pasted = ("Gaffeln till höger länkhjul var böjd och lös. " * 90)[:4001]
    at.text_area(key="dev_what_happened").input(pasted).run()
    assert not at.exception
    field = at.text_area(key="dev_what_happened")
    assert field.value == pasted
    assert error_after(at, field) == "Högst 4\u00a0000 tecken – du har skrivit 4\u00a0001."
    at.button(key="dev_next2__btn").click().run()                               # ui16: pressed, it stays
    assert at.session_state["dev_step"] == 2 and at.text_area(key="dev_what_happened").value == pasted
    at.text_input(key="dev_location").input("x" * 201).run()                    # another field, same way
    assert error_after(at, at.text_input(key="dev_location")) == "Högst 200 tecken – du har skrivit 201."
    assert at.text_input(key="dev_location").value == "x" * 201
    at.button(key="dev_back2__btn").click().run()                                # other steps keep it too
    at.button(key="dev_next1__btn").click().run()
    assert at.text_area(key="dev_what_happened").value == pasted
    at.text_area(key="dev_what_happened").input(pasted[:4000])
    at.text_input(key="dev_location").input("I hemmet").run()
    assert not at.error


def test_x7_a_board_search_over_200_characters_is_refused_and_kept(open_page):
    at = open_page("pages/20_Arenden.py", "handlaggare")
    typed = "rullstol " * 22 + "hjul"                   # 202 characters
    at.text_input(key="board_q").input(typed).run()
    assert not at.exception
    assert at.text_input(key="board_q").value == typed
    assert error_after(at, at.text_input(key="board_q")) == "Högst 200 tecken – du har skrivit 202."
    assert not at.dataframe                              # nothing searched with a text it did not take


def test_x7_no_field_on_the_screens_cuts_a_paste(open_page, monkeypatch):
    monkeypatch.setenv("CASEDESK_NOW", MONDAY_EVENING)
    for page, user in (("pages/51_Ny_akutsag.py", "partner"), ("pages/10_Ny_avvikelse.py", "reporter"),
                       ("pages/30_Org_avvikelse.py", "sjukskoterska"), ("pages/20_Arenden.py", "handlaggare")):
        at = open_page(page, user)
        for widget in [*at.text_input, *at.text_area]:
            assert not widget.max_chars, (page, widget.key)


# ------------------------------------------------------------------ dates from the app's clock

EARLIEST = date(1900, 1, 1)
TODAY = date(2026, 11, 20)        # the pinned clock (tests/pages/conftest.py); the machine's is another

DATES = [
    # page, user, query, widget key, min, max
    ("pages/51_Ny_akutsag.py", "partner", None, "urg_new_damage_date", EARLIEST, date(2026, 11, 23)),
    ("pages/30_Org_avvikelse.py", "sjukskoterska", None, "org_org_occurred_date", EARLIEST, TODAY),
    ("pages/20_Arenden.py", "handlaggare", {"period": "custom"}, "board_from", EARLIEST, TODAY),
    ("pages/20_Arenden.py", "handlaggare", {"period": "custom"}, "board_to", EARLIEST, TODAY),
    ("pages/21_Rapporter.py", "analytiker", None, "dash_from", EARLIEST, TODAY),
    ("pages/21_Rapporter.py", "analytiker", None, "dash_to", EARLIEST, TODAY),
    ("pages/49_FK_simulator.py", "admin", None, "certfk_reply_by", TODAY, date(2036, 11, 20)),
    ("pages/41_Intyg_utkast.py", "lakare", {"id": "IN26470002"}, "cert_IN26470002_basis_date",
     EARLIEST, TODAY),
    ("pages/41_Intyg_utkast.py", "lakare", {"id": "IN26470002"}, "cert_IN26470002_sick_leave_100_from",
     EARLIEST, date(2036, 11, 20)),
    ("pages/12_Arende.py", "handlaggare", {"id": "AV26310003"}, "dev_man_on_AV26310003", EARLIEST, TODAY),
    ("pages/12_Arende.py", "chef.psykiatri", {"id": "OA26430001"}, "orgc_OA26430001_c_on",
     EARLIEST, TODAY),
    ("pages/12_Arende.py", "chef.psykiatri", {"id": "OA26430001"}, "orgc_OA26430001_m_on",
     EARLIEST, TODAY),
]


@pytest.mark.parametrize("page, user, query, key, low, high", DATES, ids=[d[3] for d in DATES])
def test_x6_every_date_picker_is_bounded_by_the_apps_clock(open_page, monkeypatch, page, user, query, key, low, high):
    if page.endswith("Ny_akutsag.py"):
        monkeypatch.setenv("CASEDESK_NOW", MONDAY_EVENING)      # the office may create outside office hours
    at = open_page(page, user, query)
    assert not at.exception
    picker = at.date_input(key=key)
    assert (picker.min, picker.max) == (low, high)


def test_x6_the_event_date_follows_the_pinned_clock_not_the_machines(open_page, monkeypatch):
    """Streamlit's own default is ten years before and after the machine's today."""
    monkeypatch.setenv("CASEDESK_NOW", FAR)
    at = open_page("pages/10_Ny_avvikelse.py", "reporter")
    at.selectbox(key="dev_service_site_id").set_value("site-1012")
    at.radio(key="dev_path").set_value(RegistrationPath.RECIPIENT_DEVICE).run()
    at.text_input(key="dev_recipient_id").input("191212121212")
    at.button(key="dev_find__btn").click().run()
    at.radio(key="dev_device_id").set_value("dev-1")
    at.radio(key="dev_is_wear_and_tear").set_value(False).run()
    at.button(key="dev_next1__btn").click().run()
    picker = at.date_input(key="dev_occurred_date")
    assert (picker.min, picker.max) == (EARLIEST, date(2031, 3, 5))
    picker.set_value(date(1987, 6, 1)).run()                  # an event decades ago can be entered
    assert at.date_input(key="dev_occurred_date").value == date(1987, 6, 1)
    assert "dev_occurred_date" not in texts(at)


def test_x7_a_certificate_text_over_its_limit_is_kept_and_said_at_the_field(open_page):
    """CERT-4 drafts keep what was typed: over the limit it is saved and flagged at the field;
    past twice the limit it is not saved, but still kept in the field with the message there."""
    key = "cert_IN26470002_functional_impairment"
    at = open_page("pages/41_Intyg_utkast.py", "lakare", {"id": "IN26470002"})
    at.text_area(key=key).input("Nedsatt rörlighet. " * 210 + "x" * 11).run()           # 4 001
    assert not at.exception
    assert at.text_area(key=key).value.endswith("x" * 11) and len(at.text_area(key=key).value) == 4001
    assert error_after(at, at.text_area(key=key)) == "Högst 4\u00a0000 tecken – du har skrivit 4\u00a0001."
    from ui import context
    with context.get_db().read() as r:
        saved = r.scalar("SELECT CAST(content AS JSON) ->> 'functional_impairment' FROM certificates"
                         " WHERE case_id = 'IN26470002'")       # read the same by both databases
    assert len(saved) == 4001
    at.text_area(key=key).input("y" * 8001).run()
    assert at.text_area(key=key).value == "y" * 8001
    assert error_after(at, at.text_area(key=key)) == "Högst 4\u00a0000 tecken – du har skrivit 8\u00a0001."
