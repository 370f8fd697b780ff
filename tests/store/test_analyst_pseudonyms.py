"""X-5 / X-2: analysts read cases without anything that points back to the patient. Besides
the patient (hidden), the staff on the case (orderer, contact, responsible physician,
handlers, the case log's actors) and the device's numbers are shown as pseudonyms — the
same `logic.board.pseudonym` the board and exports give the patient — decided in logic
(the services of the case page), while a handler reads them in clear."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from logic import audit, users
from logic.board import present
from logic.board import service as board
from logic.board.filters import BoardFilters
from logic.certificates import services as cert
from logic.clock import FixedClock
from logic.deviations import services as dev
from logic.deviations.model import DeviationDraft, RegistrationPath
from logic.deviations.repairs import get_repair
from logic.org import services as org
from logic.store import board_reads
from tests.conftest import STOCKHOLM

pytestmark = pytest.mark.both_backends

NOW = FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=STOCKHOLM))


def _one(db, sql: str) -> str:
    with db.read() as r:
        return r.scalar(sql)


def _staff(db) -> dict[str, str]:
    """username -> display name of every user."""
    with db.read() as r:
        return {row["username"]: row["name"] for row in r.rows("SELECT username, name FROM users")}


def _dump(value) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def test_x5_x2_analysts_see_staff_and_device_pseudonymised_on_every_case_kind(demo_db):
    analyst, handler = users.load_user(demo_db, "analytiker"), users.load_user(demo_db, "handlaggare")
    with demo_db.read() as r:
        key = board_reads.pseudonym_key(r)
    assert key
    staff = _staff(demo_db)
    repair = dev.request_repair(demo_db, NOW, users.load_user(demo_db, "reporter"), DeviationDraft(
        path=RegistrationPath.RECIPIENT_DEVICE, service_site_id="site-1012", recipient_id="191212121212",
        device_id="dev-1", is_wear_and_tear=True, concerns="Slitna bromsklossar", what_happened="Bromsarna släpper.",
        contact_name="Rita Rapportör", contact_phone="070-123 45 67"))
    deviation = _one(demo_db, "SELECT c.id FROM cases c JOIN deviations d ON d.case_id = c.id"
                              " WHERE d.individual_no IS NOT NULL AND d.answered_by IS NOT NULL ORDER BY c.id LIMIT 1")
    org_case = _one(demo_db, "SELECT case_id FROM org_steps WHERE decided_by IS NOT NULL ORDER BY case_id LIMIT 1")
    certificate = _one(demo_db, "SELECT case_id FROM certificates WHERE signed_by IS NOT NULL ORDER BY case_id LIMIT 1")
    assert deviation and org_case and certificate

    # deviation: orderer, contact, the answer's author, the device's individual number
    clear = dev.get_deviation(demo_db, NOW, handler, deviation)
    seen = dev.get_deviation(demo_db, NOW, analyst, deviation)
    for field in ("created_by", "contact_name", "contact_phone", "answered_by", "individual_no"):
        assert clear[field] and seen[field] == present.pseudonym(key, clear[field]), field
    assert seen["created_by_name"] == present.pseudonym(key, clear["created_by"])   # one code per person
    assert seen["recipient_id"] is None and seen["what_happened"] == clear["what_happened"]

    # repair: the same fields
    clear_r, seen_r = get_repair(demo_db, NOW, handler, repair), get_repair(demo_db, NOW, analyst, repair)
    for field in ("created_by", "contact_name", "contact_phone", "individual_no"):
        assert clear_r[field] and seen_r[field] == present.pseudonym(key, clear_r[field]), field

    # certificate: the responsible and the signing physician (the patient stays hidden)
    lakare = users.load_user(demo_db, "lakare")
    clear_c, seen_c = cert.get_certificate(demo_db, NOW, lakare, certificate), \
        cert.get_certificate(demo_db, NOW, analyst, certificate)
    for field in ("assignee", "signed_by", "created_by"):
        assert clear_c[field] and seen_c[field] == present.pseudonym(key, clear_c[field]), field
    assert seen_c["assignee_name"] == present.pseudonym(key, clear_c["assignee"])
    assert seen_c["patient_id"] is None

    # org: reporter, handler, the steps' holders and deciders, the ladder's holders
    seen_o = org.get_case(demo_db, NOW, analyst, org_case)
    clear_o = org.get_case(demo_db, NOW, users.load_user(demo_db, "fmk.ordforande"), org_case)
    assert seen_o["created_by"] == present.pseudonym(key, clear_o["created_by"])
    assert seen_o["assignee_name"] == present.pseudonym(key, clear_o["assignee"])
    assert [s["holder_name"] for s in seen_o["steps"]] == [present.pseudonym(key, s["holder"]) for s in clear_o["steps"]]
    assert {lv: h["holder_name"] for lv, h in seen_o["holders"].items()} == \
        {lv: present.pseudonym(key, h["username"]) for lv, h in clear_o["holders"].items()}

    # nothing the analyst gets names a member of staff or the device; the handler gets them
    for case_id, got in ((deviation, seen), (repair, seen_r), (certificate, seen_c), (org_case, seen_o)):
        log = audit.case_log(demo_db, case_id, viewer=analyst)
        text = _dump(got) + _dump(log)
        leaked = [x for u, name in staff.items() for x in (u, name) if f'"{x}"' in text]
        assert not leaked, (case_id, leaked)
        assert all(e["actor"] == present.pseudonym(key, c["actor"])
                   for e, c in zip(log, audit.case_log(demo_db, case_id, viewer=handler)))
    assert "CFH" not in _dump(seen) + _dump(seen_r)            # the demo's individual numbers
    assert audit.case_log(demo_db, deviation, viewer=handler)[0]["actor"] in staff

    # the board and its export give the analyst the same codes for the device
    row = next(r for r in board.search(demo_db, NOW, analyst, BoardFilters(q=deviation)).rows)
    assert row["individual_no"] == seen["individual_no"] and row["created_by"] == seen["created_by"]
    header, rows = board.export_rows(demo_db, NOW, analyst, BoardFilters(q=deviation), "sv")
    assert rows[0][present.EXPORT_COLUMNS.index("individual_no")] == seen["individual_no"]
