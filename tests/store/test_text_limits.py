"""X-7 for the texts a service takes outside an input model (answers, reasons, reports, names,
search boxes): one character over the limit is refused at its field with the limit and the
length typed, nothing is written; control characters are never stored. The models' fields are
in tests/unit/test_text_limits.py. Issue 13, section 4 and section 8 ("Control characters")."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from logic import i18n, inputs
from logic.certificates import services as cert
from logic.certificates.model import QuestionKind
from logic.clock import FixedClock
from logic.deviations import services as dev
from logic.deviations.model import EventType, ReportState
from logic.errors import FieldErrors
from logic.org import services as org
from logic.org.model import HELD_LEVELS, Entry, Party
from logic.urgent import services as urg
from logic.users import load_user
from tests.conftest import STOCKHOLM

pytestmark = pytest.mark.both_backends

ORESUND_OPEN = "closed_at IS NULL AND subtype = 'ins-oresund'"
CLOCK = FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=STOCKHOLM))


def _one(db, kind: str, where: str = "TRUE") -> dict:
    with db.read() as r:
        return r.row(f"SELECT id, version FROM cases WHERE kind = ? AND {where} ORDER BY id LIMIT 1", [kind])


# (name, field, limit, call(db, text)) — every service-level limit
CASES = [
    ("deviation answer", "answer", dev.ANSWER_MAX, lambda db, x: dev.answer(
        db, CLOCK, load_user(db, "tekniker"), _one(db, "deviation")["id"], x, 1)),
    ("deviation investigation", "investigation", dev.INVESTIGATION_MAX, lambda db, x: dev.record_handling(
        db, CLOCK, load_user(db, "handlaggare"), _one(db, "deviation")["id"], investigation=x,
        manufacturer=ReportState.UNDECIDED, manufacturer_on=None, mpa=ReportState.UNDECIDED, mpa_on=None,
        expected_version=1)),
    ("category code", "code", dev.CATEGORY_CODE_MAX, lambda db, x: dev.save_category(
        db, CLOCK, load_user(db, "admin"), event_type=EventType.INCIDENT, code=x, name_sv="Namn",
        name_en="Name", requires_delivery_ref=False, sort=1, active=True)),
    ("category name", "name_sv", dev.CATEGORY_NAME_MAX, lambda db, x: dev.save_category(
        db, CLOCK, load_user(db, "admin"), event_type=EventType.INCIDENT, code="ny", name_sv=x,
        name_en="Name", requires_delivery_ref=False, sort=1, active=True)),
    ("deviation search: prescriber code", "prescriber_code", dev.PRESCRIBER_CODE_MAX,
     lambda db, x: dev.search_mine(db, CLOCK, load_user(db, "reporter"), prescriber_code=x)),
    ("deviation search: number prefix", "number_prefix", dev.NUMBER_PREFIX_MAX,
     lambda db, x: dev.search_mine(db, CLOCK, load_user(db, "reporter"), number_prefix=x)),
    ("patient name", "name", cert.PATIENT_NAME_MAX, lambda db, x: cert.register_patient(
        db, CLOCK, load_user(db, "lakare"), "site-1012", "199001012384", x)),
    ("void reason", "void_reason", cert.VOID_REASON_MAX, lambda db, x: cert.void(
        db, CLOCK, load_user(db, "lakare"), _one(db, "certificate")["id"], x, 1)),
    ("question to FK", "question_text", cert.MAX_TEXT, lambda db, x: cert.ask_fk(
        db, CLOCK, load_user(db, "lakare"), _one(db, "certificate")["id"], unit_id="site-1012",
        topic="other", text=x)),
    ("answer to FK", "answer_text", cert.MAX_TEXT, lambda db, x: cert.answer_question(
        db, CLOCK, load_user(db, "lakare"), 1, unit_id="site-1012", text=x)),
    ("FK's question", "question_text", cert.MAX_TEXT, lambda db, x: cert.fk_send_question(
        db, CLOCK, load_user(db, "admin"), _one(db, "certificate")["id"], kind=QuestionKind.QUESTION,
        topic="other", text=x, reply_by=date(2026, 12, 4))),
    ("FK's answer", "answer_text", cert.MAX_TEXT, lambda db, x: cert.fk_answer(
        db, CLOCK, load_user(db, "admin"), 1, x)),
    ("workplace code", "workplace_code", cert.WORKPLACE_CODE_MAX, lambda db, x: cert.set_workplace_code(
        db, CLOCK, load_user(db, "admin"), "site-1012", x)),
    ("org forward reason", "reason", 2000, lambda db, x: org.forward(
        db, CLOCK, load_user(db, "chef"), _one(db, "org")["id"], "omradeschef", x, 1)),
    ("org escalate reason", "reason", 2000, lambda db, x: org.escalate(
        db, CLOCK, load_user(db, "chef"), _one(db, "org")["id"], x, 1)),
    ("org learning outcome", "outcome", org.MAX_TEXT, lambda db, x: org.lift_for_learning(
        db, CLOCK, load_user(db, "chef"), _one(db, "org")["id"], x, "skäl", 1)),
    ("org close outcome", "outcome", org.MAX_TEXT, lambda db, x: org.close(
        db, CLOCK, load_user(db, "chef"), _one(db, "org")["id"], x, 1)),
    ("org contact role", "contact_role", 200, lambda db, x: org.add_contact(
        db, CLOCK, load_user(db, "chef"), _one(db, "org")["id"], party=Party.FK, contact_role=x,
        contacted_on=date(2026, 11, 19), outcome="Utfall", expected_version=1)),
    ("org contact outcome", "contact_outcome", 2000, lambda db, x: org.add_contact(
        db, CLOCK, load_user(db, "chef"), _one(db, "org")["id"], party=Party.FK,
        contact_role="Handläggare", contacted_on=date(2026, 11, 19), outcome=x, expected_version=1)),
    ("org unit meeting note", "unit_meeting_note", 2000, lambda db, x: org.record_unit_meeting(
        db, CLOCK, load_user(db, "chef"), _one(db, "org")["id"], held_on=date(2026, 11, 19),
        note=x, expected_version=1)),
    ("ladder holder title", "title", 100, lambda db, x: org.set_holder(
        db, CLOCK, load_user(db, "admin"), HELD_LEVELS[0], "omradeschef", x)),
    ("classification code", "code", org.NODE_CODE_MAX, lambda db, x: org.save_node(
        db, CLOCK, load_user(db, "admin"), code=x, parent_code=None, entry=Entry.ENVIRONMENT, name_sv="Namn",
        name_en=None)),
    ("classification name", "name_sv", 100, lambda db, x: org.save_node(
        db, CLOCK, load_user(db, "admin"), code="ny", parent_code=None, entry=Entry.ENVIRONMENT, name_sv=x,
        name_en=None)),
    ("classification guidance", "guidance_sv", 2000, lambda db, x: org.save_node(
        db, CLOCK, load_user(db, "admin"), code="ny", parent_code=None, entry=Entry.ENVIRONMENT, name_sv="Namn",
        name_en=None, guidance_sv=x)),
    ("urgent task report", "text", urg.REPORT_TEXT_MAX, lambda db, x: urg.report_on_task(
        db, CLOCK, load_user(db, "partner"), 1, x)),
    ("urgent case list search", "text", urg.LIST_SEARCH_MAX, lambda db, x: urg.list_cases(
        db, CLOCK, load_user(db, "forsikring"), text=x)),
    ("urgent Til normal case number", "case_number", 30, lambda db, x: urg.convert_to_normal(
        db, CLOCK, load_user(db, "oresund"), _one(db, "urgent", ORESUND_OPEN)["id"], x, "oresund",
        _one(db, "urgent", ORESUND_OPEN)["version"])),
    ("partner company name", "name", urg.UNIT_NAME_MAX, lambda db, x: urg.create_company(
        db, CLOCK, None, "ins-nordlys", x)),
]


def _rows(db) -> int:
    with db.read() as r:
        return sum(r.scalar(f"SELECT count(*) FROM {t}") for t in (
            "case_events", "security_log", "messages", "units", "patients", "deviation_categories"))


@pytest.mark.parametrize("name, field, limit, call", CASES, ids=[c[0] for c in CASES])
def test_x7_a_service_refuses_one_character_too_many_naming_limit_and_length(demo_db, name, field, limit, call):
    before = _rows(demo_db)
    with pytest.raises(FieldErrors) as caught:
        call(demo_db, "x" * (limit + 1))
    problem = caught.value.errors[field]
    assert problem == inputs.TOO_LONG and problem.params == {"limit": limit, "length": limit + 1}
    assert i18n.number("da", limit + 1) in i18n.t("da", problem)
    assert _rows(demo_db) == before                                  # nothing written


@pytest.mark.parametrize("name, field, limit, call", CASES, ids=[c[0] for c in CASES])
def test_x7_at_the_limit_the_length_is_no_problem(demo_db, name, field, limit, call):
    try:
        call(demo_db, "X" * limit)
    except FieldErrors as e:
        assert e.errors.get(field) != inputs.TOO_LONG
    except Exception:           # any other refusal (permission, state, format) is not this rule's
        pass


def test_x7_control_characters_never_reach_the_database(demo_db):
    case_id = _one(demo_db, "deviation", "status = 'planned'")["id"]
    dev.answer(demo_db, CLOCK, load_user(demo_db, "tekniker"), case_id,
               "Bytt\x00 hjul\x1b[31m.\r\nKlart\x07.", _one(demo_db, "deviation", f"id = '{case_id}'")["version"])
    with demo_db.read() as r:
        assert r.scalar("SELECT answer FROM deviations WHERE case_id = ?", [case_id]) == "Bytt hjul[31m.\nKlart."
    company = urg.create_company(demo_db, CLOCK, None, "ins-nordlys", "VVS\x00 \x1bService")
    with demo_db.read() as r:
        assert r.scalar("SELECT name FROM units WHERE id = ?", [company]) == "VVS Service"
