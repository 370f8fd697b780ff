"""The entry screens' searches and starts (DEV-20 … DEV-23), what a report concerns (DEV-24)
and the care-deviation facts of a Negativ händelse or Tillbud (DEV-25), on a temp DuckDB."""
from __future__ import annotations

import pytest

from logic.access import PermissionDenied
from logic.deviations import rules, services
from logic.deviations.model import DeviationDraft, EventType, RegistrationPath
from logic.errors import FieldErrors, Refused
from logic.inputs import TOO_LONG
from tests.store.dev_world import (
    CARE_UNIT_NO,
    TOLVAN,
    add_stock,
    dev_template,  # noqa: F401  (fixture)
    pg_world_template,  # noqa: F401  (fixture)
    register,
    world_db,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.both_backends


@pytest.fixture
def db(world_db):  # noqa: F811
    return world_db


@pytest.fixture
def w(dev_template):  # noqa: F811
    return dev_template[1]


def logged(db, purpose: str) -> list[dict]:
    with db.read() as r:
        return r.rows("SELECT actor, person_id, purpose FROM access_log WHERE purpose = ?", [purpose])


def registers(db, clock, user, start: services.Start, **overrides) -> str:
    """A registration whose subject is the entry's start, the rest as a complete draft."""
    fields = {f: None for f in ("recipient_id", "device_id", "stock_item_id", "work_order_no")}
    return register(db, clock, user, path=start.path, **{**fields, **start.fields}, **overrides)


# ------------------------------------------------------------------ DEV-20 Mottagare

def test_dev_20_recipient_screen_shows_the_number_to_who_may_see_it_and_logs_the_view(db, clock, w):
    found, devices = services.recipient_screen(db, clock, w.reporter, TOLVAN)
    assert found["name"] == "Tolvan Tolvansson" and found["shown_id"] == "19121212-1212"
    assert {d["id"] for d in devices} == {"dev-1", "dev-2", "dev-old"}
    assert logged(db, "register_deviation") == [{"actor": "rita", "person_id": TOLVAN,
                                                 "purpose": "register_deviation"}]
    assert services.entry.shown_id(w.analyst, found) == "19121212-****"      # a role that may not see it
    unit, unit_devices = services.recipient_screen(db, clock, w.reporter, CARE_UNIT_NO)
    assert unit["shown_id"] == CARE_UNIT_NO and [d["id"] for d in unit_devices] == ["dev-cu"]


def test_dev_20_a_row_starts_path_a_and_the_wizard_rules_register_it(db, clock, w):
    start = services.start_for_device(TOLVAN, "dev-1")
    assert start.draft_fields() == {"path": RegistrationPath.RECIPIENT_DEVICE, "recipient_id": TOLVAN,
                                    "device_id": "dev-1"}
    case_id = registers(db, clock, w.reporter, start)
    with db.read() as r:
        assert r.row("SELECT person_id, article_no, individual_no FROM cases WHERE id = ?", [case_id]) == \
            {"person_id": TOLVAN, "article_no": "49509", "individual_no": "CFH188493"}


def test_dev_20_only_who_may_register_searches(db, clock, w):
    with pytest.raises(PermissionDenied):
        services.recipient_screen(db, clock, w.analyst, TOLVAN)


# ------------------------------------------------------------------ DEV-21 Individkort

def test_dev_21_individual_cards_by_prefix_on_stock_and_on_recipients(db, clock, w):
    hits = services.individual_cards(db, clock, w.reporter, "cfh")
    found = {(h["individual_no"], h["place"]) for h in hits.rows}
    assert {("CFH900101", "stock"), ("CFH188493", "recipient"), ("CFH777001", "recipient")} <= found
    stock = next(h for h in hits.rows if h["individual_no"] == "CFH900101")
    assert stock["start"] == services.Start(RegistrationPath.STOCK_INDIVIDUAL, {"stock_item_id": "stk-1"})
    on_tolvan = next(h for h in hits.rows if h["individual_no"] == "CFH188493")
    assert on_tolvan["start"] == services.start_for_device(TOLVAN, "dev-1")
    assert on_tolvan["recipient_name"] == "Tolvan Tolvansson" and on_tolvan["shown_id"] == "19121212-1212"
    assert {r["person_id"] for r in logged(db, "individual_card")} == {TOLVAN}    # the patient's number shown
    case_id = registers(db, clock, w.reporter, stock["start"], event_type=EventType.COMPLAINT, category="fel_brist")
    assert case_id.startswith("AV")


def test_dev_21_a_handed_out_card_is_not_on_stock_and_many_hits_say_so(db, clock, w):
    with db.tx() as tx:
        tx.execute("UPDATE stock_items SET handed_out = true WHERE id = 'stk-1'")
    assert [h["place"] for h in services.individual_cards(db, clock, w.reporter, "CFH900101").rows] == []
    for i in range(services.entry.HITS + 1):
        add_stock(db, f"stk-x{i}", "49509", f"ZZ{i:03d}")
    hits = services.individual_cards(db, clock, w.reporter, "zz")
    assert len(hits.rows) == services.entry.HITS and hits.more


def test_dev_21_search_text_refused_in_words_never_cut(db, clock, w):
    with pytest.raises(FieldErrors) as empty:
        services.individual_cards(db, clock, w.reporter, "  ")
    assert empty.value.errors == {"individual_no": rules.REQUIRED}
    with pytest.raises(FieldErrors) as long:
        services.individual_cards(db, clock, w.reporter, "C" * 31)
    assert long.value.errors["individual_no"] == TOO_LONG


def test_dev_21_23_prefix_searches_list_only_the_users_sites_patients(db, clock, w):
    """A search by a number's beginning must not list the patients of every site."""
    assert {h["place"] for h in services.individual_cards(db, clock, w.stranger, "CFH").rows} == {"stock"}
    assert services.work_orders(db, w.stranger, "AO").rows == []
    assert logged(db, "individual_card") == []
    everyone = services.individual_cards(db, clock, w.tech, "CFH188493").rows
    assert [h["recipient_name"] for h in everyone] == ["Tolvan Tolvansson"]     # centre staff: every site
    assert len(services.work_orders(db, w.handler, "AO").rows) == 2


# ------------------------------------------------------------------ DEV-22 Dina uppgifter

def test_dev_22_buffer_stock_lists_non_individual_items_each_starting_path_d(db, clock, w):
    items = services.buffer_stock(db, w.reporter)
    assert [(i["id"], i["quantity"]) for i in items] == [("stk-3", 14)]
    assert items[0]["start"] == services.Start(RegistrationPath.STOCK_ARTICLE, {"stock_item_id": "stk-3"})
    assert registers(db, clock, w.reporter, items[0]["start"], event_type=EventType.COMPLAINT,
                     category="fel_brist").startswith("AV")


def test_dev_22_the_other_starts_choose_only_the_path(db, clock, w):
    assert services.start_on_path(RegistrationPath.SERVICE_NO_ORDER).draft_fields() == \
        {"path": RegistrationPath.SERVICE_NO_ORDER}
    with pytest.raises(ValueError):
        services.start_on_path(RegistrationPath.RECIPIENT_DEVICE)


# ------------------------------------------------------------------ DEV-23 Sök arbetsorder

def test_dev_23_work_orders_by_number_or_prefix_with_bound_parameters(db, clock, w):
    assert [h["no"] for h in services.work_orders(db, w.reporter, "ao-26").rows] == ["AO-26-1001", "AO-26-2001"]
    one = services.work_orders(db, w.reporter, "AO-26-1001").rows
    assert [h["no"] for h in one] == ["AO-26-1001"] and one[0]["recipient_name"] == "Tolvan Tolvansson"
    assert "recipient_id" not in one[0]                           # the name only, no identity number
    assert services.work_orders(db, w.reporter, "AO' OR '1'='1").rows == []
    assert services.work_orders(db, w.reporter, "%").rows == []  # a LIKE wildcard is a character here
    assert registers(db, clock, w.reporter, one[0]["start"]).startswith("AV")


# ------------------------------------------------------------------ DEV-24 what the report concerns

@pytest.mark.parametrize(("draft", "expected"), [
    (dict(path=RegistrationPath.RECIPIENT_DEVICE, recipient_id=TOLVAN, device_id="dev-1"),
     services.Concerning(recipient="Tolvan Tolvansson", device="49509 Rullstol Cross B42.5 Dj46 · CFH188493")),
    (dict(path=RegistrationPath.RECIPIENT_DEVICE, recipient_id=TOLVAN),
     services.Concerning(recipient="Tolvan Tolvansson")),
    (dict(path=RegistrationPath.STOCK_INDIVIDUAL, stock_item_id="stk-1"),
     services.Concerning(device="49509 Rullstol Cross B42.5 Dj46 · CFH900101", on_stock=True,
                         stock_unit="Hjälpmedelscentralen Västerby")),
    (dict(path=RegistrationPath.SERVICE_WORK_ORDER, work_order_no="AO-26-1001"),
     services.Concerning(recipient="Tolvan Tolvansson", device="49509 Rullstol Cross B42.5 Dj46 · CFH188493",
                         work_order="AO-26-1001 Byte av drivhjul")),
    (dict(path=RegistrationPath.UNREGISTERED_DEVICE, recipient_id=CARE_UNIT_NO, article_name="Kryckkäpp"),
     services.Concerning(recipient="Korttidsboendet Linden", device="Kryckkäpp")),
    (dict(path=RegistrationPath.SERVICE_NO_ORDER, service_description="Montering av ramp"),
     services.Concerning(service="Montering av ramp")),
    # another path's leftovers are not what this report concerns (DEV-4)
    (dict(path=RegistrationPath.STOCK_ARTICLE, recipient_id=TOLVAN, device_id="dev-1"), services.Concerning()),
])
def test_dev_24_what_the_report_concerns_per_path(db, draft, expected):
    assert services.concerning(db, DeviationDraft(**draft)) == expected


# ------------------------------------------------------------------ DEV-25 the workplace's own routine

def test_dev_25_negative_event_and_incident_are_also_reported_under_the_own_routine():
    assert rules.reported_under_own_routine(EventType.NEGATIVE)
    assert rules.reported_under_own_routine("tillbud")
    assert not rules.reported_under_own_routine(EventType.COMPLAINT)
    assert not rules.reported_under_own_routine(None) and not rules.reported_under_own_routine("x")


def test_dev_25_care_facts_of_a_negative_event(db, clock, w):
    case_id = register(db, clock, w.reporter, event_type=EventType.NEGATIVE, category="fall",
                       injury="Patienten föll och slog i höften.")
    facts = services.care_deviation_facts(db, clock, w.reporter, case_id, "sv")
    assert facts["what_happened"].startswith(
        f"Negativ händelse på hjälpmedel, registrerad som {case_id}: 49509 Rullstol Cross B42.5 Dj46 · CFH188493.")
    assert facts["what_happened"].endswith("Gaffeln till höger länkhjul var böjd och lös. Rullstolen togs ur bruk.")
    assert TOLVAN not in facts["what_happened"] and "Tolvan" not in facts["what_happened"]
    assert (facts["title"], facts["location"], facts["unit_id"]) == ("Böjd länkhjulsgaffel på rullstol", "I hemmet", "site-1")
    assert (str(facts["occurred_date"]), str(facts["occurred_time"])) == ("2026-02-10", "14:30:00")
    assert facts["patient_harmed"] is True and facts["harm_description"] == "Patienten föll och slog i höften."
    da = services.care_deviation_facts(db, clock, w.reporter, case_id, "da")
    assert da["what_happened"].startswith("Negativ hændelse på et hjælpemiddel")


def test_dev_25_an_incident_harmed_no_one_and_its_answer_goes_with_the_text(db, clock, w):
    case_id = register(db, clock, w.reporter)                                   # a Tillbud
    facts = services.care_deviation_facts(db, clock, w.reporter, case_id, "sv")
    assert facts["patient_harmed"] is False and facts["harm_description"] is None
    assert facts["what_happened"].endswith(
        "Har patienten skadats eller riskerats att skadas? På vilket sätt? Nej, men patienten kunde ha fallit.")


def test_dev_25_nothing_is_cut_and_a_complaint_is_not_offered(db, clock, w):
    long_text = "Lång beskrivning. " * 222                                       # 3996 characters
    case_id = register(db, clock, w.reporter, what_happened=long_text.strip())
    facts = services.care_deviation_facts(db, clock, w.reporter, case_id, "sv")
    assert long_text.strip() in facts["what_happened"] and len(facts["what_happened"]) > 4000
    complaint = register(db, clock, w.reporter, path=RegistrationPath.STOCK_ARTICLE, device_id=None,
                         recipient_id=None, stock_item_id="stk-3")
    with pytest.raises(Refused):
        services.care_deviation_facts(db, clock, w.reporter, complaint, "sv")
    assert not services.care_form_offered(w.analyst, EventType.NEGATIVE)
    assert services.care_form_offered(w.reporter, EventType.NEGATIVE)
