"""Issue 17, organisational deviations (seed 002), on a temp DuckDB: the grounds for reporting
(ORG-8, ORG-9), statistics by ground and the trend (ORG-10), the contact register per unit
(ORG-11) and contacts chosen from it (ORG-12). docs/RULES17.md names the rules."""
from __future__ import annotations

import pytest

from logic import audit
from logic.access import PermissionDenied
from logic.errors import FieldErrors, Refused
from logic.org import services
from logic.org.model import Party
from logic.store import org_repo
from tests.store.test_org_services import (
    World,
    a_draft,
    harmed,
    open_db,
    org_template,  # noqa: F401  (fixture)
    pg_org_template,  # noqa: F401  (fixture)
    version,
)

pytestmark = pytest.mark.both_backends


@pytest.fixture
def db(request, backend, tmp_path):  # the org world's copy where a test uses w (test_org_services)
    database = open_db(request, backend, tmp_path)
    yield database
    database.close()


@pytest.fixture
def w(db, org_template) -> World:  # noqa: F811  (the imported fixture)
    return org_template[1]


def detail(db, case_id: str) -> dict:
    with db.read() as r:
        return org_repo.org_case(r, case_id)


# ------------------------------------------------------------------ ORG-8 grounds when reporting


def test_org_8_grounds_are_the_seeds_six_in_its_order_with_danish_names(db):
    rows = services.grounds(db)
    assert [g["name_sv"] for g in rows] == [
        "Följsamhet till försäkringsmedicinska styrande dokument", "Beteende", "Samarbete med berörda aktörer",
        "Patientsäkerhet", "Tillgänglighet",
        "Följsamhet till den regionala överenskommelsen mellan regionen, Arbetsförmedlingen och Försäkringskassan"]
    assert all(g["name_da"] and g["name_en"] for g in rows)


def test_org_8_an_insurance_medicine_report_needs_at_least_one_ground(db, clock, w):
    with pytest.raises(FieldErrors) as e:
        services.register(db, clock, w.nurse, a_draft(grounds=[]))
    assert e.value.errors == {"grounds": "form.required"}
    with pytest.raises(FieldErrors) as e:
        services.register(db, clock, w.nurse, a_draft(grounds=["samarbete", "påhittad"]))
    assert e.value.errors == {"grounds": "form.invalid"}


def test_org_8_the_chosen_grounds_are_kept_on_the_case_and_in_its_log(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft(grounds=["beteende", "samarbete", "beteende"])).case_id
    assert detail(db, cid)["grounds"] == ["beteende", "samarbete"]
    logged = audit.case_log(db, cid)[0]
    assert logged["action"] == "registered" and logged["after_value"]["grounds"] == ["beteende", "samarbete"]


def test_org_8_other_types_ask_no_grounds_and_keep_none(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft(area="sakerhet", deficiency="hot_vald",
                                                        party=Party.NONE, grounds=[])).case_id
    assert detail(db, cid)["grounds"] is None
    cid = services.register(db, clock, w.nurse, a_draft(area="sakerhet", deficiency="hot_vald",
                                                        party=Party.NONE, grounds=["beteende"])).case_id
    assert detail(db, cid)["grounds"] is None          # a ground left in the form is not stored


def test_org_8_the_linked_care_deviation_gets_no_grounds(db, clock, w):
    reg = services.register(db, clock, w.nurse, harmed(create_linked=True, linked_area="vard_behandling",
                                                       linked_deficiency="vardskada"))
    assert detail(db, reg.case_id)["grounds"] == ["samarbete"]
    assert detail(db, reg.linked_id)["grounds"] is None


# ------------------------------------------------------------------ ORG-9 the manager edits them


def test_org_9_the_handling_manager_changes_the_grounds_logged_before_and_after(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.set_grounds(db, clock, w.clinic_mgr, cid, ["beteende", "patientsakerhet"], version(db, cid))
    assert detail(db, cid)["grounds"] == ["beteende", "patientsakerhet"]
    last = audit.case_log(db, cid)[-1]
    assert (last["action"], last["actor"]) == ("grounds_changed", "clinic_mgr")
    assert last["before_value"] == {"grounds": ["samarbete"]}
    assert last["after_value"] == {"grounds": ["beteende", "patientsakerhet"]}


def test_org_9_grounds_cannot_be_emptied_or_set_by_others_or_on_other_types(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    with pytest.raises(FieldErrors) as e:
        services.set_grounds(db, clock, w.clinic_mgr, cid, [], version(db, cid))
    assert e.value.errors == {"grounds": "form.required"}
    for who in (w.nurse, w.psych_mgr, w.analyst):
        with pytest.raises(PermissionDenied):
            services.set_grounds(db, clock, who, cid, ["beteende"], version(db, cid))
    other = services.register(db, clock, w.nurse, a_draft(area="sakerhet", deficiency="hot_vald",
                                                          party=Party.NONE)).case_id
    with pytest.raises(Refused) as r:
        services.set_grounds(db, clock, w.clinic_mgr, other, ["beteende"], version(db, other))
    assert r.value.key == "org.grounds_not_applicable"
    assert detail(db, cid)["grounds"] == ["samarbete"]


def test_org_9_a_level_above_may_change_the_grounds_once_the_case_reached_it(db, clock, w):
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.escalate(db, clock, w.clinic_mgr, cid, "Olöst.", version(db, cid))
    services.set_grounds(db, clock, w.chair, cid, ["regional_overenskommelse"], version(db, cid))
    assert detail(db, cid)["grounds"] == ["regional_overenskommelse"]


# ------------------------------------------------------------------ ORG-10 statistics by ground


def test_org_10_statistics_count_each_ground_and_cases_without_one(db, clock, w):
    services.register(db, clock, w.nurse, a_draft(grounds=["beteende", "samarbete"]))
    services.register(db, clock, w.nurse, a_draft(grounds=["samarbete"]))
    old = services.register(db, clock, w.nurse, a_draft()).case_id
    with db.tx() as tx:                      # a case from before grounds were asked (migration 0022)
        org_repo.update_org(tx, old, {"grounds": None})
    services.register(db, clock, w.nurse, a_draft(area="sakerhet", deficiency="hot_vald", party=Party.NONE))
    by_ground = services.statistics(db, clock, w.analyst)["by_ground"]
    assert [(r["code"], r["cases"]) for r in by_ground] == [("beteende", 1), ("samarbete", 2), (None, 1)]
    assert by_ground[0]["name_sv"] == "Beteende"


# ------------------------------------------------------------------ ORG-10 the trend


def test_org_10_trend_per_month_by_ground_classification_and_unit_with_names_and_every_month(db, clock, w):
    first = services.register(db, clock, w.nurse, a_draft(grounds=["beteende"])).case_id
    services.escalate(db, clock, w.clinic_mgr, first, "Olöst.", version(db, first))
    clock.advance(days=40)
    services.register(db, clock, w.branch_nurse, a_draft(unit_id="branch", area="sakerhet", deficiency="hot_vald",
                                                         party=Party.NONE))
    by_ground = services.trend(db, clock, w.analyst, services.TrendBy.GROUND)
    assert [(r["month"], r["name_sv"], r["level"], r["cases"]) for r in by_ground["rows"]] == [
        ("2026-02", "Beteende", "committee", 1)]
    assert by_ground["months"] == ["2026-02", "2026-03"]            # through now, months without cases too
    by_type = services.trend(db, clock, w.analyst, services.TrendBy.CLASSIFICATION)
    assert [(r["month"], r["name_sv"]) for r in by_type["rows"]] == [("2026-02", "Försäkringsmedicin"),
                                                                     ("2026-03", "Hot och våld")]
    by_unit = services.trend(db, clock, w.analyst, services.TrendBy.UNIT, services.Level.COMMITTEE)
    assert [r["key"] for r in by_unit["rows"]] == ["clinic"]


def test_org_10_the_trend_is_for_who_sees_the_dashboard(db, clock, w):
    with pytest.raises(PermissionDenied):
        services.trend(db, clock, w.nurse, services.TrendBy.UNIT)


# ------------------------------------------------------------------ ORG-11 the contact register


def person(**over) -> dict:
    row = {"unit_id": "clinic", "role": "investigator", "party": "forsakringskassan", "name": "Ida Utredare",
           "phone": "010-116 00 01", "email": "ida@fk.example.invalid"}
    row.update(over)
    return row


def test_org_11_an_admin_keeps_a_units_register_logged_in_the_security_and_settings_logs(db, clock, w):
    pid = services.save_register_contact(db, clock, w.admin, None, person())
    services.save_register_contact(db, clock, w.admin, None, person(role="unit_contact", name="Kim Kontakt",
                                                                    email=None))
    services.save_register_contact(db, clock, w.admin, pid, person(phone="010-116 00 09"))
    rows = services.register_of(db, w.admin, "clinic")
    assert [(r["role"], r["name"], r["phone"]) for r in rows] == [
        ("investigator", "Ida Utredare", "010-116 00 09"), ("unit_contact", "Kim Kontakt", "010-116 00 01")]
    with db.read() as r:
        events = [e["event"] for e in r.rows("SELECT event FROM security_log ORDER BY id")]
        logged = r.rows("SELECT kind, key, action, before_value, after_value FROM settings_log"
                        " WHERE kind = 'org_register' ORDER BY logged_at, key")
    assert events.count("org_register_saved") == 3
    assert sorted(e["action"] for e in logged) == ["changed", "new", "new"]
    changed = next(e for e in logged if e["action"] == "changed")
    assert changed["key"] == str(pid) and "010-116 00 09" in str(changed["after_value"])
    assert "010-116 00 01" in str(changed["before_value"])


@pytest.mark.parametrize("over, field, key", [
    ({"name": ""}, "name", "form.required"),
    ({"role": "boss"}, "role", "form.invalid"),
    ({"party": None}, "party", "form.required"),
    ({"unit_id": "nowhere"}, "unit_id", "form.invalid"),
    ({"phone": None, "email": None}, "phone", "org.register.needs_reach"),
    ({"phone": "ring mig"}, "phone", "form.bad_phone"),
    ({"email": "ida at fk"}, "email", "form.bad_email"),
])
def test_org_11_a_register_entry_is_checked_field_by_field(db, clock, w, over, field, key):
    with pytest.raises(FieldErrors) as e:
        services.save_register_contact(db, clock, w.admin, None, person(**over))
    assert e.value.errors[field] == key


def test_org_11_only_an_admin_keeps_the_register(db, clock, w):
    for who in (w.clinic_mgr, w.nurse, w.analyst):
        with pytest.raises(PermissionDenied):
            services.save_register_contact(db, clock, who, None, person())


# ------------------------------------------------------------------ ORG-12 contacts from the register


def test_org_12_the_case_offers_its_units_and_the_units_above_in_the_routines_order(db, clock, w):
    services.save_register_contact(db, clock, w.admin, None, person(unit_id="region", role="authority_manager",
                                                                    name="Maja Myndighetschef"))
    services.save_register_contact(db, clock, w.admin, None, person(role="unit_contact", name="Kim Kontakt"))
    services.save_register_contact(db, clock, w.admin, None, person())
    services.save_register_contact(db, clock, w.admin, None, person(unit_id="psych", name="Psyk Utredare"))
    services.save_register_contact(db, clock, w.admin, None, person(name="Gammal Utredare", active=False))
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    case = services.get_case(db, clock, w.clinic_mgr, cid)
    assert [r["name"] for r in case["register"]] == ["Ida Utredare", "Maja Myndighetschef", "Kim Kontakt"]


def test_org_12_a_contact_chosen_from_the_register_takes_its_party_and_name(db, clock, w):
    pid = services.save_register_contact(db, clock, w.admin, None, person(party="arbetsformedlingen"))
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    services.add_contact(db, clock, w.clinic_mgr, cid, party=None, contact_role=None,
                         contacted_on=clock.now().date(), outcome="Utredaren ringer tillbaka.",
                         expected_version=version(db, cid), register_id=pid)
    contact = services.get_case(db, clock, w.clinic_mgr, cid)["contacts"][0]
    assert (contact["party"], contact["contact_role"], contact["register_id"], contact["register_role"]) == \
        ("arbetsformedlingen", "Ida Utredare", pid, "investigator")
    assert audit.case_log(db, cid)[-1]["after_value"]["register_id"] == pid


def test_org_12_a_typed_contact_still_works_and_one_of_another_unit_is_refused(db, clock, w):
    other = services.save_register_contact(db, clock, w.admin, None, person(unit_id="psych"))
    cid = services.register(db, clock, w.nurse, a_draft()).case_id
    with pytest.raises(FieldErrors) as e:
        services.add_contact(db, clock, w.clinic_mgr, cid, party=None, contact_role=None,
                             contacted_on=clock.now().date(), outcome="x", expected_version=version(db, cid),
                             register_id=other)
    assert e.value.errors == {"contact_register": "org.register.not_for_unit"}
    services.add_contact(db, clock, w.clinic_mgr, cid, party=Party.FK, contact_role="Berörd försäkringsutredare",
                         contacted_on=clock.now().date(), outcome="Löst.", expected_version=version(db, cid))
    contact = services.get_case(db, clock, w.clinic_mgr, cid)["contacts"][0]
    assert (contact["contact_role"], contact["register_id"]) == ("Berörd försäkringsutredare", None)
