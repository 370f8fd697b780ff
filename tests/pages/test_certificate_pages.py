"""AppTest for the certificate pages (40 patient, 41 certificate, 42 work lists, 48 prerequisites,
49 FK simulator) on a copy of the demo database, clock pinned to 2026-11-20 12:00 CET."""
from __future__ import annotations

import json

from logic.store.connect import open_database
from tests.pages.conftest import texts

PATIENT, CERT, LISTS, ADMIN, FK = ("pages/40_Intyg.py", "pages/41_Intyg_utkast.py", "pages/42_Arbetslistor.py",
                                   "pages/48_Intygsbehorighet.py", "pages/49_FK_simulator.py")


def query(path, sql, params=()) -> list[dict]:
    db = open_database(path)
    try:
        with db.read() as r:
            return r.rows(sql, list(params))
    finally:
        db.close()


def one(path, status, type_code="lisjp", extra="") -> str:
    return query(path, "SELECT c.id FROM cases c JOIN certificates d ON d.case_id = c.id WHERE c.status = ?"
                 f" AND d.type_code = ? {extra} ORDER BY c.created_at DESC LIMIT 1", [status, type_code])[0]["id"]


def count(path) -> int:
    return query(path, "SELECT count(*) AS n FROM cases WHERE kind = 'certificate'")[0]["n"]


def button(at, label):
    return next(b for b in at.button if b.label == label)


def search(at, raw):
    at.text_input(key="certp_raw").input(raw)
    next(b for b in at.button if b.label == "Sök").click()
    return at.run()


# ------------------------------------------------------------------ 40: the patient


def test_cert12_patient_page_lists_the_patients_certificates(open_page):
    at = open_page(PATIENT, "lakare")
    assert not at.exception
    at = search(at, "19121212-1212")
    shown = texts(at)
    assert "19121212-1212 · Tolvan Tolvansson" in shown
    for heading in ("Datum/tid", "Blankett/formulär", "Status", "Vårdenhet", "Mottagare"):
        assert heading in shown
    for status in ("Tomt utkast", "Utkast", "Skickat", "Makulerat"):
        assert status in shown
    assert "Försäkringskassan" in shown


def test_x2_the_patients_list_is_logged_once_per_view_not_per_rerun(open_page, demo_db_path):
    def logged() -> int:
        return query(demo_db_path, "SELECT count(*) AS n FROM access_log WHERE person_id = '191212121212'"
                     " AND purpose = 'certificate_list'")[0]["n"]

    before = logged()
    at = search(open_page(PATIENT, "lakare"), "191212121212")
    assert logged() == before + 1
    at.selectbox(key="certp_type").select("luse").run()
    assert logged() == before + 1
    search(at, "191212121212")
    assert logged() == before + 2


def test_cert3_cancel_creates_nothing_and_create_opens_the_draft(open_page, demo_db_path):
    before = count(demo_db_path)
    at = search(open_page(PATIENT, "lakare"), "191212121212")
    at.selectbox(key="certp_type").select("lisjp").run()
    assert "Mottagare: Försäkringskassan · Visas i Mina intyg: Ja" in texts(at)
    button(at, "Avbryt").click().run()
    assert not at.exception
    assert at.selectbox(key="certp_type").value is None
    assert count(demo_db_path) == before
    at.selectbox(key="certp_type").select("lisjp").run()
    button(at, "Skapa").click().run()
    assert not at.exception
    assert count(demo_db_path) == before + 1


def test_cert8_a_reserve_number_patient_gets_a_certificate_from_the_patient_page(open_page, demo_db_path):
    before = count(demo_db_path)
    at = search(open_page(PATIENT, "lakare"), "19850315-R001")
    shown = texts(at)
    assert "Reservnummer" in shown
    assert "intyg kan skrivas, signeras och skrivas ut, men inte skickas elektroniskt" in shown
    at.selectbox(key="certp_type").select("lisjp").run()
    assert "Mottagare: Försäkringskassan · Visas i Mina intyg: Nej" in texts(at)
    button(at, "Skapa").click().run()
    assert not at.exception
    assert "reservnummer" not in " ".join(e.value for e in at.error)
    assert count(demo_db_path) == before + 1
    case_id = query(demo_db_path, "SELECT case_id FROM certificates WHERE patient_id = '19850315R001'")[0]["case_id"]
    assert at.text_area(key=f"cert_{case_id}_functional_impairment")      # the draft form, to write in


def _reserve_death_certificate(path) -> str:
    """A complete Dödsbevis draft for the demo's reserve-number patient, as lakare wrote it."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from logic.certificates import services
    from logic.clock import FixedClock
    from logic.users import load_user

    db = open_database(path)
    try:
        clock = FixedClock(datetime(2026, 11, 20, 11, 0, tzinfo=ZoneInfo("Europe/Stockholm")))
        doc = load_user(db, "lakare")
        case_id = services.create_certificate(db, clock, doc, unit_id="site-1012", patient_id="19850315-R001",
                                              type_code="db")
        services.save_fields(db, clock, doc, case_id, {
            "identity_checked_death": "id_band", "death_date": "2026-11-19", "death_date_certain": "yes",
            "death_place": "Västerby", "explosive_implant": "no", "external_examination": "yes",
            "police_report": "no"}, 1)
        return case_id
    finally:
        db.close()


def test_cert8_reserve_number_death_certificate_is_signed_on_the_page_not_sent_and_printed(open_page,
                                                                                           demo_db_path):
    case_id = _reserve_death_certificate(demo_db_path)
    at = open_page(CERT, "lakare", {"id": case_id})
    assert not at.exception
    assert "Signeringen skickar inte intyget till Skatteverket" in texts(at)
    assert not button(at, "Signera intyget").disabled
    button(at, "Signera intyget").click().run()
    at.button(key=f"confirm_cert_{case_id}_sign_yes__btn").click().run()      # issue 16, item 7
    assert not at.exception
    shown = texts(at)
    assert "Intyget är signerat." in shown and "Signerat" in shown
    assert "Intyget skickades inte automatiskt till Skatteverket vid signeringen. Skriv ut det och skicka det" \
        " på papper till Skatteverket." in shown
    assert "Det går inte att skicka elektroniska intyg för patienter med reservnummer." in shown
    assert query(demo_db_path, "SELECT status FROM cases WHERE id = ?", [case_id])[0]["status"] == "signed"
    assert query(demo_db_path, "SELECT sent_at FROM certificates WHERE case_id = ?", [case_id])[0]["sent_at"] is None
    button(at, "Skriv ut").click().run()
    assert not at.exception
    assert "Det är inte tillåtet att spara intyget" in texts(at)
    assert at.get("download_button")


def test_x7_a_bad_number_gets_a_message_at_the_field_and_stays_typed(open_page):
    at = search(open_page(PATIENT, "lakare"), "191212121213")
    assert "Kontrollsiffran stämmer inte" in texts(at)
    assert at.text_input(key="certp_raw").value == "191212121213"


def test_cert2_page_names_the_missing_prerequisite_on_another_unit(open_page):
    at = open_page(PATIENT, "lakare2")
    assert not at.exception
    assert not any("saknas" in w.value for w in at.warning)
    at.sidebar.selectbox(key="cert_unit_select").select("site-1020").run()
    assert "Vårdmedarbetaruppdrag ”Vård och behandling” saknas för vårdenheten." in texts(at)


def test_x1_certificate_pages_refuse_other_roles(open_page):
    for page in (PATIENT, CERT, LISTS):
        at = open_page(page, "analytiker")
        assert not at.exception
        assert "Din roll ger inte behörighet till detta." in texts(at)
    for page in (ADMIN, FK):
        at = open_page(page, "lakare")
        assert "Din roll ger inte behörighet till detta." in texts(at)


# ------------------------------------------------------------------ 41: the certificate


def test_cert4_typing_saves_the_draft_without_a_save_button(open_page, demo_db_path):
    case_id = one(demo_db_path, "empty", "ag114")
    at = open_page(CERT, "lakare", {"id": case_id})
    assert not at.exception
    assert "Tomt utkast" in texts(at)
    assert not any(b.label in ("Spara", "Save") for b in at.button)
    at.text_area(key=f"cert_{case_id}_work_capacity").input("Kan inte lyfta mer än 5 kg.").run()
    assert not at.exception
    content = json.loads(query(demo_db_path, "SELECT content FROM certificates WHERE case_id = ?", [case_id])[0]["content"])
    assert content["work_capacity"] == "Kan inte lyfta mer än 5 kg."
    assert "Utkast" in texts(at) and "Obligatoriska uppgifter saknas: Nedsättning av arbetsförmåga." in texts(at)
    at.text_input(key=f"cert_{case_id}_diagnosis_code").input("X").run()
    assert "Ange en diagnoskod enligt ICD-10-SE" in texts(at)          # the message at the field…
    assert at.text_input(key=f"cert_{case_id}_diagnosis_code").value == "X"   # …and the typed value kept


def test_cert5_locked_draft_page_offers_copy_and_void_only(open_page, demo_db_path):
    case_id = one(demo_db_path, "draft", "lisjp", "AND c.created_at < TIMESTAMP '2026-11-05'")
    at = open_page(CERT, "lakare", {"id": case_id})
    assert not at.exception
    assert "Låst utkast" in texts(at) and "Utkastet är låst sedan" in texts(at)
    assert not [w for w in at.text_input if w.key and w.key.startswith(f"cert_{case_id}_")]
    assert not button(at, "Kopiera till nytt utkast").disabled
    assert button(at, "Signera intyget").disabled and button(at, "Radera utkast").disabled
    button(at, "Kopiera till nytt utkast").click().run()
    assert not at.exception


def test_cert7_send_without_consent_is_refused_at_the_checkbox(open_page, demo_db_path):
    case_id = one(demo_db_path, "signed", "lisjp")
    at = open_page(CERT, "lakare", {"id": case_id})
    assert not at.exception
    next(b for b in at.button if b.label == "Skicka till Försäkringskassan").click().run()
    assert "Bekräfta att patienten har gett sitt samtycke" in texts(at)
    at.checkbox(key=f"cert_{case_id}_consent").check()
    next(b for b in at.button if b.label == "Skicka till Försäkringskassan").click().run()
    at.button(key=f"confirm_cert_{case_id}_send_yes__btn").click().run()      # issue 16, item 7
    assert "Intyget är skickat till Försäkringskassan." in texts(at)
    assert query(demo_db_path, "SELECT status FROM cases WHERE id = ?", [case_id])[0]["status"] == "sent"


def test_cert11_answer_and_mark_handled_on_the_certificate_page(open_page, demo_db_path):
    row = query(demo_db_path, "SELECT id, case_id FROM cert_questions WHERE status = 'waiting_for_care'"
                " AND kind = 'question'")[0]
    at = open_page(CERT, "lakare", {"id": row["case_id"]})
    assert not at.exception
    assert "Frågor och svar med Försäkringskassan" in texts(at) and "Svara senast" in texts(at)
    at.text_area(key=f"cert_{row['case_id']}_answer_text_{row['id']}").input("Ja, deltid 50 % går bra.")
    next(b for b in at.button if b.label == "Skicka svar").click().run()
    assert "Svaret är skickat." in texts(at)
    at.checkbox(key=f"cert_{row['case_id']}_handled_{row['id']}").check().run()
    assert not at.exception
    assert query(demo_db_path, "SELECT handled_at IS NOT NULL AS h FROM cert_questions WHERE id = ?",
                 [row["id"]])[0]["h"]


def test_cert10_print_shows_a_pdf_and_logs_the_view(open_page, demo_db_path):
    case_id = one(demo_db_path, "draft", "lisjp", "AND c.created_at > TIMESTAMP '2026-11-15'")
    at = open_page(CERT, "lakare", {"id": case_id})
    button(at, "Skriv ut").click().run()
    assert not at.exception
    assert "Det är inte tillåtet att spara intyget" in texts(at)
    assert query(demo_db_path, "SELECT count(*) AS n FROM access_log WHERE purpose = 'print_certificate'"
                 " AND case_id = ?", [case_id])[0]["n"] == 1


def test_cert10_the_printed_pdf_is_shown_inline_in_the_viewer_with_a_download_fallback(open_page, demo_db_path):
    case_id = one(demo_db_path, "signed", "lisjp")
    at = open_page(CERT, "lakare", {"id": case_id})
    assert not at.get("bidi_component")                 # nothing shown before printing
    button(at, "Skriv ut").click().run()
    assert not at.exception
    viewers = [el.proto for el in at.get("bidi_component")]
    assert [v.component_name for v in viewers] == ["streamlit-pdf.pdf_viewer"]
    shown = json.loads(viewers[0].json)
    assert shown["file"].endswith(".pdf") and shown["alt"] == f"Intyg {case_id} som PDF"
    assert [b.proto.label for b in at.get("download_button")] == ["Öppna PDF"]


def test_others_see_no_patient_on_the_case_page(open_page, demo_db_path):
    case_id = one(demo_db_path, "sent", "lisjp")
    at = open_page("pages/12_Arende.py", "analytiker", {"id": case_id})
    assert not at.exception
    shown = texts(at)
    assert "Läkarintyg för sjukpenning" in shown
    assert "visas bara för läkare på vårdenheten" in shown
    for name in ("Tolvan", "Elsa", "Demo", "Ivar", "Berit", "Hemlig", "1212", "F32.1"):
        assert name not in shown


# ------------------------------------------------------------------ 42: work lists


def test_cert12_work_lists_to_sign_and_questions(open_page):
    at = open_page(LISTS, "lakare")
    assert not at.exception
    shown = texts(at)
    assert "Att skicka – utkast att signera" in [tab.label for tab in at.tabs]
    assert "Tomt utkast" in shown and "Låst utkast" in shown
    assert "Inkommen fråga/svar" in shown and "Begäran om komplettering" in shown
    assert "Skickad fråga" in shown
    assert ":material/warning: **2026-11-17**" in shown   # a completion request past its reply-by date


# ------------------------------------------------------------------ admin pages


def test_cert2_admin_edits_prerequisites(open_page, demo_db_path):
    at = open_page(ADMIN, "admin")
    assert not at.exception
    assert "lakare2" in texts(at)
    at.selectbox(key="certa_user").select("lakare2").run()
    at.checkbox[0].uncheck()
    next(b for b in at.button if b.label == "Spara").click().run()
    assert not at.exception
    assert query(demo_db_path, "SELECT webcert FROM cert_user_rights WHERE username = 'lakare2'")[0]["webcert"] is False
    # issue 16 item 2: "Sparat." is shown by the form after the rerun that shows the saved rights
    assert [e.value for e in at.success] == ["Sparat."]
    assert "Sparat." in [t.value for t in at.toast]


def test_cert11_fk_simulator_sends_a_question(open_page, demo_db_path):
    at = open_page(FK, "admin")
    assert not at.exception
    shown = texts(at)
    assert "Tolvan" not in shown and "191212" not in shown
    case_id = at.selectbox(key="certfk_case").value
    before = query(demo_db_path, "SELECT count(*) AS n FROM cert_questions WHERE case_id = ?", [case_id])[0]["n"]
    at.text_area(key="certfk_text").input("Hur länge beräknas nedsättningen pågå?")
    next(b for b in at.button if b.label == "Skicka till vården").click().run()
    assert not at.exception
    assert f"Frågan om {case_id} är skickad till vården." in texts(at)
    assert query(demo_db_path, "SELECT count(*) AS n FROM cert_questions WHERE case_id = ?", [case_id])[0]["n"] == before + 1


# ------------------------------------------------------------------ the dashboard section


def test_dashboard_section_shows_certificate_figures(demo_db_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    def script():
        import os
        from datetime import datetime
        from types import SimpleNamespace
        from zoneinfo import ZoneInfo

        from logic.clock import FixedClock
        from logic.store.db import Database
        from ui import certificate_dashboard

        db = Database(os.environ["CERTDASH_DB"])
        certificate_dashboard.section(SimpleNamespace(
            db=db, clock=FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm")))))
        db.close()

    monkeypatch.setenv("CERTDASH_DB", str(demo_db_path))
    at = AppTest.from_function(script, default_timeout=30)
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Låsta utkast"] == "2" and metrics["Frågor från Försäkringskassan efter svarsdatum"] == "1"
    weeks = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert [trace["name"] for trace in weeks["data"]] == ["Signerade", "Skickade"]
    assert len(at.get("download_button")) == 3
    assert "Tolvan" not in texts(at)


def test_cert4_start_page_shows_the_physicians_drafts_and_opens_them_on_the_case_page(open_page, demo_db_path):
    at = open_page("app.py", "lakare")
    assert not at.exception
    shown = texts(at)
    assert "Tomt utkast" in shown and "Läkarintyg för sjukpenning" in shown
    case_id = one(demo_db_path, "empty", "ag114")
    at = open_page("pages/12_Arende.py", "lakare", {"id": case_id})
    assert not at.exception
    assert "19121212-1212" in texts(at) and at.text_area(key=f"cert_{case_id}_work_capacity")


def test_dashboard_page_shows_the_certificate_section_when_asked(open_page):
    at = open_page("pages/21_Rapporter.py", "analytiker")
    assert not at.exception
    charts = len(at.get("plotly_chart"))
    at.toggle(key="certdash_show").set_value(True).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Låsta utkast"] == "2"
    assert len(at.get("plotly_chart")) == charts + 2
    assert "Tolvan" not in texts(at)
