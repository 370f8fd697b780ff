"""Issue 16, item 6 (third part): the one way to validate (`ui.forms.Check`: required marked
" *", after a press each problem at its field by name, a summary at the button, nothing typed
lost) in the forms that still did their own — the urgent task forms (assign, report, budget),
the deviation handler panel, the report filters, import/restore and master data."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.pages.conftest import read
from tests.pages.test_deviation_pages import query

pytestmark = pytest.mark.both_backends

CASE = "pages/12_Arende.py"


def _errors(at) -> list[str]:
    return [read(e.value) for e in at.error]


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _with_db(path, work):
    from logic.clock import FixedClock
    from logic.store.connect import open_database

    db = open_database(path)
    try:
        return work(db, FixedClock(datetime(2026, 11, 20, 11, 0, tzinfo=ZoneInfo("Europe/Stockholm"))))
    finally:
        db.close()


# ------------------------------------------------------------------ urgent task forms (URG-7)


def _report_box(at):
    return next(el for el in at.text_area if el.key.startswith("urg_report_text_"))


def test_ui16_forms_urgent_report_without_text_names_the_field_and_sums_up(open_page):
    at = open_page(CASE, "partner3", {"id": "AKUT-26-0004"})
    assert _report_box(at).label == "Rapport *"                         # required, marked
    _button(at, "Rapportér").click().run()
    assert not at.exception, at.exception
    assert _errors(at) == ["Rapport: Udfyld feltet.", "Udfyld 1 felt: Rapport."], _errors(at)
    assert query("SELECT count(*) AS n FROM task_reports WHERE text = ''") == [{"n": 0}]


def test_ui16_forms_urgent_report_over_its_limit_is_said_at_the_field_and_kept(open_page):
    at = open_page(CASE, "partner3", {"id": "AKUT-26-0004"})
    long_text = "Affugter hentet. " * 300                               # > 4000 characters
    _report_box(at).input(long_text)
    _button(at, "Rapportér").click().run()
    errors = _errors(at)
    assert errors[0].startswith("Rapport: ") and "4000" in errors[0].replace(".", "").replace(" ", ""), errors
    assert errors[1] == "Ret 1 felt: Rapport.", errors
    assert _report_box(at).value == long_text                           # nothing typed is lost


def _inspection_for_partner3(demo_db_path) -> None:
    from logic.urgent import services
    from logic.urgent.model import TaskKind
    from logic.users import load_user

    def work(db, clock):
        user = load_user(db, "oresund")
        services.assign_task(db, clock, user, "AKUT-26-0004", TaskKind.INSPECTION, "lynhurtig-vvs-aps-helsingor")
    _with_db(demo_db_path, work)


def test_ui16_forms_urgent_budget_missing_or_zero_is_said_at_the_field(open_page, demo_db_path):
    _inspection_for_partner3(demo_db_path)
    at = open_page(CASE, "partner3", {"id": "AKUT-26-0004"})
    amount = next(el for el in at.number_input if el.key.startswith("urg_budget_amount_"))
    assert amount.label == "Budget (kr.) *"
    _button(at, "Send budget").click().run()
    assert not at.exception, at.exception
    assert _errors(at) == ["Budget (kr.): Udfyld feltet.", "Udfyld 1 felt: Budget (kr.)."], _errors(at)
    amount = next(el for el in at.number_input if el.key.startswith("urg_budget_amount_"))
    amount.set_value(0.0)
    _button(at, "Send budget").click().run()
    assert _errors(at) == ["Budget (kr.): Angiv et beløb større end 0.", "Ret 1 felt: Budget (kr.)."], _errors(at)
    assert next(el for el in at.number_input if el.key.startswith("urg_budget_amount_")).value == 0.0
    next(el for el in at.number_input if el.key.startswith("urg_budget_amount_")).set_value(12500.0)
    _button(at, "Send budget").click().run()
    assert not _errors(at), _errors(at)
    assert query("SELECT budget_state FROM case_tasks WHERE case_id = 'AKUT-26-0004' AND kind = 'inspection'"
                 ) == [{"budget_state": "submitted"}]


def test_ui16_forms_urgent_assign_refusal_names_the_office_field(open_page, monkeypatch):
    from logic.errors import FieldErrors
    from logic.urgent import services

    def refuse(*args, **kwargs):
        raise FieldErrors({"office_id": "urgent.may_not_assign_office"})

    at = open_page(CASE, "oresund", {"id": "AKUT-26-0004"})
    monkeypatch.setattr(services, "assign_task", refuse)
    at.selectbox(key="urg_assign_office").set_value("lynhurtig-vvs-aps-helsingor")
    _button(at, "Tildel").click().run()
    assert not at.exception, at.exception
    assert _errors(at) == ["Kontor: Du må ikke tildele opgaver til dette kontor.", "Ret 1 felt: Kontor."], _errors(at)
    assert at.selectbox(key="urg_assign_office").value == "lynhurtig-vvs-aps-helsingor"


# ------------------------------------------------------------------ deviation: answer and handler panel


def test_ui16_forms_deviation_answer_missing_is_said_at_the_field(open_page):
    from tests.pages.test_deviation_pages import a_registered_case

    number = a_registered_case(open_page)
    at = open_page(CASE, "tekniker", {"id": number})
    _button(at, "Spara svar").click().run()
    assert not at.exception, at.exception
    assert _errors(at) == ["Skriv svar: Fyll i fältet.", "Fyll i 1 fält: Skriv svar."], _errors(at)
    assert query("SELECT status FROM cases WHERE id = ?", [number]) == [{"status": "planned"}]


def test_ui16_forms_deviation_report_without_date_at_its_field_investigation_kept(open_page):
    from logic.deviations.model import ReportState
    from tests.pages.test_ui16_actions import _answered

    number = _answered(open_page)
    at = open_page(CASE, "handlaggare", {"id": number})
    at.text_area(key=f"dev_investigation_{number}").input("Gaffeln var felmonterad.")
    at.selectbox(key=f"dev_man_{number}").set_value(ReportState.REPORTED)
    at.selectbox(key=f"dev_mpa_{number}").set_value(ReportState.NOT_NEEDED)
    _button(at, "Spara utredning").click().run()
    assert not at.exception, at.exception
    assert _errors(at) == ["Anmälan till tillverkaren: Ange datum för anmälan.",
                           "Rätta 1 fält: Anmälan till tillverkaren."], _errors(at)
    assert at.text_area(key=f"dev_investigation_{number}").value == "Gaffeln var felmonterad."
    # closing with the same values: the same problem at the same field, the case stays open
    at.button(key="dev_close_btn").click().run()
    at.button(key=f"confirm_dev_close_{number}_yes__btn").click().run()
    assert _errors(at) == ["Anmälan till tillverkaren: Ange datum för anmälan.",
                           "Rätta 1 fält: Anmälan till tillverkaren."], _errors(at)
    assert query("SELECT status FROM cases WHERE id = ?", [number]) == [{"status": "investigating"}]
    assert at.text_area(key=f"dev_investigation_{number}").value == "Gaffeln var felmonterad."


# ------------------------------------------------------------------ report filters: the period


def test_ui16_forms_dashboard_end_before_start_is_said_at_the_end_date(open_page):
    from datetime import date

    at = open_page("pages/21_Rapporter.py", "analytiker")
    assert at.date_input(key="dash_to").label == "till och med *"
    at.date_input(key="dash_from").set_value(date(2026, 6, 1))
    at.date_input(key="dash_to").set_value(date(2026, 3, 1)).run()
    assert not at.exception, at.exception
    assert _errors(at) == ["Till och med: Slutdatum före startdatum."], _errors(at)
    assert at.date_input(key="dash_from").value == date(2026, 6, 1)      # what was chosen stays
    assert at.date_input(key="dash_to").value == date(2026, 3, 1)
    assert not at.get("plotly_chart")                                      # nothing drawn from a wrong period
