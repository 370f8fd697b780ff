"""AppTest for issue 17's certificate items (docs/RULES17.md, CERT-13 … CERT-18) on a copy of the
demo database, clock pinned to 2026-11-20 12:00 CET."""
from __future__ import annotations

import pytest

from tests.pages.conftest import read, texts
from tests.pages.test_certificate_pages import ADMIN, CERT, FK, PATIENT, query

pytestmark = pytest.mark.both_backends

UNIT = "site-1012"


def test_cert_18_admin_takes_the_service_contract_away_and_the_physician_is_told(open_page, demo_db_path):
    at = open_page(ADMIN, "admin")
    assert not at.exception
    assert "Ansluten till tjänstekontrakt (HSA-id)" in texts(at)
    at.selectbox(key="certa_contract_unit").select(UNIT).run()
    box = at.checkbox(key=f"certa_contract_{UNIT}")
    assert box.value is True                       # the demo unit is connected
    box.uncheck()
    next(b for b in at.button if b.label == "Spara" and "contract" in str(b.form_id)).click().run()
    assert not at.exception
    assert "Sparat." in texts(at)
    assert query(demo_db_path, "SELECT connected FROM cert_unit_contracts WHERE unit_id = ?",
                 [UNIT])[0]["connected"] is False

    at = open_page(PATIENT, "lakare")
    assert not at.exception
    assert "Vårdenhetens HSA-id saknar anslutning till tjänstekontrakt hos Inera." in texts(at)


def links(at) -> list[str]:
    return [e.proto.label for e in at.get("page_link")]


def _open_completion(path) -> dict:
    return query(path, "SELECT q.id, q.case_id FROM cert_questions q WHERE q.kind = 'completion'"
                 " AND q.status = 'waiting_for_care' ORDER BY q.id LIMIT 1")[0]


def test_cert_13_14_komplettera_on_the_page_then_sign_and_send_the_new_version(open_page, demo_db_path):
    row = _open_completion(demo_db_path)
    original, qid = row["case_id"], row["id"]
    at = open_page(CERT, "lakare", {"id": original})
    assert not at.exception
    assert "Kan ej komplettera" in texts(at)
    assert "Försäkringskassan har begärt komplettering: svara med Komplettera" in texts(at)      # CERT-16
    assert next(b for b in at.button if b.label == "Ersätt intyget").disabled
    assert not any(ta.key == f"cert_{original}_answer_text_{qid}" for ta in at.text_area)   # no free text answer
    at.button(key=f"cert_{original}_complete_{qid}__btn").click().run()
    assert not at.exception
    new = query(demo_db_path, "SELECT case_id FROM certificates WHERE completes = ?", [original])[0]["case_id"]

    at = open_page(CERT, "lakare", {"id": new})
    shown = texts(at)
    assert f"Det här utkastet kompletterar intyg {original}." in shown
    assert "Komplettera med aktuella testresultat som visar aktivitetsbegränsningen." in shown
    assert f"Kompletterar {original}" in links(at)
    button = next(b for b in at.button if b.label == "Signera och skicka")
    assert not button.disabled
    button.click().run()
    at.button(key=f"confirm_cert_{new}_sign_yes__btn").click().run()
    assert not at.exception
    assert query(demo_db_path, "SELECT status FROM cases WHERE id = ?", [new])[0]["status"] == "sent"

    at = open_page(CERT, "lakare", {"id": original})
    shown = texts(at)
    assert f"Intyget har kompletterats med ett nytt intyg, {new}" in shown
    assert f"Kompletterad av {new}" in links(at)
    assert f"Besvarad med intyg {new}" in links(at)
    assert at.checkbox(key=f"cert_{original}_handled_{qid}").value is True


def test_cert_15_cannot_complete_with_a_message_on_the_page(open_page, demo_db_path):
    row = _open_completion(demo_db_path)
    original, qid = row["case_id"], row["id"]
    at = open_page(CERT, "lakare", {"id": original})
    at.text_area(key=f"cert_{original}_cannot_text_{qid}").input("Ingen ytterligare medicinsk information kan anges.")
    next(b for b in at.button if b.label == "Skicka svar").click().run()
    assert not at.exception
    assert "Svaret är skickat och kompletteringsbegäran är hanterad." in texts(at)
    q = query(demo_db_path, "SELECT status, handled_at IS NOT NULL AS h FROM cert_questions WHERE id = ?", [qid])[0]
    assert (q["status"], q["h"]) == ("answered", True)


def test_cert_14_the_fk_simulator_shows_what_a_received_certificate_completes(open_page):
    at = open_page(FK, "admin")
    assert not at.exception
    assert "Kompletterar" in texts(at)


def _fmb_links(at) -> list[tuple[str, str]]:
    return [(read(e.proto.label), e.proto.url) for e in at.get("link_button")]    # the label as read


def test_cert_17_a_draft_with_a_diagnosis_code_offers_the_fmb_link(open_page, demo_db_path, monkeypatch):
    monkeypatch.setenv("CASEDESK_FMB_URL", "https://fmb.example/sok?kod={code}")
    with_code = query(demo_db_path, "SELECT c.id FROM cases c JOIN certificates d ON d.case_id = c.id"
                      " WHERE c.status = 'draft' AND d.type_code = 'lisjp'"
                      " AND CAST(d.content AS JSON) ->> 'diagnosis_code' = 'J06.9'")[0]["id"]
    at = open_page(CERT, "lakare", {"id": with_code})
    assert not at.exception
    assert _fmb_links(at) == [("FMB för J06.9", "https://fmb.example/sok?kod=J06.9")]
    empty = query(demo_db_path, "SELECT c.id FROM cases c JOIN certificates d ON d.case_id = c.id"
                  " WHERE c.status = 'empty' AND d.type_code = 'lisjp' LIMIT 1")
    if empty:
        at = open_page(CERT, "lakare", {"id": empty[0]["id"]})
        assert _fmb_links(at) == []


def test_cert_17_a_sent_certificate_shows_the_fmb_link_under_its_content(open_page, demo_db_path):
    sent = query(demo_db_path, "SELECT c.id, CAST(d.content AS JSON) ->> 'diagnosis_code' AS code"
                 " FROM cases c JOIN certificates d ON d.case_id = c.id"
                 " WHERE c.status = 'sent' AND d.type_code = 'lisjp' LIMIT 1")[0]
    at = open_page(CERT, "lakare", {"id": sent["id"]})
    assert _fmb_links(at) == [(f"FMB för {sent['code']}", "https://roi.socialstyrelsen.se/fmb")]
