"""ORG rules as pure functions: the report check (ORG-2, ORG-3, ORG-7), routing (ORG-4), the
decisions of each level (ORG-6) and who may see and act (case_rule)."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from logic.access import Action, Role, Scope, User, decide
from logic.org import message_texts, rules
from logic.org.model import Affected, Arrival, Entry, Level, OrgDraft, Party, Status, StepMove

NOW = datetime(2026, 11, 20, 12, 0)

NODES = {n.code: n for n in [
    rules.Node("verksamhet", None, "org", "Verksamhet/organisation", "Operations"),
    rules.Node("forsakringsmedicin", "verksamhet", "org", "Försäkringsmedicin", "Insurance medicine",
               guidance_sv="Brister i följsamhet …", ladder=True),
    rules.Node("bemanning", "verksamhet", "org", "Bemanning", "Staffing"),
    rules.Node("sakerhet", None, "org", "Säkerhet", "Safety"),
    rules.Node("hot_vald", "sakerhet", "org", "Hot och våld", "Threats"),
    rules.Node("vard_behandling", None, "care", "Vård och behandling", "Care"),
    rules.Node("vardskada", "vard_behandling", "care", "Vårdskada", "Care injury"),
]}

# unit tree: region (manager boss) > area (manager area_mgr) > clinic (manager clinic_mgr)
#                                          > branch (no manager)
UNITS = {
    "region": {"id": "region", "parent_id": None, "manager": "boss"},
    "area": {"id": "area", "parent_id": "region", "manager": "area_mgr"},
    "clinic": {"id": "clinic", "parent_id": "area", "manager": "clinic_mgr"},
    "branch": {"id": "branch", "parent_id": "area", "manager": None},
    "orphan": {"id": "orphan", "parent_id": None, "manager": None},
    "loop_a": {"id": "loop_a", "parent_id": "loop_b", "manager": None},
    "loop_b": {"id": "loop_b", "parent_id": "loop_a", "manager": None},
}
MANAGERS = {"boss", "area_mgr", "clinic_mgr"}


def a_draft(**overrides) -> OrgDraft:
    values = dict(
        entry=Entry.ENVIRONMENT, unit_id="clinic", area="verksamhet", deficiency="forsakringsmedicin",
        title="Intyg avvisat", what_happened="Försäkringskassan avvisade intyget.",
        occurred_date=date(2026, 11, 18), occurred_time=time(9, 30), location="Mottagningen",
        affected=[Affected.ORGANISATION], party=Party.FK, patient_harmed=False,
        grounds=["samarbete"])
    values.update(overrides)
    return OrgDraft(**values)


def ctx(**overrides) -> rules.CheckContext:
    values = dict(now_local=NOW, user_units=["clinic", "branch"], nodes=NODES, routed_to="clinic_mgr",
                  grounds=frozenset({"samarbete", "beteende"}))
    values.update(overrides)
    return rules.CheckContext(**values)


# ------------------------------------------------------------------ ORG-2 / ORG-3


def test_org2_complete_report_has_no_errors():
    assert rules.check(a_draft(), ctx()) == {}


def test_org2_area_then_type_of_deficiency_both_required():
    errors = rules.check(a_draft(area=None, deficiency=None), ctx())
    assert errors["area"] == "form.required" and errors["deficiency"] == "form.required"


@pytest.mark.parametrize("area, deficiency, field, key", [
    ("forsakringsmedicin", "bemanning", "area", "org.area_invalid"),            # a type is not an area
    ("vard_behandling", "vardskada", "area", "org.area_invalid"),               # the care tree, not this entry's
    ("sakerhet", "forsakringsmedicin", "deficiency", "org.deficiency_not_in_area"),
    ("verksamhet", "retired_type", "deficiency", "org.deficiency_not_in_area"),  # inactive / unknown
])
def test_org2_type_must_belong_to_the_chosen_area_of_the_entry(area, deficiency, field, key):
    assert rules.check(a_draft(area=area, deficiency=deficiency), ctx())[field] == key


def test_org2_tree_helpers_give_areas_of_an_entry_and_types_of_an_area():
    assert [n.code for n in rules.areas(NODES, Entry.ENVIRONMENT)] == ["sakerhet", "verksamhet"]
    assert [n.code for n in rules.areas(NODES, Entry.CARE)] == ["vard_behandling"]
    assert {n.code for n in rules.types_of(NODES, "verksamhet")} == {"forsakringsmedicin", "bemanning"}


def test_org3_insurance_medicine_type_carries_guidance_and_the_ladder():
    node = NODES["forsakringsmedicin"]
    assert node.guidance("sv") and node.ladder


@pytest.mark.parametrize("field", ["title", "what_happened", "location", "occurred_date"])
def test_org_report_required_fields(field):
    assert rules.check(a_draft(**{field: None}), ctx())[field] == "form.required"


def test_org_report_event_not_in_the_future():
    assert rules.check(a_draft(occurred_date=date(2026, 11, 21)), ctx())["occurred_date"] == "org.in_future"
    assert rules.check(a_draft(occurred_date=date(2026, 11, 20), occurred_time=time(13, 0)),
                       ctx())["occurred_date"] == "org.in_future"
    assert "occurred_date" not in rules.check(a_draft(occurred_date=date(2026, 11, 20), occurred_time=None), ctx())


def test_org_report_collaboration_party_required_for_the_environment_entry_only():
    assert rules.check(a_draft(party=None), ctx())["party"] == "form.required"
    assert rules.check(a_draft(party=Party.OTHER), ctx())["party_other"] == "form.required"
    care = a_draft(entry=Entry.CARE, area="vard_behandling", deficiency="vardskada", party=None)
    assert rules.check(care, ctx()) == {}


def test_org4_unit_must_be_the_reporters_and_have_a_manager():
    assert rules.check(a_draft(unit_id="region"), ctx())["unit_id"] == "org.unit_not_yours"
    assert rules.check(a_draft(), ctx(routed_to=None))["unit_id"] == "org.no_manager"


# ------------------------------------------------------------------ ORG-7


def test_org7_patient_harm_needs_patient_among_affected_and_a_description():
    errors = rules.check(a_draft(patient_harmed=True), ctx())
    assert errors["affected"] == "org.harm_needs_patient"
    assert errors["harm_description"] == "form.required"
    assert rules.offer_linked(a_draft(patient_harmed=True))
    assert not rules.offer_linked(a_draft(patient_harmed=False))


def test_org7_linked_deviation_only_when_a_patient_was_harmed():
    errors = rules.check(a_draft(create_linked=True, linked_area="vard_behandling",
                                 linked_deficiency="vardskada"), ctx())
    assert errors == {"create_linked": "org.link_needs_harm"}


def test_org7_linked_care_deviation_is_classified_in_the_care_tree():
    harmed = dict(patient_harmed=True, affected=[Affected.PATIENT], harm_description="Utan ersättning.",
                  create_linked=True)
    assert rules.check(a_draft(**harmed, linked_area="vard_behandling", linked_deficiency="vardskada"), ctx()) == {}
    wrong = rules.check(a_draft(**harmed, linked_area="verksamhet", linked_deficiency="bemanning"), ctx())
    assert wrong["linked_area"] == "org.area_invalid"
    missing = rules.check(a_draft(**harmed), ctx())
    assert missing["linked_area"] == "form.required" and missing["linked_deficiency"] == "form.required"


def test_org7_linked_org_deviation_from_the_care_entry_needs_the_party():
    draft = a_draft(entry=Entry.CARE, area="vard_behandling", deficiency="vardskada", party=None,
                    patient_harmed=True, affected=[Affected.PATIENT], harm_description="Fel dos.",
                    create_linked=True, linked_area="verksamhet", linked_deficiency="forsakringsmedicin")
    assert rules.check(draft, ctx()) == {"party": "form.required"}


# ------------------------------------------------------------------ ORG-4 routing


@pytest.mark.parametrize("start, expected", [
    ("clinic", ("clinic", "clinic_mgr")),     # the unit's own manager
    ("branch", ("area", "area_mgr")),         # no manager of its own: walk up
    ("orphan", None),                         # nobody up the tree
    ("loop_a", None),                         # a broken tree never loops forever
    ("nowhere", None),
])
def test_org4_nearest_manager_walks_up_the_unit_tree(start, expected):
    assert rules.nearest_manager(start, UNITS, MANAGERS.__contains__) == expected


def test_org4_a_manager_who_cannot_act_is_skipped():
    assert rules.nearest_manager("clinic", UNITS, {"area_mgr", "boss"}.__contains__) == ("area", "area_mgr")


def test_org4_report_goes_to_the_nearest_manager():
    found = rules.route("nurse", "clinic", UNITS, MANAGERS.__contains__)
    assert found == rules.Route("clinic", "clinic_mgr", Arrival.ROUTED)


def test_org4_reporter_who_is_the_manager_gets_it_herself():
    found = rules.route("clinic_mgr", "clinic", UNITS, MANAGERS.__contains__)
    assert found == rules.Route("clinic", "clinic_mgr", Arrival.ROUTED_SELF)


# ------------------------------------------------------------------ ORG-6 decisions


@pytest.mark.parametrize("status, level, ladder, expected", [
    ("open", "manager", True, [StepMove.FORWARD, StepMove.ESCALATE, StepMove.LEARNING, StepMove.CLOSE]),
    ("open", "committee", True, [StepMove.ESCALATE, StepMove.LEARNING, StepMove.CLOSE]),
    ("open", "forum", True, [StepMove.ESCALATE, StepMove.LEARNING, StepMove.CLOSE]),
    ("open", "group", True, [StepMove.CLOSE]),                                  # top of the ladder
    ("learning", "committee", True, [StepMove.LEARNING, StepMove.CLOSE]),       # resolved: no "unresolved" lift
    ("learning", "group", True, [StepMove.CLOSE]),
    ("open", "manager", False, [StepMove.FORWARD, StepMove.CLOSE]),             # no ladder for this type
    ("closed", "committee", True, []),
])
def test_org6_decisions_per_level(status, level, ladder, expected):
    assert rules.decisions(status, level, ladder) == expected


@pytest.mark.parametrize("decision, status, level, ladder, key", [
    (StepMove.FORWARD, "open", "committee", True, "org.forward_only_manager"),
    (StepMove.ESCALATE, "open", "group", True, "org.top_of_ladder"),
    (StepMove.ESCALATE, "learning", "committee", True, "org.already_resolved"),
    (StepMove.ESCALATE, "open", "manager", False, "org.no_ladder"),
    (StepMove.CLOSE, "closed", "manager", True, "org.closed"),
])
def test_org6_refusals_name_the_reason(decision, status, level, ladder, key):
    assert rules.decision_refusal(decision, status, level, ladder) == key


def test_org6_ladder_order():
    assert [lv.next for lv in Level] == [Level.COMMITTEE, Level.FORUM, Level.GROUP, None]


# ------------------------------------------------------------------ who may see and act


def user(name: str, *roles: Role, units: tuple[str, ...] = (), managed: tuple[str, ...] = (),
         handled: tuple[str, ...] = ()) -> User:
    """A user; `managed`, `handled`: the scopes logic.org.services loads with a real user."""
    return User(username=name, name=name.title(), roles=frozenset(roles), units=units,
                scopes=((rules.HANDLED, Scope(frozenset(handled))), (rules.MANAGED, Scope(frozenset(managed)))))


HOLDERS = {"committee": "chair", "forum": "forum_lead", "group": "group_lead"}


def a_case(level: str = "manager", assignee: str = "clinic_mgr", status: str = "open", **extra) -> dict:
    return {"id": "OA26470001", "kind": "org", "status": status, "created_by": "nurse",
            "assignee": assignee, "unit_id": "clinic", "org_level": level, "org_ladder_applies": True,
            "org_holders": HOLDERS, **extra}


@pytest.mark.parametrize("who, may_act", [
    (user("clinic_mgr", Role.MANAGER), True),          # the current handler
    (user("chair", Role.ORG_LADDER), True),             # above on the ladder
    (user("group_lead", Role.ORG_LADDER), True),
    (user("area_mgr", Role.MANAGER), False),            # a manager above in the unit tree reads only
    (user("other_mgr", Role.MANAGER), False),
    (user("nurse", Role.REPORTER), False),              # the reporter follows, read-only
])
def test_org6_current_handler_and_levels_above_may_act(who, may_act):
    assert decide(who, Action.HANDLE_ORG, a_case()).allowed is may_act


def test_org6_lower_levels_may_no_longer_act_once_it_is_lifted():
    case = a_case(level="forum", assignee="forum_lead")
    assert not decide(user("clinic_mgr", Role.MANAGER, handled=("OA26470001",)), Action.HANDLE_ORG, case)
    refused = decide(user("chair", Role.ORG_LADDER), Action.HANDLE_ORG, case)
    assert refused.reason == "org.not_handler"
    assert decide(user("chair", Role.ORG_LADDER), Action.VIEW_CASE, case)   # still reads it
    assert decide(user("group_lead", Role.ORG_LADDER), Action.HANDLE_ORG, case)


def test_org6_holders_above_act_only_where_the_ladder_applies():
    case = a_case(org_ladder_applies=False)
    assert not decide(user("chair", Role.ORG_LADDER), Action.HANDLE_ORG, case)


def test_org_closed_case_nobody_acts():
    case = a_case(status=Status.CLOSED.value)
    assert decide(user("clinic_mgr", Role.MANAGER), Action.HANDLE_ORG, case).reason == "org.closed"


@pytest.mark.parametrize("who, sees", [
    (user("nurse", Role.REPORTER), True),                          # reporter
    (user("area_mgr", Role.MANAGER, managed=("clinic",)), True),   # manager up the unit tree
    (user("prev_mgr", Role.MANAGER, handled=("OA26470001",)), True),  # an earlier handler
    (user("area_mgr", Role.MANAGER, managed=("other",)), False),
    (user("unit_mgr", Role.MANAGER, units=("clinic",)), True),     # manager of the case's unit
    (user("chair", Role.ORG_LADDER), True),                        # ladder holders
    (user("analyst", Role.ANALYST), True),                         # statistics, read-only
    (user("colleague", Role.REPORTER, units=("clinic",)), False),  # a colleague does not
    (user("other_mgr", Role.MANAGER, units=("elsewhere",)), False),
    (user("tech", Role.CENTRE_STAFF), False),
])
def test_org_visibility_per_role_and_unit(who, sees):
    assert decide(who, Action.VIEW_CASE, a_case()).allowed is sees


def test_x4_org_managed_units_are_the_units_below_the_ones_the_user_manages():
    tree = {"region": {"manager": "boss", "parent_id": None}, "area": {"manager": "area_mgr", "parent_id": "region"},
            "clinic": {"manager": None, "parent_id": "area"}, "other": {"manager": "other_mgr", "parent_id": "region"},
            "loop": {"manager": None, "parent_id": "loop"}}
    assert rules.managed_units(tree, "boss") == {"region", "area", "clinic", "other"}
    assert rules.managed_units(tree, "area_mgr") == {"area", "clinic"}
    assert rules.managed_units(tree, "nobody") == set()
    assert rules.unit_managers(tree, "clinic") == ["area_mgr", "boss"]


def test_org_plain_cases_row_from_the_board_is_enough_to_decide():
    row = {"id": "OA26470001", "kind": "org", "status": "open", "created_by": "nurse",
           "assignee": "clinic_mgr", "unit_id": "clinic"}
    assert decide(user("clinic_mgr", Role.MANAGER), Action.VIEW_CASE, row)
    assert decide(user("clinic_mgr", Role.MANAGER), Action.HANDLE_ORG, row)
    assert not decide(user("stranger", Role.REPORTER), Action.VIEW_CASE, row)
    assert decide(user("nurse", Role.REPORTER), Action.VIEW_CASE, {**row, "kind": "care"})


# ------------------------------------------------------------------ numbers and messages


def test_org_numbers_follow_iso_week_with_own_prefixes():
    assert rules.case_number("OA", date(2026, 11, 20), 1) == "OA26470001"
    assert rules.case_number("VA", date(2026, 2, 12), 12) == "VA26070012"
    assert rules.case_number("OA", date(2027, 1, 1), 3) == "OA26530003"     # ISO year 2026, week 53
    with pytest.raises(ValueError):
        rules.case_number("OA", date(2026, 11, 20), 10000)


def test_org_messages_name_the_case_and_the_level():
    assert message_texts.msg_closed(Entry.ENVIRONMENT, "OA26470001") == "Organisatorisk avvikelse OA26470001 är avslutad."
    assert message_texts.msg_escalated(Entry.ENVIRONMENT, "OA26470001", Level.COMMITTEE) == \
        "Organisatorisk avvikelse OA26470001 har lyfts till Försäkringsmedicinska kommittén."
    assert "vårdavvikelse" in message_texts.msg_closed(Entry.CARE, "VA26470001").lower()
