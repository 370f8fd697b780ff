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
from tests.store.test_org_services import World, a_draft, build, harmed, version


@pytest.fixture
def w(db, clock) -> World:
    return build(db, clock)


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
