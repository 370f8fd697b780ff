"""Deviation use cases on a temp DuckDB (logic/deviations/services.py): registration from
each path, numbers, the lifecycle, permissions, optimistic concurrency, search, logs, PDF."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from logic import audit, messages
from logic.access import PermissionDenied
from logic.deviations import rules, services
from logic.deviations.model import DeviceReturn, EventType, RegistrationPath, ReportState
from logic.deviations.pdf import deviation_form
from logic.errors import Conflict, FieldErrors, Refused
from logic.store import deviations_repo
from tests.pdf_text import pdf_words
from tests.store.dev_world import (
    CARE_UNIT_NO,
    TOLVAN,
    a_draft,
    answered,
    dev_template,  # noqa: F401  (fixture)
    pg_world_template,  # noqa: F401  (fixture)
    register,
    reports_decided,
    version_of,
    world_db,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.both_backends

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def db(world_db):  # noqa: F811  (the imported fixture, renamed)
    """Overrides tests/conftest.py's `db`: the same fresh temp file, with the world in it."""
    return world_db


@pytest.fixture
def w(dev_template):  # noqa: F811  (the imported fixture, unpacked)
    return dev_template[1]


def rows(db, sql, params=()):
    with db.read() as r:
        return r.rows(sql, list(params))


def count(db, table, where="TRUE", params=()):
    with db.read() as r:
        return r.scalar(f"SELECT count(*) FROM {table} WHERE {where}", list(params))


# ------------------------------------------------------------------ DEV-4 registration paths

EXPECTED = {
    # path: (person_id on the case, article_no, individual_no)
    RegistrationPath.RECIPIENT_DEVICE: (TOLVAN, "49509", "CFH188493"),
    RegistrationPath.UNREGISTERED_DEVICE: (TOLVAN, "51200", None),
    RegistrationPath.STOCK_INDIVIDUAL: (None, "49509", "CFH900101"),
    RegistrationPath.STOCK_ARTICLE: (None, "22010", None),
    RegistrationPath.SERVICE_WORK_ORDER: (TOLVAN, "49509", "CFH188493"),
    RegistrationPath.SERVICE_NO_ORDER: (None, None, None),
}


@pytest.mark.parametrize("path", list(RegistrationPath))
def test_dev4_register_from_each_path_writes_case_detail_and_log(db, clock, w, path):
    draft = a_draft(path)
    case_id = services.register_deviation(db, clock, w.reporter, draft)

    assert case_id == "AV26070001"
    case = rows(db, "SELECT * FROM cases WHERE id = ?", [case_id])[0]
    person, article, individual = EXPECTED[path]
    assert (case["kind"], case["subtype"], case["status"]) == ("deviation", draft.event_type.value, "planned")
    assert (case["unit_id"], case["created_by"], case["queue"]) == ("site-1", "rita", "centre_staff")
    assert (case["person_id"], case["article_no"], case["individual_no"]) == (person, article, individual)
    assert case["title"] == "Böjd länkhjulsgaffel på rullstol" and case["version"] == 1
    assert case["created_at"] == datetime(2026, 2, 12, 9, 0)        # 10:00 in Stockholm, stored UTC
    assert case_id.lower() in case["search_text"]

    detail = rows(db, "SELECT * FROM deviations WHERE case_id = ?", [case_id])[0]
    assert detail["path"] == path.value and detail["prescriber_code"] == "FK0001"
    assert detail["occurred_at"] == datetime(2026, 2, 10, 13, 30)   # 14:30 local
    for name, value in draft.model_dump().items():      # what was typed is what is stored
        if name in deviations_repo.DEVIATION_COLUMNS and value is not None:
            assert detail[name] == (value.value if hasattr(value, "value") else value), name
    assert (detail["article_no"], detail["individual_no"]) == (article, individual)

    log = audit.case_log(db, case_id)
    assert [(e["actor"], e["action"], e["before_value"]) for e in log] == [("rita", "registered", None)]
    assert log[0]["after_value"] == {"status": "planned", "event_type": draft.event_type.value,
                                     "category": draft.category, "path": path.value}


def test_dev4_a_device_on_a_care_unit_is_found_by_customer_number(db, clock, w):
    found, devices = services.find_recipient(db, clock, w.reporter, CARE_UNIT_NO)
    assert found["kind"] == "care_unit" and [d["id"] for d in devices] == ["dev-cu"]
    case_id = register(db, clock, w.reporter, recipient_id=CARE_UNIT_NO, device_id="dev-cu")
    case = services.get_deviation(db, clock, w.reporter, case_id)
    assert (case["recipient_kind"], case["recipient_id"], case["person_id"]) == ("care_unit", CARE_UNIT_NO, None)
    assert count(db, "access_log") == 0                 # a care unit is no person


def test_dev4_only_the_chosen_paths_subject_is_registered(db, clock, w):
    """The form keeps what was typed on every path (X-7): a recipient and device searched on
    path a, then a switch to buffer stock, must not put Tolvan on a stock complaint."""
    draft = a_draft(RegistrationPath.STOCK_ARTICLE, recipient_id=TOLVAN, device_id="dev-1",
                    work_order_no="AO-26-1001", device_return=DeviceReturn.NOT_APPLICABLE,
                    report_attached=True)
    assert services.check_draft(db, clock, w.reporter, draft) == {}
    case_id = services.register_deviation(db, clock, w.reporter, draft)
    case = services.get_deviation(db, clock, w.tech, case_id)
    assert (case["person_id"], case["recipient_id"], case["device_id"], case["work_order_no"]) == (None,) * 4
    assert (case["stock_item_id"], case["article_no"], case["article_name"]) == ("stk-3", "22010",
                                                                                 "Duschpall med ryggstöd")
    assert case["report_attached"] is None                  # DEV-9: asked only when sent in
    assert count(db, "access_log") == 0


def test_dev4_a_work_order_names_its_recipient_patient_or_care_unit(db, clock, w):
    patient_case = services.register_deviation(db, clock, w.reporter, a_draft(RegistrationPath.SERVICE_WORK_ORDER))
    unit_case = services.register_deviation(db, clock, w.reporter, a_draft(RegistrationPath.SERVICE_WORK_ORDER,
                                                                           work_order_no="ao-26-2001"))
    got = {r["case_id"]: r for r in rows(db, "SELECT case_id, recipient_kind, recipient_id, recipient_name,"
                                             " article_no FROM deviations")}
    assert got[patient_case] == {"case_id": patient_case, "recipient_kind": "patient", "recipient_id": TOLVAN,
                                 "recipient_name": "Tolvan Tolvansson", "article_no": "49509"}
    assert got[unit_case] == {"case_id": unit_case, "recipient_kind": "care_unit", "recipient_id": CARE_UNIT_NO,
                              "recipient_name": "Korttidsboendet Linden", "article_no": "70250"}
    assert rows(db, "SELECT id, person_id FROM cases ORDER BY id") == [
        {"id": patient_case, "person_id": TOLVAN}, {"id": unit_case, "person_id": None}]


def test_dev4_registration_is_one_transaction(db, clock, w, monkeypatch):
    """A failure after the case row is written leaves no case, no log entry, no used number."""
    def broken(tx, row):
        raise RuntimeError("disk full")
    monkeypatch.setattr(deviations_repo, "insert_deviation", broken)
    with pytest.raises(RuntimeError):
        register(db, clock, w.reporter)
    assert count(db, "cases") == 0 and count(db, "case_events") == 0
    monkeypatch.undo()
    assert register(db, clock, w.reporter) == "AV26070001"


def test_dev7_an_incomplete_draft_is_refused_by_the_service_and_nothing_is_written(db, clock, w):
    with pytest.raises(FieldErrors) as caught:
        register(db, clock, w.reporter, contact_phone=None, location=None)
    assert caught.value.errors == {"location": rules.REQUIRED, "contact_phone": rules.REQUIRED}
    assert count(db, "cases") == 0 and count(db, "number_sequences") == 0


def test_dev3_service_refuses_an_incident_on_an_undelivered_device(db, clock, w):
    with pytest.raises(FieldErrors) as caught:
        register(db, clock, w.reporter, device_id="dev-2")
    assert caught.value.errors == {"event_type": "dev.not_handed_out"}
    complaint = register(db, clock, w.reporter, device_id="dev-2", event_type=EventType.COMPLAINT,
                         category="drojsmal")
    old = register(db, clock, w.reporter, device_id="dev-old", event_type=EventType.NEGATIVE, category="fall")
    assert (complaint, old) == ("AV26070001", "AV26070002")


def test_dev6_service_refuses_a_category_of_another_event_type(db, clock, w):
    with pytest.raises(FieldErrors) as caught:
        register(db, clock, w.reporter, event_type=EventType.INCIDENT, category="felleverans")
    assert caught.value.errors == {"category": "dev.category_not_for_type"}
    assert set(services.categories_for(db, EventType.COMPLAINT)) >= {"felleverans", "drojsmal"}
    assert "felleverans" not in services.categories_for(db, EventType.INCIDENT)
    assert services.categories_for(db, None) == {}


def test_dev8_service_stores_the_delivery_reference(db, clock, w):
    with pytest.raises(FieldErrors):
        register(db, clock, w.reporter, event_type=EventType.COMPLAINT, category="felleverans")
    case_id = register(db, clock, w.reporter, event_type=EventType.COMPLAINT, category="felleverans",
                       order_no="KO-44120")
    assert rows(db, "SELECT order_no FROM deviations WHERE case_id = ?", [case_id]) == [{"order_no": "KO-44120"}]


# ------------------------------------------------------------------ DEV-5 service site


def test_dev5_a_site_the_user_is_not_connected_to_is_refused(db, clock, w):
    with pytest.raises(FieldErrors) as caught:
        register(db, clock, w.reporter, service_site_id="site-2")
    assert caught.value.errors == {"service_site_id": "dev.site_not_yours"}
    assert count(db, "cases") == 0


def test_dev5_a_reporter_with_several_sites_chooses_one(db, clock, w):
    assert [s["id"] for s in services.user_sites(db, w.two_sites)] == ["site-1", "site-2"]
    assert [s["id"] for s in services.user_sites(db, w.reporter)] == ["site-1"]
    assert [s["id"] for s in services.user_sites(db, w.tech)] == []          # the centre is no site
    first = register(db, clock, w.two_sites, service_site_id="site-2")
    second = register(db, clock, w.two_sites, service_site_id="site-1")
    assert rows(db, "SELECT id, unit_id FROM cases ORDER BY id") == [
        {"id": first, "unit_id": "site-2"}, {"id": second, "unit_id": "site-1"}]
    with pytest.raises(FieldErrors) as caught:
        register(db, clock, w.two_sites, service_site_id=None)
    assert caught.value.errors == {"service_site_id": rules.REQUIRED}


def test_dev5_recipient_search_checks_the_number_and_logs_the_lookup(db, clock, w):
    with pytest.raises(Refused) as caught:
        services.find_recipient(db, clock, w.reporter, "1212121212")
    assert (caught.value.key, caught.value.field) == ("identity.needs_century", "recipient_id")
    with pytest.raises(Refused) as caught:
        services.find_recipient(db, clock, w.reporter, "191212121213")
    assert caught.value.key == "identity.check_digit"
    assert services.find_recipient(db, clock, w.reporter, "198112189876") == (None, [])
    assert count(db, "access_log") == 0
    found, devices = services.find_recipient(db, clock, w.reporter, "19121212-1212")
    assert found["name"] == "Tolvan Tolvansson"
    assert {d["id"] for d in devices} == {"dev-1", "dev-2", "dev-old"}
    assert rows(db, "SELECT actor, person_id, purpose FROM access_log") == [
        {"actor": "rita", "person_id": TOLVAN, "purpose": "register_deviation"}]
    with pytest.raises(PermissionDenied):
        services.find_recipient(db, clock, w.analyst, TOLVAN)


# ------------------------------------------------------------------ DEV-10 numbers


def test_dev10_numbers_count_up_within_the_week_and_restart_the_next_iso_week(db, clock, w):
    first = [register(db, clock, w.reporter) for _ in range(3)]
    clock.set(datetime(2026, 2, 15, 23, 30, tzinfo=STOCKHOLM))       # Sunday night, still week 7
    sunday = register(db, clock, w.reporter)
    clock.set(datetime(2026, 2, 16, 0, 30, tzinfo=STOCKHOLM))        # Monday 00:30 = Sunday 23:30 UTC
    monday = register(db, clock, w.reporter)
    assert first == ["AV26070001", "AV26070002", "AV26070003"]
    assert (sunday, monday) == ("AV26070004", "AV26080001")


def test_dev10_iso_year_edge_shares_one_sequence_across_new_year(db, clock, w):
    clock.set(datetime(2026, 12, 31, 9, 0, tzinfo=STOCKHOLM))
    old_year = register(db, clock, w.reporter)
    clock.set(datetime(2027, 1, 1, 9, 0, tzinfo=STOCKHOLM))          # ISO week 53 of 2026
    new_year = register(db, clock, w.reporter)
    clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=STOCKHOLM))
    week_one = register(db, clock, w.reporter)
    assert (old_year, new_year, week_one) == ("AV26530001", "AV26530002", "AV27010001")


def test_dev10_numbers_are_never_reused(db, clock, w):
    """A refused or rolled-back registration takes no number; a given one is never given again,
    and repair requests count in their own series."""
    a = register(db, clock, w.reporter)
    with pytest.raises(FieldErrors):
        register(db, clock, w.reporter, service_site_id="site-2")
    repair = services.request_repair(db, clock, w.reporter, a_draft(is_wear_and_tear=True))
    b = register(db, clock, w.reporter)
    assert (a, repair, b) == ("AV26070001", "RE26070001", "AV26070002")
    clock.advance(days=7)
    clock.advance(days=-7)                                            # a clock set back
    assert register(db, clock, w.reporter) == "AV26070003"


def test_dev10_a_week_with_9999_numbers_refuses_the_next_with_a_reason(db, clock, w):
    with db.tx() as tx:
        tx.execute("INSERT INTO number_sequences VALUES ('AV2607', 9999)")
    with pytest.raises(Refused) as caught:
        register(db, clock, w.reporter)
    assert caught.value.key == "dev.number_exhausted"
    assert count(db, "cases") == 0
    clock.advance(days=7)
    assert register(db, clock, w.reporter) == "AV26080001"


# ------------------------------------------------------------------ DEV-12 / DEV-14 lifecycle


def test_ui16_dev12_close_saves_the_typed_handling_in_the_same_transaction(db, clock, w):
    case_id = register(db, clock, w.reporter)
    assert services.answer(db, clock, w.tech, case_id, "Åtgärdat.", 1) == "investigating"
    typed = {"investigation": "Materialfel i gaffeln.", "manufacturer": ReportState.NOT_NEEDED,
             "manufacturer_on": None, "mpa": ReportState.UNDECIDED, "mpa_on": None}
    with pytest.raises(Refused) as caught:          # still undecided: nothing of it is kept either
        services.close(db, clock, w.handler, case_id, 2, handling=typed)
    assert caught.value.key == "dev.close_needs_report_decision"
    case = services.get_deviation(db, clock, w.handler, case_id)
    assert (case["status"], case["investigation"], case["version"]) == ("investigating", None, 2)
    services.close(db, clock, w.handler, case_id, 2, handling={**typed, "mpa": ReportState.NOT_NEEDED})
    case = services.get_deviation(db, clock, w.handler, case_id)
    assert (case["status"], case["investigation"], case["mpa_report"]) == (
        "closed", "Materialfel i gaffeln.", "not_needed")
    assert [e["action"] for e in audit.case_log(db, case_id)][-2:] == ["handling_recorded", "closed"]


def test_dev12_lifecycle_planned_answer_reports_close_with_messages(db, clock, w):
    case_id = register(db, clock, w.reporter)
    assert messages.unread(db, w.reporter) == 0

    clock.advance(days=1)
    with pytest.raises(Refused) as caught:                       # not before the answer
        services.close(db, clock, w.handler, case_id, version_of(db, case_id))
    assert caught.value.key == "dev.close_needs_answer"

    services.answer(db, clock, w.tech, case_id, "Hjulgaffeln är bytt och rullstolen återlämnad.", 1)
    case = services.get_deviation(db, clock, w.reporter, case_id)
    assert (case["status"], case["queue"], case["version"]) == ("investigating", "handler", 2)
    assert (case["answer"], case["answered_by"]) == ("Hjulgaffeln är bytt och rullstolen återlämnad.", "tore")
    inbox = messages.inbox(db, w.reporter)
    assert [(m["subject"], m["body"], m["case_id"]) for m in inbox] == [
        (f"Svar på avvikelse/reklamation {case_id}", "Hjulgaffeln är bytt och rullstolen återlämnad.", case_id)]
    assert messages.unread(db, w.reporter) == 1

    with pytest.raises(Refused) as caught:                       # a Tillbud: reports first (DEV-14)
        services.close(db, clock, w.handler, case_id, 2)
    assert caught.value.key == "dev.close_needs_report_decision"

    services.record_handling(db, clock, w.handler, case_id, investigation="Materialfel i gaffeln.",
                             manufacturer=ReportState.REPORTED, manufacturer_on=date(2026, 2, 13),
                             mpa=ReportState.UNDECIDED, mpa_on=None, expected_version=2)
    with pytest.raises(Refused) as caught:                       # both decisions, not one
        services.close(db, clock, w.handler, case_id, 3)
    assert caught.value.key == "dev.close_needs_report_decision"
    services.record_handling(db, clock, w.handler, case_id, investigation="Materialfel i gaffeln.",
                             manufacturer=ReportState.REPORTED, manufacturer_on=date(2026, 2, 13),
                             mpa=ReportState.NOT_NEEDED, mpa_on=None, expected_version=3)

    clock.advance(days=1)
    services.close(db, clock, w.handler, case_id, 4)
    case = services.get_deviation(db, clock, w.reporter, case_id)
    assert (case["status"], case["closed_by"], case["queue"]) == ("closed", "hanna", None)
    assert case["closed_at"] == datetime(2026, 2, 14, 9, 0)
    assert (case["manufacturer_report"], case["manufacturer_reported_on"]) == ("reported", date(2026, 2, 13))
    assert (case["mpa_report"], case["mpa_reported_on"]) == ("not_needed", None)
    assert messages.inbox(db, w.reporter)[0]["subject"] == f"Avvikelse/reklamation {case_id} är avslutad."
    assert messages.inbox(db, w.reporter)[0]["case_id"] == case_id
    assert messages.unread(db, w.reporter) == 2
    with pytest.raises(PermissionDenied) as caught:
        services.close(db, clock, w.handler, case_id, 5)
    assert caught.value.decision.reason == "dev.already_closed"


def test_dev12_a_complaint_closes_without_report_decisions(db, clock, w):
    case_id = register(db, clock, w.reporter, event_type=EventType.COMPLAINT, category="fel_brist")
    answered(db, clock, w, case_id)
    services.close(db, clock, w.handler, case_id, version_of(db, case_id))
    assert rows(db, "SELECT status FROM cases")[0]["status"] == "closed"


def test_dev12_the_reporter_is_messaged_even_when_someone_else_answers_or_closes(db, clock, w):
    mine = register(db, clock, w.colleague)
    answered(db, clock, w, mine)
    reports_decided(db, clock, w, mine)
    services.close(db, clock, w.handler, mine, version_of(db, mine))
    assert messages.unread(db, w.reporter) == 0
    assert [m["subject"] for m in messages.inbox(db, w.colleague)] == [
        f"Avvikelse/reklamation {mine} är avslutad.", f"Svar på avvikelse/reklamation {mine}"]


def test_ui16_messages_an_answer_and_a_closing_come_from_the_person(db, clock, w):
    """Issue 16, item 9: the reporter sees who answered and who closed, not the system."""
    mine = register(db, clock, w.reporter)
    answered(db, clock, w, mine)
    reports_decided(db, clock, w, mine)
    services.close(db, clock, w.handler, mine, version_of(db, mine))
    closing, answer = messages.inbox_page(db, w.reporter).rows[:2]
    assert (answer["sender"], answer["sender_name"]) == (w.tech.username, w.tech.name)
    assert (closing["sender"], closing["sender_name"]) == (w.handler.username, w.handler.name)


@pytest.mark.parametrize("state, on, key", [
    (ReportState.REPORTED, None, "dev.report_date_required"),
    (ReportState.REPORTED, date(2026, 2, 13), "dev.in_future"),       # tomorrow
])
@pytest.mark.parametrize("which", ["manufacturer", "mpa"])
def test_dev14_report_date_required_when_reported_and_not_in_the_future(db, clock, w, which, state, on, key):
    case_id = register(db, clock, w.reporter)
    answered(db, clock, w, case_id)
    other = "mpa" if which == "manufacturer" else "manufacturer"
    kwargs = {which: state, f"{which}_on": on, other: ReportState.NOT_NEEDED, f"{other}_on": None}
    with pytest.raises(FieldErrors) as caught:
        services.record_handling(db, clock, w.handler, case_id, investigation=None,
                                 expected_version=2, **kwargs)
    assert caught.value.errors == {f"{which}_reported_on": key}
    assert version_of(db, case_id) == 2
    assert rows(db, "SELECT manufacturer_report, mpa_report FROM deviations") == [
        {"manufacturer_report": "undecided", "mpa_report": "undecided"}]


def test_dev14_reported_today_is_accepted_and_a_date_without_a_report_is_dropped(db, clock, w):
    case_id = register(db, clock, w.reporter)
    services.record_handling(db, clock, w.handler, case_id, investigation=" ",
                             manufacturer=ReportState.REPORTED, manufacturer_on=date(2026, 2, 12),
                             mpa=ReportState.NOT_NEEDED, mpa_on=date(2026, 2, 1), expected_version=1)
    assert rows(db, "SELECT investigation, manufacturer_reported_on, mpa_report, mpa_reported_on FROM deviations") == [
        {"investigation": None, "manufacturer_reported_on": date(2026, 2, 12), "mpa_report": "not_needed",
         "mpa_reported_on": None}]


def test_dev14_recording_the_same_decisions_again_changes_nothing(db, clock, w):
    case_id = register(db, clock, w.reporter)
    reports_decided(db, clock, w, case_id)
    events = count(db, "case_events")
    reports_decided(db, clock, w, case_id)
    assert count(db, "case_events") == events and version_of(db, case_id) == 2


# ------------------------------------------------------------------ permissions (checked in logic/)


@pytest.mark.parametrize("who", ["reporter", "analyst", "handler", "manager"])
def test_dev12_only_centre_staff_answer(db, clock, w, who):
    case_id = register(db, clock, w.reporter)
    with pytest.raises(PermissionDenied):
        services.answer(db, clock, getattr(w, who), case_id, "Jag svarar själv.", 1)
    with pytest.raises(PermissionDenied):                       # refused before the input is judged
        services.answer(db, clock, getattr(w, who), case_id, "", 1)
    assert version_of(db, case_id) == 1 and messages.unread(db, w.reporter) == 0


@pytest.mark.parametrize("who", ["reporter", "analyst", "tech", "manager"])
def test_dev12_only_the_handler_records_reports_and_closes(db, clock, w, who):
    case_id = register(db, clock, w.reporter, event_type=EventType.COMPLAINT, category="fel_brist")
    answered(db, clock, w, case_id)
    user = getattr(w, who)
    with pytest.raises(PermissionDenied):
        services.close(db, clock, user, case_id, 2)
    with pytest.raises(PermissionDenied):
        services.record_handling(db, clock, user, case_id, investigation="x",
                                 manufacturer=ReportState.REPORTED, manufacturer_on=None,
                                 mpa=ReportState.NOT_NEEDED, mpa_on=None, expected_version=2)
    assert version_of(db, case_id) == 2
    assert rows(db, "SELECT status FROM cases")[0]["status"] == "investigating"


def test_answer_text_is_required_and_bounded(db, clock, w):
    case_id = register(db, clock, w.reporter)
    for text, key in (("  ", rules.REQUIRED), ("x" * 4001, "form.text_too_long")):
        with pytest.raises(FieldErrors) as caught:
            services.answer(db, clock, w.tech, case_id, text, 1)
        assert caught.value.errors == {"answer": key}
    assert version_of(db, case_id) == 1


def test_a_reporter_sees_own_and_own_units_cases_only(db, clock, w):
    case_id = register(db, clock, w.reporter)
    assert services.get_deviation(db, clock, w.colleague, case_id)["id"] == case_id   # same site
    # another unit's case is answered as a number that does not exist
    with pytest.raises(Refused) as hidden:
        services.get_deviation(db, clock, w.stranger, case_id)
    with pytest.raises(Refused) as unknown:
        services.get_deviation(db, clock, w.reporter, "AV26079999")
    assert hidden.value.key == unknown.value.key == "case.not_found"


# ------------------------------------------------------------------ optimistic concurrency


def test_a_stale_answer_raises_conflict_and_overwrites_nothing(db, clock, w):
    case_id = register(db, clock, w.reporter)
    services.answer(db, clock, w.tech, case_id, "Första svaret.", 1)
    events = count(db, "case_events")
    with pytest.raises(Conflict) as caught:
        services.answer(db, clock, w.tech, case_id, "Andra svaret, från en gammal sida.", 1)
    assert caught.value.key == "case.changed_meanwhile"
    assert rows(db, "SELECT answer FROM deviations")[0]["answer"] == "Första svaret."
    assert version_of(db, case_id) == 2
    assert count(db, "case_events") == events and messages.unread(db, w.reporter) == 1


def test_stale_handling_and_close_raise_conflict(db, clock, w):
    case_id = register(db, clock, w.reporter, event_type=EventType.COMPLAINT, category="fel_brist")
    answered(db, clock, w, case_id)
    with pytest.raises(Conflict):
        services.record_handling(db, clock, w.handler, case_id, investigation="x",
                                 manufacturer=ReportState.NOT_NEEDED, manufacturer_on=None,
                                 mpa=ReportState.NOT_NEEDED, mpa_on=None, expected_version=1)
    with pytest.raises(Conflict):
        services.close(db, clock, w.handler, case_id, 1)
    assert rows(db, "SELECT c.status, c.version, d.investigation FROM cases c JOIN deviations d ON d.case_id = c.id") \
        == [{"status": "investigating", "version": 2, "investigation": None}]


# ------------------------------------------------------------------ DEV-13 search


def _at(clock, day, hour=9):
    clock.set(datetime(2026, 2, day, hour, 0, tzinfo=STOCKHOLM))


def test_dev13_search_by_period(db, clock, w):
    _at(clock, 2)
    old = register(db, clock, w.reporter, occurred_date=date(2026, 2, 1))
    _at(clock, 10)
    recent = register(db, clock, w.reporter, occurred_date=date(2026, 2, 9))
    _at(clock, 12)
    assert [r["id"] for r in services.search_mine(db, clock, w.reporter, period="last_week")] == [recent]
    assert [r["id"] for r in services.search_mine(db, clock, w.reporter, period="last_month")] == [recent, old]
    assert [r["id"] for r in services.search_mine(db, clock, w.reporter, period="all")] == [recent, old]
    row = services.search_mine(db, clock, w.reporter, period="all")[0]
    assert (row["kind"], row["event_type"], row["status"], row["orderer"]) == (
        "deviation", "tillbud", "planned", "Rita Rapportör")


def test_dev13_search_by_prescriber_code_own_or_other(db, clock, w):
    mine = register(db, clock, w.reporter)
    theirs = register(db, clock, w.colleague)
    assert [r["id"] for r in services.search_mine(db, clock, w.reporter, prescriber_code="FK0001")] == [mine]
    assert [r["id"] for r in services.search_mine(db, clock, w.reporter, prescriber_code="FK0002")] == [theirs]
    assert {r["id"] for r in services.search_mine(db, clock, w.reporter, prescriber_code=" ")} == {mine, theirs}
    assert services.search_mine(db, clock, w.reporter, prescriber_code="FK9999") == []


def test_dev13_search_by_site_stays_within_the_users_sites(db, clock, w):
    at_one = register(db, clock, w.two_sites, service_site_id="site-1")
    at_two = register(db, clock, w.two_sites, service_site_id="site-2")
    own = {r["id"] for r in services.search_mine(db, clock, w.two_sites)}
    assert own == {at_one, at_two}
    assert [r["id"] for r in services.search_mine(db, clock, w.two_sites, site_id="site-2")] == [at_two]
    # a reporter never gets another site's cases, not even by naming the site or the code
    assert [r["id"] for r in services.search_mine(db, clock, w.stranger)] == [at_two]
    assert [r["id"] for r in services.search_mine(db, clock, w.stranger, site_id="site-1")] == [at_two]
    assert services.search_mine(db, clock, w.stranger, site_id="site-1", prescriber_code="FK0001") == []
    # centre staff and handlers search every site
    assert {r["id"] for r in services.search_mine(db, clock, w.tech)} == {at_one, at_two}
    assert [r["id"] for r in services.search_mine(db, clock, w.handler, site_id="site-1")] == [at_one]


def test_dev13_the_site_choice_lists_own_sites_or_for_the_centre_all(db, w):
    assert [u["id"] for u in services.search_sites(db, w.reporter)] == ["site-1"]
    assert [u["id"] for u in services.search_sites(db, w.two_sites)] == ["site-1", "site-2"]
    assert [u["id"] for u in services.search_sites(db, w.tech)] == ["site-1", "site-2"]
    assert [u["id"] for u in services.search_sites(db, w.handler)] == ["site-1", "site-2"]


# DEV-19 (issue 17): the reporter's repair requests are listed too; a prefix of digits finds both series
@pytest.mark.parametrize("prefix, hits", [
    ("26", 3), ("AV26", 2), ("av2607", 1), ("2608", 2), ("AV26080001", 1), (" 26 ", 3),
    ("25", 0), ("2", 3), ("RE26", 1), ("", 3), (None, 3),
])
def test_dev13_search_by_number_prefix(db, clock, w, prefix, hits):
    first = register(db, clock, w.reporter)
    clock.advance(days=5)
    second = register(db, clock, w.reporter)
    repair = services.request_repair(db, clock, w.reporter, a_draft(is_wear_and_tear=True))
    assert (first, second, repair) == ("AV26070001", "AV26080001", "RE26080001")
    found = services.search_mine(db, clock, w.reporter, period="all", number_prefix=prefix)
    assert len(found) == hits
    assert all(r["id"].startswith("AV") or r["kind"] == "repair" for r in found)


def test_dev13_only_roles_that_follow_deviations_search(db, clock, w):
    with pytest.raises(PermissionDenied):
        services.search_mine(db, clock, w.analyst)


# ------------------------------------------------------------------ X-2 logs


def test_x2_every_change_is_logged_with_before_and_after(db, clock, w):
    case_id = register(db, clock, w.reporter)
    clock.advance(hours=1)
    services.answer(db, clock, w.tech, case_id, "Åtgärdat.", 1)
    services.record_handling(db, clock, w.handler, case_id, investigation="Utrett.",
                             manufacturer=ReportState.NOT_NEEDED, manufacturer_on=None,
                             mpa=ReportState.REPORTED, mpa_on=date(2026, 2, 12), expected_version=2)
    services.close(db, clock, w.handler, case_id, 3)
    log = audit.case_log(db, case_id)
    assert [(e["actor"], e["action"]) for e in log] == [
        ("rita", "registered"), ("tore", "answered"), ("hanna", "handling_recorded"), ("hanna", "closed")]
    assert log[1]["before_value"] == {"status": "planned", "answer": None}
    assert log[1]["after_value"] == {"status": "investigating", "answer": "Åtgärdat."}
    assert log[1]["logged_at"] == datetime(2026, 2, 12, 10, 0)
    assert log[2]["before_value"] == {"investigation": None, "manufacturer_report": "undecided",
                                      "mpa_report": "undecided", "mpa_reported_on": None}
    assert log[2]["after_value"] == {"investigation": "Utrett.", "manufacturer_report": "not_needed",
                                     "mpa_report": "reported", "mpa_reported_on": "2026-02-12"}
    assert (log[3]["before_value"], log[3]["after_value"]) == ({"status": "investigating"}, {"status": "closed"})


def test_x2_viewing_a_case_with_a_person_id_writes_the_access_log(db, clock, w):
    case_id = register(db, clock, w.reporter)
    assert count(db, "access_log") == 0
    case = services.get_deviation(db, clock, w.tech, case_id)
    assert (case["recipient_id"], case["person_id"], case["recipient_name"]) == (TOLVAN, TOLVAN, "Tolvan Tolvansson")
    assert rows(db, "SELECT actor, person_id, case_id, purpose, logged_at FROM access_log") == [
        {"actor": "tore", "person_id": TOLVAN, "case_id": case_id, "purpose": "view_case",
         "logged_at": datetime(2026, 2, 12, 9, 0)}]
    services.get_deviation(db, clock, w.reporter, case_id)
    assert count(db, "access_log") == 2


@pytest.mark.parametrize("who", ["analyst", "manager"])
def test_x2_a_role_without_view_person_id_gets_the_case_with_the_id_hidden_and_no_log(db, clock, w, who):
    case_id = register(db, clock, w.reporter)
    case = services.get_deviation(db, clock, getattr(w, who), case_id)
    assert case["id"] == case_id and case["concerns"] == "Böjd länkhjulsgaffel på rullstol"
    assert case["recipient_id"] is None and case["person_id"] is None
    assert case["recipient_name"] is None and case["person_name"] is None
    assert TOLVAN not in repr(case) and "Tolvan" not in repr(case)
    assert (case["may_answer"], case["may_handle"]) == (False, False)
    assert count(db, "access_log") == 0


def test_x2_no_access_log_when_the_case_has_no_person(db, clock, w):
    case_id = services.register_deviation(db, clock, w.reporter, a_draft(RegistrationPath.STOCK_ARTICLE))
    services.get_deviation(db, clock, w.tech, case_id)
    assert count(db, "access_log") == 0


def _auditor(name: str = "greta"):
    from logic.access import Role, User
    return User(username=name, name="Greta Granskare", roles=frozenset({Role.AUDITOR}))


def test_x2_an_auditor_reads_who_saw_a_person_and_her_reading_is_logged(db, clock, w):
    case_id = register(db, clock, w.reporter)
    services.get_deviation(db, clock, w.tech, case_id)
    first = audit.access_log_for(db, clock, _auditor(), "19121212-1212")
    assert [(r["actor"], r["case_id"], r["purpose"]) for r in first] == [("tore", case_id, "view_case")]
    assert first[0]["logged_at"] == datetime(2026, 2, 12, 9, 0)
    # the auditor's look-up is itself in the log, newest first, and other persons are not shown
    again = audit.access_log_for(db, clock, _auditor(), "191212121212")
    assert [(r["actor"], r["case_id"], r["purpose"]) for r in again] == [
        ("greta", None, "audit_access_log"), ("tore", case_id, "view_case")]
    assert audit.access_log_for(db, clock, _auditor(), "19800101-0001") == []


@pytest.mark.parametrize("who", ["reporter", "tech", "analyst", "manager"])
def test_x2_only_auditors_and_admins_read_the_access_log_and_a_refusal_logs_nothing(db, clock, w, who):
    case_id = register(db, clock, w.reporter)
    services.get_deviation(db, clock, w.tech, case_id)
    with pytest.raises(PermissionDenied):
        audit.access_log_for(db, clock, getattr(w, who), TOLVAN)
    assert count(db, "access_log") == 1


def test_x2_a_bad_number_is_a_field_error_and_logs_nothing(db, clock, w):
    from logic.identity import IdentityError
    with pytest.raises(IdentityError):
        audit.access_log_for(db, clock, _auditor(), "19121212-1213")
    assert count(db, "access_log") == 0


# ------------------------------------------------------------------ DEV-11 receipt PDF


def test_dev11_pdf_carries_number_device_event_and_return_instructions(db, clock, w):
    case_id = register(db, clock, w.reporter)
    data = deviation_form(services.get_deviation(db, clock, w.reporter, case_id))
    assert data.startswith(b"%PDF")
    text = pdf_words(data)
    assert f"Avvikelse/reklamation {case_id}" in text
    assert "Tillbud" in text and "Trasig eller lös komponent" in text
    assert "49509 Rullstol Cross B42.5 Dj46" in text and "CFH188493" in text
    assert "Böjd länkhjulsgaffel på rullstol" in text
    assert "2026-02-10 14:30" in text                          # event time, local
    assert "19121212-1212" in text or TOLVAN in text
    assert "orange retursedel" in text and "Avvikelse/reklamation" in text
    assert "förseglat kuvert" in text and "Avvikelse Hjälpmedelscentralen Västerby" in text
    assert "1012 Rehab medicinska kliniken (5)" in text


def test_dev11_the_envelope_names_the_centres_town_not_the_service_sites(db, clock, w):
    case_id = register(db, clock, w.two_sites, service_site_id="site-2")      # a site in Österby
    text = pdf_words(deviation_form(services.get_deviation(db, clock, w.two_sites, case_id)))
    assert "Avvikelse Hjälpmedelscentralen Västerby" in text and "Hjälpmedelscentralen Österby" not in text
    assert "1033 Vårdcentralen Söder" in text


def test_dev11_pdf_for_a_role_without_person_ids_carries_none(db, clock, w):
    case_id = register(db, clock, w.reporter)
    text = pdf_words(deviation_form(services.get_deviation(db, clock, w.analyst, case_id)))
    assert case_id in text and "(dold för din roll)" in text
    assert "1212" not in text.replace(case_id, "") and "Tolvan" not in text


def test_dev11_pdf_in_english(db, clock, w):
    case_id = register(db, clock, w.reporter, event_type=EventType.COMPLAINT, category="felleverans",
                       delivery_note_no="FS-778812")
    text = pdf_words(deviation_form(services.get_deviation(db, clock, w.reporter, case_id), lang="en"))
    assert case_id in text and "Complaint" in text and "FS-778812" in text
    assert "sealed envelope" in text


# ------------------------------------------------------------------ DEV-2 repair requests


def test_dev2_register_refuses_wear_and_tear(db, clock, w):
    with pytest.raises(FieldErrors) as caught:
        register(db, clock, w.reporter, is_wear_and_tear=True)
    assert caught.value.errors == {"is_wear_and_tear": "dev.is_repair"}
    assert count(db, "cases") == 0


def test_dev2_request_repair_creates_a_repair_case(db, clock, w):
    draft = a_draft(is_wear_and_tear=True, concerns="Bromsarna behöver justeras",
                    what_happened="Bromsarna tar dåligt efter ett års användning.")
    case_id = services.request_repair(db, clock, w.reporter, draft)
    assert case_id == "RE26070001"
    case = rows(db, "SELECT * FROM cases WHERE id = ?", [case_id])[0]
    assert (case["kind"], case["status"], case["unit_id"], case["queue"]) == ("repair", "planned", "site-1", "centre_staff")
    assert (case["title"], case["person_id"], case["article_no"]) == ("Bromsarna behöver justeras", TOLVAN, "49509")
    repair = rows(db, "SELECT * FROM repair_requests")[0]
    assert repair["description"] == "Bromsarna tar dåligt efter ett års användning."
    assert (repair["contact_name"], repair["contact_phone"]) == ("Rita Rapportör", "070-123 45 67")
    assert count(db, "deviations") == 0
    assert [e["action"] for e in audit.case_log(db, case_id)] == ["repair_requested"]


def test_dev2_request_repair_needs_a_site_of_the_user_and_a_description(db, clock, w):
    with pytest.raises(FieldErrors) as caught:
        services.request_repair(db, clock, w.reporter, a_draft(is_wear_and_tear=True, concerns=None,
                                                               what_happened=None))
    assert caught.value.errors == {"what_happened": rules.REQUIRED}
    with pytest.raises(FieldErrors) as caught:
        services.request_repair(db, clock, w.reporter, a_draft(is_wear_and_tear=True, service_site_id="site-2"))
    assert caught.value.errors == {"service_site_id": "dev.site_not_yours"}
    with pytest.raises(PermissionDenied):
        services.request_repair(db, clock, w.analyst, a_draft(is_wear_and_tear=True))
    assert count(db, "cases") == 0


# ------------------------------------------------------------------ DEV-6 admin keeps the lists


def test_dev6_admin_adds_a_category_to_one_event_type(db, clock, w):
    from tests.conftest import add_user
    from logic.access import Role

    admin = add_user(db, "adam", [Role.ADMIN])
    services.save_category(db, clock, admin, event_type=EventType.COMPLAINT, code="emballage",
                           name_sv="Skadad förpackning", name_en="Damaged packaging",
                           requires_delivery_ref=True, sort=99, active=True)
    assert services.categories_for(db, EventType.COMPLAINT)["emballage"].requires_delivery_ref
    assert "emballage" not in services.categories_for(db, EventType.INCIDENT)
    with pytest.raises(FieldErrors):
        register(db, clock, w.reporter, event_type=EventType.COMPLAINT, category="emballage")
    with pytest.raises(PermissionDenied):
        services.save_category(db, clock, w.handler, event_type=EventType.COMPLAINT, code="x",
                               name_sv="X", name_en="X", requires_delivery_ref=False, sort=1, active=True)


def test_get_deviation_for_the_receipt_is_the_registered_case(db, clock, w):
    case_id = register(db, clock, w.reporter)
    case = services.get_deviation(db, clock, w.reporter, case_id)
    assert case["site_city"] == "Västerby" and case["created_by_name"] == "Rita Rapportör"
    assert case["occurred_at"] == datetime(2026, 2, 10, 13, 30) and case["created_at"] == datetime(2026, 2, 12, 9, 0)
    assert timedelta(0) < case["created_at"] - case["occurred_at"]
