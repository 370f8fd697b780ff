"""The DEV rules as pure functions (logic/deviations/rules.py), one or more tests per rule id."""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest

from logic import i18n
from logic.deviations import rules
from logic.deviations.model import (
    STEP_FIELDS,
    DesiredAction,
    DeviationDraft,
    DeviceReturn,
    EventType,
    RegistrationPath,
    WantedBack,
)
from logic.reference import REFERENCE

NOW = datetime(2026, 2, 12, 10, 0)          # Thursday of ISO week 7, wall clock in Stockholm
SITE = "site-1"
PNR = "191212121212"                        # Tolvan Tolvansson, the test patient


def _reference_categories() -> dict[str, dict[str, rules.Category]]:
    data = json.loads((REFERENCE / "deviation_categories.json").read_text(encoding="utf-8"))
    return {event: {c["code"]: rules.Category(c["code"], c["sv"], c["en"],
                                              c.get("requires_delivery_ref", False)) for c in items}
            for event, items in data.items() if not event.startswith("_")}


CATEGORIES = _reference_categories()

# ------------------------------------------------------------------ builders

SUBJECTS = {
    RegistrationPath.RECIPIENT_DEVICE: dict(recipient_id=PNR, device_id="dev-1"),
    RegistrationPath.UNREGISTERED_DEVICE: dict(recipient_id=PNR, article_no="51200",
                                               article_name="Kryckkäpp justerbar"),
    RegistrationPath.STOCK_INDIVIDUAL: dict(stock_item_id="stk-1"),
    RegistrationPath.STOCK_ARTICLE: dict(stock_item_id="stk-3"),
    RegistrationPath.SERVICE_WORK_ORDER: dict(work_order_no="AO-26-1001"),
    RegistrationPath.SERVICE_NO_ORDER: dict(service_description="Montering av ramp vid entrén"),
}


def a_draft(path: RegistrationPath = RegistrationPath.RECIPIENT_DEVICE, **overrides) -> DeviationDraft:
    """A complete draft for `path` that passes every rule; override what a test is about."""
    values = dict(
        path=path, service_site_id=SITE, is_wear_and_tear=False, **SUBJECTS[path],
        event_type=EventType.INCIDENT, category="risk_fall",
        occurred_date=date(2026, 2, 10), occurred_time=time(14, 30),
        location="I hemmet", concerns="Böjd länkhjulsgaffel på rullstol",
        what_happened="Gaffeln till höger länkhjul var böjd och lös. Rullstolen togs ur bruk.",
        injury="Nej, men patienten kunde ha fallit.", desired_action=DesiredAction.SEND_TO_CENTRE,
        device_return=DeviceReturn.WILL_BE_SENT, report_attached=True,
        wanted_back=WantedBack.SAME_DEVICE, contact_name="Vera Vårdare", contact_phone="070-123 45 67")
    if path.on_stock and "event_type" not in overrides:
        values.update(event_type=EventType.COMPLAINT, category="fel_brist")
    values.update(overrides)
    return DeviationDraft(**values)


def a_subject(path: RegistrationPath = RegistrationPath.RECIPIENT_DEVICE, *,
              delivered: date | None = date(2026, 1, 2), **overrides) -> rules.Subject:
    """What the store would resolve for `a_draft(path)`."""
    tolvan = {"id": PNR, "kind": "patient", "name": "Tolvan Tolvansson", "unit_id": SITE}
    s = rules.Subject()
    if path is RegistrationPath.RECIPIENT_DEVICE:
        s.recipient = tolvan
        s.device = {"id": "dev-1", "recipient_id": PNR, "article_no": "49509",
                    "individual_no": "CFH188493", "delivered": delivered}
    elif path is RegistrationPath.UNREGISTERED_DEVICE:
        s.recipient = tolvan
    elif path is RegistrationPath.STOCK_INDIVIDUAL:
        s.stock_item = {"id": "stk-1", "article_no": "49509", "individual_no": "CFH900101"}
    elif path is RegistrationPath.STOCK_ARTICLE:
        s.stock_item = {"id": "stk-3", "article_no": "22010", "individual_no": None}
    elif path is RegistrationPath.SERVICE_WORK_ORDER:
        s.work_order = {"no": "AO-26-1001", "recipient_id": PNR, "article_no": "49509"}
    for name, value in overrides.items():
        setattr(s, name, value)
    return s


def check(draft: DeviationDraft, subject: rules.Subject | None = None, *, now: datetime = NOW,
          sites: list[str] | None = None) -> dict[str, str]:
    event = draft.event_type.value if draft.event_type else None
    ctx = rules.CheckContext(now_local=now, user_sites=[SITE] if sites is None else sites,
                             categories=CATEGORIES.get(event, {}),
                             subject=subject if subject is not None else a_subject(draft.path))
    return rules.check(draft, ctx)


@pytest.mark.parametrize("path", list(RegistrationPath))
def test_builders_make_a_draft_that_passes_every_rule(path):
    assert check(a_draft(path), a_subject(path)) == {}


# ------------------------------------------------------------------ DEV-1 event types


def test_dev1_three_event_types_and_which_are_deviations():
    assert {e.value for e in EventType} == {"negativ_handelse", "tillbud", "reklamation"}
    assert EventType.NEGATIVE.is_deviation and EventType.INCIDENT.is_deviation
    assert not EventType.COMPLAINT.is_deviation


@pytest.mark.parametrize("event, label, meaning", [
    (EventType.NEGATIVE, "Negativ händelse", "har medfört patientskada"),
    (EventType.INCIDENT, "Tillbud", "skulle kunna ha medfört patientskada"),
    (EventType.COMPLAINT, "Reklamation", "inte finns någon risk för patientskada"),
])
def test_dev1_each_event_type_is_shown_with_its_meaning(event, label, meaning):
    assert i18n.t("sv", f"dev.event.{event.value}") == label
    assert meaning in i18n.t("sv", f"dev.event_help.{event.value}")


def test_dev1_avvikelse_is_the_umbrella_term_for_negative_events_and_incidents():
    note = i18n.t("sv", "dev.avvikelse_note")
    assert "negativ händelse och tillbud" in note and "SOSFS 2011:9" in note
    assert "fel eller brist" in i18n.t("sv", "dev.event_help.reklamation")
    assert "dröjsmål" in i18n.t("sv", "dev.event_help.reklamation")


# ------------------------------------------------------------------ DEV-2 repair is not a deviation


def test_dev2_wear_and_tear_answer_refuses_a_deviation():
    errors = check(a_draft(is_wear_and_tear=True))
    assert errors == {"is_wear_and_tear": "dev.is_repair"}


def test_dev2_repair_check_must_be_answered():
    assert check(a_draft(is_wear_and_tear=None)) == {"is_wear_and_tear": rules.REQUIRED}


@pytest.mark.parametrize("text, wear", [
    ("Bromsarna behöver justeras", True),
    ("Utslitna länkhjul på rullstolen", True),
    ("Sliten armstödsklädsel", True),
    ("Bromsen behöver efterjusteras efter ett år", True),
    ("Normalt användande har nött sönder dynan", True),
    ("Böjd länkhjulsgaffel på rullstol", False),
    ("Bromsen släppte i en nedförsbacke och patienten föll", False),
    ("Infusionspump larmar utan orsak", False),
    ("", False),
    (None, False),
])
def test_dev2_looks_like_wear_hints(text, wear):
    assert rules.looks_like_wear(text) is wear


# ------------------------------------------------------------------ DEV-3 handed out to the patient


@pytest.mark.parametrize("event", [EventType.NEGATIVE, EventType.INCIDENT])
@pytest.mark.parametrize("path", [RegistrationPath.STOCK_INDIVIDUAL, RegistrationPath.STOCK_ARTICLE])
def test_dev3_negative_event_and_incident_refused_for_buffer_stock(path, event):
    category = "fel_hjalpmedel" if event is EventType.NEGATIVE else "komponent"
    errors = check(a_draft(path, event_type=event, category=category))
    assert errors == {"event_type": "dev.not_handed_out"}


@pytest.mark.parametrize("path", [RegistrationPath.STOCK_INDIVIDUAL, RegistrationPath.STOCK_ARTICLE])
def test_dev3_a_complaint_on_buffer_stock_is_accepted(path):
    assert check(a_draft(path, event_type=EventType.COMPLAINT, category="fel_brist")) == {}


@pytest.mark.parametrize("event, category", [(EventType.NEGATIVE, "fall"), (EventType.INCIDENT, "risk_fall")])
def test_dev3_refused_for_a_device_with_no_delivery_date(event, category):
    errors = check(a_draft(event_type=event, category=category), a_subject(delivered=None))
    assert errors == {"event_type": "dev.not_handed_out"}


def test_dev3_a_complaint_on_an_undelivered_device_is_accepted():
    draft = a_draft(event_type=EventType.COMPLAINT, category="drojsmal")
    assert check(draft, a_subject(delivered=None)) == {}


@pytest.mark.parametrize("event, category", [(EventType.NEGATIVE, "fall"), (EventType.INCIDENT, "risk_fall")])
def test_dev3_accepted_however_long_ago_the_device_was_delivered(event, category):
    ten_years_ago = NOW.date() - timedelta(days=3652)
    assert check(a_draft(event_type=event, category=category), a_subject(delivered=ten_years_ago)) == {}


def test_dev3_event_before_delivery_is_refused():
    errors = check(a_draft(occurred_date=date(2026, 1, 1)), a_subject(delivered=date(2026, 1, 2)))
    assert errors == {"occurred_date": "dev.before_delivery"}


def test_dev3_work_order_without_a_recipient_is_not_handed_out():
    subject = a_subject(RegistrationPath.SERVICE_WORK_ORDER,
                        work_order={"no": "AO-26-1001", "recipient_id": None, "article_no": "49509"})
    assert check(a_draft(RegistrationPath.SERVICE_WORK_ORDER), subject) == {"event_type": "dev.not_handed_out"}


# ------------------------------------------------------------------ DEV-4 six registration paths


def test_dev4_six_paths_a_to_f():
    assert [p.value for p in RegistrationPath] == ["a", "b", "c", "d", "e", "f"]
    assert {p for p in RegistrationPath if p.on_stock} == {RegistrationPath.STOCK_INDIVIDUAL,
                                                           RegistrationPath.STOCK_ARTICLE}


DEV4_SUBJECT_ERRORS = [
    # path, draft overrides, resolved subject overrides, expected errors
    ("a", {"recipient_id": None}, {"recipient": None}, {"recipient_id": rules.REQUIRED}),
    ("a", {"recipient_id": "1212121212"}, {"recipient": None}, {"recipient_id": "identity.needs_century"}),
    ("a", {"recipient_id": "191212121213"}, {"recipient": None}, {"recipient_id": "identity.check_digit"}),
    ("a", {"recipient_id": "194001019274"}, {"recipient": None}, {"recipient_id": "dev.recipient_not_found"}),
    ("a", {"device_id": None}, {"device": None}, {"device_id": rules.REQUIRED}),
    ("a", {"device_id": "dev-5"}, {"device": {"id": "dev-5", "recipient_id": "194001019274",
                                              "delivered": date(2025, 1, 1)}},
     {"device_id": "dev.device_not_on_recipient"}),
    ("a", {"device_id": "nope"}, {"device": None}, {"device_id": "dev.device_not_on_recipient"}),
    ("b", {"recipient_id": None}, {"recipient": None}, {"recipient_id": rules.REQUIRED}),
    ("b", {"recipient_id": "121212-1212"}, {"recipient": None}, {"recipient_id": "identity.needs_century"}),
    ("b", {"article_no": None, "article_name": None}, {}, {"article_no": "dev.article_required"}),
    ("c", {"stock_item_id": None}, {"stock_item": None}, {"stock_item_id": rules.REQUIRED}),
    ("c", {"stock_item_id": "nope"}, {"stock_item": None}, {"stock_item_id": "dev.stock_item_not_found"}),
    ("c", {"stock_item_id": "stk-3"}, {"stock_item": {"id": "stk-3", "individual_no": None}},
     {"stock_item_id": "dev.stock_item_wrong_kind"}),
    ("d", {"stock_item_id": "stk-1"}, {"stock_item": {"id": "stk-1", "individual_no": "CFH900101"}},
     {"stock_item_id": "dev.stock_item_wrong_kind"}),
    ("e", {"work_order_no": None}, {"work_order": None}, {"work_order_no": rules.REQUIRED}),
    ("e", {"work_order_no": "AO-99-0000"}, {"work_order": None}, {"work_order_no": "dev.work_order_not_found"}),
    ("f", {"service_description": None}, {}, {"service_description": rules.REQUIRED}),
]


@pytest.mark.parametrize("path, draft_kw, subject_kw, expected", DEV4_SUBJECT_ERRORS)
def test_dev4_each_path_validates_its_own_subject(path, draft_kw, subject_kw, expected):
    path = RegistrationPath(path)
    draft = a_draft(path, **draft_kw)
    if path is RegistrationPath.SERVICE_WORK_ORDER and draft.work_order_no is None:
        draft = draft.model_copy(update={"event_type": EventType.COMPLAINT, "category": "tjanst"})
    assert check(draft, a_subject(path, **subject_kw)) == expected


def test_dev4_path_b_takes_a_care_unit_customer_number():
    unit = {"id": "40012", "kind": "care_unit", "name": "Korttidsboendet Linden", "unit_id": SITE}
    draft = a_draft(RegistrationPath.UNREGISTERED_DEVICE, recipient_id="40012")
    assert check(draft, a_subject(RegistrationPath.UNREGISTERED_DEVICE, recipient=unit)) == {}


def test_dev4_path_a_takes_a_care_unit_from_its_customer_number():
    unit = {"id": "40012", "kind": "care_unit", "name": "Korttidsboendet Linden", "unit_id": SITE}
    device = {"id": "dev-10", "recipient_id": "40012", "article_no": "70250", "delivered": date(2024, 3, 1)}
    draft = a_draft(recipient_id="40012", device_id="dev-10")
    assert check(draft, a_subject(recipient=unit, device=device)) == {}


def test_dev5_a_ten_digit_number_is_not_taken_for_an_unknown_customer_number():
    """'1212121212' is Tolvan without the century — not a care unit nobody has heard of."""
    draft = a_draft(RegistrationPath.UNREGISTERED_DEVICE, recipient_id="1212121212")
    errors = check(draft, a_subject(RegistrationPath.UNREGISTERED_DEVICE, recipient=None))
    assert errors == {"recipient_id": "identity.needs_century"}


def test_dev4_the_subjects_of_other_paths_are_not_required():
    """Path f needs no recipient, device, stock item or work order."""
    draft = a_draft(RegistrationPath.SERVICE_NO_ORDER)
    assert draft.recipient_id is None and draft.device_id is None
    assert check(draft, rules.Subject()) == {}


# ------------------------------------------------------------------ DEV-5 service site


def test_dev5_service_site_is_required():
    assert check(a_draft(service_site_id=None)) == {"service_site_id": rules.REQUIRED}


def test_dev5_a_site_the_user_is_not_connected_to_is_refused():
    errors = check(a_draft(service_site_id="site-other"), sites=[SITE, "site-2"])
    assert errors == {"service_site_id": "dev.site_not_yours"}


def test_dev5_a_user_with_several_sites_may_choose_any_of_them():
    assert check(a_draft(service_site_id="site-2"), sites=[SITE, "site-2"]) == {}


# ------------------------------------------------------------------ DEV-6 categories per event type


def test_dev6_each_event_type_has_its_own_category_list():
    assert set(CATEGORIES) == {e.value for e in EventType}
    assert "felleverans" in CATEGORIES["reklamation"]
    assert "felleverans" not in CATEGORIES["tillbud"] and "fall" not in CATEGORIES["reklamation"]


@pytest.mark.parametrize("event, category", [
    (EventType.INCIDENT, "felleverans"), (EventType.COMPLAINT, "fall"),
    (EventType.NEGATIVE, "risk_fall"), (EventType.INCIDENT, "no_such_category"),
])
def test_dev6_category_must_belong_to_the_event_type(event, category):
    assert check(a_draft(event_type=event, category=category)) == {"category": "dev.category_not_for_type"}


@pytest.mark.parametrize("event", list(EventType))
def test_dev6_every_category_of_the_type_is_accepted(event):
    for code, category in CATEGORIES[event.value].items():
        extra = {"delivery_note_no": "FS-1"} if category.requires_delivery_ref else {}
        assert check(a_draft(event_type=event, category=code, **extra)) == {}, code


# ------------------------------------------------------------------ DEV-7 mandatory fields

MANDATORY = ["path", "service_site_id", "is_wear_and_tear", "event_type", "category",
             "occurred_date", "occurred_time", "location", "concerns", "what_happened", "injury",
             "desired_action", "device_return", "wanted_back", "contact_name", "contact_phone"]


def test_dev7_an_empty_form_names_every_mandatory_field_in_form_order():
    errors = check(DeviationDraft(), rules.Subject())
    assert list(errors) == MANDATORY
    assert set(errors.values()) == {rules.REQUIRED}
    order = [f for step in STEP_FIELDS.values() for f in step]
    assert [order.index(f) for f in errors] == sorted(order.index(f) for f in errors)


@pytest.mark.parametrize("field", [f for f in MANDATORY if f not in ("path", "service_site_id",
                                                                     "is_wear_and_tear", "event_type")])
def test_dev7_each_mandatory_field_is_named_when_missing(field):
    assert check(a_draft(**{field: None})) == {field: rules.REQUIRED}


@pytest.mark.parametrize("field", ["location", "concerns", "what_happened", "injury", "contact_name"])
def test_dev7_blank_text_counts_as_missing(field):
    assert check(a_draft(**{field: "   "})) == {field: rules.REQUIRED}


def test_dev7_errors_per_step():
    errors = check(DeviationDraft(), rules.Subject())
    assert list(rules.errors_for_step(errors, 1)) == ["path", "service_site_id", "is_wear_and_tear"]
    assert "event_type" in rules.errors_for_step(errors, 2)
    assert "contact_phone" in rules.errors_for_step(errors, 3)
    assert "contact_phone" not in rules.errors_for_step(errors, 2)


@pytest.mark.parametrize("occurred_date, occurred_time, future", [
    (date(2026, 2, 12), time(10, 0), False),      # this very minute
    (date(2026, 2, 12), time(9, 59), False),
    (date(2026, 2, 12), time(10, 1), True),       # a minute from now
    (date(2026, 2, 13), time(0, 0), True),
    (date(2027, 1, 1), time(8, 0), True),
])
def test_dev7_event_time_not_in_the_future(occurred_date, occurred_time, future):
    errors = check(a_draft(occurred_date=occurred_date, occurred_time=occurred_time))
    assert errors == ({"occurred_date": "dev.in_future"} if future else {})


def test_dev7_a_future_date_is_refused_before_the_time_is_chosen():
    errors = check(a_draft(occurred_date=date(2026, 2, 13), occurred_time=None))
    assert errors == {"occurred_date": "dev.in_future", "occurred_time": rules.REQUIRED}


def test_dev7_future_is_judged_on_the_users_wall_clock():
    """22:30 on the 12th is in the future at 10:00, not at 23:00 the same evening."""
    draft = a_draft(occurred_date=date(2026, 2, 12), occurred_time=time(22, 30))
    assert check(draft) == {"occurred_date": "dev.in_future"}
    assert check(draft, now=datetime(2026, 2, 12, 23, 0)) == {}


@pytest.mark.parametrize("phone, ok", [
    ("070-123 45 67", True), ("+46 70 123 45 67", True), ("0701234567", True),
    ("08-123 456", True), ("ring mig", False), ("070", False), ("070-123 45 67 ext 2", False),
    ("-0701234567", False),
])
def test_dev7_contact_phone_must_be_a_phone_number(phone, ok):
    assert check(a_draft(contact_phone=phone)) == ({} if ok else {"contact_phone": "form.bad_phone"})


# ------------------------------------------------------------------ DEV-8 felleverans


def test_dev8_wrong_delivery_needs_delivery_note_or_order_number():
    draft = a_draft(event_type=EventType.COMPLAINT, category="felleverans")
    assert check(draft) == {"delivery_note_no": "dev.delivery_ref_required"}


@pytest.mark.parametrize("refs", [{"delivery_note_no": "FS-778812"}, {"order_no": "KO-44120"},
                                  {"delivery_note_no": "FS-778812", "order_no": "KO-44120"}])
def test_dev8_either_reference_is_enough(refs):
    assert check(a_draft(event_type=EventType.COMPLAINT, category="felleverans", **refs)) == {}


def test_dev8_other_complaints_need_no_delivery_reference():
    assert check(a_draft(event_type=EventType.COMPLAINT, category="drojsmal")) == {}


# ------------------------------------------------------------------ DEV-9 wanted back, report attached


def test_dev9_wanted_back_is_required():
    assert check(a_draft(wanted_back=None)) == {"wanted_back": rules.REQUIRED}


@pytest.mark.parametrize("wanted", list(WantedBack))
def test_dev9_replacement_or_same_device(wanted):
    assert check(a_draft(wanted_back=wanted)) == {}


@pytest.mark.parametrize("device_return, required", [
    (DeviceReturn.SENT_IN, True), (DeviceReturn.WILL_BE_SENT, True), (DeviceReturn.NOT_APPLICABLE, False)])
def test_dev9_report_attached_required_when_the_device_is_sent_in(device_return, required):
    errors = check(a_draft(device_return=device_return, report_attached=None))
    assert errors == ({"report_attached": rules.REQUIRED} if required else {})


@pytest.mark.parametrize("attached", [True, False])
def test_dev9_report_attached_answered_either_way(attached):
    assert check(a_draft(device_return=DeviceReturn.SENT_IN, report_attached=attached)) == {}


# ------------------------------------------------------------------ DEV-10 numbers


@pytest.mark.parametrize("day, seq, number", [
    (date(2026, 2, 12), 2, "AV26070002"),         # the user guide's example
    (date(2026, 2, 12), 1, "AV26070001"),
    (date(2026, 2, 12), 9999, "AV26079999"),
    (date(2026, 1, 1), 1, "AV26010001"),           # Thursday: week 1 of 2026
    (date(2026, 12, 31), 5, "AV26530005"),         # 2026 has 53 ISO weeks
    (date(2027, 1, 1), 1, "AV26530001"),           # Friday 2027-01-01 is ISO week 53 of 2026
    (date(2027, 1, 3), 1, "AV26530001"),
    (date(2027, 1, 4), 1, "AV27010001"),
    (date(2024, 12, 30), 3, "AV25010003"),         # Monday 2024-12-30 is ISO week 1 of 2025
])
def test_dev10_number_format(day, seq, number):
    assert rules.deviation_number(day, seq) == number
    assert rules.NUMBER.match(number)
    assert number.startswith(rules.number_prefix(day))


@pytest.mark.parametrize("seq", [0, -1, 10000, 123456])
def test_dev10_sequence_outside_four_digits_refused(seq):
    with pytest.raises(ValueError, match="dev.number_exhausted"):
        rules.deviation_number(date(2026, 2, 12), seq)


def test_dev10_repair_requests_use_their_own_prefix():
    assert rules.deviation_number(date(2026, 2, 12), 1, "RE") == "RE26070001"
    assert rules.number_prefix(date(2026, 2, 12), "RE") == "RE2607"


# ------------------------------------------------------------------ DEV-12 closing message


def test_dev12_closing_message_text():
    assert rules.closing_message("AV26070002") == "Avvikelse/reklamation AV26070002 är avslutad."


# ------------------------------------------------------------------ DEV-15 scope


def test_dev15_only_assistive_device_events_are_registered_here():
    """No organisational event type or category exists in the deviation vocabulary; the form
    says where organisational deviations go."""
    assert {e.value for e in EventType} == {"negativ_handelse", "tillbud", "reklamation"}
    names = " ".join(c.name_sv.lower() for cats in CATEGORIES.values() for c in cats.values())
    assert "organisation" not in names and "miljö" not in names
    note = i18n.t("sv", "dev.scope_note")
    assert "endast avvikelser och reklamationer som gäller hjälpmedel" in note
    assert "Organisatoriska avvikelser" in note
