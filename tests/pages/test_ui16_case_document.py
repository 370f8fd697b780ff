"""Issue 16, item 5: a case is shown as a readable document on every case kind — the key facts
whose values wrap (no st.metric cutting "Under utred…"), label/value pairs with every text
whole (no small fixed-height table with an empty header row that cuts long text and hides the
rows after the tenth), and the case log below them. Item 10 (display): one "Sagsnummer" field
on an urgent page, and after Til normal the page shows the new number at the top."""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from logic.store.connect import open_database
from tests.pages.conftest import read
from tests.pages.document import details, log_actions, walk

pytestmark = pytest.mark.both_backends

CASE = "pages/12_Arende.py"
# 1,500 characters with words, punctuation and line breaks: shown whole, as typed
LONG = ("Början av en lång beskrivning. " + " ".join(f"ord{i:04d}" for i in range(200))
        + "\nNy rad: (parentes) * stjärna _understreck_ [hakparentes] – slutet.")
LONG = LONG + "x" * (1500 - len(LONG)) if len(LONG) < 1500 else LONG[:1500]


def _set(db_path, sql: str, params: list) -> None:
    """Test setup: give a demo case a long text (as if it had been typed)."""
    db = open_database(db_path)
    try:
        with db.tx() as tx:
            tx.execute(sql, params)
    finally:
        db.close()


def _case_with_long_text(db_path, kind: str) -> tuple[str, str]:
    """(case id, user who may open it) for a demo case of `kind` whose long text is LONG."""
    if kind == "deviation":
        _set(db_path, "UPDATE deviations SET what_happened = ? WHERE case_id = 'AV26460003'", [LONG])
        return "AV26460003", "handlaggare"
    if kind == "repair":
        return _a_repair(db_path), "reporter"
    if kind == "org":
        _set(db_path, "UPDATE org_deviations SET what_happened = ? WHERE case_id = 'OA26470001'", [LONG])
        return "OA26470001", "chef.norrby"
    if kind == "certificate":
        db = open_database(db_path)
        with db.read() as r:
            content = json.loads(r.scalar("SELECT content FROM certificates WHERE case_id = 'IN26390004'"))
        db.close()
        content["functional_impairment"] = LONG
        _set(db_path, "UPDATE certificates SET content = ? WHERE case_id = 'IN26390004'", [json.dumps(content)])
        return "IN26390004", "lakare"
    if kind == "urgent":
        _set(db_path, "UPDATE urgent_cases SET notes = ? WHERE case_id = 'AKUT-26-0004'", [LONG])
        return "AKUT-26-0004", "oresund"
    _set(db_path, "UPDATE claim_cases SET notes = ? WHERE case_id = 'OF-2026-0501'", [LONG])
    return "OF-2026-0501", "oresund"


def _a_repair(db_path) -> str:
    from datetime import date, time

    from logic import composition
    from logic.clock import FixedClock
    from logic.deviations import services
    from logic.deviations.model import DeviationDraft, RegistrationPath
    from logic.users import load_user

    composition.wire()
    db = open_database(db_path)
    try:
        clock = FixedClock(datetime(2026, 11, 20, 11, 0, tzinfo=ZoneInfo("Europe/Stockholm")))
        return services.request_repair(db, clock, load_user(db, "reporter"), DeviationDraft(
            path=RegistrationPath.RECIPIENT_DEVICE, service_site_id="site-1012", is_wear_and_tear=True,
            recipient_id="191212121212", device_id="dev-1", what_happened=LONG,
            occurred_date=date(2026, 11, 19), occurred_time=time(9, 0),
            contact_name="Rita Rapportör", contact_phone="070-123 45 67"))
    finally:
        db.close()


KINDS = ["deviation", "repair", "org", "certificate", "urgent", "claim"]
LONG_LABEL = {"deviation": "Vad har blivit fel? Är åtgärd utförd?", "repair": "Vad har blivit fel? Är åtgärd utförd?",
              "org": "Vad hände?", "certificate": "Funktionsnedsättning", "urgent": "Noter", "claim": "Noter"}


@pytest.mark.parametrize("kind", KINDS)
def test_ui16_case_document_shows_label_value_pairs_with_the_whole_long_text_and_the_log_below(
        open_page, demo_db_path, kind):
    case_id, username = _case_with_long_text(demo_db_path, kind)
    at = open_page(CASE, username, {"id": case_id})
    assert not at.exception, at.exception
    assert len(LONG) == 1500
    pairs = details(at)
    assert pairs[LONG_LABEL[kind]] == LONG                              # whole, not cut
    assert len(pairs) >= 3                                              # label/value pairs
    assert not any(LONG in df.value.to_csv() for df in at.dataframe)   # not in a table that cuts it
    assert not at.metric                                                # no tile that cuts "Under utred…"
    # the log comes after the details (below them)
    order = [getattr(n, "key", None) or getattr(n, "label", None) for n in walk(at.main)]
    details_at = order.index("case_details")
    log_at = next(i for i, x in enumerate(order) if isinstance(x, str) and x.startswith(("Ärendelogg", "Sagslog",
                                                                                          "Grand log")))
    assert details_at < log_at


# ------------------------------------------------------------------ item 10: "senast sparat" where the user is


def test_ui16_cert4_saved_is_said_at_the_field_just_saved_and_at_the_bottom_of_the_form(open_page):
    """A long certificate form said "senast sparat" only at its top, out of sight while the
    physician writes further down: now also under the field just saved and below the last field."""
    at = open_page(CASE, "lakare", {"id": "IN26470002"})
    assert not at.exception, at.exception
    key = "cert_IN26470002_functional_impairment"
    at.text_area(key=key).input("Rörelseinskränkning i ländryggen, värre på morgonen.").run()
    assert not at.exception, at.exception
    drawn = list(walk(at.main))
    at_field = next(i for i, n in enumerate(drawn) if getattr(n, "key", None) == key)
    after = [n for n in drawn[at_field + 1:] if getattr(n, "type", None) in ("caption", "text_area", "text_input",
                                                                            "date_input", "radio")]
    assert after[0].type == "caption" and read(after[0].value).endswith("Sparat 12:00:00"), after[0]
    notes = [i for i, n in enumerate(drawn) if getattr(n, "type", None) == "caption"
             and "senast sparat 12:00:00" in read(n.value)]
    fields_at = [i for i, n in enumerate(drawn) if str(getattr(n, "key", "")).startswith("cert_IN26470002_")
                 and getattr(n, "type", None) in ("text_area", "text_input", "date_input", "radio")]
    assert len(notes) == 2 and notes[0] < fields_at[0] and notes[-1] > fields_at[-1]    # top and bottom


# ------------------------------------------------------------------ item 10: one "Sagsnummer", the new one after Til normal


def test_ui16_urg10_one_case_number_field_and_the_new_number_at_the_top_after_til_normal(open_page):
    at = open_page(CASE, "oresund", {"id": "AKUT-26-0004"})
    at.button(key="urg_to_normal_btn").click().run()
    labels = [w.label for w in at.main.text_input]
    assert labels.count("Sagsnummer *") == 1 and "Sagsnummer" not in labels, labels   # one number field
    at.text_input(key="urg_convert_number").input("RK-2201")
    at.selectbox(key="urg_convert_handler").set_value("oresund")
    next(b for b in at.button if b.label == "Gem").click().run()
    at.button(key="confirm_urg_convert_AKUT-26-0004_yes__btn").click().run()      # issue 16, item 7
    assert not at.exception, at.exception
    assert at.query_params["id"] in ("RK-2201", ["RK-2201"])
    assert at.header[0].value.startswith("RK-2201 · ")
    top = at.main.text_input[0]
    assert top.value == "RK-2201", top.value                      # the new number, not the old id
    assert "AKUT-26-0004" not in [w.value for w in at.main.text_input]


def test_ui16_the_case_log_below_shows_each_entry_whole_as_text(open_page):
    """The log was a grid cutting before/after at 300 characters: a 1,500-character answer is
    now in the log whole, as plain text, and no grid is left on the case page."""
    at = open_page(CASE, "tekniker", {"id": "AV26460003"})
    next(a for a in at.text_area if a.label == "Skriv svar *").input(LONG)    # its key changes once answered
    next(b for b in at.button if b.label == "Spara svar").click().run()
    assert not at.exception, at.exception
    log = next(e for e in at.expander if e.label.startswith("Ärendelogg"))
    assert any(LONG.replace("\n", "\\n") in x.value for x in log.text), [x.value[:80] for x in log.text]
    assert log_actions(log)[-1] == "Svar lämnat"
    answered = [x.value for x in log.text if x.value.endswith(" · Svar lämnat")]
    assert answered and " · Tore Tekniker · " in answered[-1]           # the person, not "tekniker" (item 4)
    assert not at.dataframe
