"""AppTest for the urgent-case screens (in Danish, the demo users' language) on a copy of the
demo database; the clock is pinned per test with CASEDESK_NOW."""
from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from logic.clock import FixedClock
from logic.store.connect import open_database
from logic.urgent import attachments, services
from logic.urgent.model import CreatePermission
from tests.pages.conftest import read, texts

pytestmark = pytest.mark.both_backends

FRIDAY_NOON = "2026-11-20T12:00:00+01:00"      # inside office hours
MONDAY_EVENING = "2026-11-23T17:30:00+01:00"   # outside office hours


def page_links(at) -> dict[str, str]:
    return {read(el.proto.label): el.proto.page for el in at.get("page_link")}


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_urg8_start_page_shows_cases_to_attach_for_insurer_only(open_page):
    at = open_page("app.py", "oresund")
    assert not at.exception
    links = page_links(at)
    assert links["2 sag(er) skal tilknyttes"].endswith("Akutsager")
    at = open_page("app.py", "forsikring")          # all of Nordlys' urgent cases are attached
    assert not any("skal tilknyttes" in label for label in page_links(at))
    at = open_page("app.py", "partner")
    assert not any("skal tilknyttes" in label for label in page_links(at))


def test_urg4_new_urgent_case_button_only_at_a_permitted_time(open_page, monkeypatch):
    at = open_page("pages/50_Akutsager.py", "partner")       # Friday noon: inside office hours
    assert not at.exception
    assert "Ny akutsag" not in page_links(at)
    assert "kun oprette akut sager uden for arbejdstid" in texts(at)
    monkeypatch.setenv("CASEDESK_NOW", MONDAY_EVENING)
    at = open_page("pages/50_Akutsager.py", "partner")
    assert page_links(at)["Ny akutsag"].endswith("Ny_akutsag")
    at = open_page("pages/50_Akutsager.py", "forsikring")    # an insurer never creates
    assert "Ny akutsag" not in page_links(at)


def test_urg4_the_form_refuses_a_deep_link_at_a_forbidden_time(open_page):
    at = open_page("pages/51_Ny_akutsag.py", "partner")
    assert not at.exception
    assert at.error[0].value.startswith("Dit kontor må kun oprette akut sager uden for arbejdstid")
    assert not at.text_input


def test_urg6_urg8_case_list_and_the_akut_sag_filter(open_page):
    at = open_page("pages/50_Akutsager.py", "oresund")
    assert at.title[0].value == "Sagsliste"
    assert len(at.dataframe[0].value) == 3                   # two urgent, one normal case
    button(at, "2 sag(er) skal tilknyttes").click().run()
    assert at.query_params["filter"] in ("urgent", ["urgent"])
    table = at.dataframe[0].value
    assert set(table["Type"]) == {"Akutsag"} and len(table) == 2
    assert set(table["Status"]) == {"Skal tilknyttes"}
    button(at, "Nulstil").click().run()
    assert len(at.dataframe[0].value) == 3
    # the partner sees its own company's cases only, never Øresund's
    at = open_page("pages/50_Akutsager.py", "partner")
    ids = " ".join(at.dataframe[0].value["Id"])
    assert "AKUT-26-0001" in ids and "AKUT-26-0004" not in ids and "OF-2026-0501" not in ids


def _fill(at, **values) -> None:
    for key, value in values.items():
        at.text_input(key="urg_new_" + key).input(value) if key not in ("short_description", "notes") \
            else at.text_area(key="urg_new_" + key).input(value)


def test_urg5_urg6_create_form_errors_at_the_field_then_created(open_page, monkeypatch):
    monkeypatch.setenv("CASEDESK_NOW", MONDAY_EVENING)
    at = open_page("pages/51_Ny_akutsag.py", "partner")
    assert not at.exception
    keys = {el.key for el in at.text_input}
    assert "urg_new_case_number" not in keys            # the office may not edit the case id (URG-3)
    _fill(at, street="Irlandsvej 80", postcode="23", town="København S", customer="Kaj Kunde",
          contact_name="Kaj Kunde", contact_phone="ring", contact_email="kaj@", short_description="Vand i kælder")
    at.button[0].click().run()
    shown = [e.value for e in at.error]
    for problem in ("Angiv et postnummer med 4 cifre.", "Angiv et telefonnummer med cifre, fx 12 34 56 78.",
                    "Angiv en gyldig e-mailadresse."):
        assert any(e.endswith(": " + problem) for e in shown), (problem, shown)   # ui16: named by its label
    assert any(e.endswith(": Udfyld feltet.") for e in shown), shown             # Skadedato
    assert shown[-1].startswith(("Udfyld 1 felt: ", "Ret ")), shown               # ui16: the summary at the button
    assert at.text_input(key="urg_new_street").value == "Irlandsvej 80"      # nothing typed is lost
    _fill(at, postcode="2300", contact_phone="+45 11 22 33 44", contact_email="kaj@example.invalid")
    at.date_input(key="urg_new_damage_date").set_value(date(2026, 11, 23))
    at.selectbox(key="urg_new_first_aid_office").set_value("skybrud-service-aps-kobenhavn")
    at.button[0].click().run()
    assert not at.exception
    assert read(at.success[0].value) == "Akutsag AKUT-26-0007 er oprettet."
    assert page_links(at)["Åbn sag AKUT-26-0007"].endswith("Arende")


def test_urg3_case_number_field_where_the_office_may_edit_the_case_id(open_page, demo_db_path, monkeypatch):
    db = open_database(demo_db_path)
    services.add_member(db, _clock(), None, "partner2", "skybrud-service-aps-roskilde")
    db.close()
    at = open_page("pages/51_Ny_akutsag.py", "partner2")
    assert not at.exception
    at.selectbox(key="urg_new_office_id").set_value("skybrud-service-aps-roskilde").run()
    assert "urg_new_case_number" in {el.key for el in at.text_input}


def _clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen")))


def test_urg9_banner_with_til_normal_and_tilknyt_for_the_insurer(open_page):
    at = open_page("pages/12_Arende.py", "oresund", {"id": "AKUT-26-0004"})
    assert not at.exception
    assert at.warning[0].value.startswith("Dette er en akut sag.")
    labels = [b.label for b in at.button]
    assert "Til normal" in labels and "Tilknyt" in labels
    at = open_page("pages/12_Arende.py", "partner3", {"id": "AKUT-26-0004"})
    assert at.warning[0].value.startswith("Dette er en akut sag.")
    assert "Til normal" not in [b.label for b in at.button]


def test_urg10_til_normal_through_the_page(open_page):
    at = open_page("pages/12_Arende.py", "oresund", {"id": "AKUT-26-0004"})
    button(at, "Til normal").click().run()
    assert at.subheader[0].value == "Gør akutsag normal" or "Gør akutsag normal" in texts(at)
    button(at, "Gem").click().run()
    errors = [e.value for e in at.error]                 # the one way to validate (issue 16 item 6)
    assert "Sagsnummer: Udfyld feltet." in errors and "Sagsbehandler: Udfyld feltet." in errors
    assert "Udfyld 2 felter: Sagsnummer og Sagsbehandler." in errors
    assert "Obligatorisk felt." not in errors
    at.text_input(key="urg_convert_number").input("of-2026-0777")
    at.selectbox(key="urg_convert_handler").set_value("oresund")
    button(at, "Gem").click().run()
    at.button(key="confirm_urg_convert_AKUT-26-0004_yes__btn").click().run()      # issue 16, item 7
    assert not at.exception
    assert at.query_params["id"] in ("OF-2026-0777", ["OF-2026-0777"])
    assert at.header[0].value == "OF-2026-0777 · Sag"
    assert "Akutsag AKUT-26-0004 er nu den normale sag OF-2026-0777." in texts(at)
    assert page_links(at)["Akutsag AKUT-26-0004"].endswith("Arende")          # Grand log links back


def test_urg11_tilknyt_through_the_page(open_page):
    at = open_page("pages/12_Arende.py", "oresund", {"id": "AKUT-26-0004"})
    button(at, "Tilknyt").click().run()
    at.selectbox(key="urg_link_target").set_value("OF-2026-0501")
    button(at, "Gem").click().run()
    at.button(key="confirm_urg_link_AKUT-26-0004_yes__btn").click().run()      # issue 16, item 7
    assert not at.exception
    assert "Akutsag AKUT-26-0004 er tilknyttet sag OF-2026-0501." in texts(at)
    assert read(at.info[0].value) == "Akutsagen er afbrudt og tilknyttet sag OF-2026-0501."
    at = open_page("pages/12_Arende.py", "oresund", {"id": "OF-2026-0501"})
    assert "Vandet lukket, gulv tørres." in texts(at)                          # the report moved along
    assert any("Vera Vandskade: Vandet lukket" in x for x in [e.value for e in at.text])   # by name (issue 16)
    assert page_links(at)["Akutsag AKUT-26-0004"].endswith("Arende")


def test_urg7_partner_reports_on_first_aid_in_the_page(open_page):
    at = open_page("pages/12_Arende.py", "partner3", {"id": "AKUT-26-0004"})
    at.text_area(key=next(el.key for el in at.text_area if el.key.startswith("urg_report_text_"))).input(
        "Affugter hentet igen.")
    button(at, "Rapportér").click().run()
    assert not at.exception
    assert "Affugter hentet igen." in texts(at)


def test_urg12_report_with_charts_and_download_for_level_6(open_page):
    at = open_page("pages/52_Akutrapport.py", "forsikring")
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 5
    office_chart = json.loads(charts[0].proto.spec)
    assert {trace["name"] for trace in office_chart["data"]} == {"København", "Odense"}
    downloads = [el.proto.label for el in at.get("download_button")]
    assert "Hent akutsagsrapport" in downloads and "Hent som CSV" in downloads
    assert "AKUT-26-0001" in " ".join(at.dataframe[0].value["Id"])
    at = open_page("pages/52_Akutrapport.py", "forsikring2")                   # authority level 3
    assert at.error[0].value.startswith("Akutsag rapporten er kun for")
    assert not at.get("download_button")
    assert "Akutsag rapport" not in page_links(at)                              # nor in the sidebar


def test_urg1_admin_changes_an_office_and_the_change_is_logged(open_page):
    at = open_page("pages/59_Akut_admin.py", "forsikring")
    assert not at.exception
    at.selectbox(key="urg_admin_office").set_value("skybrud-service-aps-koge").run()
    form_radio = at.radio[0]
    assert form_radio.value.value == "never"
    form_radio.set_value(CreatePermission.ALWAYS)
    button(at, "Gem").click().run()
    assert not at.exception
    assert "Gemt." in texts(at)
    log = at.dataframe[-1].value
    assert "Kontorindstillinger ændret" in set(log["Handling"])
    assert any("skybrud-service-aps-koge: må oprette Aldrig → Altid" in d for d in log["Ændring"])   # in words (issue 16)


def test_urg1_partner_cannot_open_the_admin_page(open_page):
    at = open_page("pages/59_Akut_admin.py", "partner")
    assert at.error[0].value == "Din rolle giver ikke adgang til dette."
    assert not at.dataframe


@pytest.mark.parametrize("page", ["pages/50_Akutsager.py", "pages/51_Ny_akutsag.py", "pages/52_Akutrapport.py",
                                  "pages/59_Akut_admin.py"])
def test_urgent_pages_refuse_other_roles_without_data(open_page, page):
    at = open_page(page, "reporter")
    assert not at.exception
    assert at.error and not at.dataframe and "AKUT" not in texts(at)


def test_urg7_x7_an_upload_is_stored_once_the_uploader_cleared_and_refusals_are_the_apps_own(open_page):
    """Issue 13: after "Filen er uploadet." the file stayed selected and a second click stored it
    again; the widget refused files the rule allows (10,000,000 bytes < 10 MiB) and over-limit
    files in English; a file name with underscores showed in italics on its download button."""
    at = open_page("pages/12_Arende.py", "partner3", {"id": "AKUT-26-0004"})
    uploader = at.file_uploader[0]
    assert uploader.proto.max_upload_size_mb * 1_000_000 > attachments.MAX_ATTACHMENT_BYTES     # the rule decides
    assert list(uploader.proto.type) == []                    # the content is checked, in the user's language
    photo = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000
    uploader.set_value(("foto_af_loft_1.png", photo, "image/png")).run()
    button(at, "Vedhæft fil").click().run()
    assert [s.value for s in at.success] == ["Filen er uploadet."]
    assert [f.value for f in at.file_uploader] == [None]          # a fresh, empty uploader
    assert "Vedhæft fil" not in [b.label for b in at.button]
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["foto\\_af\\_loft\\_1\\.png (1 kB)"]        # shown as typed, not in italics
    at.file_uploader[0].set_value(("foto_af_loft_1.png", photo, "image/png")).run()   # the same file again
    button(at, "Vedhæft fil").click().run()
    assert [e.value for e in at.error] == ["Denne fil er allerede vedhæftet opgaven (som foto\\_af\\_loft\\_1\\.png)."]
    assert len(at.get("download_button")) == 1
    allowed = photo + b"0" * (attachments.MAX_ATTACHMENT_BYTES - len(photo))        # 10 MiB: over 10,000,000 bytes
    at.file_uploader[0].set_value(("stort_foto.png", allowed, "image/png")).run()
    assert not at.error and "Vedhæft fil" in [b.label for b in at.button]
    at.file_uploader[0].set_value(("for_stort.png", allowed + b"0", "image/png")).run()
    assert [e.value for e in at.error] == ["Filen er for stor: højst 10 MB."]        # Danish, at the field
    assert "Vedhæft fil" not in [b.label for b in at.button]
    at.file_uploader[0].set_value(("virus.png", b"MZ\x90\x00" * 10, "image/png")).run()
    assert [e.value for e in at.error] == [
        "Kun billeder (JPEG, PNG) og PDF-filer kan uploades. Filens indhold er ingen af dem."]
