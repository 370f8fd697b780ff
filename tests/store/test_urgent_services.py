"""URG services on a temporary DuckDB file with fixed clocks: office permissions at every kind
of moment, the enhanced setting, creation, tasks, Til normal, Tilknyt and the report."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from logic import i18n
from logic.access import PermissionDenied, Role
from logic.clock import FixedClock
from logic.errors import FieldErrors, Refused
from logic.store.db import Database
from logic.urgent import report, services
from logic.urgent.model import CreatePermission as P
from logic.urgent.model import ReportPeriod, TaskKind, UrgentDraft
from logic.users import load_user
from tests.conftest import add_user

pytestmark = pytest.mark.both_backends

CPH = ZoneInfo("Europe/Copenhagen")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def at(*args: int) -> FixedClock:
    return FixedClock(datetime(*args, tzinfo=CPH))


WEEKDAY_INSIDE = (2026, 11, 24, 10, 0)     # Tuesday
WEEKDAY_OUTSIDE = (2026, 11, 23, 17, 30)   # Monday evening
SATURDAY = (2026, 11, 21, 11, 0)
HOLIDAY = (2026, 5, 14, 10, 0)             # Kristi himmelfartsdag (Thursday)


class World:
    """Two insurers; Alfa Service and Beta Byg are partners of the first."""

    def __init__(self, db: Database):
        c = at(2026, 1, 5, 9, 0)
        self.db = db
        self.ins = services.create_insurer(db, c, None, "Test Forsikring", "ins-test")
        self.other_ins = services.create_insurer(db, c, None, "Anden Forsikring", "ins-other")
        services.set_portal_settings(db, c, None, self.ins, enhanced=False, report_period=ReportPeriod.WEEK)
        self.co_a = services.create_company(db, c, None, self.ins, "Alfa Service")
        self.co_b = services.create_company(db, c, None, self.ins, "Beta Byg")
        self.co_x = services.create_company(db, c, None, self.other_ins, "Xeno VVS")
        self.office = {}
        for company, name, permission in ((self.co_a, "Never", P.NEVER), (self.co_a, "Outside", P.OUTSIDE_HOURS),
                                          (self.co_a, "Always", P.ALWAYS), (self.co_b, "Beta", P.ALWAYS),
                                          (self.co_x, "Xeno", P.ALWAYS)):
            office_id = services.create_office(db, c, None, company, name)
            self.office[name] = office_id
            services.set_office_settings(db, c, None, office_id, create_permission=permission)
        for company in (self.co_a, self.co_b, self.co_x):
            services.set_office_hours(db, c, None, company, time(8), time(16))
        self.partner = {}
        for name in self.office:
            company = {"Beta": self.co_b, "Xeno": self.co_x}.get(name, self.co_a)
            self.partner[name] = add_user(db, f"p-{name.lower()}", [Role.PARTNER], [self.office[name], company])
        self.insurer = add_user(db, "ins6", [Role.INSURER], [self.ins], authority_level=6)
        self.insurer5 = add_user(db, "ins5", [Role.INSURER], [self.ins], authority_level=5)
        self.stranger = add_user(db, "ins-x", [Role.INSURER], [self.other_ins], authority_level=6)
        self.claim = services.create_claim(db, c, None, insurer_id=self.ins, case_number="TF-1001",
                                           street="Vej 1", postcode="2300", town="København S",
                                           customer="Kunde", short_description="Vandskade",
                                           case_handler="ins6")
        self.other_claim = services.create_claim(db, c, None, insurer_id=self.other_ins, case_number="AF-1",
                                                 street="Vej 2", postcode="3000", town="Helsingør",
                                                 customer="Kunde", short_description="Storm")

    def draft(self, office: str = "Always", **extra) -> UrgentDraft:
        values = dict(office_id=self.office[office], street="Amagerbrogade 52", postcode="2300",
                      town="København S", customer="Kirsten Kunde", contact_name="Kirsten Kunde",
                      contact_phone="+45 12 34 56 78", short_description="Vand fra loftet",
                      damage_date=date(2026, 1, 1), damage_time=time(12, 0))
        values.update(extra)
        return UrgentDraft(**values)

    def create(self, when=WEEKDAY_OUTSIDE, office: str = "Always", **extra) -> str:
        return services.create_urgent(self.db, at(*when), self.partner[office], self.draft(office, **extra))

    def version(self, case_id: str) -> int:
        return services.get_case(self.db, at(*WEEKDAY_INSIDE), self.insurer, case_id)["version"]


@pytest.fixture
def w(db) -> World:
    return World(db)


# ------------------------------------------------------------------ URG-1, URG-2, URG-4


MOMENTS = {"weekday_inside": WEEKDAY_INSIDE, "weekday_outside": WEEKDAY_OUTSIDE, "saturday": SATURDAY,
           "public_holiday": HOLIDAY}
EXPECTED = {
    "Never": {"weekday_inside": False, "weekday_outside": False, "saturday": False, "public_holiday": False},
    "Outside": {"weekday_inside": False, "weekday_outside": True, "saturday": True, "public_holiday": True},
    "Always": {"weekday_inside": True, "weekday_outside": True, "saturday": True, "public_holiday": True},
}


@pytest.mark.parametrize("office", list(EXPECTED))
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_urg1_urg2_urg4_create_permission_by_office_setting_and_moment(w, office, moment):
    clock = at(*MOMENTS[moment])
    allowed = EXPECTED[office][moment]
    user = w.partner[office]
    assert services.create_decision(w.db, clock, user).allowed is allowed      # the "+ Ny akutsag" button
    if allowed:
        case_id = services.create_urgent(w.db, clock, user, w.draft(office))
        assert "AKUT" in case_id
    else:
        with pytest.raises(PermissionDenied) as refused:
            services.create_urgent(w.db, clock, user, w.draft(office))
        assert refused.value.decision.reason in ("urgent.create_never", "urgent.create_only_outside_hours")


def test_urg4_only_partner_members_of_an_office_may_create(w):
    clock = at(*WEEKDAY_OUTSIDE)
    assert not services.create_decision(w.db, clock, w.insurer)
    loner = add_user(w.db, "p-loner", [Role.PARTNER], [])
    assert services.create_decision(w.db, clock, loner).reason == "urgent.no_office"
    with pytest.raises(FieldErrors) as e:       # a permitted partner cannot create for another office
        services.create_urgent(w.db, clock, w.partner["Always"], w.draft("Always", office_id=w.office["Beta"]))
    assert e.value.errors["office_id"] == "urgent.office_not_permitted"


def test_urg1_changing_a_setting_is_logged(w, db):
    clock = at(2026, 2, 1, 9, 0)
    services.set_office_settings(db, clock, w.insurer, w.office["Never"], create_permission=P.ALWAYS)
    services.set_office_hours(db, clock, w.insurer, w.co_a, time(7), time(15))
    with db.read() as r:
        log = r.rows("SELECT actor, event, detail FROM security_log WHERE actor = 'ins6' ORDER BY id")
    assert log[0]["event"] == "urgent_office_settings"
    assert "create never -> always" in log[0]["detail"]
    assert log[1] == {"actor": "ins6", "event": "urgent_office_hours",
                      "detail": f"{w.co_a}: 08:00–16:00 -> 07:00–15:00"}
    # the new hours apply at once: 15:30 on a weekday is now outside office hours
    services.set_office_settings(db, clock, w.insurer, w.office["Never"], create_permission=P.OUTSIDE_HOURS)
    assert services.create_decision(db, at(2026, 11, 24, 15, 30), w.partner["Never"])


def test_urg1_only_the_insurers_own_admins_change_its_offices(w, db):
    with pytest.raises(PermissionDenied):
        services.set_office_settings(db, at(*WEEKDAY_INSIDE), w.stranger, w.office["Never"],
                                     create_permission=P.ALWAYS)
    with pytest.raises(PermissionDenied):
        services.set_office_settings(db, at(*WEEKDAY_INSIDE), w.partner["Always"], w.office["Never"],
                                     create_permission=P.ALWAYS)


# ------------------------------------------------------------------ URG-3


def test_urg3_enhanced_rights_only_when_the_portal_setting_is_on(w, db):
    clock = at(*WEEKDAY_OUTSIDE)
    office = w.office["Always"]
    with pytest.raises(FieldErrors) as e:
        services.set_office_settings(db, clock, w.insurer, office, create_permission=P.ALWAYS,
                                     may_edit_case_id=True, may_assign_other_partners=True)
    assert e.value.errors == {"may_assign_other_partners": "urgent.enhanced_off",
                              "may_edit_case_id": "urgent.enhanced_off"}
    # without the rights: no case number field, tasks only to the own company's offices
    assert services.create_urgent(db, clock, w.partner["Always"], w.draft(case_number="RK-1")).startswith("AKUT-26-")
    with pytest.raises(FieldErrors) as e:
        w.create(first_aid_office=w.office["Beta"])
    assert e.value.errors == {"first_aid_office": "urgent.may_not_assign_office"}

    services.set_portal_settings(db, clock, w.insurer, w.ins, enhanced=True, report_period=ReportPeriod.WEEK)
    services.set_office_settings(db, clock, w.insurer, office, create_permission=P.ALWAYS,
                                 may_edit_case_id=True, may_assign_other_partners=True)
    with pytest.raises(FieldErrors) as e:
        w.create()
    assert e.value.errors == {"case_number": "form.required"}
    assert w.create(case_number="rk-2201", first_aid_office=w.office["Beta"]) == "AKUT-RK-2201"
    with pytest.raises(FieldErrors) as e:
        w.create(case_number="RK-2201")
    assert e.value.errors == {"case_number": "urgent.case_number_taken"}

    # switching the portal setting off takes the rights away again, though they stay stored
    services.set_portal_settings(db, clock, w.insurer, w.ins, enhanced=False, report_period=ReportPeriod.WEEK)
    assert w.create(case_number="RK-9").startswith("AKUT-26-")
    with pytest.raises(FieldErrors):
        w.create(first_aid_office=w.office["Beta"])
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM security_log WHERE event = 'urgent_portal_settings'") == 3


# ------------------------------------------------------------------ URG-5, URG-6


def test_urg5_fields_are_checked_by_the_service(w):
    # (lengths are the input model's: tests/unit/test_text_limits.py, X-7)
    with pytest.raises(FieldErrors) as e:
        w.create(contact_phone="abc", contact_email="nope", street=None)
    assert e.value.errors == {"street": "form.required", "contact_phone": "form.bad_phone",
                              "contact_email": "form.bad_email"}


def test_urg6_akut_in_the_id_company_case_list_and_visible_to_creator(w, db):
    case_id = w.create(office="Always")
    assert case_id == "AKUT-26-0001" and w.create() == "AKUT-26-0002"
    clock = at(*WEEKDAY_OUTSIDE)
    for seer in (w.partner["Always"], w.partner["Never"], w.insurer):     # creator, same company, insurer
        assert case_id in [r["id"] for r in services.list_cases(db, clock, seer)]
        services.get_case(db, clock, seer, case_id)
    for outsider in (w.partner["Beta"], w.partner["Xeno"], w.stranger):
        assert case_id not in [r["id"] for r in services.list_cases(db, clock, outsider)]
        with pytest.raises(Refused) as e:                # as if there were no such case
            services.get_case(db, clock, outsider, case_id)
        assert e.value.key == "case.not_found"
    case = services.get_case(db, clock, w.insurer, case_id)
    assert case["kind"] == "urgent" and case["queue"] == "insurer" and case["office_id"] == w.office["Always"]
    assert case["inside_office_hours"] is False
    assert "kirsten kunde" in case["search_text"] and "amagerbrogade" in case["search_text"]


def test_urg5_tasks_assigned_at_creation_or_later(w, db):
    clock = at(*WEEKDAY_OUTSIDE)
    case_id = w.create(first_aid_office=w.office["Always"])
    assert [t["kind"] for t in services.get_case(db, clock, w.insurer, case_id)["tasks"]] == ["first_aid"]
    services.assign_task(db, clock, w.partner["Always"], case_id, TaskKind.INSPECTION, w.office["Never"])
    services.assign_task(db, clock, w.insurer, case_id, TaskKind.INSPECTION, w.office["Beta"])   # insurer: any partner
    tasks = services.get_case(db, clock, w.insurer, case_id)["tasks"]
    assert [(t["kind"], t["office_id"]) for t in tasks] == [("first_aid", w.office["Always"]),
                                                            ("inspection", w.office["Beta"])]
    # the Beta office now sees the case through its task (as loaded for its next page run)
    beta = load_user(db, w.partner["Beta"].username)
    assert case_id in [r["id"] for r in services.list_cases(db, clock, beta)]
    services.get_case(db, clock, beta, case_id)
    with pytest.raises(PermissionDenied):
        services.assign_task(db, clock, w.partner["Beta"], case_id, TaskKind.FIRST_AID, w.office["Beta"])


# ------------------------------------------------------------------ URG-7


def test_urg7_first_aid_reports_at_once_inspection_needs_an_approved_budget(w, db):
    clock = at(*WEEKDAY_OUTSIDE)
    case_id = w.create(first_aid_office=w.office["Always"], inspection_office=w.office["Always"])
    tasks = {t["kind"]: t for t in services.get_case(db, clock, w.partner["Always"], case_id)["tasks"]}
    assert tasks["first_aid"]["may_report"] and not tasks["inspection"]["may_report"]
    partner = w.partner["Always"]
    services.report_on_task(db, clock, partner, tasks["first_aid"]["id"], "Vand stoppet.")
    with pytest.raises(PermissionDenied) as e:
        services.report_on_task(db, clock, partner, tasks["inspection"]["id"], "Besigtiget.")
    assert e.value.decision.reason == "urgent.budget_not_approved"
    with pytest.raises(PermissionDenied):
        services.submit_budget(db, clock, partner, tasks["first_aid"]["id"], 1000)
    services.submit_budget(db, clock, partner, tasks["inspection"]["id"], 8500)
    with pytest.raises(PermissionDenied):
        services.decide_budget(db, clock, partner, tasks["inspection"]["id"], True)
    services.decide_budget(db, clock, w.insurer, tasks["inspection"]["id"], True)
    services.report_on_task(db, clock, partner, tasks["inspection"]["id"], "Besigtiget, loft skal skiftes.")
    case = services.get_case(db, clock, w.insurer, case_id)
    assert [r["text"] for r in case["reports"]] == ["Vand stoppet.", "Besigtiget, loft skal skiftes."]
    with pytest.raises(PermissionDenied):        # only the assigned office reports
        services.report_on_task(db, clock, w.partner["Never"], tasks["first_aid"]["id"], "x")


def test_urg7_why_a_task_cannot_be_reported_on_yet_is_said_only_to_its_own_office(w, db):
    """The service decides who is told why a task cannot be reported on (the case view shows
    `report_refusal` as it is): the partner office the task is assigned to, on an open case —
    not the insurer, and not a partner office that only holds another task of the case."""
    clock = at(*WEEKDAY_OUTSIDE)
    case_id = w.create(first_aid_office=w.office["Always"])
    services.assign_task(db, clock, w.insurer, case_id, TaskKind.INSPECTION, w.office["Beta"])

    def refusals(user) -> dict[str, str | None]:
        return {t["kind"]: t["report_refusal"] for t in services.get_case(db, clock, user, case_id)["tasks"]}

    beta = load_user(db, w.partner["Beta"].username)
    assert refusals(beta) == {"first_aid": None,                              # another office's task
                              "inspection": "urgent.budget_not_approved"}     # its own, budget missing
    assert refusals(w.partner["Always"]) == {"first_aid": None,               # it may report: nothing to say
                                             "inspection": None}              # another office's task
    assert refusals(w.insurer) == {"first_aid": None, "inspection": None}


def test_attachments_limits_checked_on_content(w, db):
    clock = at(*WEEKDAY_OUTSIDE)
    case_id = w.create(first_aid_office=w.office["Always"])
    task_id = services.get_case(db, clock, w.insurer, case_id)["tasks"][0]["id"]
    partner = w.partner["Always"]
    attachment_id = services.upload_attachment(db, clock, partner, task_id, "loft.png", PNG)
    for name, content, key in (("virus.jpg", b"MZ\x90\x00" * 10, "urgent.file_type"),
                               ("tom.pdf", b"", "urgent.file_empty"),
                               ("stor.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "urgent.file_too_large")):
        with pytest.raises(FieldErrors) as e:
            services.upload_attachment(db, clock, partner, task_id, name, content)
        assert e.value.errors == {"file": key}
    with pytest.raises(PermissionDenied):
        services.upload_attachment(db, clock, w.partner["Beta"], task_id, "x.png", PNG)
    stored = services.attachment(db, w.insurer, attachment_id)
    assert stored["mime"] == "image/png" and bytes(stored["content"]) == PNG
    with pytest.raises(PermissionDenied):
        services.attachment(db, w.stranger, attachment_id)


def test_urg7_the_same_file_twice_on_a_task_is_refused_naming_the_stored_one(w, db):
    """Issue 13: a second click on Upload stored the file again. Same content (SHA-256) on the
    same task is refused, whatever its name; another task, or other content, is fine."""
    clock = at(*WEEKDAY_OUTSIDE)
    case_id = w.create(first_aid_office=w.office["Always"], inspection_office=w.office["Always"])
    first_aid, inspection = (t["id"] for t in services.get_case(db, clock, w.insurer, case_id)["tasks"])
    partner = w.partner["Always"]
    services.upload_attachment(db, clock, partner, first_aid, "loft_1.png", PNG)
    for name in ("loft_1.png", "igen.png"):
        with pytest.raises(FieldErrors) as e:
            services.upload_attachment(db, clock, partner, first_aid, name, PNG)
        problem = e.value.errors["file"]
        assert problem == "urgent.file_duplicate" and problem.params == {"name": "loft_1.png"}
        assert i18n.t("da", problem) == "Denne fil er allerede vedhæftet opgaven (som loft_1.png)."
        assert i18n.t("sv", problem) == "Den här filen är redan bifogad till uppdraget (som loft_1.png)."
        assert i18n.t("en", problem) == "This file is already attached to the task (as loft_1.png)."
    with pytest.raises(FieldErrors):                                 # the insurer's click too
        services.upload_attachment(db, clock, w.insurer, first_aid, "loft_1.png", PNG)
    services.upload_attachment(db, clock, partner, first_aid, "loft_2.png", PNG + b"\x01")
    services.upload_attachment(db, clock, partner, inspection, "loft_1.png", PNG)
    files = services.get_case(db, clock, w.insurer, case_id)["attachments"]
    assert sorted((f["task_id"], f["filename"]) for f in files) == sorted(
        [(first_aid, "loft_1.png"), (first_aid, "loft_2.png"), (inspection, "loft_1.png")])


# ------------------------------------------------------------------ URG-8, URG-9


def test_urg8_insurer_sees_how_many_cases_wait_to_be_attached(w, db):
    assert services.pending_count(db, w.insurer) == 0
    first = w.create()
    w.create()
    clock = at(*WEEKDAY_OUTSIDE)
    assert services.pending_count(db, w.insurer) == 2
    assert services.pending_count(db, w.stranger) == 0
    assert services.pending_count(db, w.partner["Always"]) == 0
    assert {r["id"] for r in services.list_cases(db, clock, w.insurer, urgent_only=True)} == {first, "AKUT-26-0002"}
    assert "TF-1001" in {r["id"] for r in services.list_cases(db, clock, w.insurer)}
    services.link_into(db, clock, w.insurer, first, "TF-1001", w.version(first))
    assert services.pending_count(db, w.insurer) == 1


def test_urg9_insurer_may_handle_an_open_urgent_case_partner_may_not(w, db):
    case_id = w.create()
    clock = at(*WEEKDAY_OUTSIDE)
    assert services.get_case(db, clock, w.insurer, case_id)["may_handle"]
    assert not services.get_case(db, clock, w.partner["Always"], case_id)["may_handle"]
    with pytest.raises(PermissionDenied):
        services.link_into(db, clock, w.partner["Always"], case_id, "TF-1001", 1)


# ------------------------------------------------------------------ URG-10, URG-11


def _with_content(w: World, db: Database) -> tuple[str, dict]:
    clock = at(*WEEKDAY_OUTSIDE)
    case_id = w.create(first_aid_office=w.office["Always"], inspection_office=w.office["Always"])
    tasks = {t["kind"]: t["id"] for t in services.get_case(db, clock, w.insurer, case_id)["tasks"]}
    services.report_on_task(db, clock, w.partner["Always"], tasks["first_aid"], "Affugter opstillet.")
    services.upload_attachment(db, clock, w.partner["Always"], tasks["first_aid"], "foto.png", PNG)
    services.upload_attachment(db, clock, w.partner["Always"], tasks["first_aid"], "rapport.pdf", PDF)
    return case_id, tasks


def test_urg10_til_normal_needs_a_unique_case_number_and_a_case_handler(w, db):
    case_id, tasks = _with_content(w, db)
    clock = at(2026, 11, 24, 9, 15)
    version = w.version(case_id)
    with pytest.raises(FieldErrors) as e:
        services.convert_to_normal(db, clock, w.insurer, case_id, "", None, version)
    assert e.value.errors == {"case_number": "form.required", "case_handler": "form.required"}
    with pytest.raises(FieldErrors) as e:
        services.convert_to_normal(db, clock, w.insurer, case_id, "tf-1001", "ins6", version)
    assert e.value.errors == {"case_number": "urgent.case_number_taken"}
    with pytest.raises(FieldErrors) as e:
        services.convert_to_normal(db, clock, w.insurer, case_id, "TF-2001", "ins-x", version)
    assert e.value.errors == {"case_handler": "urgent.bad_case_handler"}
    with pytest.raises(PermissionDenied):
        services.convert_to_normal(db, clock, w.stranger, case_id, "TF-2001", "ins-x", version)

    new_id = services.convert_to_normal(db, clock, w.insurer, case_id, "tf-2001", "ins5", version)
    assert new_id == "TF-2001"
    normal = services.get_case(db, clock, w.insurer, new_id)
    assert normal["kind"] == "claim" and normal["assignee"] == "ins5" and normal["case_handler"] == "ins5"
    assert normal["title"] == "Amagerbrogade 52, 2300 København S" and normal["converted_from"] == case_id
    assert {t["id"] for t in normal["tasks"]} == set(tasks.values())
    assert len(normal["reports"]) == 1 and len(normal["attachments"]) == 2
    assert normal["events"][-1]["after_value"]["converted_from"] == case_id
    old = services.get_case(db, clock, w.insurer, case_id)
    assert old["status"] == "converted" and old["closed_at"] is not None and old["converted_to"] == new_id
    assert old["tasks"] == [] and not old["may_handle"]
    assert services.pending_count(db, w.insurer) == 0
    assert new_id in [r["id"] for r in services.list_cases(db, clock, w.partner["Always"])]   # creator still sees it
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM messages WHERE recipient = 'ins5' AND case_id = ?", [new_id]) == 1
    with pytest.raises(PermissionDenied):       # done once
        services.convert_to_normal(db, clock, w.insurer, case_id, "TF-2002", "ins6", old["version"])


def test_urg11_tilknyt_closes_the_urgent_case_and_moves_everything(w, db):
    case_id, tasks = _with_content(w, db)
    clock = at(2026, 11, 24, 8, 45)
    version = w.version(case_id)
    with pytest.raises(FieldErrors) as e:
        services.link_into(db, clock, w.insurer, case_id, "AF-1", version)
    assert e.value.errors == {"target": "urgent.target_not_found"}      # another insurer's case
    with pytest.raises(FieldErrors) as e:
        services.link_into(db, clock, w.insurer, case_id, None, version)
    assert e.value.errors == {"target": "form.required"}

    moved = services.link_into(db, clock, w.insurer, case_id, "TF-1001", version)
    assert moved == {"tasks": 2, "reports": 1, "attachments": 2}
    urgent = services.get_case(db, clock, w.insurer, case_id)
    assert urgent["status"] == "linked" and urgent["state"] == "linked" and urgent["closed_at"] is not None
    assert urgent["linked_to"] == "TF-1001" and urgent["queue"] is None
    assert urgent["tasks"] == [] and urgent["reports"] == [] and urgent["attachments"] == []
    target = services.get_case(db, clock, w.insurer, "TF-1001")
    assert {t["id"] for t in target["tasks"]} == set(tasks.values())
    assert all(t["origin_case_id"] == case_id for t in target["tasks"])
    assert [r["text"] for r in target["reports"]] == ["Affugter opstillet."]
    assert sorted(a["filename"] for a in target["attachments"]) == ["foto.png", "rapport.pdf"]
    link_back = [e for e in target["events"] if e["action"] == "urgent_linked"]
    assert link_back and link_back[0]["after_value"]["linked_from"] == case_id
    assert urgent["events"][-1]["action"] == "linked_into"
    # the partner's office still sees the target through its moved tasks (next page run)
    partner = load_user(db, w.partner["Always"].username)
    assert "TF-1001" in [r["id"] for r in services.list_cases(db, clock, partner)]
    services.get_case(db, clock, partner, "TF-1001")
    # and reporting goes on there
    services.report_on_task(db, clock, partner, tasks["first_aid"], "Tørring afsluttet.")
    assert len(services.get_case(db, clock, w.insurer, "TF-1001")["reports"]) == 2
    with pytest.raises(PermissionDenied):
        services.link_into(db, clock, w.insurer, case_id, "TF-1001", urgent["version"])


# ------------------------------------------------------------------ URG-12


def test_urg12_report_only_for_authority_level_6(w, db):
    clock = at(*WEEKDAY_OUTSIDE)
    with pytest.raises(PermissionDenied) as e:
        report.build(db, clock, w.insurer5)
    assert e.value.decision.reason == "urgent.report_level6"
    with pytest.raises(PermissionDenied):
        report.build(db, clock, w.partner["Always"])
    report.build(db, clock, w.insurer)


def test_urg12_report_figures_match_a_straight_count(w, db):
    made = [  # (when, office) — Tuesday inside hours, Monday evening, Saturday, a Wednesday at 07:00
        ((2026, 11, 24, 10, 0), "Always"), ((2026, 11, 23, 17, 30), "Outside"),
        ((2026, 11, 21, 11, 0), "Outside"), ((2026, 11, 18, 7, 0), "Beta"), ((2026, 11, 3, 22, 0), "Always")]
    ids = [w.create(when, office) for when, office in made]
    services.link_into(db, at(2026, 11, 24, 12, 0), w.insurer, ids[0], "TF-1001", w.version(ids[0]))   # 2 h
    services.convert_to_normal(db, at(2026, 11, 24, 9, 30), w.insurer, ids[1], "TF-3001", "ins6",
                               w.version(ids[1]))                                                       # 16 h
    services.link_into(db, at(2026, 11, 4, 8, 0), w.insurer, ids[4], "TF-1001", w.version(ids[4]))     # 10 h
    w.create((2026, 11, 24, 11, 0), "Xeno")          # the other insurer's: never in this report

    rep = report.build(db, at(2026, 11, 25, 12, 0), w.insurer, periods=4)
    assert rep.period is ReportPeriod.WEEK and rep.periods == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert sorted(rep.cases["case_id"]) == sorted(ids)
    by_office = {(r.period, r.office): r.count for r in rep.by_office.itertuples() if r.count}
    assert by_office == {("2026-W48", "Always"): 1, ("2026-W48", "Outside"): 1, ("2026-W47", "Outside"): 1,
                         ("2026-W47", "Beta"): 1, ("2026-W45", "Always"): 1}
    hours = {(r.hour, r.inside_office_hours): r.count for r in rep.by_hour.itertuples() if r.count}
    assert hours == {(10, True): 1, (17, False): 1, (11, False): 1, (7, False): 1, (22, False): 1}
    days = {(r.weekday, r.inside_office_hours): r.count for r in rep.by_weekday.itertuples() if r.count}
    assert days == {(1, True): 1, (0, False): 1, (5, False): 1, (2, False): 1, (1, False): 1}
    outcome = {(r.period, r.state): r.count for r in rep.outcome.itertuples() if r.count}
    assert outcome == {("2026-W48", "linked"): 1, ("2026-W48", "converted"): 1,
                       ("2026-W47", "open"): 2, ("2026-W45", "linked"): 1}
    tta = rep.time_to_attach.set_index("period")
    assert tta.loc["2026-W48", "attached"] == 2 and tta.loc["2026-W48", "median_hours"] == 9.0
    assert tta.loc["2026-W45", "median_hours"] == 10.0 and tta.loc["2026-W46", "attached"] == 0

    services.set_portal_settings(db, at(2026, 11, 25, 12, 0), w.insurer, w.ins, enhanced=False,
                                 report_period=ReportPeriod.MONTH)
    monthly = report.build(db, at(2026, 11, 25, 12, 0), w.insurer, periods=2)
    assert monthly.periods == ["2026-10", "2026-11"]
    assert dict(monthly.outcome.groupby("period")["count"].sum()) == {"2026-10": 0, "2026-11": 5}


def test_urg12_downloadable_file_holds_every_case(w, db):
    case_id = w.create()
    services.link_into(db, at(2026, 11, 24, 8, 0), w.insurer, case_id, "TF-1001", w.version(case_id))
    rep = report.build(db, at(2026, 11, 25, 12, 0), w.insurer)
    csv = report.to_csv(rep, "da").decode("utf-8-sig")
    assert case_id in csv and "Tilknyttet" in csv and "TF-1001" in csv
    xlsx = report.to_xlsx(rep, "da")
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
        assert case_id in strings and len([n for n in z.namelist() if n.startswith("xl/worksheets/")]) == 8   # URG-19: normal cases by state and decision


def test_urg12_and_link_not_possible_across_insurers(w, db):
    case_id = w.create(office="Xeno")
    with pytest.raises(Refused):
        services.get_case(db, at(*WEEKDAY_OUTSIDE), w.insurer, "AKUT-99-9999")
    with pytest.raises(PermissionDenied):
        services.link_into(db, at(*WEEKDAY_OUTSIDE), w.insurer, case_id, "TF-1001", 1)


# ------------------------------------------------------------------ URG-6 / X-4: the list's free text


def test_urg6_x4_percent_and_underscore_in_the_search_are_typed_characters_not_wildcards(w, db):
    """`%` listed every case and `_` matched any character: the typed text went into LIKE as is."""
    plain = w.create()                                                   # "Vand fra loftet"
    odd = w.create(short_description="Rabat 50%_off ved loftet")
    backslash = w.create(short_description="Sti C:\\vand\\fra")
    clock = at(*WEEKDAY_INSIDE)

    def found(text: str) -> set[str]:
        return {r["id"] for r in services.list_cases(db, clock, w.insurer, text=text)}

    assert found("vand fra") == {plain}
    assert found("%") == {odd}
    assert found("_") == {odd}
    assert found("50%_off") == {odd}
    assert found("vand_fra") == set()                 # `_` is no longer any one character
    assert found("vand%loftet") == set()              # nor `%` any run of them
    assert found("\\") == {backslash}                 # the escape character itself is literal too
    assert found("\\vand") == {backslash}
