"""Dashboard figures for certificates (logic/certificates/reports.py) with a fixed clock."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from logic.certificates import reports, services
from logic.certificates.model import QuestionKind
from tests.conftest import STOCKHOLM
from tests.store.cert_world import (
    OTHER,
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


def test_drafts_by_age_buckets_and_locked_drafts(w):
    start = w.clock.now()
    for days_ago in (0, 3, 4, 7, 8, 13, 14, 40):
        w.clock.set(start - timedelta(days=days_ago))
        w.create()
    w.clock.set(start)
    w.signed()                                      # not a draft: not counted
    rows = reports.drafts_by_age(w.db, w.clock)
    assert [(r["age_days"], r["drafts"]) for r in rows] == [("0-3", 2), ("4-7", 2), ("8-13", 2), ("14+", 2)]
    assert rows[-1]["locked"] and not rows[0]["locked"]
    assert reports.locked_drafts(w.db, w.clock) == 2
    assert reports.locked_drafts(w.db, w.clock, unit_ids=[OTHER]) == 0


def test_cert5_locked_drafts_counts_at_exactly_fourteen_days_without_anyone_looking(w):
    w.create()                                      # Thursday 2026-02-12 10:00
    w.clock.set(datetime(2026, 2, 25, 23, 59, tzinfo=STOCKHOLM))
    assert reports.locked_drafts(w.db, w.clock) == 0
    w.clock.set(datetime(2026, 2, 26, 0, 0, tzinfo=STOCKHOLM))
    assert reports.locked_drafts(w.db, w.clock) == 1


def test_signed_and_sent_per_week(w):
    start = w.clock.now()                            # ISO week 7
    w.clock.set(start - timedelta(weeks=1))
    w.sent()                                         # week 6: signed and sent
    w.clock.set(start)
    w.signed()                                       # week 7: signed only
    case_id = w.signed()
    w.clock.advance(days=1)
    services.send(w.db, w.clock, w.doc, case_id, consent=True, expected_version=w.version(case_id))
    rows = reports.signed_and_sent_per_week(w.db, w.clock, weeks=3)
    assert rows == [{"week": "2026-W05", "signed": 0, "sent": 0},
                    {"week": "2026-W06", "signed": 1, "sent": 1},
                    {"week": "2026-W07", "signed": 2, "sent": 1}]


def test_open_questions_past_their_reply_by_date(w):
    late = w.sent()
    on_time = w.sent()
    for case_id, reply_by in ((late, date(2026, 2, 13)), (on_time, date(2026, 2, 20))):
        services.fk_send_question(w.db, w.clock, w.admin, case_id, kind=QuestionKind.COMPLETION,
                                  topic="completion", text="Komplettera.", reply_by=reply_by)
    w.clock.set(datetime(2026, 2, 16, 9, 0, tzinfo=STOCKHOLM))
    rows = reports.open_questions_past_reply_by(w.db, w.clock)
    assert [(r["case_id"], r["days_overdue"], r["kind"]) for r in rows] == [(late, 3, "completion")]
    qid = rows[0]["id"]
    # a completion request is answered by a new version or "cannot complete" (CERT-13/15), not as a question
    services.cannot_complete(w.db, w.clock, w.doc, qid, unit_id=UNIT, text="Ingen ytterligare information finns.")
    assert reports.open_questions_past_reply_by(w.db, w.clock) == []


def test_x5_certificate_reports_count_the_certificates_and_name_no_patient(w):
    """Every report filled with Tolvan's certificates — a draft, one signed and sent, and a
    question past its reply-by date — counts them, and names no patient."""
    case_id = w.create()
    w.fill(case_id, sick_pay(w.clock.now().date()))
    sent = w.sent()
    services.fk_send_question(w.db, w.clock, w.admin, sent, kind=QuestionKind.COMPLETION,
                              topic="completion", text="Komplettera.", reply_by=date(2026, 2, 13))
    w.clock.set(datetime(2026, 2, 16, 9, 0, tzinfo=STOCKHOLM))           # Monday, ISO week 8
    drafts = reports.drafts_by_age(w.db, w.clock)
    weeks = reports.signed_and_sent_per_week(w.db, w.clock, weeks=2)
    overdue = reports.open_questions_past_reply_by(w.db, w.clock)
    assert [(r["age_days"], r["drafts"]) for r in drafts] == [("0-3", 0), ("4-7", 1), ("8-13", 0), ("14+", 0)]
    assert weeks == [{"week": "2026-W07", "signed": 1, "sent": 1}, {"week": "2026-W08", "signed": 0, "sent": 0}]
    assert [(r["case_id"], r["days_overdue"], r["kind"]) for r in overdue] == [(sent, 3, "completion")]
    everything = str([drafts, weeks, overdue])
    assert "1212" not in everything and "Tolvan" not in everything
