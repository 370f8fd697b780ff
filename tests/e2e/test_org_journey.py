"""Issue 4's journey in a real browser: a nurse reports an insurance-medicine deviation with
patient harm and accepts the linked care deviation; her manager forwards it to another
manager, who escalates it to the committee; the chair resolves it; the nurse reads the outcome
message (ORG-1, ORG-2, ORG-3, ORG-4, ORG-6, ORG-7, X-3)."""
from __future__ import annotations

import re

from tests.e2e.conftest import login, logout, shot, wait_idle

OUTCOME = "Kommittén har kommit överens med Försäkringskassan om att intyg bekräftas inom två dagar."


def _commit(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Tab")
    wait_idle(page)


def _choose(page, label: str, option: str) -> None:
    """Open a selectbox and pick an option; a click that lands during a re-render may leave
    the menu closed, so fall back to the keyboard."""
    box = page.get_by_label(label, exact=True)
    wanted = page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):
        box.click()
        try:
            wanted.wait_for(timeout=3000)
            break
        except Exception:  # noqa: BLE001 - menu did not open; try the keyboard
            box.press("ArrowDown")
            try:
                wanted.wait_for(timeout=2000)
                break
            except Exception:  # noqa: BLE001
                page.keyboard.press("Escape")
    wanted.click()
    wait_idle(page)


def _radio(page, group: str, option: str) -> None:
    page.locator("[data-testid='stRadio']").filter(has_text=group).get_by_text(option, exact=True).click()
    wait_idle(page)


def _segments(page, label: str, digits: str) -> None:
    """Streamlit's date input is a segmented field: type into the first segment."""
    field = page.get_by_label(label, exact=True)
    field.locator("[role=spinbutton]").first.click()
    page.keyboard.type(digits)
    page.keyboard.press("Tab")
    wait_idle(page)


def _press(page, button: str, expected: str) -> None:
    """Click a button and wait for its confirmation. A click that lands while the previous
    run (the blur of a text field) is still finishing can be dropped by the frontend; then the
    button is still there and nothing changed, so it is clicked once more."""
    for _ in range(3):
        page.get_by_role("button", name=button, exact=True).click()
        wait_idle(page)
        try:
            page.get_by_text(expected, exact=False).first.wait_for(timeout=5000)
            return
        except Exception:  # noqa: BLE001 - not confirmed yet
            if not page.get_by_role("button", name=button, exact=True).count():
                break
    assert expected in page.inner_text("body")


def _see(page, *texts: str) -> None:
    """Wait until each text is on the page (a fresh session draws the login run first, then
    the cookie run, so a snapshot taken too early may still be the first)."""
    for text in texts:
        page.get_by_text(text, exact=False).first.wait_for(timeout=20000)
    wait_idle(page)


def _open_case(page, base_url: str, user: str, number: str) -> None:
    login(page, base_url, user, path=f"/Arende?id={number}")
    _see(page, f"{number} · Organisatorisk avvikelse")


def test_org_journey_report_forward_escalate_resolve_message(server, new_page):
    page = new_page()
    login(page, server.url, "sjukskoterska")

    # ORG-1: three entries on the start page; the insurance-medicine one is "Miljön – …"
    _see(page, "Rapportera avvikelse gällande säkerhet, miljö och organisation")
    body = page.inner_text("body")
    for entry in ("Ny avvikelse/reklamation", "Patienten", "Rapportera vårdavvikelse", "Miljön",
                  "Rapportera avvikelse gällande säkerhet, miljö och organisation"):
        assert entry in body
    shot(page, "org-start")
    page.get_by_role("link", name="Miljön", exact=True).click()
    wait_idle(page)

    # ORG-4 shown on the form; ORG-2 classification with ORG-3 guidance where she chooses
    _see(page, "Rapporten går till din närmaste chef: Nora Norrbychef")
    _choose(page, "Vilket övergripande område har drabbats?", "Verksamhet/organisation")
    _choose(page, "Vilken typ av organisatorisk brist har inträffat?", "Försäkringsmedicin")
    _see(page, "den regionala överenskommelsen mellan regionen, Arbetsförmedlingen och Försäkringskassan")
    _commit(page, "Rubrik", "Läkarintyg registrerades inte – sjukpenningen drogs in")
    _commit(page, "Vad hände?", "Försäkringskassan uppgav att intyget saknades fast det skickats; "
                                "patientens sjukpenning drogs in i tre veckor.")
    _segments(page, "Datum för händelsen", "20261118")
    _commit(page, "Var hände det?", "Mottagningen")
    page.get_by_label("Vem drabbades?", exact=True).click()
    page.get_by_role("option", name="Patient", exact=True).click()
    wait_idle(page)
    page.keyboard.press("Escape")
    _radio(page, "Berörd samverkanspart", "Försäkringskassan")
    _radio(page, "Har en patient drabbats av vårdskada?", "Ja")
    _commit(page, "Hur drabbades patienten?", "Patienten blev utan ersättning i tre veckor.")

    # ORG-7: the form offers the linked care deviation; she accepts it
    page.get_by_text("Ja, registrera även en vårdavvikelse, länkad till denna").click()
    wait_idle(page)
    _choose(page, "Område för den länkade avvikelsen", "Vård och behandling")
    _choose(page, "Typ för den länkade avvikelsen", "Vårdskada")
    shot(page, "org-report-form")
    _press(page, "Skicka avvikelsen", "Din avvikelse är nu registrerad")
    body = page.inner_text("body")
    number = re.search(r"Organisatorisk avvikelse (OA26\d{6})", body).group(1)
    linked = re.search(r"Länkad vårdavvikelse (VA26\d{6})", body).group(1)
    assert number[4:6] == "47"   # 2026-11-20 is in ISO week 47
    shot(page, "org-receipt")
    logout(page)

    # ORG-4: it waits for her manager, who forwards it to another manager with a reason
    page = new_page()
    login(page, server.url, "chef.norrby")
    page.get_by_role("link", name=number).first.click()   # "Mitt arbete": waiting for me
    wait_idle(page)
    _see(page, f"{number} · Organisatorisk avvikelse",
         f"Länkad vårdavvikelse {linked}",                # ORG-7: the link shows on the case
         "ärendet är här")
    _radio(page, "Beslut", "Skicka till annan chef")
    _choose(page, "Till chef", "Petra Psykiatrichef (Verksamhetschef)")
    _commit(page, "Motivering", "Patienten följs av psykiatrin; där finns kontakten med utredaren.")
    _press(page, "Skicka till annan chef", "Ärendet är skickat till den andra chefen.")
    shot(page, "org-forwarded")
    logout(page)

    # ORG-6: the other manager escalates it to the committee (its chair receives it)
    page = new_page()
    _open_case(page, server.url, "chef.psykiatri", number)
    _radio(page, "Beslut", "Lyft till nästa nivå (olöst)")
    _see(page, "Ärendet lyfts till Försäkringsmedicinska kommittén: Klara Kommittéordförande")
    _commit(page, "Motivering", "Kunde inte lösas med försäkringsutredaren.")
    _press(page, "Lyft till nästa nivå (olöst)", "Ärendet är lyft till nästa nivå.")
    _see(page, "Ärendet hanteras av Klara Kommittéordförande")   # read-only for her now
    logout(page)

    # The chair resolves it with an outcome
    page = new_page()
    _open_case(page, server.url, "fmk.ordforande", number)
    _radio(page, "Beslut", "Lös och avsluta")
    _commit(page, "Utfall — vad kom ni fram till?", OUTCOME)
    _press(page, "Lös och avsluta", "Ärendet är avslutat. Rapportören har fått utfallet.")
    shot(page, "org-closed-ladder")
    logout(page)

    # The nurse reads the outcome message (and the hand-over messages before it)
    page = new_page()
    login(page, server.url, "sjukskoterska")
    page.get_by_role("link", name=re.compile("Meddelanden")).first.click()
    wait_idle(page)
    _see(page, f"Organisatorisk avvikelse {number} är avslutad.", OUTCOME,
         f"Organisatorisk avvikelse {number} har skickats vidare till chefen Petra Psykiatrichef.",
         f"Organisatorisk avvikelse {number} har lyfts till Försäkringsmedicinska kommittén.")
    shot(page, "org-nurse-messages")
