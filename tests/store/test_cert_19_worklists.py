"""CERT-19: the work lists named and split as seed 003 does — drafts to sign ('Att skicka'),
signed not sent ('Signerade, ej skickade'), questions ('Fråga/svar via Webcert')."""
from __future__ import annotations

import pytest

from logic.certificates import services
from tests.store.cert_world import (
    RESERVE,
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


def test_cert_19_a_signed_certificate_moves_from_drafts_to_signed_not_sent_and_leaves_when_sent(w):
    case_id = w.create()
    assert [r["id"] for r in services.to_sign(w.db, w.clock, w.doc)] == [case_id]
    assert services.signed_unsent(w.db, w.clock, w.doc) == []
    w.fill(case_id, sick_pay(w.clock.now().date()))
    services.sign(w.db, w.clock, w.doc, case_id, w.version(case_id))
    assert services.to_sign(w.db, w.clock, w.doc) == []
    assert [r["id"] for r in services.signed_unsent(w.db, w.clock, w.doc)] == [case_id]
    services.send(w.db, w.clock, w.doc, case_id, consent=True, expected_version=w.version(case_id))
    assert services.signed_unsent(w.db, w.clock, w.doc) == []


def test_cert_19_signed_not_sent_is_the_signers_own_or_the_whole_units(w):
    case_id = w.signed()
    assert services.signed_unsent(w.db, w.clock, w.doc2) == []
    assert [r["id"] for r in services.signed_unsent(w.db, w.clock, w.doc2, unit_id=UNIT)] == [case_id]


def test_cert_19_signed_not_sent_holds_only_what_staff_can_send(w):
    w.signed(patient=RESERVE)          # CERT-8: a reserve number goes on paper, nothing to send
    assert services.signed_unsent(w.db, w.clock, w.doc) == []
