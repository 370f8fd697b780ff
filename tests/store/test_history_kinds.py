"""IMP-9, IMP-10 for the other kinds of history: ORG cases, certificates' metadata, urgent and
normal insurance cases — imported with their numbers, series continued, on the board and in
the case's own screen data, re-import unchanged, refusals with their reasons."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from logic import audit
from logic.board import service as board
from logic.access import Role
from logic.certificates.model import CertAction
from logic.clock import FixedClock
from logic.errors import Refused
from logic.board.filters import BoardFilters
from logic.certificates import services as cert_services
from logic.importer import service
from logic.org import services as org_services
from logic.urgent import services as urgent_services
from tests.conftest import add_user
from tests.store import cert_world
from tests.store.history_world import csv_of
from tests.store.test_org_services import a_draft as org_draft
from tests.store.test_org_services import build as build_org
from tests.store.test_urgent_services import World as UrgentWorld

pytestmark = pytest.mark.both_backends


def _import(db, clock, admin, kind, rows, name="gamla.csv"):
    data = csv_of(kind, rows)
    dry = service.dry_run(db, clock, admin, kind, data, name)
    assert not dry.plan.refused, [(r.line, [(e.column, e.key) for e in r.errors]) for r in dry.plan.refused]
    return dry, service.run(db, clock, admin, kind, data, name, dry.mapping, dry.fingerprint)


def _refusals(db, clock, admin, kind, rows) -> dict[int, set[tuple[str, str]]]:
    dry = service.dry_run(db, clock, admin, kind, csv_of(kind, rows), "fel.csv")
    return {r.line: {(e.column, e.key) for e in r.errors} for r in dry.plan.refused}


# ------------------------------------------------------------------ ORG


def org_case(number: str, **over) -> dict:
    row = {"number": number, "status": "closed", "unit": "clinic", "area": "arbetsmiljo",
           "deficiency": "fysisk_arbetsmiljo", "registered_at": "2026-02-09 10:00", "reported_by": "nurse",
           "holder": "clinic_mgr", "level": "manager", "title": "Trasig dörrstängare",
           "what_happened": "Dörren till förrådet slår igen. Gammalt ärende från arkivsystemet.",
           "affected": "staff", "party": "none", "patient_harmed": "nej", "outcome": "Dörrstängaren är utbytt.",
           "closed_at": "2026-02-11 15:00", "closed_by": "clinic_mgr"}
    row.update(over)
    return row


def test_imp9_org_cases_keep_their_numbers_and_the_series_continue(db, clock):
    w = build_org(db, clock)
    rows = [org_case("OA26070004"), org_case("VA26070002", area="vard_behandling", deficiency="lakemedel",
                                                 status="open", closed_at=None, closed_by=None, outcome=None)]
    dry, done = _import(db, clock, w.admin, "history_org", rows)
    assert done.counts["new"] == 2
    assert org_services.register(db, clock, w.nurse, org_draft()).case_id == "OA26070005"
    case = org_services.get_case(db, clock, w.clinic_mgr, "VA26070002")       # the holder opens it
    assert case["kind"] == "care" and case["status"] == "open" and case["steps"] == []
    assert board.search(db, clock, w.clinic_mgr, BoardFilters(q="arkivsystemet")).total == 2
    assert [e["action"] for e in audit.case_log(db, "OA26070004")] == ["imported"]
    again = service.dry_run(db, clock, w.admin, "history_org", csv_of("history_org", rows), "gamla.csv")
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2, "refused": 0}


def test_imp9_org_rows_refused_with_their_reasons(db, clock):
    w = build_org(db, clock)
    got = _refusals(db, clock, w.admin, "history_org", [
        org_case("OA26070002", area="vard_behandling"),                      # a care area on an OA number
        org_case("OA26070003", deficiency="lakemedel"),                      # not under the area
        org_case("XA26070004"),                                              # pattern
        org_case("OA26070005", affected="staff;hundar"),
        org_case("OA26070006", holder="ingen"),
    ])
    assert got == {2: {("area", "imp.hist.unknown_area"), ("deficiency", "imp.hist.unknown_deficiency")},
                   3: {("deficiency", "imp.hist.unknown_deficiency")},
                   4: {("number", "imp.hist.bad_number_org")},
                   5: {("affected", "imp.hist.bad_affected")},
                   6: {("holder", "imp.hist.unknown_user")}}


# ------------------------------------------------------------------ certificates


def certificate(number: str, **over) -> dict:
    row = {"number": number, "type": "lisjp", "status": "sent", "patient": cert_world.TOLVAN, "unit": cert_world.UNIT,
           "physician": "doc", "created_at": "2026-02-09 09:00", "signed_at": "2026-02-09 09:40",
           "sent_at": "2026-02-09 09:40", "recipient": "FK"}
    row.update(over)
    return row


def test_imp9_certificates_metadata_imported_listed_and_only_read(db, clock):
    w = cert_world.World(db, clock)
    rows = [certificate("IN26070002"), certificate("IN26070003", patient=cert_world.RESERVE, status="signed",
                                                    sent_at=None, recipient=None)]
    _import(db, clock, w.admin, "history_certificates", rows)
    assert w.create() == "IN26070004"                                      # the series continue
    listed = [c["id"] for c in cert_services.list_for_patient(db, clock, w.doc, cert_world.UNIT, cert_world.TOLVAN)]
    assert "IN26070002" in listed
    case = cert_services.get_certificate(db, clock, w.doc, "IN26070002", unit_id=cert_world.UNIT)
    assert case["status"] == "sent" and case["decisions"][CertAction.READ]
    refusals = {a: d.reason for a, d in case["decisions"].items() if a is not CertAction.READ}
    assert set(refusals.values()) == {"cert.imported"}                      # metadata only: no print, send …
    with pytest.raises(Refused) as refused:
        cert_services.print_certificate(db, clock, w.doc, "IN26070002")
    assert refused.value.key == "cert.imported"
    with db.read() as r:
        logged = {x[0] for x in r.cur.execute("SELECT person_id FROM access_log WHERE purpose = 'import'").fetchall()}
    assert logged == {cert_world.TOLVAN, "19850315R001"}


def test_imp9_certificate_rows_refused_with_their_reasons(db, clock):
    w = cert_world.World(db, clock)
    got = _refusals(db, clock, w.admin, "history_certificates", [
        certificate("IN26070002", patient="194001019274"),                    # valid, not in the register
        certificate("IN26070003", type="finns_inte"),
        certificate("IN26070004", signed_at=None),
        certificate("IN26070005", sent_at="2026-02-09 08:00"),                # before the signing
    ])
    assert got == {2: {("patient", "imp.hist.unknown_patient")}, 3: {("type", "imp.hist.unknown_type")},
                   4: {("signed_at", "imp.hist.signed_needs_time")}, 5: {("sent_at", "imp.hist.before_signed")}}


# ------------------------------------------------------------------ insurance


CPH = ZoneInfo("Europe/Copenhagen")


def urgent_case(number: str, office: str, **over) -> dict:
    row = {"number": number, "office": office, "status": "converted", "created_by": "p-always",
           "registered_at": "2026-01-09 22:30", "damage_at": "2026-01-09 21:00", "street": "Nørregade 1",
           "postcode": "8000", "town": "Aarhus", "customer": "Jens Jensen", "contact_name": "Jens Jensen",
           "contact_phone": "+45 20 30 40 50", "short_description": "Vand i kælderen fra arkivet",
           "closed_at": "2026-01-10 08:15", "converted_to": "TF-0999"}
    row.update(over)
    return row


def test_imp9_urgent_and_normal_insurance_cases_imported(db):
    w = UrgentWorld(db)
    clock = FixedClock(datetime(2026, 1, 20, 10, 0, tzinfo=CPH))
    admin = add_user(db, "admin", [Role.ADMIN])
    _import(db, clock, admin, "history_urgent", [urgent_case("AKUT-26-0007", w.office["Always"]),
                                                  urgent_case("AKUT-26-0008", w.office["Beta"], status="open",
                                                              closed_at=None, converted_to=None,
                                                              created_by="p-beta")])
    row = urgent_services.get_case(db, clock, w.insurer, "AKUT-26-0008")
    assert row["kind"] == "urgent" and row["closed_at"] is None and row["company_id"] == w.co_b
    assert w.create() == "AKUT-26-0009"                                     # the year's series continue
    _import(db, clock, admin, "history_claims", [
        {"number": "TF-0999", "insurer": w.ins, "status": "closed", "case_handler": "ins6", "created_by": "ins6",
         "registered_at": "2026-01-10 08:15", "street": "Nørregade 1", "postcode": "8000", "town": "Aarhus",
         "customer": "Jens Jensen", "short_description": "Vand i kælderen", "closed_at": "2026-01-15 12:00"}])
    claim = urgent_services.get_case(db, clock, w.insurer, "TF-0999")
    assert claim["kind"] == "claim" and claim["case_handler"] == "ins6"
    assert board.search(db, clock, w.insurer, BoardFilters(q="arkivet")).total == 2
    got = _refusals(db, clock, admin, "history_claims", [
        {"number": "TF-1001", "insurer": w.ins, "status": "open", "created_by": "ins6",
         "registered_at": "2026-01-10 08:15"},                              # registered in casedesk
        {"number": "TF#1002", "insurer": w.co_a, "status": "open", "created_by": "ins6",
         "registered_at": "2026-01-10 08:15", "postcode": "80000"}])
    assert got == {2: {("number", "imp.hist.registered_here")},
                   3: {("number", "urgent.bad_case_number"), ("insurer", "imp.hist.not_an_insurer"),
                       ("postcode", "md.too_long")}}
