"""Issue 16, items 6 and 7 (second part): the one way to validate (`ui.forms.Check`: required
marked " *", after a press each problem at its field by name, a summary at the button, nothing
typed lost) in the remaining forms — ORG admin, urgent admin, Tilknyt, first run, passwords,
master data — and a confirmation that says what will happen before Til normal, before a
death certificate is marked as handed to the police and before a budget is decided."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.pages.conftest import read, texts
from tests.pages.test_deviation_pages import query

pytestmark = pytest.mark.both_backends

CASE = "pages/12_Arende.py"
CERT = "pages/41_Intyg_utkast.py"


def _errors(at) -> list[str]:
    return [read(e.value) for e in at.error]


def _markdown(at) -> str:
    return " ".join(read(m.value) for m in at.markdown)


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


# ------------------------------------------------------------------ item 7: Til normal (URG-10)


def _til_normal(at, number: str = "RK-2201"):
    at.button(key="urg_to_normal_btn").click().run()
    at.text_input(key="urg_convert_number").input(number)
    at.selectbox(key="urg_convert_handler").set_value("oresund")
    _button(at, "Gem").click().run()
    return at


def test_ui16_confirm_til_normal_says_what_happens_and_cancel_changes_nothing(open_page):
    at = _til_normal(open_page(CASE, "oresund", {"id": "AKUT-26-0004"}))
    assert not at.exception, at.exception
    said = _markdown(at)
    assert "Akutsag AKUT-26-0004 afsluttes og bliver den normale sag RK-2201 med" in said, said
    assert "Det kan ikke fortrydes." in said
    assert query("SELECT state FROM urgent_cases WHERE case_id = 'AKUT-26-0004'") == [{"state": "open"}]
    at.button(key="confirm_urg_convert_AKUT-26-0004_no__btn").click().run()
    assert query("SELECT state FROM urgent_cases WHERE case_id = 'AKUT-26-0004'") == [{"state": "open"}]
    assert not [b for b in at.button if b.key == "confirm_urg_convert_AKUT-26-0004_yes__btn"]
    assert at.text_input(key="urg_convert_number").value == "RK-2201"          # nothing typed is lost
    _button(at, "Gem").click().run()
    at.button(key="confirm_urg_convert_AKUT-26-0004_yes__btn").click().run()
    assert query("SELECT state FROM urgent_cases WHERE case_id = 'AKUT-26-0004'") == [{"state": "converted"}]
    assert at.query_params["id"] in ("RK-2201", ["RK-2201"])


def test_ui16_confirm_til_normal_is_not_asked_while_a_field_is_missing(open_page):
    at = open_page(CASE, "oresund", {"id": "AKUT-26-0004"})
    at.button(key="urg_to_normal_btn").click().run()
    at.text_input(key="urg_convert_number").input("RK-2201")
    _button(at, "Gem").click().run()
    assert not [b for b in at.button if b.key == "confirm_urg_convert_AKUT-26-0004_yes__btn"]
    assert _errors(at) == ["Sagsbehandler: Udfyld feltet.", "Udfyld 1 felt: Sagsbehandler."], _errors(at)
    assert at.text_input(key="urg_convert_number").value == "RK-2201"


def test_ui16_confirm_til_normal_with_a_taken_number_says_so_at_the_field(open_page):
    at = _til_normal(open_page(CASE, "oresund", {"id": "AKUT-26-0004"}), "OF-2026-0501")
    at.button(key="confirm_urg_convert_AKUT-26-0004_yes__btn").click().run()
    assert not at.exception
    assert "Sagsnummer: Sagsnummeret findes allerede." in _errors(at), _errors(at)
    assert at.text_input(key="urg_convert_number").value == "OF-2026-0501"
    assert query("SELECT state FROM urgent_cases WHERE case_id = 'AKUT-26-0004'") == [{"state": "open"}]


# ------------------------------------------------------------------ item 6: Tilknyt


def test_ui16_forms_tilknyt_without_a_case_names_the_field_and_sums_up(open_page):
    at = open_page(CASE, "oresund", {"id": "AKUT-26-0004"})
    _button(at, "Tilknyt").click().run()
    assert at.selectbox(key="urg_link_target").label == "Sag *"
    _button(at, "Gem").click().run()
    assert not at.exception
    assert _errors(at) == ["Sag: Udfyld feltet.", "Udfyld 1 felt: Sag."], _errors(at)


# ------------------------------------------------------------------ item 7: handed to the police (CERT-9)


def _signed_police_death_certificate(path) -> str:
    from logic.certificates import services
    from logic.users import load_user

    def work(db, clock):
        doc = load_user(db, "lakare")
        case_id = services.create_certificate(db, clock, doc, unit_id="site-1012", patient_id="19850315-R001",
                                              type_code="db")
        services.save_fields(db, clock, doc, case_id, {
            "identity_checked_death": "id_band", "death_date": "2026-11-19", "death_date_certain": "yes",
            "death_place": "Västerby", "explosive_implant": "no", "external_examination": "yes",
            "police_report": "yes"}, 1)
        version = query_version(db, case_id)
        services.sign(db, clock, doc, case_id, version)
        return case_id

    return _with_db(path, work)


def query_version(db, case_id: str) -> int:
    with db.read() as r:
        return r.rows("SELECT version FROM cases WHERE id = ?", [case_id])[0]["version"]


def test_ui16_confirm_handing_a_death_certificate_to_the_police_does_nothing_until_confirmed(
        open_page, demo_db_path):
    case_id = _signed_police_death_certificate(demo_db_path)
    at = open_page(CERT, "lakare", {"id": case_id})
    assert query("SELECT status FROM cases WHERE id = ?", [case_id]) == [{"status": "signed"}]
    _button(at, "Markera som överlämnat till Polismyndigheten").click().run()
    assert not at.exception, at.exception
    assert f"Dödsbevis {case_id} markeras som överlämnat till Polismyndigheten på papper." in _markdown(at)
    assert query("SELECT status FROM cases WHERE id = ?", [case_id]) == [{"status": "signed"}]
    at.button(key=f"confirm_cert_{case_id}_police_no__btn").click().run()
    assert query("SELECT status FROM cases WHERE id = ?", [case_id]) == [{"status": "signed"}]
    _button(at, "Markera som överlämnat till Polismyndigheten").click().run()
    at.button(key=f"confirm_cert_{case_id}_police_yes__btn").click().run()
    assert query("SELECT status FROM cases WHERE id = ?", [case_id]) == [{"status": "handed_to_police"}]
    assert "Dödsbeviset är markerat som överlämnat till Polismyndigheten." in texts(at)


# ------------------------------------------------------------------ item 7: a budget decision (URG-7)


def _submitted_budget(path) -> int:
    from logic.urgent import services
    from logic.urgent.model import TaskKind
    from logic.users import load_user

    def work(db, clock):
        insurer, partner = load_user(db, "oresund"), load_user(db, "partner3")
        task_id = services.assign_task(db, clock, insurer, "AKUT-26-0004", TaskKind.INSPECTION,
                                       "lynhurtig-vvs-aps-helsingor")
        services.submit_budget(db, clock, partner, task_id, 12500.0)
        return task_id

    return _with_db(path, work)


def test_ui16_confirm_a_budget_decision_says_amount_and_task_before_it_is_made(open_page, demo_db_path):
    task_id = _submitted_budget(demo_db_path)
    at = open_page(CASE, "oresund", {"id": "AKUT-26-0004"})
    at.button(key=f"urg_budget_no_{task_id}").click().run()
    assert not at.exception, at.exception
    assert "Budgettet på 12.500,00 kr. for Besigtigelse afvises." in _markdown(at), _markdown(at)
    at.button(key=f"confirm_urg_budget_{task_id}_no__btn").click().run()
    assert query("SELECT budget_state FROM case_tasks WHERE id = ?", [task_id]) == [{"budget_state": "submitted"}]
    at.button(key=f"urg_budget_ok_{task_id}").click().run()
    at.button(key=f"confirm_urg_budget_{task_id}_yes__btn").click().run()
    assert query("SELECT budget_state FROM case_tasks WHERE id = ?", [task_id]) == [{"budget_state": "approved"}]


# ------------------------------------------------------------------ item 6: ORG admin (ORG-2, ORG-6)

ORG_ADMIN = "pages/39_Org_admin.py"


def _press(at, form: str):
    next(b for b in at.button if b.form_id == form).click().run()
    assert not at.exception, at.exception
    return at


def test_ui16_forms_org_new_node_pressed_empty_names_code_and_name_at_their_fields(open_page):
    at = open_page(ORG_ADMIN, "admin")
    form = "org_node_form_new"
    field = {w.label: w for w in at.text_input if w.form_id == form}
    assert {"Kod *", "Namn på svenska *", "Namn på engelska"} <= set(field), set(field)
    field["Namn på engelska"].input("Waiting times")
    _press(at, form)
    shown = _errors(at)
    assert "Kod: Fyll i fältet." in shown and "Namn på svenska: Fyll i fältet." in shown, shown
    assert shown[-1] == "Fyll i 2 fält: Kod och Namn på svenska.", shown
    assert next(w for w in at.text_input if w.form_id == form and w.label == "Namn på engelska").value \
        == "Waiting times"                                                          # nothing typed is lost


def test_ui16_forms_org_node_with_a_bad_code_says_so_at_the_code(open_page):
    at = open_page(ORG_ADMIN, "admin")
    form = "org_node_form_new"
    next(w for w in at.text_input if w.form_id == form and w.label == "Kod *").input("Väntetider!")
    next(w for w in at.text_input if w.form_id == form and w.label == "Namn på svenska *").input("Väntetider")
    _press(at, form)
    shown = _errors(at)
    assert shown == ["Kod: 1–40 tecken: a–z, siffror och understreck.", "Rätta 1 fält: Kod."], shown
    assert next(w for w in at.text_input if w.form_id == form and w.label == "Kod *").value == "Väntetider!"


def test_ui16_forms_org_ladder_title_over_its_limit_is_said_at_its_field_and_kept(open_page):
    at = open_page(ORG_ADMIN, "admin")
    assert at.selectbox(key="org_holder_user_forum").label == "Innehavare *"
    long_title = "Ordförande " * 10                                           # 110 characters
    at.text_input(key="org_holder_title_forum").input(long_title)
    _press(at, "org_holder_forum")
    shown = _errors(at)
    assert len(shown) == 2 and shown[0].startswith("Uppdrag (t.ex. ordförande): ") and "100" in shown[0], shown
    assert shown[1] == "Rätta 1 fält: Uppdrag (t.ex. ordförande).", shown
    assert at.text_input(key="org_holder_title_forum").value == long_title


# ------------------------------------------------------------------ item 6: urgent admin (URG-2)


def test_ui16_forms_urgent_office_hours_end_before_start_is_said_at_the_end_field(open_page):
    from datetime import time

    at = open_page("pages/59_Akut_admin.py", "forsikring")
    start = next(w for w in at.time_input if w.label == "Fra *")
    end = next(w for w in at.time_input if w.label == "Til *" and w.form_id == start.form_id)
    form = start.form_id
    start.set_value(time(16, 0))
    end.set_value(time(8, 0))
    _press(at, form)
    shown = _errors(at)
    assert shown == ["Til: Sluttidspunktet skal ligge efter starttidspunktet.", "Ret 1 felt: Til."], shown
    assert next(w for w in at.time_input if w.label == "Fra *" and w.form_id == form).value == time(16, 0)


# ------------------------------------------------------------------ item 6: password reset


def test_ui16_forms_password_reset_pressed_empty_names_the_field_and_sums_up(open_page):
    from tests.pages.test_ui16_forms import select_row

    at = open_page("pages/90_Admin.py", "admin")
    select_row(at, "admin_users_grid", list(at.dataframe[0].value["Användarnamn"]).index("reporter2"))
    assert at.text_input(key="reset_pw_reporter2").label == "Nytt lösenord *"
    _press(at, "reset_reporter2")
    shown = [read(e.value) for e in at.error]
    assert shown == ["Nytt lösenord: Fyll i fältet.", "Fyll i 1 fält: Nytt lösenord."], shown
    at.text_input(key="reset_pw_reporter2").input("kort")
    _press(at, "reset_reporter2")
    shown = [read(e.value) for e in at.error]
    assert shown == ["Nytt lösenord: Lösenordet ska ha minst 10 tecken.", "Rätta 1 fält: Nytt lösenord."], shown
    assert at.text_input(key="reset_pw_reporter2").value == "kort"               # nothing typed is lost
