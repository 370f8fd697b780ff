"""Issue 16, items 2, 7 and 10 (actions): feedback where the user is looking after every action
(a toast and a message at the action, the form emptied, the new status), a confirmation dialog
before what cannot be undone (nothing happens until it is confirmed; cancelling changes
nothing), and closing a deviation taking the typed investigation along."""
from __future__ import annotations

import pytest

from logic.deviations.model import ReportState
from tests.pages.conftest import read, texts
from tests.pages.test_deviation_pages import CASE, a_registered_case, query

pytestmark = pytest.mark.both_backends


def _texts(elements) -> list[str]:
    return [read(e.value) for e in elements]


def _toasts(at) -> list[str]:
    return [read(e.value) for e in at.toast]


def _answered(open_page) -> str:
    number = a_registered_case(open_page)
    at = open_page(CASE, "tekniker", {"id": number})
    [a for a in at.text_area if a.label == "Skriv svar *"][0].input("Hjulgaffeln är bytt.")
    [b for b in at.button if b.label == "Spara svar"][0].click().run()
    return number


# ------------------------------------------------------------------ item 2: feedback


def test_ui16_feedback_answer_shows_a_toast_and_the_new_status_and_empties_the_box(open_page):
    number = a_registered_case(open_page)
    at = open_page(CASE, "tekniker", {"id": number})
    [a for a in at.text_area if a.label == "Skriv svar *"][0].input("Hjulgaffeln är bytt.")
    [b for b in at.button if b.label == "Spara svar"][0].click().run()
    said = "Svaret är sparat och ärendet skickat till avvikelsehandläggaren. Status nu: Under utredning."
    assert said in _toasts(at)                      # seen wherever the page is scrolled
    assert said in _texts(at.success)               # and at the answer form
    assert [a for a in at.text_area if a.label == "Skriv svar *"][0].value == ""
    assert query("SELECT answer FROM deviations WHERE case_id = ?", [number]) == [{"answer": "Hjulgaffeln är bytt."}]
    at.run()                                        # shown once, not on every later run
    assert said not in _texts(at.success) and said not in _toasts(at)


def test_ui16_feedback_saving_the_investigation_is_said_at_the_form(open_page):
    number = _answered(open_page)
    at = open_page(CASE, "handlaggare", {"id": number})
    at.text_area(key=f"dev_investigation_{number}").input("Gaffeln var felmonterad.")
    [b for b in at.button if b.label == "Spara utredning"][0].click().run()
    assert "Sparat." in _toasts(at) and "Sparat." in _texts(at.success)


# ------------------------------------------------------------------ items 7 and 10: closing a deviation


def _handler_ready_to_close(open_page, number: str):
    at = open_page(CASE, "handlaggare", {"id": number})
    at.text_area(key=f"dev_investigation_{number}").input("Gaffeln var felmonterad; montören informerad.")
    at.selectbox(key=f"dev_man_{number}").set_value(ReportState.NOT_NEEDED)
    at.selectbox(key=f"dev_mpa_{number}").set_value(ReportState.NOT_NEEDED)
    return at


def test_ui16_confirm_closing_a_deviation_does_nothing_until_confirmed_and_cancel_changes_nothing(open_page):
    number = _answered(open_page)
    at = _handler_ready_to_close(open_page, number)
    at.button(key="dev_close_btn").click().run()
    assert any(f"Ärende {number} avslutas" in m for m in _texts(at.markdown))   # the dialog says what happens
    assert query("SELECT status FROM cases WHERE id = ?", [number]) == [{"status": "investigating"}]
    at.button(key=f"confirm_dev_close_{number}_no__btn").click().run()
    assert not [b for b in at.button if b.key == f"confirm_dev_close_{number}_yes__btn"]
    assert query("SELECT status, version FROM cases WHERE id = ?", [number]) == [
        {"status": "investigating", "version": 2}]
    assert query("SELECT investigation FROM deviations WHERE case_id = ?", [number]) == [{"investigation": None}]


def test_ui16_closing_a_deviation_takes_the_typed_investigation_along_without_saving_first(open_page):
    number = _answered(open_page)
    at = _handler_ready_to_close(open_page, number)     # typed, "Spara utredning" never pressed
    at.button(key="dev_close_btn").click().run()
    at.button(key=f"confirm_dev_close_{number}_yes__btn").click().run()
    assert not at.exception
    assert query("SELECT status FROM cases WHERE id = ?", [number]) == [{"status": "closed"}]
    assert query("SELECT investigation, manufacturer_report, mpa_report FROM deviations WHERE case_id = ?",
                 [number]) == [{"investigation": "Gaffeln var felmonterad; montören informerad.",
                                "manufacturer_report": "not_needed", "mpa_report": "not_needed"}]
    said = "Ärendet är avslutat och anmälaren har fått ett meddelande. Status nu: Avslutad."
    assert said in _toasts(at)


def test_ui16_closing_refused_keeps_the_case_open_and_says_why(open_page):
    number = _answered(open_page)
    at = open_page(CASE, "handlaggare", {"id": number})
    at.text_area(key=f"dev_investigation_{number}").input("Utreds.")
    at.button(key="dev_close_btn").click().run()                  # reports still undecided
    at.button(key=f"confirm_dev_close_{number}_yes__btn").click().run()
    assert any("Ange först om anmälan" in e for e in _texts(at.error))
    assert query("SELECT status FROM cases WHERE id = ?", [number]) == [{"status": "investigating"}]
    assert query("SELECT investigation FROM deviations WHERE case_id = ?", [number]) == [{"investigation": None}]


# ------------------------------------------------------------------ item 7: certificates

CERT = "pages/41_Intyg_utkast.py"


def _cert(status: str, type_code: str, extra: str = "") -> str:
    return query("SELECT c.id FROM cases c JOIN certificates d ON d.case_id = c.id WHERE c.status = ?"
                 f" AND d.type_code = ? {extra} ORDER BY c.created_at DESC LIMIT 1", [status, type_code])[0]["id"]


def _status(case_id: str) -> str:
    return query("SELECT status FROM cases WHERE id = ?", [case_id])[0]["status"]


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_ui16_confirm_signing_a_certificate_does_nothing_until_confirmed(open_page, demo_db_path):
    from tests.pages.test_certificate_pages import _reserve_death_certificate

    case_id = _reserve_death_certificate(demo_db_path)
    at = open_page(CERT, "lakare", {"id": case_id})
    _button(at, "Signera intyget").click().run()
    assert any(f"Intyg {case_id} signeras i ditt namn" in m for m in _texts(at.markdown))
    assert _status(case_id) == "draft"
    at.button(key=f"confirm_cert_{case_id}_sign_no__btn").click().run()
    assert _status(case_id) == "draft"
    assert not [b for b in at.button if b.key == f"confirm_cert_{case_id}_sign_yes__btn"]
    _button(at, "Signera intyget").click().run()
    at.button(key=f"confirm_cert_{case_id}_sign_yes__btn").click().run()
    assert _status(case_id) == "signed"
    assert "Intyget är signerat." in _toasts(at) and "Intyget är signerat." in _texts(at.success)


def test_ui16_confirm_deleting_a_draft_does_nothing_until_confirmed(open_page):
    open_page("app.py", "lakare")
    case_id = _cert("empty", "ag114")
    at = open_page(CERT, "lakare", {"id": case_id})
    _button(at, "Radera utkast").click().run()
    assert "Utkastet raderas. Det går inte att ångra." in _texts(at.markdown)
    at.button(key=f"confirm_cert_{case_id}_delete_no__btn").click().run()
    assert _status(case_id) == "empty"
    _button(at, "Radera utkast").click().run()
    at.button(key=f"confirm_cert_{case_id}_delete_yes__btn").click().run()
    assert _status(case_id) == "deleted"
    assert "Utkastet är raderat." in _toasts(at)


def test_ui16_confirm_sending_and_voiding_a_certificate(open_page):
    open_page("app.py", "lakare")
    case_id = _cert("signed", "lisjp")
    at = open_page(CERT, "lakare", {"id": case_id})
    at.checkbox(key=f"cert_{case_id}_consent").check()
    _button(at, "Skicka till Försäkringskassan").click().run()
    assert any("skickas nu till Försäkringskassan" in m for m in _texts(at.markdown))
    assert _status(case_id) == "signed"
    at.button(key=f"confirm_cert_{case_id}_send_no__btn").click().run()
    assert _status(case_id) == "signed"
    _button(at, "Skicka till Försäkringskassan").click().run()
    at.button(key=f"confirm_cert_{case_id}_send_yes__btn").click().run()
    assert _status(case_id) == "sent"
    assert "Intyget är skickat till Försäkringskassan." in _toasts(at)
    at.text_area(key=f"cert_{case_id}_void_reason_input").input("Fel patient.")
    _button(at, "Makulera intyget").click().run()
    assert _status(case_id) == "sent"
    at.button(key=f"confirm_cert_{case_id}_void_no__btn").click().run()
    assert _status(case_id) == "sent"
    _button(at, "Makulera intyget").click().run()
    at.button(key=f"confirm_cert_{case_id}_void_yes__btn").click().run()
    assert _status(case_id) == "voided"
    assert "Intyget är makulerat." in _toasts(at)


# ------------------------------------------------------------------ items 2 and 7: ORG cases


def test_ui16_confirm_escalating_an_org_case_does_nothing_until_confirmed_then_says_so_and_empties(
        open_page, demo_db_path):
    from logic.org.model import StepMove
    from tests.pages.test_org_pages import find_case

    case = find_case(demo_db_path, "Intyg skickades inte – patienten blev utan ersättning")
    at = open_page(CASE, "fmk.ordforande", {"id": case["id"]})
    k = f"orgc_{case['id']}_"
    at.session_state[k + "decision"] = StepMove.ESCALATE
    at.session_state[k + "reason"] = "Gäller överenskommelsen mellan parterna."
    at.run()
    at.button(key=k + "decide__btn").click().run()
    said = " ".join(_texts(at.markdown))
    assert f"Ärende {case['id']} lyfts som olöst till nästa nivå" in said
    assert "Ärendet lyfts till Avvikelseforum: Fia Forumsamordnare." in said
    at.button(key=f"confirm_{k}escalate_no__btn").click().run()
    level = "SELECT level FROM org_deviations WHERE case_id = ?"
    assert query(level, [case["id"]]) == [{"level": "committee"}]
    assert at.session_state[k + "reason"] == "Gäller överenskommelsen mellan parterna."   # nothing lost
    at.button(key=k + "decide__btn").click().run()
    at.button(key=f"confirm_{k}escalate_yes__btn").click().run()
    assert not at.exception
    assert query(level, [case["id"]]) == [{"level": "forum"}]
    assert "Ärendet är lyft till nästa nivå." in _toasts(at)
    assert "Ärendet är lyft till nästa nivå." in _texts(at.success)


def test_ui16_feedback_a_recorded_contact_empties_the_contact_form(open_page, demo_db_path):
    from datetime import date

    from logic.org.model import Party
    from tests.pages.test_org_pages import find_case

    case = find_case(demo_db_path, "Försäkringsmedicinsk rutin saknas på enheten")
    at = open_page(CASE, "chef", {"id": case["id"]})
    k = f"orgc_{case['id']}_"
    at.session_state[k + "c_party"] = Party.FK
    at.session_state[k + "c_role"] = "Berörd försäkringsutredare"
    at.session_state[k + "c_on"] = date(2026, 11, 19)
    at.session_state[k + "c_outcome"] = "Utredaren återkommer."
    at.run()
    at.button(key=k + "contact__btn").click().run()
    assert not at.exception
    assert "Kontakten är registrerad." in _toasts(at)
    # the form is drawn again empty (on fresh keys: ui.feedback.fresh_key), nothing of the typed contact left
    assert "Berörd försäkringsutredare" not in [w.value for w in at.text_input]
    assert "Utredaren återkommer." not in [w.value for w in at.text_area]


# ------------------------------------------------------------------ item 7: Tilknyt (URG-11)


def test_ui16_confirm_tilknyt_warns_of_a_different_address_and_cancel_links_nothing(open_page):
    at = open_page(CASE, "oresund", {"id": "AKUT-26-0004"})
    _button(at, "Tilknyt").click().run()
    at.selectbox(key="urg_link_target").set_value("OF-2026-0501")
    _button(at, "Gem").click().run()
    assert query("SELECT closed_at FROM cases WHERE id = 'AKUT-26-0004'") == [{"closed_at": None}]
    warned = " ".join(_texts(at.warning))
    assert "Adresserne er forskellige" in warned and "Kongevejen 88, 3000 Helsingør" in warned
    at.button(key="confirm_urg_link_AKUT-26-0004_no__btn").click().run()
    assert query("SELECT closed_at FROM cases WHERE id = 'AKUT-26-0004'") == [{"closed_at": None}]
    assert query("SELECT state FROM urgent_cases WHERE case_id = 'AKUT-26-0004'") == [{"state": "open"}]


def test_ui16_confirm_tilknyt_at_the_same_address_has_no_warning(open_page):
    at = open_page(CASE, "oresund", {"id": "AKUT-26-0005"})
    _button(at, "Tilknyt").click().run()
    at.selectbox(key="urg_link_target").set_value("OF-2026-0501")
    _button(at, "Gem").click().run()
    assert not any("Adresserne" in w for w in _texts(at.warning))
    assert "flyttes til sag OF-2026-0501" in texts(at)
    at.button(key="confirm_urg_link_AKUT-26-0005_yes__btn").click().run()
    assert query("SELECT state FROM urgent_cases WHERE case_id = 'AKUT-26-0005'") == [{"state": "linked"}]
    assert "Akutsag AKUT-26-0005 er tilknyttet sag OF-2026-0501." in _toasts(at)


def test_ui16_feedback_a_report_on_a_task_empties_the_report_box(open_page):
    at = open_page(CASE, "partner3", {"id": "AKUT-26-0004"})
    box = next(el for el in at.text_area if el.key.startswith("urg_report_text_"))
    box.input("Affugter hentet igen.")
    _button(at, "Rapportér").click().run()
    assert not at.exception
    assert [el.value for el in at.text_area if el.key.startswith("urg_report_text_")] == [""]
    assert any(m in _toasts(at) for m in _texts(at.success))


def test_ui16_the_new_urgent_case_link_has_one_plus():
    from logic import i18n

    for language in ("da", "sv", "en"):
        assert not i18n.t(language, "urgent.new_button").startswith("+")   # the icon is the plus


# ------------------------------------------------------------------ item 2: registration receipts


def test_ui16_feedback_a_registered_org_deviation_is_also_said_in_a_toast(open_page):
    from tests.pages.test_org_pages import REPORT, P, fill_report

    at = open_page(REPORT, "sjukskoterska")
    fill_report(at)
    at.button(key=P + "submit__btn").click().run()
    assert not at.exception
    assert "Din avvikelse är nu registrerad." in _toasts(at)
    assert at.success[0].value == "Din avvikelse är nu registrerad."
