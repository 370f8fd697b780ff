"""CERT rules as pure functions: the 14-day lock, the status machine (one rule per action,
each explaining its refusal), prerequisites, creation and sending rules, field checks."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from logic.certificates import fields, rules
from logic.certificates.model import (
    Authority,
    CertAction,
    CertType,
    Direction,
    Patient,
    Prerequisites,
    Status,
)

STHLM = ZoneInfo("Europe/Stockholm")
TYPES = {
    "lisjp": CertType("lisjp", "Läkarintyg för sjukpenning", "Sick pay", Authority.FK, True, True, False),
    "ts_bas": CertType("ts_bas", "Transportstyrelsens läkarintyg (Bas)", "TS", Authority.TS, True, True, False),
    "ag114": CertType("ag114", "Läkarintyg om arbetsförmåga – sjuklöneperiod dag 1–14", "AG", Authority.EMPLOYER,
                      True, False, False),
    "db": CertType("db", "Dödsbevis", "Death", Authority.SKV, False, False, True),
    "doi": CertType("doi", "Dödsorsaksintyg", "Cause of death", Authority.SOS, False, False, True),
}
TOLVAN = Patient("191212121212", "personnummer", "Tolvan Tolvansson")
PROTECTED = Patient("199212319876", "personnummer", "Hemlig Hemligsson", protected_identity=True)
RESERVE = Patient("19850315R001", "reservnummer", "Reserv Reservsson")


def a_state(status: Status = Status.DRAFT, type_code: str = "lisjp", patient: Patient = TOLVAN,
            **kw) -> rules.CertState:
    return rules.CertState(status=status, cert_type=TYPES[type_code], patient=patient, **kw)


def at(y, m, d, hh=0, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=STHLM)


# ------------------------------------------------------------------ CERT-5 the lock

def test_cert5_lock_day_is_fourteen_days_after_the_creation_day():
    assert rules.lock_day(at(2026, 2, 12, 23, 30)) == date(2026, 2, 26)


@pytest.mark.parametrize("now, locked", [
    (at(2026, 2, 25, 23, 59), False),   # day 13 after the creation day, last minute
    (at(2026, 2, 26, 0, 0), True),      # exactly 14 days from the creation day
    (at(2026, 2, 26, 0, 1), True),
    (at(2026, 3, 30, 12, 0), True),
])
def test_cert5_a_draft_locks_at_exactly_fourteen_days_from_its_creation_day(now, locked):
    created = at(2026, 2, 12, 23, 30)      # late on the creation day: the day counts, not the hour
    assert rules.is_locked(created, now) is locked
    expected = Status.LOCKED if locked else Status.DRAFT
    assert rules.effective_status(Status.DRAFT, created, now) is expected
    assert rules.effective_status(Status.EMPTY, created, now) is (Status.LOCKED if locked else Status.EMPTY)


def test_cert5_creation_day_is_the_stockholm_day_not_the_utc_day():
    created_utc = datetime(2026, 2, 12, 23, 30, tzinfo=ZoneInfo("UTC"))   # 00:30 on 13 Feb in Stockholm
    assert rules.lock_day(created_utc) == date(2026, 2, 27)


def test_cert5_signed_certificates_never_lock():
    assert rules.effective_status(Status.SIGNED, at(2026, 1, 1), at(2026, 6, 1)) is Status.SIGNED


def test_cert5_sql_cutoff_agrees_with_the_rule():
    now = at(2026, 2, 26, 9, 0)
    cutoff = rules.locked_if_created_before(now)
    for created in (at(2026, 2, 12, 0, 0), at(2026, 2, 12, 23, 59), at(2026, 2, 13, 0, 0)):
        naive = created.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
        assert (naive < cutoff) == rules.is_locked(created, now)


def test_cert5_locked_draft_can_be_neither_edited_signed_nor_deleted():
    s = a_state(Status.LOCKED)
    assert rules.decide(s, CertAction.EDIT).reason == "cert.locked"
    assert rules.decide(s, CertAction.SIGN).reason == "cert.locked"
    assert rules.decide(s, CertAction.DELETE).reason == "cert.locked_no_delete"


def test_cert5_locked_draft_can_be_read_printed_copied_and_voided():
    s = a_state(Status.LOCKED)
    for action in (CertAction.READ, CertAction.PRINT, CertAction.COPY, CertAction.VOID):
        assert rules.decide(s, action), action


def test_cert5_only_a_locked_draft_is_copied():
    assert rules.decide(a_state(Status.DRAFT), CertAction.COPY).reason == "cert.copy_only_locked"


# ------------------------------------------------------------------ CERT-4 drafts


def test_cert4_an_open_draft_can_be_edited_and_deleted_but_not_voided():
    for status in (Status.EMPTY, Status.DRAFT):
        s = a_state(status)
        assert rules.decide(s, CertAction.EDIT)
        assert rules.decide(s, CertAction.DELETE)
        assert rules.decide(s, CertAction.VOID).reason == "cert.void_use_delete"


def test_cert4_a_draft_with_missing_fields_cannot_be_signed_and_says_how_many():
    d = rules.decide(a_state(errors={"diagnosis_code": "form.required", "sick_leave": "form.required"}),
                     CertAction.SIGN)
    assert not d and d.reason == "cert.incomplete" and d.params == {"n": 2}


def test_cert4_tomt_utkast_until_something_is_entered():
    assert not fields.started({})
    assert not fields.started({"diagnosis_code": "  ", "sick_leave": [{"degree": 100, "from": None, "to": None}]})
    assert fields.started({"diagnosis_code": "F"})


def test_cert4_each_type_has_its_own_fields():
    assert set(fields.FORMS) == {"lisjp", "luse", "luae_na", "luae_fs", "ts_bas", "ts_diabetes", "ag114",
                                 "ag7804", "db", "doi"}
    lisjp = {f.name for f in fields.form("lisjp")}
    assert {"diagnosis_code", "functional_impairment", "activity_limitation", "sick_leave",
            "proposed_measures"} <= lisjp
    assert "police_report" in {f.name for f in fields.form("db")}


@pytest.mark.parametrize("code, ok", [
    ("F32.1", True), ("M54.5", True), ("J069", True), ("S52.50", True), ("F438A", True), ("r51", True),
    ("F3", False), ("32.1", False), ("F32,1", False), ("FF32", False), ("F32.12345", False), ("", None),
])
def test_cert4_icd10_diagnosis_code_format_is_checked(code, ok):
    errors = fields.check("lisjp", {"diagnosis_code": code}, date(2026, 2, 12))
    if ok is None:
        assert errors["diagnosis_code"] == fields.REQUIRED
    elif ok:
        assert "diagnosis_code" not in errors
    else:
        assert errors["diagnosis_code"] == "cert.err.icd10"


def _p(degree, start, end):
    return {"degree": degree, "from": start, "to": end}


@pytest.mark.parametrize("periods, error", [
    ([_p(100, "2026-02-12", "2026-02-25")], None),
    ([_p(100, "2026-02-12", "2026-02-25"), _p(50, "2026-02-26", "2026-03-11")], None),
    ([_p(100, "2026-02-12", "2026-02-25"), _p(50, "2026-02-25", "2026-03-11")], "cert.err.period_overlap"),
    ([_p(75, "2026-03-01", "2026-03-10"), _p(25, "2026-02-20", "2026-03-02")], "cert.err.period_overlap"),
    ([_p(100, "2026-02-12", None)], "cert.err.period_incomplete"),
    ([_p(100, "2026-02-25", "2026-02-12")], "cert.err.period_order"),
    ([_p(60, "2026-02-12", "2026-02-25")], "cert.err.period_degree"),
    ([_p(25, "2026-02-12", "2026-02-12")], None),
])
def test_cert4_sick_leave_degrees_and_periods_do_not_overlap(periods, error):
    assert fields.periods_error(periods) == error


def test_cert4_complete_sick_pay_certificate_has_no_errors():
    content = {"basis": "examination", "basis_date": "2026-02-12", "occupation": "current_work",
               "diagnosis_code": "F32.1", "diagnosis_text": "Depression", "functional_impairment": "x",
               "activity_limitation": "y", "sick_leave": [_p(100, "2026-02-12", "2026-02-25")],
               "proposed_measures": "z"}
    assert fields.check("lisjp", content, date(2026, 2, 12)) == {}
    assert fields.check("lisjp", {**content, "basis_date": "2026-02-13"}, date(2026, 2, 12)) == {
        "basis_date": "cert.err.future"}


def test_cert4_optional_fields_are_not_required_but_still_checked():
    errors = fields.check("ag114", {"diagnosis_code": "xx"}, date(2026, 2, 12))
    assert errors["diagnosis_code"] == "cert.err.icd10"
    assert "diagnosis_text" not in errors
    assert fields.check("ag114", {}, date(2026, 2, 12)).keys() == {"work_capacity", "sick_leave"}


# ------------------------------------------------------------------ CERT-2 prerequisites


FULL = Prerequisites(care_assignment=True, protected_title="Läkare", prescriber_code="LK1001",
                     workplace_code="4711012", webcert=True, service_contract=True)


@pytest.mark.parametrize("missing, key", [
    ({"care_assignment": False}, "cert.pre.care_assignment"),
    ({"protected_title": None}, "cert.pre.protected_title"),
    ({"protected_title": "Sjuksköterska"}, "cert.pre.protected_title"),
    ({"prescriber_code": " "}, "cert.pre.prescriber_code"),
    ({"workplace_code": None}, "cert.pre.workplace_code"),
    ({"webcert": False}, "cert.pre.webcert"),
])
def test_cert2_a_missing_prerequisite_is_named_in_the_refusal(missing, key):
    p = Prerequisites(**{**FULL.__dict__, **missing})
    decision = rules.prerequisites_decision(p, rules.ISSUE)
    assert not decision and decision.reason == key


def test_cert2_all_prerequisites_met_allows_issuing_and_every_missing_one_is_listed():
    assert rules.prerequisites_decision(FULL, rules.ISSUE)
    none = Prerequisites(False, None, None, None, False, False)
    assert rules.missing_prerequisites(none) == [
        "cert.pre.care_assignment", "cert.pre.protected_title", "cert.pre.prescriber_code",
        "cert.pre.workplace_code", "cert.pre.webcert", "cert.pre.service_contract"]
    # reading needs only the care assignment; questions also the Webcert permission and the
    # unit's service contract (CERT-18)
    assert rules.missing_prerequisites(none, rules.READ) == ["cert.pre.care_assignment"]
    assert rules.missing_prerequisites(none, rules.QA) == ["cert.pre.care_assignment", "cert.pre.webcert",
                                                           "cert.pre.service_contract"]


# ------------------------------------------------------------------ CERT-3 / CERT-8 creation


def test_cert8_a_reserve_number_gets_every_type_written_signed_and_printed():
    for code, cert_type in TYPES.items():
        assert rules.create_decision(RESERVE, cert_type), code
        draft = rules.CertState(status=Status.DRAFT, cert_type=cert_type, patient=RESERVE)
        assert rules.decide(draft, CertAction.EDIT), code
        assert rules.decide(draft, CertAction.SIGN), code
        assert rules.decide(draft, CertAction.PRINT), code
        signed = rules.CertState(status=Status.SIGNED, cert_type=cert_type, patient=RESERVE)
        assert rules.decide(signed, CertAction.PRINT), code
        assert rules.decide(signed, CertAction.VOID), code


def test_cert8_a_reserve_number_certificate_is_never_sent_electronically_with_the_reason():
    for code in ("lisjp", "ts_bas", "db", "doi"):
        refused = rules.decide(a_state(Status.SIGNED, code, RESERVE), CertAction.SEND)
        assert refused.reason == "cert.reserve_number_not_sent", code
    # the employer's certificate is print-only for everybody
    assert rules.decide(a_state(Status.SIGNED, "ag114", RESERVE), CertAction.SEND).reason == "cert.print_only"
    # nor does it reach Mina intyg, an e-service the patient cannot log in to
    assert not rules.in_mina_intyg(TYPES["lisjp"], RESERVE)
    assert rules.in_mina_intyg(TYPES["lisjp"], TOLVAN) and rules.in_mina_intyg(TYPES["lisjp"], PROTECTED)


def test_cert8_death_certificates_for_a_reserve_number_are_signed_not_sent_automatically():
    for code in ("db", "doi"):
        assert rules.signed_status(TYPES[code], police_report=False, patient=RESERVE) is Status.SIGNED
        assert rules.paper_only(TYPES[code], RESERVE)
        assert rules.signed_status(TYPES[code], police_report=False, patient=TOLVAN) is Status.SENT
        assert not rules.paper_only(TYPES[code], TOLVAN)
    assert not rules.paper_only(TYPES["lisjp"], RESERVE)        # sent only by staff anyway


def test_cert8_protected_identity_electronic_sending_only_to_fk():
    assert rules.create_decision(PROTECTED, TYPES["lisjp"])
    assert rules.decide(a_state(Status.SIGNED, patient=PROTECTED), CertAction.SEND)
    refused = rules.decide(a_state(Status.SIGNED, "ts_bas", PROTECTED), CertAction.SEND)
    assert refused.reason == "cert.protected_fk_only"
    # a death certificate is written and signed, and goes to Skatteverket on paper
    assert rules.create_decision(PROTECTED, TYPES["db"])
    assert rules.signed_status(TYPES["db"], police_report=False, patient=PROTECTED) is Status.SIGNED
    assert rules.decide(a_state(Status.SIGNED, "db", PROTECTED), CertAction.SEND).reason == "cert.protected_fk_only"


def test_cert3_unknown_type_cannot_be_created():
    assert rules.create_decision(TOLVAN, None).reason == "cert.type_unknown"


# ------------------------------------------------------------------ CERT-6 / 7 / 9 sign and send


def test_cert6_death_certificates_are_sent_on_signing_others_are_signed():
    assert rules.signed_status(TYPES["db"], police_report=False) is Status.SENT
    assert rules.signed_status(TYPES["doi"], police_report=False) is Status.SENT
    assert rules.signed_status(TYPES["lisjp"], police_report=False) is Status.SIGNED


def test_cert6_a_complete_draft_can_be_signed_once():
    assert rules.decide(a_state(Status.DRAFT), CertAction.SIGN)
    assert rules.decide(a_state(Status.SIGNED), CertAction.SIGN).reason == "cert.already_signed"
    assert rules.decide(a_state(Status.VOIDED), CertAction.SIGN).reason == "cert.voided"


def test_cert7_only_a_signed_certificate_is_sent_and_only_once():
    assert rules.decide(a_state(Status.SIGNED), CertAction.SEND)
    assert rules.decide(a_state(Status.DRAFT), CertAction.SEND).reason == "cert.not_signed"
    assert rules.decide(a_state(Status.SENT), CertAction.SEND).reason == "cert.already_sent"


def test_cert7_employer_certificates_are_print_only():
    assert rules.decide(a_state(Status.SIGNED, "ag114"), CertAction.SEND).reason == "cert.print_only"


def test_cert9_death_reported_to_police_gives_a_paper_dodsbevis():
    assert rules.signed_status(TYPES["db"], police_report=True) is Status.SIGNED
    s = a_state(Status.SIGNED, "db", police_report=True)
    assert rules.decide(s, CertAction.SEND).reason == "cert.police_paper"
    assert rules.decide(s, CertAction.HAND_TO_POLICE)
    assert rules.decide(s, CertAction.PRINT)
    assert rules.decide(a_state(Status.SIGNED, "lisjp"), CertAction.HAND_TO_POLICE).reason == "cert.not_police_case"


def test_void_needs_a_signed_certificate_or_a_locked_draft():
    for status in (Status.SIGNED, Status.SENT, Status.LOCKED, Status.HANDED_TO_POLICE):
        assert rules.decide(a_state(status), CertAction.VOID)
    assert rules.decide(a_state(Status.VOIDED), CertAction.VOID).reason == "cert.voided"


def test_replace_a_signed_certificate_once():
    assert rules.decide(a_state(Status.SENT), CertAction.REPLACE)
    assert rules.decide(a_state(Status.SENT, replaced_by="IN26070002"), CertAction.REPLACE).reason == "cert.replaced"
    assert rules.decide(a_state(Status.DRAFT), CertAction.REPLACE).reason == "cert.replace_only_signed"


def test_deleted_draft_refuses_everything():
    s = a_state(Status.DELETED)
    for action in CertAction:
        if action in (CertAction.ASK, CertAction.ANSWER, CertAction.MARK_HANDLED, CertAction.HAND_TO_POLICE):
            continue
        assert not rules.decide(s, action), action


def test_every_action_has_a_rule_and_every_refusal_a_text():
    from logic.texts.certificates import TEXTS

    assert set(rules.RULES) == set(CertAction)
    for status in Status:
        for type_code in TYPES:
            for patient in (TOLVAN, PROTECTED, RESERVE):
                for action, d in rules.decisions(a_state(status, type_code, patient, police_report=True,
                                                         errors={"x": "form.required"})).items():
                    assert d.allowed or d.reason in TEXTS, (status, action, d.reason)


# ------------------------------------------------------------------ CERT-11 questions


def q(id_, direction, status, created, answered=None, reply_by=None):
    return {"id": id_, "direction": direction, "status": status, "created_at": created,
            "answered_at": answered, "reply_by": reply_by}


def test_cert11_one_row_marks_incoming_when_fk_spoke_last():
    t0 = datetime(2026, 2, 1)
    incoming = q(1, "incoming", "waiting_for_care", t0, reply_by=date(2026, 2, 10))
    assert rules.row_direction([incoming]) is Direction.INCOMING
    asked = q(2, "outgoing", "waiting_for_authority", t0 + timedelta(days=1))
    assert rules.row_direction([q(1, "incoming", "answered", t0, t0 + timedelta(hours=1)), asked]) is Direction.OUTGOING
    fk_answered = q(2, "outgoing", "answered", t0, t0 + timedelta(days=2))
    assert rules.row_direction([fk_answered]) is Direction.INCOMING


def test_cert11_reply_by_is_the_earliest_of_what_waits_for_care():
    t0 = datetime(2026, 2, 1)
    qs = [q(1, "incoming", "waiting_for_care", t0, reply_by=date(2026, 2, 20)),
          q(2, "incoming", "waiting_for_care", t0, reply_by=date(2026, 2, 14)),
          q(3, "incoming", "answered", t0, t0, reply_by=date(2026, 2, 2))]
    assert rules.reply_by(qs) == date(2026, 2, 14)


def test_cert11_questions_only_on_a_certificate_sent_to_fk():
    assert rules.decide(a_state(Status.SENT), CertAction.ASK)
    assert rules.decide(a_state(Status.SIGNED), CertAction.ASK).reason == "cert.qa_only_sent_fk"
    assert rules.decide(a_state(Status.SENT, "ts_bas"), CertAction.ASK).reason == "cert.qa_only_sent_fk"


def test_cert11_only_an_unanswered_incoming_question_is_answered():
    t0 = datetime(2026, 2, 1)
    assert rules.answer_refusal(q(1, "incoming", "waiting_for_care", t0)) is None
    assert rules.answer_refusal(q(1, "incoming", "answered", t0)) == "cert.qa_already_answered"
    assert rules.answer_refusal(q(1, "outgoing", "waiting_for_authority", t0)) == "cert.qa_not_incoming"


# ------------------------------------------------------------------ numbers


def test_certificate_number_is_in_yy_week_sequence():
    assert rules.certificate_number(date(2026, 2, 12), 2) == "IN26070002"
    assert rules.certificate_number(date(2027, 1, 1), 1) == "IN26530001"   # ISO year 2026, week 53
    with pytest.raises(ValueError):
        rules.certificate_number(date(2026, 2, 12), 10000)


# ------------------------------------------------------------------ CERT-1 reference data and texts


def test_cert1_reference_data_has_the_ten_types_of_the_user_guide():
    import json

    from logic.certificates.reference import TYPES_FILE

    types = {t["code"]: t for t in json.loads(TYPES_FILE.read_text(encoding="utf-8"))["types"]}
    assert set(types) == set(fields.FORMS)
    expected = {  # name, authority, shown in Mina intyg (seed 003)
        "lisjp": ("Läkarintyg för sjukpenning", "FK", True),
        "luse": ("Läkarutlåtande för sjukersättning", "FK", True),
        "luae_na": ("Läkarutlåtande för aktivitetsersättning vid nedsatt arbetsförmåga", "FK", True),
        "ts_bas": ("Transportstyrelsens läkarintyg (Bas)", "TS", True),
        "ts_diabetes": ("Transportstyrelsens läkarintyg Diabetes", "TS", True),
        "luae_fs": ("Läkarutlåtande för aktivitetsersättning vid förlängd skolgång", "FK", True),
        "ag114": ("Läkarintyg om arbetsförmåga – sjuklöneperiod dag 1–14", "EMPLOYER", True),
        "ag7804": ("Läkarintyg om arbetsförmåga – sjuklöneperiod dag 15 – framåt", "EMPLOYER", True),
        "db": ("Dödsbevis", "SKV", False),
        "doi": ("Dödsorsaksintyg", "SOS", False),
    }
    assert {c: (t["sv"], t["authority"], t["mina_intyg"]) for c, t in types.items()} == expected
    assert {c for c, t in types.items() if t["auto_send"]} == {"db", "doi"}


def test_cert4_every_field_has_a_label_help_text_and_option_labels():
    from logic.texts.certificates import TEXTS

    for code, form in fields.FORMS.items():
        assert f"certificate.type.{code}" in TEXTS
        for spec in form:
            assert f"cert.field.{spec.name}" in TEXTS and f"cert.help.{spec.name}" in TEXTS, spec.name
            for option in spec.options:
                assert f"cert.opt.{spec.name}.{option}" in TEXTS, (spec.name, option)
    for status in Status:
        assert f"certificate.status.{status.value}" in TEXTS
