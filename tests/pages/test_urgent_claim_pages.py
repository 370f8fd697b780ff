"""AppTest for the insurer's normal case (URG-13 … URG-19, docs/RULES17.md) in Danish, on a copy of
the demo database: Ny sag, the case page's Sagstiltag / Erstatningsbeslutning / Sagsbehandler
with their confirmations, the case list's state filters, the start page's counts and the report."""
from __future__ import annotations

from datetime import date

import pytest

from logic.store.connect import open_database
from tests.pages.conftest import read, texts

pytestmark = pytest.mark.both_backends


def page_links(at) -> dict[str, str]:
    return {read(el.proto.label): el.proto.page for el in at.get("page_link")}


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def has_button(at, label: str) -> bool:
    return any(b.label == label for b in at.button)


def _db_value(path, sql: str, params=()):
    db = open_database(path)
    try:
        with db.read() as r:
            return r.scalar(sql, list(params))
    finally:
        db.close()


def _case(open_page, username: str = "forsikring", case_id: str = "NL-2026-1003"):
    return open_page("pages/12_Arende.py", username, {"id": case_id})


# ------------------------------------------------------------------ URG-13 Ny sag


def test_urg_13_ny_sag_refuses_at_the_fields_then_creates_the_case(open_page, demo_db_path):
    at = open_page("pages/50_Akutsager.py", "forsikring")
    assert page_links(at)["Ny sag"].endswith("Ny_sag")
    at = open_page("pages/53_Ny_sag.py", "forsikring")
    assert not at.exception
    assert at.title[0].value == "Ny sag"
    assert at.selectbox(key="claim_new_case_handler").value == "forsikring"     # the creator, unless changed
    button(at, "Tilføj").click().run()
    errors = [read(e.value) for e in at.error]
    assert any(e.startswith("Sagsnummer") for e in errors) and any(e.startswith("Kunde") for e in errors)
    assert _db_value(demo_db_path, "SELECT count(*) FROM cases WHERE id = 'NL-2026-2001'") == 0

    at.text_input(key="claim_new_case_number").input("nl-2026-2001")
    at.text_input(key="claim_new_street").input("Irlandsvej 80")
    at.text_input(key="claim_new_postcode").input("2300")
    at.text_input(key="claim_new_town").input("København S")
    at.text_input(key="claim_new_customer").input("Bente Larsen")
    at.text_area(key="claim_new_short_description").input("Vand i kælderen")
    at.date_input(key="claim_new_damage_date").set_value(date(2026, 11, 19))
    at.selectbox(key="claim_new_case_handler").set_value("forsikring2")
    button(at, "Tilføj").click().run()
    assert not at.exception
    assert any("Sag NL-2026-2001 er oprettet." in read(s.value) for s in at.success)
    assert _db_value(demo_db_path, "SELECT assignee FROM cases WHERE id = 'NL-2026-2001'") == "forsikring2"


def test_urg_13_partners_are_refused_ny_sag_and_see_no_link(open_page):
    at = open_page("pages/53_Ny_sag.py", "partner")
    assert not at.exception
    assert at.error and not at.text_input
    at = open_page("pages/50_Akutsager.py", "partner")
    assert "Ny sag" not in page_links(at)


# ------------------------------------------------------------------ URG-14, URG-15 on the case page


def test_urg_14_on_hold_asks_first_and_back_again(open_page, demo_db_path):
    at = _case(open_page)
    assert not at.exception
    assert "Sagstiltag:" in texts(at) and "Erstatningsbeslutning:" in texts(at) and "Sagsbehandler:" in texts(at)
    button(at, "Sæt i bero").click().run()
    assert any("sættes i bero" in read(m.value) for m in at.markdown)            # the dialog says what happens
    at.button(key="confirm_claim_hold_NL-2026-1003_no__btn").click().run()
    assert _db_value(demo_db_path, "SELECT status FROM cases WHERE id = 'NL-2026-1003'") == "open"

    button(at, "Sæt i bero").click().run()
    at.button(key="confirm_claim_hold_NL-2026-1003_yes__btn").click().run()
    assert not at.exception
    assert _db_value(demo_db_path, "SELECT status FROM cases WHERE id = 'NL-2026-1003'") == "on_hold"
    shown = texts(at)
    assert "Sagen er i bero." in shown and "I bero" in shown
    assert not has_button(at, "Accepter") and has_button(at, "Genoptag")

    button(at, "Genoptag").click().run()
    at.button(key="confirm_claim_resume_NL-2026-1003_yes__btn").click().run()
    assert _db_value(demo_db_path, "SELECT status FROM cases WHERE id = 'NL-2026-1003'") == "open"
    assert has_button(at, "Accepter")
    assert "Genoptaget" in texts(at) and "Sat i bero" in texts(at)            # the Grand log


def test_urg_15_close_warns_of_a_missing_decision_and_closes(open_page, demo_db_path):
    at = _case(open_page)
    button(at, "Luk").click().run()
    assert any("Der er ikke truffet nogen erstatningsbeslutning" in read(w.value) for w in at.warning)
    at.button(key="confirm_claim_close_NL-2026-1003_yes__btn").click().run()
    assert not at.exception
    assert _db_value(demo_db_path, "SELECT status FROM cases WHERE id = 'NL-2026-1003'") == "closed"
    assert "Sagen er lukket." in texts(at)
    assert not any(has_button(at, b) for b in ("Luk", "Sæt i bero", "Slet sagen", "Accepter", "Rediger"))


# ------------------------------------------------------------------ URG-16, URG-17, URG-18


def test_urg_17_decision_needs_a_reason_then_asks_and_shows_who_when_why(open_page, demo_db_path):
    at = _case(open_page)
    button(at, "Afvis").click().run()
    button(at, "Fortsæt").click().run()
    assert any("Begrundelse" in read(e.value) for e in at.error)                   # at the field, named
    assert not [b for b in at.button if (b.key or "").startswith("confirm_claim_decide")]
    at.text_area(key="claim_reason_rejected__0").input("Skaden er ikke dækket af policen.")
    button(at, "Fortsæt").click().run()
    assert any("Skaden er ikke dækket af policen." in read(m.value) for m in at.markdown)
    at.button(key="confirm_claim_decide_NL-2026-1003_yes__btn").click().run()
    assert not at.exception
    assert _db_value(demo_db_path, "SELECT decision FROM claim_cases WHERE case_id = 'NL-2026-1003'") == "rejected"
    shown = texts(at)
    assert "Afvist · Frida Forsikring · 20.11.2026" in shown
    assert "Afvist. Begrundelse: Skaden er ikke dækket af policen." in shown      # the Grand log says why


def test_urg_16_delete_only_for_level_6_with_a_reason_and_a_question(open_page, demo_db_path):
    at = _case(open_page, "forsikring2")          # level 3: no Slet sagen
    assert has_button(at, "Sæt i bero") and not has_button(at, "Slet sagen")
    at = _case(open_page)
    button(at, "Slet sagen").click().run()
    assert "Åbne opgaver annulleres" in texts(at)
    at.text_area(key="claim_reason_delete__0").input("Oprettet to gange.")
    button(at, "Fortsæt").click().run()
    assert any("Oprettet to gange." in read(m.value) and "kan ikke fortrydes" in read(m.value) for m in at.markdown)
    at.button(key="confirm_claim_delete_NL-2026-1003_yes__btn").click().run()
    assert not at.exception
    assert _db_value(demo_db_path, "SELECT status FROM cases WHERE id = 'NL-2026-1003'") == "deleted"
    assert "Sagen er slettet af Frida Forsikring" in texts(at)
    assert "Begrundelse: Oprettet to gange. · 0 opgaver annulleret · 0 filer slettet" in texts(at)


def test_urg_18_rediger_changes_the_case_handler(open_page, demo_db_path):
    at = _case(open_page)
    button(at, "Rediger").click().run()
    at.selectbox(key="claim_handler_pick").set_value("forsikring2")
    button(at, "Gem").click().run()
    assert not at.exception
    assert _db_value(demo_db_path, "SELECT case_handler FROM claim_cases WHERE case_id = 'NL-2026-1003'") == "forsikring2"
    assert "Sagsbehandler skiftet" in texts(at)
    assert "Frida Forsikring → Bodil Bygningsskade" in texts(at)


def test_urg_14_to_18_a_partner_sees_no_actions(open_page):
    at = open_page("pages/12_Arende.py", "partner", {"id": "NL-2026-1005"})   # made from its urgent case
    assert not at.exception
    assert not any(has_button(at, b) for b in ("Luk", "Sæt i bero", "Slet sagen", "Accepter", "Rediger"))


# ------------------------------------------------------------------ URG-19 list, start page, report


def test_urg_19_case_list_filters_by_state_start_page_and_report_count(open_page, demo_db_path):
    at = _case(open_page)
    button(at, "Sæt i bero").click().run()
    at.button(key="confirm_claim_hold_NL-2026-1003_yes__btn").click().run()

    at = open_page("app.py", "forsikring")
    links = page_links(at)
    assert links["1 sager i bero"].endswith("Akutsager")
    assert "Forsikringssager" in texts(at)
    link = next(el for el in at.get("page_link") if read(el.proto.label) == "1 sager i bero")
    assert "state=on_hold" in link.proto.query_string

    at = open_page("pages/50_Akutsager.py", "forsikring", {"state": "on_hold"})
    assert not at.exception
    assert list(at.dataframe[0].value["Id"]) == ["NL-2026-1003"]
    assert at.multiselect(key="urg_list_states").value == ["on_hold"]
    at.multiselect(key="urg_list_states").set_value([]).run()
    assert len(at.dataframe[0].value) > 1 and at.query_params.get("state") in (None, [], "")

    at = open_page("pages/52_Akutrapport.py", "forsikring")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["I bero"] == "1" and "Slettet" in metrics
