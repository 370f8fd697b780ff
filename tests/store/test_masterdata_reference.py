"""ADM-9: the reference data that had screens of their own — deviation categories (DEV-6), the
ORG classification (ORG-2), the ladder's holders (ORG-6) and the certificate prerequisites
(CERT-2) — as kinds of master data: imported and edited in the grid, idempotent, refused with
the old screens' own rules, moving open cases as the old screen does, and in the settings log
from either path."""
from __future__ import annotations

import pytest

from logic.access import PermissionDenied, Role
from logic.certificates import services as cert_services
from logic.deviations import services as dev_services
from logic.deviations.model import EventType
from logic.importer import service
from logic.masterdata import plan as md
from logic.masterdata import reads
from logic.registry import kind
from logic.masterdata.spec import CHANGED, NEW, UNCHANGED
from logic.org import services as org_services
from tests.conftest import add_unit, add_user
from tests.store.test_org_services import a_draft, build, case_row, inbox, version

pytestmark = pytest.mark.both_backends

CATEGORIES = kind("categories")
NODES = kind("org_classification")
LADDER = kind("org_ladder")
RIGHTS = kind("cert_rights")
UNITS = kind("units")


@pytest.fixture
def admin(db):
    return add_user(db, "admin", [Role.ADMIN])


def errors(plan) -> list[list[tuple]]:
    return [[(e.column, e.key) for e in r.errors] for r in plan.rows]


# ------------------------------------------------------------------ DEV-6 categories


CATEGORIES_CSV = ("Händelsetyp;Kod;Namn (svenska);Namn (engelska);Kräver följesedelsnummer;Sortering;Aktiv\r\n"
                  "reklamation;Emballage;Skadad förpackning;;ja;90;ja\r\n"
                  "tillbud;halka;Halkrisk;Slip risk;nej;;\r\n").encode("utf-8-sig")


def test_adm9_dev6_categories_imported_once_then_unchanged(db, clock, admin):
    dry = service.dry_run(db, clock, admin, "categories", CATEGORIES_CSV, "kategorier.csv")
    assert dry.counts == {"new": 2, "changed": 0, "unchanged": 0, "refused": 0}, dry.plan.refused
    service.run(db, clock, admin, "categories", CATEGORIES_CSV, "kategorier.csv", dry.mapping, dry.fingerprint)
    stored = dev_services.categories_for(db, EventType.COMPLAINT)["emballage"]
    assert stored.requires_delivery_ref and stored.name_en == "Skadad förpackning"
    assert "halka" in dev_services.categories_for(db, EventType.INCIDENT)
    again = service.dry_run(db, clock, admin, "categories", CATEGORIES_CSV, "kategorier.csv")
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2, "refused": 0}


def test_adm9_dev6_a_code_in_capitals_finds_the_stored_lower_case_category(db, clock, admin):
    dev_services.save_category(db, clock, admin, event_type=EventType.COMPLAINT, code="emballage",
                               name_sv="Emballage", name_en="Packaging", requires_delivery_ref=False, sort=1,
                               active=True)
    plan = md.preview(db, admin, CATEGORIES, [{"event_type": "reklamation", "code": "EMBALLAGE", "active": "nej"}])
    assert plan.rows[0].status == CHANGED and plan.rows[0].changes() == {"active": (True, False)}


def test_adm9_dev6_bad_categories_are_refused_by_the_forms_rule(db, clock, admin):
    plan = md.save_rows(db, clock, admin, CATEGORIES, [
        {"event_type": "reklamation", "code": "a-b", "name_sv": "X"},
        {"event_type": "reklamation", "code": "ok", "name_sv": ""},
        {"event_type": "olycka", "code": "ok2", "name_sv": "X"},
        {"event_type": "reklamation", "code": "fine", "name_sv": "Fine"}])
    assert errors(plan) == [[("code", "form.invalid")], [("name_sv", "form.required")],
                            [("event_type", "md.categories.bad_event_type")], []]
    assert "fine" not in dev_services.categories_for(db, EventType.COMPLAINT)


def test_adm9_adm3_the_category_form_and_the_grid_both_write_the_settings_log(db, clock, admin):
    dev_services.save_category(db, clock, admin, event_type=EventType.COMPLAINT, code="emballage",
                               name_sv="Emballage", name_en="Packaging", requires_delivery_ref=False, sort=1,
                               active=True)
    md.save_rows(db, clock, admin, CATEGORIES, [{"event_type": "reklamation", "code": "emballage", "sort": "5"}])
    log = reads.settings_log(db, admin, "categories")
    assert [(e["key"], e["action"], e["source"]) for e in log] == [
        ("reklamation/emballage", "changed", "screen"), ("reklamation/emballage", "new", "screen:admin")]
    assert log[0]["before_value"] == {"sort": 1} and log[0]["after_value"] == {"sort": 5}


# ------------------------------------------------------------------ ORG-2 classification


def test_adm9_org2_a_file_with_a_new_area_and_its_types_in_any_order(db, clock, admin):
    rows = [{"code": "tolk_boka", "parent_code": "Tolkar", "name_sv": "Tolkbokning", "ladder": "ja"},
            {"code": "Tolkar", "entry": "care", "name_sv": "Tolkar"}]
    plan = md.save_rows(db, clock, admin, NODES, rows)
    assert [r.status for r in plan.rows] == [NEW, NEW], errors(plan)
    nodes = org_services.classification(db)
    assert nodes["tolk_boka"].parent_code == "tolkar" and nodes["tolk_boka"].entry == "care"
    assert nodes["tolk_boka"].ladder and nodes["tolk_boka"].name_en == "Tolkbokning"
    assert [r.status for r in md.preview(db, admin, NODES, rows).rows] == [UNCHANGED, UNCHANGED]


@pytest.mark.parametrize("row, expected", [
    ({"code": "bad code", "parent_code": "verksamhet", "name_sv": "X"}, [("code", "org.bad_code")]),
    ({"code": "ny", "parent_code": "forsakringsmedicin", "name_sv": "X"}, [("parent_code", "org.parent_not_area")]),
    ({"code": "ny", "name_sv": "X"}, [("entry", "form.required")]),
    ({"code": "ny", "parent_code": "verksamhet", "name_sv": ""}, [("name_sv", "form.required")]),
    ({"code": "verksamhet", "parent_code": "sakerhet"}, [("parent_code", "org.area_has_types")]),
    ({"code": "forsakringsmedicin", "parent_code": None, "entry": "org"}, [("parent_code", "org.type_stays_type")]),
    ({"code": "ny", "entry": "org", "name_sv": "X", "ladder": "ja"}, [("ladder", "org.ladder_only_types")]),
    ({"code": "ny", "entry": "miljö", "name_sv": "X"}, [("entry", "md.org_classification.bad_entry")]),
])
def test_adm9_org2_bad_tree_rows_are_refused_by_the_admin_pages_rule(db, clock, admin, row, expected):
    plan = md.save_rows(db, clock, admin, NODES, [row])
    assert errors(plan) == [expected]
    assert "ny" not in org_services.classification(db, active_only=False)


def test_adm9_org2_the_tree_form_and_the_grid_write_the_settings_log(db, clock, admin):
    org_services.save_node(db, clock, admin, code="tolk", parent_code="verksamhet", entry=None,
                           name_sv="Tolkbokning", name_en="Interpreter booking")
    md.save_rows(db, clock, admin, NODES, [{"code": "tolk", "active": "nej"}])
    log = reads.settings_log(db, admin, "org_classification")
    assert [(e["key"], e["source"]) for e in log] == [("tolk", "screen"), ("tolk", "screen:org_admin")]
    assert log[0]["after_value"] == {"active": False}


# ------------------------------------------------------------------ ORG-6 ladder holders


def test_adm9_org6_a_new_holder_from_the_grid_takes_over_the_levels_open_cases(db, clock):
    w = build(db, clock)
    cid = org_services.register(db, clock, w.nurse, a_draft()).case_id
    org_services.escalate(db, clock, w.clinic_mgr, cid, "Olöst.", version(db, cid))
    new_chair = add_user(db, "new_chair", [Role.ORG_LADDER], ["region"], name="Nils Nyordförande")
    rows = [{"level": "committee", "username": "new_chair", "title": "Ordförande"}]
    dry = md.preview(db, w.admin, LADDER, rows)
    assert [(n.key, n.params) for _, n in dry.notes] == [
        ("md.org_ladder.moves", {"n": 1, "to": "Nils Nyordförande", "cases": cid})]
    md.save_rows(db, clock, w.admin, LADDER, rows)
    assert case_row(db, cid)["assignee"] == "new_chair"
    case = org_services.get_case(db, clock, new_chair, cid)
    assert case["may_act"] and case["steps"][-1]["arrival"] == "reassigned"
    assert any(cid in s for s in inbox(db, w.nurse))
    assert [r.status for r in md.preview(db, w.admin, LADDER, rows).rows] == [UNCHANGED]


def test_adm9_org6_ladder_rows_are_refused_by_the_admin_pages_rule(db, clock):
    w = build(db, clock, holders=False)
    listed = reads.stored_rows(db, w.admin, LADDER)
    assert [(r["level"], r["username"]) for r in listed] == [("committee", None), ("forum", None), ("group", None)]
    plan = md.save_rows(db, clock, w.admin, LADDER, [
        {"level": "forum", "username": "nurse"}, {"level": "manager", "username": "chair"},
        {"level": "group", "username": ""}, {"level": "committee", "username": "CHAIR"}])
    assert errors(plan) == [[("username", "org.holder_needs_role")], [("level", "md.org_ladder.bad_level")],
                            [("username", "form.required")], []]
    assert org_services.holders(db) == {}


def test_adm9_adm3_the_ladder_form_and_the_grid_write_the_settings_log(db, clock):
    w = build(db, clock)                       # the form named the three holders
    md.save_rows(db, clock, w.admin, LADDER, [{"level": "forum", "username": "chair"}])
    log = reads.settings_log(db, w.admin, "org_ladder")
    assert log[0]["source"] == "screen" and log[0]["before_value"] == {"username": "forum_lead"}
    assert {e["key"] for e in log if e["source"] == "screen:org_admin"} == {"committee", "forum", "group"}


# ------------------------------------------------------------------ CERT-2 prerequisites


@pytest.fixture
def doc(db):
    add_unit(db, "vc1", code="1012", workplace_code="4711012")
    add_unit(db, "vc2")
    return add_user(db, "doc", [Role.PHYSICIAN], ["vc1"], prescriber_code="LK0001")


def test_adm9_cert2_rights_imported_with_care_units_by_code_then_unchanged(db, clock, admin, doc):
    csv = "Användarnamn;Skyddad yrkestitel;Använda Webcert;Vårdmedarbetaruppdrag (enheter)\r\ndoc;Läkare;ja;1012\r\n"
    data = csv.encode("utf-8")
    dry = service.dry_run(db, clock, admin, "cert_rights", data, "behorighet.csv")
    assert dry.counts["changed"] == 1, dry.plan.refused          # every physician is listed, so: changed
    service.run(db, clock, admin, "cert_rights", data, "behorighet.csv", dry.mapping, dry.fingerprint)
    # what is left is the unit's own prerequisite (CERT-18), not the physician's
    assert cert_services.missing_prerequisites(db, doc, "vc1") == ["cert.pre.service_contract"]
    cert_services.set_service_contract(db, clock, admin, "vc1", True)
    assert cert_services.missing_prerequisites(db, doc, "vc1") == []
    assert service.dry_run(db, clock, admin, "cert_rights", data, "behorighet.csv").counts["unchanged"] == 1


def test_adm9_cert2_rights_rows_are_refused_by_the_admin_pages_rule(db, clock, admin, doc):
    plan = md.save_rows(db, clock, admin, RIGHTS, [
        {"username": "ghost", "protected_title": "Läkare"},
        {"username": "doc", "protected_title": "Trollkarl"},
        {"username": "doc2", "care_units": "vc2"}])
    add_user(db, "doc2", [Role.PHYSICIAN], ["vc1"])
    assert errors(plan) == [[("username", "users.not_found")], [("protected_title", "cert.pre.title_unknown")],
                            [("username", "users.not_found")]]
    plan = md.save_rows(db, clock, admin, RIGHTS, [{"username": "doc2", "care_units": "vc2"}])
    assert errors(plan) == [[("care_units", "cert.pre.care_not_member")]]
    with pytest.raises(PermissionDenied):
        md.save_rows(db, clock, doc, RIGHTS, [{"username": "doc", "webcert": "ja"}])


def test_adm9_cert2_the_workplace_code_in_the_units_kind_follows_the_certificate_rule(db, clock, admin, doc):
    plan = md.save_rows(db, clock, admin, UNITS, [{"id": "vc2", "workplace_code": "47-11"}])
    assert errors(plan) == [[("workplace_code", "cert.workplace_code_invalid")]]
    cert_services.set_workplace_code(db, clock, admin, "vc2", "4711002")
    log = reads.settings_log(db, admin, "units")
    assert (log[0]["key"], log[0]["after_value"], log[0]["source"]) == ("vc2", {"workplace_code": "4711002"},
                                                                        "screen:cert_rights")


def test_adm9_adm3_the_rights_form_writes_the_settings_log(db, clock, admin, doc):
    cert_services.set_rights(db, clock, admin, "doc", protected_title="Läkare", webcert=True, care_units=["vc1"])
    log = reads.settings_log(db, admin, "cert_rights")
    assert log[0]["source"] == "screen:cert_rights"
    assert log[0]["before_value"] == {"protected_title": None, "webcert": False, "care_units": []}
    assert log[0]["after_value"] == {"protected_title": "Läkare", "webcert": True, "care_units": ["vc1"]}
