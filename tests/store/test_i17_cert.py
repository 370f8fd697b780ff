"""Issue 17, certificates (docs/RULES17.md, CERT-13 … CERT-18) on a fresh DuckDB file with a
fixed clock: completion (komplettering) answered by a new version, the FMB link, and the unit's
service contract as a prerequisite."""
from __future__ import annotations

from datetime import date

import pytest

from logic.access import PermissionDenied
from logic.certificates import services
from logic.certificates.model import CertAction, QuestionKind
from logic.errors import FieldErrors, Refused
from logic.store import certificates_repo, core_repo, masterdata_repo
from tests.store.cert_world import (
    OTHER,
    UNIT,
    World,
    cert_db,  # noqa: F401  (fixture)
    cert_template,  # noqa: F401  (fixture)
    pg_cert_template,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.both_backends


@pytest.fixture
def db(cert_db):  # noqa: F811  (the imported fixture, renamed)
    return cert_db


@pytest.fixture
def w(db, clock) -> World:
    return World(db, clock, built=True)


# ------------------------------------------------------------------ CERT-18 service contract


def test_cert_18_a_unit_without_the_service_contract_refuses_issuing_naming_it(w):
    services.set_service_contract(w.db, w.clock, w.admin, UNIT, False)
    with pytest.raises(PermissionDenied) as e:
        w.create()
    assert e.value.decision.reason == "cert.pre.service_contract"
    assert w.count() == 0
    assert services.missing_prerequisites(w.db, w.doc, UNIT) == ["cert.pre.service_contract"]
    services.set_service_contract(w.db, w.clock, w.admin, UNIT, True)
    assert services.missing_prerequisites(w.db, w.doc, UNIT) == []
    assert w.create()


def test_cert_18_questions_with_fk_need_the_contract_too_reading_does_not(w):
    case_id = w.sent()
    services.set_service_contract(w.db, w.clock, w.admin, UNIT, False)
    with pytest.raises(PermissionDenied) as e:
        services.ask_fk(w.db, w.clock, w.doc, case_id, unit_id=UNIT, topic="other", text="Fråga")
    assert e.value.decision.reason == "cert.pre.service_contract"
    cert = w.get(case_id, unit_id=UNIT)            # reading needs only the care assignment (CERT-2)
    assert cert["person_visible"]


def test_cert_18_the_contract_is_per_unit_and_admin_only_and_logged(w):
    with pytest.raises(PermissionDenied):
        services.set_service_contract(w.db, w.clock, w.doc, UNIT, False)
    services.set_service_contract(w.db, w.clock, w.admin, OTHER, False)
    assert services.service_contracts(w.db, w.admin) == {UNIT: True, OTHER: False}
    with w.db.read() as r:
        security = core_repo.security_entries(r, 5)
        settings = masterdata_repo.settings_log(r, "units", 5)
    assert security[0]["event"] == "service_contract_saved"
    assert security[0]["detail"] == f"{OTHER}: service_contract=False"
    assert settings[0]["key"] == OTHER
    assert settings[0]["after_value"] == {"service_contract": False}
    # saving what is stored writes nothing
    services.set_service_contract(w.db, w.clock, w.admin, OTHER, False)
    with w.db.read() as r:
        assert core_repo.security_entries(r, 5)[0]["id"] == security[0]["id"]


# ------------------------------------------------------------------ CERT-13 … CERT-16 completion


def _completion_request(w, case_id, text="Komplettera med aktuella testresultat.") -> int:
    return services.fk_send_question(w.db, w.clock, w.admin, case_id, kind=QuestionKind.COMPLETION,
                                     topic="completion", text=text, reply_by=date(2026, 3, 1))


def _question(w, qid) -> dict:
    with w.db.read() as r:
        return certificates_repo.question(r, qid)


def test_cert_13_komplettera_makes_a_new_version_from_the_original_with_the_request_shown(w):
    original = w.sent()
    qid = _completion_request(w, original)
    assert w.get(original, unit_id=UNIT)["decisions"][CertAction.COMPLETE]
    new = services.complete(w.db, w.clock, w.doc, original, unit_id=UNIT)
    assert new != original
    draft = w.get(new, unit_id=UNIT)
    assert draft["completes"] == original and draft["effective_status"] == "draft"
    assert draft["content"] == w.get(original)["content"]           # the original's content, to edit
    assert draft["type_code"] == "lisjp" and draft["patient_id"] == w.get(original)["patient_id"]
    assert [q["id"] for q in draft["completion_requests"]] == [qid]
    assert "completion_started" in w.log(original)
    # a second Komplettera opens the same draft rather than making another one
    assert services.complete(w.db, w.clock, w.doc, original, unit_id=UNIT) == new
    assert w.count() == 2


def test_cert_13_komplettera_needs_an_open_request_the_creating_unit_and_the_prerequisites(w):
    original = w.sent()
    with pytest.raises(Refused) as e:
        services.complete(w.db, w.clock, w.doc, original, unit_id=UNIT)
    assert e.value.key == "cert.complete_no_request"
    _completion_request(w, original)
    with pytest.raises(PermissionDenied) as e:       # doc belongs to both units but works on the other
        services.complete(w.db, w.clock, w.doc, original, unit_id=OTHER)
    assert e.value.decision.reason == "cert.qa_wrong_unit"
    services.set_workplace_code(w.db, w.clock, w.admin, UNIT, None)
    assert w.get(original, unit_id=UNIT)["decisions"][CertAction.COMPLETE].reason == "cert.pre.workplace_code"
    with pytest.raises(PermissionDenied):
        services.complete(w.db, w.clock, w.doc, original, unit_id=UNIT)


def test_cert_14_signing_the_completion_sends_it_marks_the_original_and_handles_the_request(w):
    original = w.sent()
    qid = _completion_request(w, original)
    other_q = services.fk_send_question(w.db, w.clock, w.admin, original, kind=QuestionKind.QUESTION,
                                        topic="other", text="Deltid?", reply_by=date(2026, 3, 1))
    new = services.complete(w.db, w.clock, w.doc, original, unit_id=UNIT)
    w.fill(new, {"activity_limitation": "Klarar inte heltid; testresultat bifogade i journalen."})
    w.clock.advance(minutes=5)
    assert services.sign(w.db, w.clock, w.doc, new, w.version(new)).value == "sent"
    sent = w.get(new)
    assert (sent["recipient"], sent["effective_status"], sent["consent_confirmed"]) == ("FK", "sent", True)
    old = w.get(original, unit_id=UNIT)
    assert old["completed_by"] == new
    q = _question(w, qid)
    assert (q["status"], q["answered_with"], q["handled_by"]) == ("answered", new, "doc")
    assert q["handled_at"] is not None
    assert _question(w, other_q)["handled_at"] is None           # an ordinary question stays open
    assert w.log(original)[-2:] == ["completed", "completion_answered"]
    assert [r["case_id"] for r in services.question_rows(w.db, w.clock, w.doc, unit_id=UNIT)] == [original]
    services.set_handled(w.db, w.clock, w.doc, other_q, unit_id=UNIT)
    assert services.question_rows(w.db, w.clock, w.doc, unit_id=UNIT) == []
    # the original is completed: neither completed again nor replaced
    assert old["decisions"][CertAction.REPLACE].reason == "cert.completed"
    assert old["offers"][CertAction.COMPLETE].reason == "cert.completed"
    assert new in {r["id"] for r in services.fk_certificates(w.db, w.admin)}


def test_cert_14_only_one_version_completes_the_original(w):
    original = w.sent()
    _completion_request(w, original)
    first = services.complete(w.db, w.clock, w.doc, original, unit_id=UNIT)
    services.delete_draft(w.db, w.clock, w.doc, first, w.version(first))
    second = services.complete(w.db, w.clock, w.doc, original, unit_id=UNIT)   # a deleted one is not reused
    assert second != first
    services.sign(w.db, w.clock, w.doc, second, w.version(second))
    assert w.get(original)["completed_by"] == second


def test_cert_15_cannot_complete_answers_the_request_in_free_text_and_handles_it(w):
    original = w.sent()
    qid = _completion_request(w, original)
    with pytest.raises(Refused) as e:            # a completion request is not answered as a question
        services.answer_question(w.db, w.clock, w.doc, qid, unit_id=UNIT, text="Svar")
    assert e.value.key == "cert.qa_completion_use_complete"
    with pytest.raises(FieldErrors):
        services.cannot_complete(w.db, w.clock, w.doc, qid, unit_id=UNIT, text="  ")
    services.cannot_complete(w.db, w.clock, w.doc, qid, unit_id=UNIT,
                             text="Ingen ytterligare medicinsk information kan anges.")
    q = _question(w, qid)
    assert (q["status"], q["answer"], q["answered_with"]) == \
        ("answered", "Ingen ytterligare medicinsk information kan anges.", None)
    assert q["handled_at"] is not None
    assert w.log(original)[-1] == "completion_declined"
    assert services.question_rows(w.db, w.clock, w.doc, unit_id=UNIT) == []
    cert = w.get(original, unit_id=UNIT)
    assert cert["offers"][CertAction.COMPLETE].reason == "cert.complete_no_request"
    # an ordinary question keeps its free-text answer, and is not "cannot complete"
    other = services.fk_send_question(w.db, w.clock, w.admin, original, kind=QuestionKind.QUESTION,
                                      topic="other", text="Deltid?", reply_by=date(2026, 3, 1))
    with pytest.raises(Refused) as e:
        services.cannot_complete(w.db, w.clock, w.doc, other, unit_id=UNIT, text="x")
    assert e.value.key == "cert.qa_not_completion"
    services.answer_question(w.db, w.clock, w.doc, other, unit_id=UNIT, text="Ja, 50 %.")


def test_cert_16_an_open_completion_request_is_answered_by_completing_not_replacing(w):
    original = w.sent()
    assert w.get(original, unit_id=UNIT)["decisions"][CertAction.REPLACE]
    _completion_request(w, original)
    assert w.get(original, unit_id=UNIT)["decisions"][CertAction.REPLACE].reason == "cert.replace_open_completion"
    with pytest.raises(Refused):
        services.replace(w.db, w.clock, w.doc, original, unit_id=UNIT)
