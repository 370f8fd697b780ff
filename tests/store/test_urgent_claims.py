"""URG-13 … URG-20 (docs/RULES17.md, "Insurance: the normal case"): the insurer's own normal case —
Ny sag, Sæt i bero / Genoptag, Luk, Slet sagen, Erstatningsbeslutning, Sagsbehandler — on a
temporary DuckDB file with fixed clocks."""
from __future__ import annotations

from datetime import date

import pytest

from logic.access import PermissionDenied
from logic.board import service as board
from logic.board.filters import BoardFilters
from logic.errors import Conflict, FieldErrors, Refused
from logic.urgent import report, services
from logic.urgent.model import ClaimDraft
from logic.users import load_user
from tests.store.test_urgent_services import PDF, PNG, WEEKDAY_INSIDE, WEEKDAY_OUTSIDE, World, at

pytestmark = pytest.mark.both_backends

NOW = at(*WEEKDAY_INSIDE)


@pytest.fixture
def w(db) -> World:
    return World(db)


def _draft(**extra) -> ClaimDraft:
    values = dict(case_number="tf-3001", street="Irlandsvej 80", postcode="2300", town="København S",
                  customer="Bente Larsen", contact_name="Bente Larsen", contact_phone="+45 11 11 11 11",
                  short_description="Vand i kælderen", damage_date=date(2026, 11, 20), case_handler="ins5")
    values.update(extra)
    return ClaimDraft(**values)


def _case(w: World, case_id: str = "TF-1001", user=None) -> dict:
    return services.get_case(w.db, NOW, user or w.insurer, case_id)


def _events(w: World, case_id: str) -> list[dict]:
    return _case(w, case_id)["events"]


def _with_partner_content(w: World) -> tuple[str, dict]:
    """A normal case made from an urgent case of the Always office, with tasks, a report and files."""
    clock = at(*WEEKDAY_OUTSIDE)
    urgent = w.create(first_aid_office=w.office["Always"], inspection_office=w.office["Always"])
    tasks = {t["kind"]: t["id"] for t in services.get_case(w.db, clock, w.insurer, urgent)["tasks"]}
    services.report_on_task(w.db, clock, w.partner["Always"], tasks["first_aid"], "Affugter opstillet.")
    services.upload_attachment(w.db, clock, w.partner["Always"], tasks["first_aid"], "foto.png", PNG)
    services.upload_attachment(w.db, clock, w.partner["Always"], tasks["first_aid"], "rapport.pdf", PDF)
    case_id = services.convert_to_normal(w.db, clock, w.insurer, urgent, "TF-4001", "ins6", w.version(urgent))
    return case_id, tasks


# ------------------------------------------------------------------ URG-13 Ny sag


def test_urg_13_insurer_creates_a_normal_case_with_its_case_handler(w, db):
    case_id = services.create_case(db, NOW, w.insurer, _draft())
    assert case_id == "TF-3001"
    case = _case(w, case_id)
    assert case["kind"] == "claim" and case["status"] == "open" and case["closed_at"] is None
    assert case["insurer_id"] == w.ins and case["case_handler"] == "ins5" and case["assignee"] == "ins5"
    assert case["title"] == "Irlandsvej 80, 2300 København S" and case["customer"] == "Bente Larsen"
    assert case["contact_phone"] == "+45 11 11 11 11" and case["damage_at"] is not None
    assert [e["action"] for e in case["events"]] == ["claim_created"]
    assert case["events"][0]["actor"] == "ins6"
    with db.read() as r:       # the handler is told
        assert r.scalar("SELECT count(*) FROM messages WHERE recipient = 'ins5' AND case_id = ?", [case_id]) == 1
    # it is on the insurer's case list, never another insurer's
    assert case_id in [r["id"] for r in services.list_cases(db, NOW, w.insurer)]
    assert case_id not in [r["id"] for r in services.list_cases(db, NOW, w.stranger)]


def test_urg_13_partners_may_not_create_a_normal_case(w, db):
    with pytest.raises(PermissionDenied):
        services.create_case(db, NOW, w.partner["Always"], _draft())
    assert services.claim_insurers(db, w.partner["Always"]) == []
    assert [i["id"] for i in services.claim_insurers(db, w.insurer)] == [w.ins]
    assert {h["username"] for h in services.claim_insurers(db, w.insurer)[0]["handlers"]} == {"ins5", "ins6"}


def test_urg_13_each_field_is_checked_at_its_field(w, db):
    with pytest.raises(FieldErrors) as e:
        services.create_case(db, NOW, w.insurer, ClaimDraft())
    assert e.value.errors == {f: "form.required" for f in (
        "case_number", "street", "postcode", "town", "customer", "short_description", "damage_date",
        "case_handler")}
    with pytest.raises(FieldErrors) as e:
        services.create_case(db, NOW, w.insurer, _draft(
            case_number="tf 1", postcode="23", contact_phone="abc", contact_email="x@", building_year=3000,
            damage_date=date(2026, 11, 25), case_handler="ins-x"))
    assert e.value.errors == {"case_number": "urgent.bad_case_number", "postcode": "urgent.bad_postcode",
                              "contact_phone": "form.bad_phone", "contact_email": "form.bad_email",
                              "building_year": "urgent.bad_building_year", "damage_date": "urgent.damage_in_future",
                              "case_handler": "urgent.bad_case_handler"}
    with pytest.raises(FieldErrors) as e:
        services.create_case(db, NOW, w.insurer, _draft(case_number="tf-1001"))
    assert e.value.errors == {"case_number": "urgent.case_number_taken"}
    with pytest.raises(FieldErrors) as e:      # another insurer's portal
        services.create_case(db, NOW, w.insurer, _draft(insurer_id=w.other_ins))
    assert "insurer_id" in e.value.errors


# ------------------------------------------------------------------ URG-14 Sæt i bero / Genoptag


def test_urg_14_on_hold_and_back_each_logged_no_decision_while_on_hold(w, db):
    case = _case(w)
    assert case["claim_actions"]["hold"] and not case["claim_actions"]["resume"]
    services.put_on_hold(db, NOW, w.insurer, "TF-1001", case["version"])
    case = _case(w)
    assert case["status"] == "on_hold" and case["closed_at"] is None
    assert not case["claim_actions"]["hold"] and case["claim_actions"]["resume"]
    assert not case["claim_actions"]["decide"]
    with pytest.raises(PermissionDenied) as e:
        services.decide_claim(db, NOW, w.insurer, "TF-1001", "accepted", "Dækket.", case["version"])
    assert e.value.decision.reason == "urgent.claim_not_open"
    with pytest.raises(PermissionDenied) as e:         # twice
        services.put_on_hold(db, NOW, w.insurer, "TF-1001", case["version"])
    assert e.value.decision.reason == "urgent.claim_not_open"
    # still open: on the open-only list
    assert "TF-1001" in [r["id"] for r in services.list_cases(db, NOW, w.insurer, open_only=True)]

    services.resume(db, NOW, w.insurer5, "TF-1001", case["version"])
    case = _case(w)
    assert case["status"] == "open" and case["claim_actions"]["decide"]
    log = [(e["action"], e["actor"], e["before_value"], e["after_value"]) for e in case["events"][-2:]]
    assert log == [("claim_put_on_hold", "ins6", {"status": "open"}, {"status": "on_hold"}),
                   ("claim_resumed", "ins5", {"status": "on_hold"}, {"status": "open"})]


def test_urg_14_to_18_only_the_insurers_own_users_act_and_on_the_version_they_saw(w, db):
    case = _case(w)
    for user in (w.stranger, w.partner["Always"]):
        with pytest.raises((PermissionDenied, Refused)):
            services.put_on_hold(db, NOW, user, "TF-1001", case["version"])
        with pytest.raises((PermissionDenied, Refused)):
            services.decide_claim(db, NOW, user, "TF-1001", "accepted", "Ok", case["version"])
        with pytest.raises((PermissionDenied, Refused)):
            services.change_handler(db, NOW, user, "TF-1001", "ins5", case["version"])
    with pytest.raises(Conflict):
        services.put_on_hold(db, NOW, w.insurer, "TF-1001", case["version"] - 1)
    assert _case(w)["status"] == "open" and len(_case(w)["events"]) == 1


# ------------------------------------------------------------------ URG-15 Luk


def test_urg_15_close_ends_reporting_on_its_tasks_and_cannot_be_undone(w, db):
    case_id, tasks = _with_partner_content(w)
    case = _case(w, case_id)
    assert case["close_warnings"] == ["urgent.close_without_decision", "urgent.close_open_tasks"]
    services.decide_claim(db, NOW, w.insurer, case_id, "more_info", "Mangler fotos af loftet.", case["version"])
    assert _case(w, case_id)["close_warnings"] == ["urgent.close_more_info", "urgent.close_open_tasks"]
    services.close(db, NOW, w.insurer, case_id, _case(w, case_id)["version"])
    case = _case(w, case_id)
    assert case["status"] == "closed" and case["closed_at"] is not None
    assert not any(case["claim_actions"].values())
    assert case["events"][-1]["action"] == "claim_closed"
    with pytest.raises(Refused) as e:                 # the partner reports no more
        services.report_on_task(db, NOW, w.partner["Always"], tasks["first_aid"], "Mere.")
    assert e.value.key == "urgent.case_closed"
    for action in (services.put_on_hold, services.resume, services.close):
        with pytest.raises(PermissionDenied):
            action(db, NOW, w.insurer, case_id, case["version"])
    # the partner still sees the closed case (its company's case), as on the board
    assert case_id in [r["id"] for r in services.list_cases(db, NOW, w.partner["Always"], states=("closed",))]


# ------------------------------------------------------------------ URG-16 Slet sagen


def test_urg_16_only_level_6_deletes_and_a_reason_is_required(w, db):
    case = _case(w)
    assert _case(w, user=w.insurer5)["claim_actions"]["delete"] is False
    with pytest.raises(PermissionDenied) as e:
        services.delete(db, NOW, w.insurer5, "TF-1001", "Oprettet ved en fejl.", case["version"])
    assert e.value.decision.reason == "urgent.delete_level6"
    with pytest.raises(FieldErrors) as e:
        services.delete(db, NOW, w.insurer, "TF-1001", "  ", case["version"])
    assert e.value.errors == {"reason": "form.required"}
    with pytest.raises(FieldErrors) as e:
        services.delete(db, NOW, w.insurer, "TF-1001", "x" * 1001, case["version"])
    assert "reason" in e.value.errors
    assert _case(w)["status"] == "open"


def test_urg_16_delete_cancels_open_tasks_erases_files_keeps_reports_and_log(w, db):
    case_id, tasks = _with_partner_content(w)
    partner = load_user(db, w.partner["Always"].username)
    services.get_case(db, NOW, partner, case_id)                      # the partner sees it before
    file_id = _case(w, case_id)["attachments"][0]["id"]
    assert services.attachment(db, partner, file_id)["content"]

    done = services.delete(db, NOW, w.insurer, case_id, "Dobbeltoprettet; se TF-1001.", _case(w, case_id)["version"])
    assert done == {"tasks_cancelled": 2, "files_erased": 2}
    case = _case(w, case_id)
    assert case["status"] == "deleted" and case["closed_at"] is not None
    assert case["deleted_reason"] == "Dobbeltoprettet; se TF-1001." and case["deleted_by"] == "ins6"
    assert {t["status"] for t in case["tasks"]} == {"cancelled"}
    assert [r["text"] for r in case["reports"]] == ["Affugter opstillet."]           # kept
    assert sorted(a["filename"] for a in case["attachments"]) == ["foto.png", "rapport.pdf"]
    assert all(a["erased_at"] is not None for a in case["attachments"])
    with db.read() as r:
        assert r.scalar("SELECT max(octet_length(content)) FROM task_attachments WHERE case_id = ?", [case_id]) == 0
    with pytest.raises(Refused) as e:
        services.attachment(db, w.insurer, file_id)
    assert e.value.key == "urgent.attachment_erased"
    last = case["events"][-1]
    assert last["action"] == "claim_deleted" and last["actor"] == "ins6"
    assert last["after_value"] == {"status": "deleted", "reason": "Dobbeltoprettet; se TF-1001.",
                                   "tasks_cancelled": 2, "files_erased": 2}
    assert not any(case["claim_actions"].values())
    # the partner no longer sees it — case page, case list and board alike (a fresh login)
    partner = load_user(db, w.partner["Always"].username)
    with pytest.raises(Refused):
        services.get_case(db, NOW, partner, case_id)
    assert case_id not in [r["id"] for r in services.list_cases(db, NOW, partner, states=("deleted", "closed"))]
    assert case_id not in [r["id"] for r in board.search(db, NOW, partner, BoardFilters(q=case_id)).rows]
    with pytest.raises(PermissionDenied):
        services.report_on_task(db, NOW, partner, tasks["first_aid"], "Mere.")
    # the insurer still finds it, as Slettet, only when asking for deleted cases
    assert case_id not in [r["id"] for r in services.list_cases(db, NOW, w.insurer)]
    assert case_id in [r["id"] for r in services.list_cases(db, NOW, w.insurer, states=("deleted",))]
    assert case_id in [r["id"] for r in board.search(db, NOW, w.insurer, BoardFilters(q=case_id)).rows]
    # a deleted (or closed) case is not deleted again
    with pytest.raises(PermissionDenied) as e:
        services.delete(db, NOW, w.insurer, case_id, "Igen.", case["version"])
    assert e.value.decision.reason == "urgent.claim_closed"


# ------------------------------------------------------------------ URG-17 Erstatningsbeslutning


def test_urg_17_decision_with_who_when_why_replaced_and_both_logged(w, db):
    case = _case(w)
    with pytest.raises(FieldErrors) as e:
        services.decide_claim(db, NOW, w.insurer, "TF-1001", None, "", case["version"])
    assert e.value.errors == {"decision": "form.required", "reason": "form.required"}
    with pytest.raises(FieldErrors) as e:
        services.decide_claim(db, NOW, w.insurer, "TF-1001", "maybe", "Hm", case["version"])
    assert e.value.errors == {"decision": "form.required"}

    services.decide_claim(db, NOW, w.insurer5, "TF-1001", "more_info", "Send fotos af skaden.", case["version"])
    case = _case(w)
    assert (case["decision"], case["decision_by"], case["decision_reason"]) == ("more_info", "ins5", "Send fotos af skaden.")
    assert case["decision_at"] is not None and case["decision_by_name"]
    with db.read() as r:     # the case handler (ins6) is told, as someone else decided
        assert r.scalar("SELECT count(*) FROM messages WHERE recipient = 'ins6' AND case_id = 'TF-1001'") == 1

    later = at(2026, 11, 25, 10, 0)
    services.decide_claim(db, later, w.insurer, "TF-1001", "accepted", "Dækket af policen.", case["version"])
    case = _case(w)
    assert (case["decision"], case["decision_by"]) == ("accepted", "ins6")
    decided = [e for e in case["events"] if e["action"] == "claim_decided"]
    assert [(e["actor"], e["before_value"], e["after_value"]) for e in decided] == [
        ("ins5", None, {"decision": "more_info", "reason": "Send fotos af skaden."}),
        ("ins6", {"decision": "more_info", "reason": "Send fotos af skaden."},
         {"decision": "accepted", "reason": "Dækket af policen."})]


# ------------------------------------------------------------------ URG-18 Sagsbehandler


def test_urg_18_change_case_handler_logged_and_the_new_handler_told(w, db):
    case = _case(w)
    with pytest.raises(FieldErrors) as e:
        services.change_handler(db, NOW, w.insurer, "TF-1001", "ins-x", case["version"])
    assert e.value.errors == {"case_handler": "urgent.bad_case_handler"}
    with pytest.raises(FieldErrors):
        services.change_handler(db, NOW, w.insurer, "TF-1001", None, case["version"])
    services.change_handler(db, NOW, w.insurer, "TF-1001", "ins5", case["version"])
    case = _case(w)
    assert case["case_handler"] == "ins5" and case["assignee"] == "ins5"
    last = case["events"][-1]
    assert (last["action"], last["before_value"], last["after_value"]) == (
        "case_handler_changed", {"case_handler": "ins6"}, {"case_handler": "ins5"})
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM messages WHERE recipient = 'ins5' AND case_id = 'TF-1001'") == 1


# ------------------------------------------------------------------ URG-19 lists and counts


def test_urg_19_case_list_filters_by_state_and_decision_and_the_counts_agree(w, db):
    ids = {}
    for n, state in enumerate(("open", "on_hold", "closed", "deleted", "decided")):
        ids[state] = services.create_case(db, NOW, w.insurer, _draft(case_number=f"TF-50{n}"))
    services.put_on_hold(db, NOW, w.insurer, ids["on_hold"], 1)
    services.close(db, NOW, w.insurer, ids["closed"], 1)
    services.delete(db, NOW, w.insurer, ids["deleted"], "Fejl.", 1)
    services.decide_claim(db, NOW, w.insurer, ids["decided"], "more_info", "Fotos.", 1)
    urgent = w.create()

    def listed(**kw) -> set[str]:
        return {r["id"] for r in services.list_cases(db, NOW, w.insurer, **kw)}

    everything = listed()
    assert ids["deleted"] not in everything and {ids["open"], ids["closed"], urgent, "TF-1001"} <= everything
    assert listed(states=("on_hold",)) == {ids["on_hold"]}
    assert listed(states=("deleted",)) == {ids["deleted"]}
    assert listed(states=("to_attach",)) == {urgent}
    assert listed(states=("open",)) == {ids["open"], ids["decided"], "TF-1001"}
    assert listed(states=("closed", "on_hold")) == {ids["closed"], ids["on_hold"]}
    assert listed(decisions=("more_info",)) == {ids["decided"]}
    counts = services.claim_counts(db, w.insurer)
    assert {k: counts[k] for k in ("open", "on_hold", "closed", "deleted")} == {
        "open": 3, "on_hold": 1, "closed": 1, "deleted": 1}
    assert counts["decision.more_info"] == 1 and counts["decision.none"] == 3
    assert services.claim_counts(db, w.partner["Always"]) == {}

    rep = report.build(db, NOW, w.insurer)               # the urgent-case report counts them too
    by_state = dict(zip(rep.claims["state"], rep.claims["count"]))
    assert by_state == {"open": 3, "on_hold": 1, "closed": 1, "deleted": 1}
    by_decision = dict(zip(rep.claim_decisions["decision"], rep.claim_decisions["count"]))
    assert by_decision == {"accepted": 0, "rejected": 0, "more_info": 1, "none": 3}
