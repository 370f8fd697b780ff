"""CERT services on a fresh DuckDB file with a fixed clock: creation, the self-saving draft,
the 14-day lock, signing, sending, the police and protected-identity rules, voiding, copying,
printing, questions with Försäkringskassan, the lists and the logs."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from logic import audit, messages
from logic.access import PermissionDenied
from logic.certificates import services
from logic.certificates.model import CertAction, QuestionKind
from logic.certificates.pdf import printout
from logic.errors import Conflict, FieldErrors, Refused
from logic.store import core_repo
from tests.conftest import STOCKHOLM
from tests.store.cert_world import (
    AG,
    CAUSE,
    DEATH,
    OTHER,
    PROTECTED,
    RESERVE,
    TOLVAN,
    TS,
    UNIT,
    World,
    cert_db,  # noqa: F401  (fixture)
    cert_template,  # noqa: F401  (fixture)
    pg_cert_template,  # noqa: F401  (fixture)
    sick_pay,
)

pytestmark = pytest.mark.both_backends


@pytest.fixture
def db(cert_db):  # noqa: F811  (the imported fixture, renamed)
    return cert_db


@pytest.fixture
def w(db, clock) -> World:
    return World(db, clock, built=True)


# ------------------------------------------------------------------ CERT-1 types


def test_cert1_ten_types_with_authority_and_mina_intyg(w):
    types = {t.code: t for t in services.certificate_types(w.db)}
    assert len(types) == 10
    assert types["lisjp"].name_sv == "Läkarintyg för sjukpenning"
    assert (types["lisjp"].authority.value, types["lisjp"].mina_intyg) == ("FK", True)
    assert (types["ts_diabetes"].authority.value, types["ts_diabetes"].mina_intyg) == ("TS", True)
    assert (types["ag114"].authority.value, types["ag114"].staff_send) == ("EMPLOYER", False)
    assert (types["db"].authority.value, types["db"].mina_intyg, types["db"].auto_send) == ("SKV", False, True)
    assert (types["doi"].authority.value, types["doi"].mina_intyg) == ("SOS", False)


# ------------------------------------------------------------------ CERT-2 prerequisites


def _without(w, what: str) -> None:
    rights = {"protected_title": "Läkare", "webcert": True, "care_units": [UNIT]}
    if what == "prescriber_code":
        with w.db.tx() as tx:
            core_repo.update_user(tx, "doc", {"prescriber_code": None})
    elif what == "workplace_code":
        services.set_workplace_code(w.db, w.clock, w.admin, UNIT, None)
    else:
        rights[what] = [] if what == "care_units" else None if what == "protected_title" else False
        services.set_rights(w.db, w.clock, w.admin, "doc", **rights)


@pytest.mark.parametrize("what, key", [
    ("care_units", "cert.pre.care_assignment"), ("protected_title", "cert.pre.protected_title"),
    ("prescriber_code", "cert.pre.prescriber_code"), ("workplace_code", "cert.pre.workplace_code"),
    ("webcert", "cert.pre.webcert"),
])
def test_cert2_create_is_refused_naming_the_missing_prerequisite(w, what, key):
    _without(w, what)
    with pytest.raises(PermissionDenied) as e:
        w.create()
    assert e.value.decision.reason == key
    assert w.count() == 0
    assert services.missing_prerequisites(w.db, w.doc, UNIT) == [key]


def test_cert2_prerequisites_are_per_unit(w):
    assert services.missing_prerequisites(w.db, w.doc, OTHER) == ["cert.pre.care_assignment"]
    with pytest.raises(PermissionDenied):
        services.create_certificate(w.db, w.clock, w.doc, unit_id=OTHER, patient_id=TOLVAN, type_code="lisjp")


def test_cert2_admin_may_edit_prerequisites_others_may_not(w):
    with pytest.raises(PermissionDenied):
        services.set_rights(w.db, w.clock, w.doc, "doc", protected_title="Läkare", webcert=True, care_units=[UNIT])
    with pytest.raises(FieldErrors):
        services.set_rights(w.db, w.clock, w.admin, "doc", protected_title="Trollkarl", webcert=True, care_units=[])


# ------------------------------------------------------------------ CERT-3 create


def test_cert3_create_from_the_patient_makes_an_empty_draft_with_a_number(w):
    case_id = w.create()
    assert case_id == "IN26070001"
    with w.db.read() as r:
        case = core_repo.case(r, case_id)
    assert (case["kind"], case["status"], case["assignee"], case["person_id"], case["unit_id"]) == (
        "certificate", "empty", "doc", TOLVAN, UNIT)
    assert case["person_name"] is None and "tolvan" not in case["search_text"]
    assert "läkarintyg för sjukpenning" in case["search_text"] and "tomt utkast" in case["search_text"]
    assert w.log(case_id) == ["created"]
    assert w.create() == "IN26070002"


def test_cert3_a_refused_creation_leaves_nothing_and_uses_no_number(w):
    with pytest.raises(PermissionDenied):
        w.create(type_code="no-such-type")
    with pytest.raises(FieldErrors):
        w.create(responsible="outsider")
    assert w.count() == 0
    assert w.create() == "IN26070001"


def test_cert3_responsible_for_signing_must_be_a_physician_on_the_unit(w):
    assert w.get(w.create(responsible="doc2"))["assignee"] == "doc2"
    with pytest.raises(FieldErrors) as e:
        w.create(responsible="outsider")
    assert e.value.errors == {"responsible": "cert.responsible_not_on_unit"}


# ------------------------------------------------------------------ CERT-4 drafts


def test_cert4_each_change_saves_itself_and_starts_the_draft(w):
    case_id = w.create()
    v = services.save_field(w.db, w.clock, w.doc, case_id, "diagnosis_code", "F3", 1)
    assert v == 2 and w.status(case_id) == "draft"
    cert = w.get(case_id)
    assert cert["content"]["diagnosis_code"] == "F3"            # kept as typed, though not valid yet
    assert cert["errors"]["diagnosis_code"] == "cert.err.icd10"   # and the problem is named
    assert services.save_field(w.db, w.clock, w.doc, case_id, "diagnosis_code", "F3", v) == v   # no change, no step
    assert w.log(case_id) == ["created", "fields_saved", "started"]
    assert "F3" not in str(audit.case_log(w.db, case_id))    # the log names fields, not health data


def test_cert4_a_stale_version_is_a_conflict_and_overwrites_nothing(w):
    case_id = w.create()
    services.save_field(w.db, w.clock, w.doc, case_id, "diagnosis_text", "Depression", 1)
    with pytest.raises(Conflict):
        services.save_field(w.db, w.clock, w.doc2, case_id, "diagnosis_text", "Något annat", 1)
    assert w.get(case_id)["content"]["diagnosis_text"] == "Depression"


def test_cert4_complete_enough_to_sign(w):
    case_id = w.create()
    assert not w.get(case_id)["decisions"]["sign"]
    w.fill(case_id, sick_pay(w.clock.now().date()))
    cert = w.get(case_id)
    assert cert["errors"] == {} and cert["decisions"]["sign"]


def test_cert4_a_draft_can_be_deleted(w):
    case_id = w.create()
    w.fill(case_id, {"diagnosis_text": "x"})
    services.delete_draft(w.db, w.clock, w.doc, case_id, w.version(case_id))
    assert w.status(case_id) == "deleted"
    assert w.get(case_id)["content"] == {}
    assert services.list_for_patient(w.db, w.clock, w.doc, UNIT, TOLVAN) == []
    assert w.log(case_id)[-1] == "deleted"


def test_cert4_drafts_show_in_the_work_list_of_the_responsible(w):
    mine = w.create()
    theirs = w.create(responsible="doc2")
    assert [r["id"] for r in services.to_sign(w.db, w.clock, w.doc)] == [mine]
    assert [r["id"] for r in services.to_sign(w.db, w.clock, w.doc2)] == [theirs]
    assert {r["id"] for r in services.to_sign(w.db, w.clock, w.doc, unit_id=UNIT)} == {mine, theirs}
    w.signed()
    assert len(services.to_sign(w.db, w.clock, w.doc)) == 1


# ------------------------------------------------------------------ CERT-5 the lock


def test_cert5_lock_at_exactly_14_days_from_the_creation_day(w):
    case_id = w.create()                                 # Thursday 2026-02-12 10:00
    w.fill(case_id, {"diagnosis_text": "Lumbago"})
    w.clock.set(datetime(2026, 2, 25, 23, 59, tzinfo=STOCKHOLM))
    assert w.get(case_id)["effective_status"] == "draft"
    w.fill(case_id, {"diagnosis_code": "M54.5"})         # still editable on day 13
    w.clock.set(datetime(2026, 2, 26, 0, 0, tzinfo=STOCKHOLM))
    cert = w.get(case_id)
    assert cert["effective_status"] == "locked" and cert["lock_day"] == date(2026, 2, 26)
    assert w.status(case_id) == "locked"                 # persisted when looked at…
    assert w.log(case_id).count("locked") == 1
    w.get(case_id)
    assert w.log(case_id).count("locked") == 1           # …once


def test_cert5_a_locked_draft_can_be_neither_edited_signed_nor_deleted(w):
    case_id = w.create()
    w.fill(case_id, sick_pay(w.clock.now().date()))      # complete: it could have been signed
    w.clock.advance(days=14)
    with pytest.raises(Refused) as e:
        services.save_field(w.db, w.clock, w.doc, case_id, "diagnosis_text", "Ny text", w.version(case_id))
    assert e.value.key == "cert.locked"
    with pytest.raises(Refused) as e:
        services.sign(w.db, w.clock, w.doc, case_id, w.version(case_id))
    assert e.value.key == "cert.locked"
    with pytest.raises(Refused) as e:
        services.delete_draft(w.db, w.clock, w.doc, case_id, w.version(case_id))
    assert e.value.key == "cert.locked_no_delete"
    assert w.get(case_id)["content"]["diagnosis_text"] == "Medelsvår depressiv episod"


def test_cert5_a_locked_draft_can_be_copied_to_a_new_draft_and_voided(w):
    case_id = w.create()
    content = sick_pay(w.clock.now().date())
    w.fill(case_id, content)
    w.clock.advance(days=15)
    copy = services.copy_locked(w.db, w.clock, w.doc, case_id, unit_id=UNIT)
    new = w.get(copy)
    assert new["effective_status"] == "draft" and new["copied_from"] == case_id
    assert new["content"] == w.get(case_id)["content"] == {**content, "diagnosis_code": "F32.1"}
    assert "copied" in w.log(case_id)
    services.void(w.db, w.clock, w.doc, case_id, "Ersatt av nytt utkast.", w.version(case_id))
    assert w.status(case_id) == "voided"
    assert w.log(case_id)[-1] == "voided"


def test_cert5_the_lock_holds_without_any_batch_job(w):
    case_id = w.create()
    w.clock.advance(days=14)
    # nobody has opened the draft: the stored status is still 'empty', yet every view says locked
    assert w.status(case_id) == "empty"
    assert services.to_sign(w.db, w.clock, w.doc)[0]["effective_status"] == "locked"
    assert services.list_for_patient(w.db, w.clock, w.doc, UNIT, TOLVAN)[0]["effective_status"] == "locked"


# ------------------------------------------------------------------ CERT-6 sign


def test_cert6_signing_saves_and_makes_it_available_in_mina_intyg(w):
    case_id = w.signed()
    cert = w.get(case_id)
    assert cert["effective_status"] == "signed" and cert["in_mina_intyg"] and cert["signed_by"] == "doc"
    assert cert["closed_at"] is not None
    assert w.log(case_id)[-1] == "signed"
    with pytest.raises(Refused) as e:
        services.save_field(w.db, w.clock, w.doc, case_id, "diagnosis_text", "x", w.version(case_id))
    assert e.value.key == "cert.already_signed"


def test_cert6_an_incomplete_draft_is_not_signed(w):
    case_id = w.create()
    with pytest.raises(Refused) as e:
        services.sign(w.db, w.clock, w.doc, case_id, 1)
    assert e.value.key == "cert.incomplete"


@pytest.mark.parametrize("type_code, content, authority", [("db", DEATH, "SKV"), ("doi", CAUSE, "SOS")])
def test_cert6_death_certificates_are_sent_on_signing(w, type_code, content, authority):
    case_id = w.signed(type_code, content)
    cert = w.get(case_id)
    assert cert["effective_status"] == "sent" and cert["recipient"] == authority
    assert not cert["in_mina_intyg"]
    assert w.log(case_id)[-2:] == ["signed", "sent"]


# ------------------------------------------------------------------ CERT-7 send


def test_cert7_send_needs_the_patients_consent(w):
    case_id = w.signed()
    with pytest.raises(FieldErrors) as e:
        services.send(w.db, w.clock, w.doc, case_id, consent=False, expected_version=w.version(case_id))
    assert e.value.errors == {"consent": "cert.consent_required"}
    assert w.status(case_id) == "signed"
    services.send(w.db, w.clock, w.doc, case_id, consent=True, expected_version=w.version(case_id))
    cert = w.get(case_id)
    assert (cert["effective_status"], cert["recipient"], cert["consent_confirmed"]) == ("sent", "FK", True)
    with pytest.raises(Refused) as e:
        services.send(w.db, w.clock, w.doc, case_id, consent=True, expected_version=w.version(case_id))
    assert e.value.key == "cert.already_sent"


def test_cert7_employer_certificates_are_printed_not_sent(w):
    case_id = w.signed("ag114", AG)
    with pytest.raises(Refused) as e:
        services.send(w.db, w.clock, w.doc, case_id, consent=True, expected_version=w.version(case_id))
    assert e.value.key == "cert.print_only"


# ------------------------------------------------------------------ CERT-8


def test_cert8_reserve_number_certificate_is_written_signed_and_printed_with_the_reserve_number(w):
    found = services.find_patient(w.db, w.clock, w.doc, UNIT, "19850315-r001")
    assert found["id_kind"] == "reservnummer"
    case_id = w.create(patient=found["id"])
    w.fill(case_id, sick_pay(w.clock.now().date()))
    assert services.sign(w.db, w.clock, w.doc, case_id, w.version(case_id)).value == "signed"
    cert = w.get(case_id)
    assert cert["effective_status"] == "signed" and not cert["in_mina_intyg"]
    paper = printout(cert)
    assert ("Patientens reservnummer", "19850315R001") in paper.header and "Reservsson" not in str(paper)
    data = services.print_certificate(w.db, w.clock, w.doc, case_id)
    assert data.startswith(b"%PDF")


def test_cert8_reserve_number_certificate_is_not_sent_and_says_why(w):
    case_id = w.signed(patient=RESERVE)
    decision = w.get(case_id)["decisions"][CertAction.SEND]
    assert not decision and decision.reason == "cert.reserve_number_not_sent"
    with pytest.raises(Refused) as e:
        services.send(w.db, w.clock, w.doc, case_id, consent=True, expected_version=w.version(case_id))
    assert e.value.key == "cert.reserve_number_not_sent"
    assert w.status(case_id) == "signed" and w.get(case_id)["sent_at"] is None


@pytest.mark.parametrize("type_code, content", [("db", DEATH), ("doi", CAUSE)])
def test_cert8_death_certificate_for_a_reserve_number_is_signed_but_not_sent_automatically(w, type_code, content):
    case_id = w.create(type_code, RESERVE)
    assert w.get(case_id)["paper_only"]
    w.fill(case_id, content)
    assert services.sign(w.db, w.clock, w.doc, case_id, w.version(case_id)).value == "signed"
    cert = w.get(case_id)
    assert cert["effective_status"] == "signed" and cert["sent_at"] is None and cert["recipient"] is None
    assert cert["decisions"][CertAction.PRINT]
    assert cert["decisions"][CertAction.SEND].reason == "cert.reserve_number_not_sent"
    events = audit.case_log(w.db, case_id)
    assert "sent" not in [e["action"] for e in events]
    signed = next(e for e in events if e["action"] == "signed")
    assert signed["after_value"]["not_sent"] == "cert.reserve_number_not_sent"
    # the same type for a patient with a personnummer is still sent on signing (CERT-6)
    assert w.status(w.signed(type_code, content)) == "sent"


def test_cert8_reserve_number_certificates_show_in_the_patient_list_and_the_work_list(w):
    draft = w.create(patient=RESERVE)
    signed = w.signed(patient=RESERVE)
    listed = {r["id"]: r for r in services.list_for_patient(w.db, w.clock, w.doc, UNIT, RESERVE)}
    assert listed[draft]["effective_status"] == "empty" and listed[signed]["effective_status"] == "signed"
    assert listed[draft]["may_open"] and listed[signed]["may_open"]
    assert draft in {r["id"] for r in services.to_sign(w.db, w.clock, w.doc)}
    assert draft in {r["id"] for r in services.to_sign(w.db, w.clock, w.doc2, unit_id=UNIT)}


def test_cert8_samordningsnummer_is_accepted(w):
    row = services.register_patient(w.db, w.clock, w.doc, UNIT, "19790263-1238", "Samuel Samordningsson")
    assert row["id_kind"] == "samordningsnummer"
    assert w.create(patient=row["id"])


def test_cert8_protected_identity_sends_electronically_to_fk_only(w):
    fk = w.sent(patient=PROTECTED)
    assert w.get(fk)["recipient"] == "FK"
    ts = w.signed("ts_bas", TS, patient=PROTECTED)
    with pytest.raises(Refused) as e:
        services.send(w.db, w.clock, w.doc, ts, consent=True, expected_version=w.version(ts))
    assert e.value.key == "cert.protected_fk_only"
    # a death certificate is written and signed, not sent to Skatteverket electronically
    db_ = w.signed("db", DEATH, patient=PROTECTED)
    cert = w.get(db_)
    assert cert["effective_status"] == "signed" and cert["sent_at"] is None and cert["paper_only"]
    assert cert["decisions"][CertAction.SEND].reason == "cert.protected_fk_only"


# ------------------------------------------------------------------ CERT-9


def test_cert9_dodsbevis_for_a_police_death_is_paper_and_handed_to_the_police(w):
    case_id = w.signed("db", {**DEATH, "police_report": "yes"})
    cert = w.get(case_id)
    assert cert["effective_status"] == "signed" and cert["paper_to_police"] and cert["sent_at"] is None
    with pytest.raises(Refused) as e:
        services.send(w.db, w.clock, w.doc, case_id, consent=True, expected_version=w.version(case_id))
    assert e.value.key == "cert.police_paper"
    assert services.print_certificate(w.db, w.clock, w.doc, case_id).startswith(b"%PDF")
    services.hand_to_police(w.db, w.clock, w.doc, case_id, w.version(case_id))
    assert w.status(case_id) == "handed_to_police"


# ------------------------------------------------------------------ void, replace


def test_void_needs_a_reason_and_is_logged(w):
    case_id = w.sent()
    with pytest.raises(FieldErrors) as e:
        services.void(w.db, w.clock, w.doc, case_id, "  ", w.version(case_id))
    assert e.value.errors == {"void_reason": "form.required"}
    services.void(w.db, w.clock, w.doc, case_id, "Fel patient.", w.version(case_id))
    cert = w.get(case_id)
    assert (cert["effective_status"], cert["void_reason"]) == ("voided", "Fel patient.")
    with pytest.raises(Refused) as e:
        services.void(w.db, w.clock, w.doc, case_id, "igen", w.version(case_id))
    assert e.value.key == "cert.voided"


def test_void_refuses_an_open_draft_use_delete(w):
    case_id = w.create()
    with pytest.raises(Refused) as e:
        services.void(w.db, w.clock, w.doc, case_id, "x", 1)
    assert e.value.key == "cert.void_use_delete"


def test_replace_a_signed_certificate(w):
    old = w.sent()
    new = services.replace(w.db, w.clock, w.doc, old, unit_id=UNIT)
    assert w.get(new)["replaces"] == old
    services.sign(w.db, w.clock, w.doc, new, w.version(new))
    assert w.get(old)["replaced_by"] == new
    with pytest.raises(Refused):
        services.replace(w.db, w.clock, w.doc, old, unit_id=UNIT)


def test_cert11_the_case_offers_what_the_status_rules_allow_and_decisions_say_who_may(w):
    """The case view shows Ersätt, Makulera and the questions as `offers` says: the status
    machine's rules (rule_replace, rule_void, rule_ask) for this certificate, not narrowed by
    the user — `decisions` then says whether this user may take them."""
    actions = (CertAction.REPLACE, CertAction.VOID, CertAction.ASK)

    def offers(case_id: str, user=None) -> dict:
        cert = w.get(case_id, user)
        return {a: (cert["offers"][a].allowed, cert["offers"][a].reason) for a in actions}

    draft = w.create()
    assert offers(draft) == {CertAction.REPLACE: (False, "cert.replace_only_signed"),
                             CertAction.VOID: (False, "cert.void_use_delete"),
                             CertAction.ASK: (False, "cert.qa_only_sent_fk")}
    sent = w.sent()
    assert offers(sent) == {a: (True, "") for a in actions}
    cert = w.get(sent, w.analyst)       # who may not write is offered the same, and refused by `decisions`
    assert [(bool(cert["offers"][a]), bool(cert["decisions"][a])) for a in actions] == [(True, False)] * 3
    new = services.replace(w.db, w.clock, w.doc, sent, unit_id=UNIT)
    services.sign(w.db, w.clock, w.doc, new, w.version(new))
    assert offers(sent)[CertAction.REPLACE] == (False, "cert.replaced")


# ------------------------------------------------------------------ CERT-10 print


def test_cert10_printout_has_the_identity_number_not_the_name_and_marks_a_draft(w):
    case_id = w.create()
    w.fill(case_id, {"diagnosis_text": "Depression"})
    paper = printout(w.get(case_id))
    text = str(paper)
    assert "19121212-1212" in text and "Tolvan" not in text and "Tolvansson" not in text
    assert paper.watermark == "UTKAST"
    signed = w.signed()
    assert printout(w.get(signed)).watermark is None
    data = services.print_certificate(w.db, w.clock, w.doc, case_id)
    assert data.startswith(b"%PDF") and b"Tolvan" not in data


def test_cert10_printing_is_logged_and_stores_nothing(w):
    case_id = w.signed()
    with w.db.read() as r:
        before = r.scalar("SELECT count(*) FROM access_log WHERE purpose = 'print_certificate'")
        tables_before = r.scalar("SELECT count(*) FROM information_schema.tables")
    services.print_certificate(w.db, w.clock, w.doc, case_id)
    with w.db.read() as r:
        assert r.scalar("SELECT count(*) FROM access_log WHERE purpose = 'print_certificate'") == before + 1
        assert r.scalar("SELECT count(*) FROM information_schema.tables") == tables_before


# ------------------------------------------------------------------ CERT-11 questions


def test_cert11_fk_question_answered_and_handled(w):
    case_id = w.sent()
    qid = services.fk_send_question(w.db, w.clock, w.admin, case_id, kind=QuestionKind.QUESTION, topic="other",
                                    text="Kan patienten arbeta deltid?", reply_by=date(2026, 2, 20))
    rows = services.question_rows(w.db, w.clock, w.doc, unit_id=UNIT)
    assert len(rows) == 1 and rows[0]["direction"] == "incoming" and rows[0]["reply_by"] == date(2026, 2, 20)
    assert messages.inbox(w.db, w.doc)[0]["subject"] == f"Fråga från Försäkringskassan om intyg {case_id}"
    with w.db.read() as r:
        assert core_repo.case(r, case_id)["closed_at"] is None      # reopened while questions are open
    services.answer_question(w.db, w.clock, w.doc, qid, unit_id=UNIT, text="Ja, 50 % med anpassning.")
    assert len(services.question_rows(w.db, w.clock, w.doc, unit_id=UNIT)) == 1   # stays until handled
    services.set_handled(w.db, w.clock, w.doc, qid, unit_id=UNIT)
    assert services.question_rows(w.db, w.clock, w.doc, unit_id=UNIT) == []
    with w.db.read() as r:
        assert core_repo.case(r, case_id)["closed_at"] is not None
    assert w.log(case_id)[-3:] == ["question_received", "question_answered", "question_handled"]


def test_cert11_one_row_per_certificate_however_many_questions(w):
    case_id = w.sent()
    for kind, text in ((QuestionKind.QUESTION, "Fråga 1"), (QuestionKind.COMPLETION, "Komplettera")):
        services.fk_send_question(w.db, w.clock, w.admin, case_id, kind=kind, topic="other", text=text,
                                  reply_by=date(2026, 3, 1))
    services.ask_fk(w.db, w.clock, w.doc, case_id, unit_id=UNIT, topic="contact", text="Ring mig.")
    rows = services.question_rows(w.db, w.clock, w.doc, unit_id=UNIT)
    assert len(rows) == 1 and rows[0]["count"] == 3 and rows[0]["completion"]


def test_cert11_care_asks_fk_and_the_row_is_marked_sent_until_fk_answers(w):
    case_id = w.sent()
    qid = services.ask_fk(w.db, w.clock, w.doc, case_id, unit_id=UNIT, topic="meeting", text="Avstämningsmöte?")
    assert services.question_rows(w.db, w.clock, w.doc, unit_id=UNIT)[0]["direction"] == "outgoing"
    assert [q["id"] for q in services.fk_waiting(w.db, w.admin)] == [qid]
    w.clock.advance(hours=2)
    services.fk_answer(w.db, w.clock, w.admin, qid, "Bokat till måndag.")
    assert services.question_rows(w.db, w.clock, w.doc, unit_id=UNIT)[0]["direction"] == "incoming"


def test_cert11_only_a_physician_logged_in_on_the_creating_unit_takes_part(w):
    case_id = w.sent()
    qid = services.fk_send_question(w.db, w.clock, w.admin, case_id, kind=QuestionKind.QUESTION, topic="other",
                                    text="Fråga", reply_by=date(2026, 2, 20))
    with pytest.raises(PermissionDenied) as e:   # doc belongs to both units but works on the other now
        services.answer_question(w.db, w.clock, w.doc, qid, unit_id=OTHER, text="Svar")
    assert e.value.decision.reason == "cert.qa_wrong_unit"
    with pytest.raises(PermissionDenied):
        services.ask_fk(w.db, w.clock, w.outsider, case_id, unit_id=OTHER, topic="other", text="x")
    assert w.get(case_id, unit_id=OTHER)["decisions"]["answer"].reason == "cert.qa_wrong_unit"
    services.answer_question(w.db, w.clock, w.doc2, qid, unit_id=UNIT, text="Svar")   # any physician on the unit


def test_cert11_questions_only_on_certificates_sent_to_fk(w):
    signed = w.signed()
    with pytest.raises(Refused) as e:
        services.fk_send_question(w.db, w.clock, w.admin, signed, kind=QuestionKind.QUESTION, topic="other",
                                  text="x", reply_by=date(2026, 3, 1))
    assert e.value.key == "cert.qa_only_sent_fk"
    with pytest.raises(PermissionDenied):
        services.fk_send_question(w.db, w.clock, w.doc, signed, kind=QuestionKind.QUESTION, topic="other",
                                  text="x", reply_by=date(2026, 3, 1))
    with pytest.raises(FieldErrors) as e:
        services.fk_send_question(w.db, w.clock, w.admin, w.sent(), kind=QuestionKind.QUESTION, topic="other",
                                  text="x", reply_by=date(2026, 2, 1))
    assert e.value.errors == {"reply_by": "cert.err.reply_by_past"}


# ------------------------------------------------------------------ CERT-12, permissions and logs


def test_cert12_patient_list_with_date_form_status_unit_recipient_and_access_log(w):
    draft = w.create()
    sent = w.sent()
    rows = services.list_for_patient(w.db, w.clock, w.doc, UNIT, TOLVAN)
    assert {r["id"]: (r["type_name_sv"], r["effective_status"], r["unit_name"], r["recipient"]) for r in rows} == {
        draft: ("Läkarintyg för sjukpenning", "empty", "Vårdcentralen Test", None),
        sent: ("Läkarintyg för sjukpenning", "sent", "Vårdcentralen Test", "FK")}
    assert all(r["created_at"] for r in rows)
    with w.db.read() as r:
        log = core_repo.access_entries(r, TOLVAN)
    assert log[0]["purpose"] == "certificate_list" and log[0]["actor"] == "doc"


def test_x2_every_view_of_a_certificate_is_in_the_access_log(w):
    case_id = w.create()
    with w.db.read() as r:
        before = len(core_repo.access_entries(r, TOLVAN))
    w.get(case_id)
    w.get(case_id, log_view=False)
    services.to_sign(w.db, w.clock, w.doc)
    with w.db.read() as r:
        purposes = [e["purpose"] for e in core_repo.access_entries(r, TOLVAN)]
    assert len(purposes) == before + 2 and {"view_certificate", "work_list"} <= set(purposes)


def test_others_see_that_a_certificate_exists_but_not_the_patient_or_content(w):
    case_id = w.create()
    w.fill(case_id, {"diagnosis_text": "Depression"})
    cert = w.get(case_id, user=w.analyst)
    assert cert["patient_id"] is None and cert["patient_name"] is None and cert["content"] == {}
    assert not cert["decisions"]["edit"]
    with pytest.raises(Refused) as e:                # as if there were no such certificate
        w.get(case_id, user=w.outsider)
    assert e.value.key == "case.not_found"
    with pytest.raises(PermissionDenied):
        services.save_field(w.db, w.clock, w.outsider, case_id, "diagnosis_text", "x", w.version(case_id))


def test_every_state_change_is_in_the_case_log(w):
    case_id = w.create()
    w.fill(case_id, sick_pay(w.clock.now().date()))
    services.sign(w.db, w.clock, w.doc, case_id, w.version(case_id))
    services.send(w.db, w.clock, w.doc, case_id, consent=True, expected_version=w.version(case_id))
    services.void(w.db, w.clock, w.doc, case_id, "Fel.", w.version(case_id))
    events = audit.case_log(w.db, case_id)
    statuses = [e["after_value"]["status"] for e in events if e["after_value"] and "status" in e["after_value"]]
    assert statuses == ["empty", "draft", "signed", "sent", "voided"]
    assert all(e["actor"] == "doc" for e in events)
