"""AppTest for the ORG pages on a copy of the demo database (clock pinned to 2026-11-20
12:00 CET): the start-page entries (ORG-1), the report form with its guidance and field
errors (ORG-2, ORG-3, ORG-7, X-7), the case page with the ladder and the handler's
decisions (ORG-4, ORG-5, ORG-6), the list and the admin page."""
from __future__ import annotations

from datetime import date

import pytest

from logic.org.model import Affected, Party, StepMove
from logic.store.connect import open_database
from tests.pages.conftest import texts

REPORT = "pages/30_Org_avvikelse.py"
CARE = "pages/32_Vardavvikelse.py"
LIST = "pages/31_Org_arenden.py"
ADMIN = "pages/39_Org_admin.py"
CASE = "pages/12_Arende.py"
P = "org_org_"


def find_case(path, title: str) -> dict:
    """Look a demo case up by title before the app opens the file (one process per file). A
    linked care deviation (ORG-7) carries its ORG case's title: the ORG case (OA…) comes first,
    by number, not by whatever order the scan happens to return."""
    db = open_database(path)
    try:
        with db.read() as r:
            return r.row("SELECT c.id, c.assignee, c.version, o.level FROM cases c"
                         " JOIN org_deviations o ON o.case_id = c.id WHERE c.title = ? ORDER BY c.id", [title])
    finally:
        db.close()


def links(at) -> list[str]:
    return [p.proto.label for p in at.get("page_link")]


def set_state(at, values: dict) -> None:
    """Type into the form: the area first (its types are drawn only once it is chosen)."""
    areas = {k: v for k, v in values.items() if k.endswith("area")}
    for key, value in areas.items():
        at.session_state[key] = value
    at.run()
    for key, value in values.items():
        if key not in areas:
            at.session_state[key] = value
    at.run()


def fill_report(at, **extra) -> None:
    values = {
        P + "area": "verksamhet", P + "deficiency": "forsakringsmedicin",
        P + "title": "Intyget registrerades inte hos Försäkringskassan",
        P + "what_happened": "Försäkringskassan uppgav att intyget saknades fast det skickats.",
        P + "occurred_date": date(2026, 11, 18), P + "location": "Mottagningen",
        P + "affected": [Affected.ORGANISATION], P + "party": Party.FK, P + "patient_harmed": False,
        P + "grounds": ["samarbete"],
    }
    values.update(extra)
    set_state(at, values)


def test_org1_start_page_offers_three_entries_with_the_environment_entry(open_page):
    at = open_page("app.py", "sjukskoterska")
    assert not at.exception
    shown = links(at)
    for entry in ("Ny avvikelse/reklamation", "Patienten", "Miljön"):
        assert entry in shown
    body = texts(at)
    assert "Rapportera avvikelse gällande säkerhet, miljö och organisation" in body
    assert "Verksamhet/organisation → Försäkringsmedicin" in body       # ORG-3 where she chooses


def test_org3_guidance_where_the_reporter_chooses_and_route_shown(open_page):
    at = open_page(REPORT, "sjukskoterska")
    assert not at.exception
    body = texts(at)
    assert "Rapporten går till din närmaste chef: Nora Norrbychef." in body        # ORG-4
    assert "**Verksamhet/organisation**" in body and "**Försäkringsmedicin**" in body
    set_state(at, {P + "area": "verksamhet", P + "deficiency": "forsakringsmedicin"})
    assert "den regionala överenskommelsen mellan regionen, Arbetsförmedlingen och Försäkringskassan" \
        in "\n".join(c.value for c in at.caption)


def test_org_report_bad_input_is_named_at_the_field_and_nothing_typed_is_lost(open_page):
    at = open_page(REPORT, "sjukskoterska")
    set_state(at, {P + "title": "Intyget kom bort", P + "patient_harmed": True,
                   P + "affected": [Affected.STAFF]})              # harmed, but no patient affected
    at.button(key=P + "submit__btn").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert "Vem drabbades? En patient har drabbats — ange Patient bland de drabbade." in errors
    assert "Var hände det? Fyll i fältet." in errors
    assert at.text_input(key=P + "title").value == "Intyget kom bort"
    assert at.multiselect(key=P + "affected").value == [Affected.STAFF]
    assert not at.success


def test_org_ui16_submitted_empty_each_required_field_says_so_by_name_and_the_button_sums_up(open_page):
    at = open_page(REPORT, "sjukskoterska")
    assert not at.error                                                  # calm until the press
    required = {w.key: w.label for w in [*at.selectbox, *at.text_input, *at.text_area, *at.date_input,
                                         *at.multiselect, *at.radio] if w.key and w.key.startswith(P)}
    assert all(label.endswith(" *") for key, label in required.items() if key != P + "occurred_time"), required
    assert not at.time_input(key=P + "occurred_time").label.endswith(" *")  # the time is optional
    at.text_input(key=P + "location").input("Mottagningen").run()
    at.button(key=P + "submit__btn").click().run()
    assert not at.exception and not at.success
    errors = [e.value for e in at.error]
    names = [label.removesuffix(" *") for key, label in required.items() if key != P + "location"]
    for name in names:
        assert (f"{name} Fyll i fältet." if name.endswith("?") else f"{name}: Fyll i fältet.") in errors, (name, errors)
    summary = errors[-1]
    assert summary.startswith(f"Fyll i {len(names)} fält: ") and " och " in summary, summary
    assert "Var inträffade händelsen?" not in summary                  # the one filled in is not named
    assert at.text_input(key=P + "location").value == "Mottagningen"    # nothing typed is lost
    assert len([e for e in errors if e == "Obligatoriskt fält."]) == 0  # no anonymous red boxes


def test_org7_report_with_harm_registers_the_linked_care_deviation(open_page):
    at = open_page(REPORT, "sjukskoterska")
    fill_report(at, **{P + "patient_harmed": True, P + "affected": [Affected.PATIENT],
                       P + "harm_description": "Utan ersättning i tre veckor."})
    assert "två avvikelser göras" in texts(at)                         # the offer (ORG-7)
    set_state(at, {P + "create_linked": True})
    set_state(at, {P + "linked_area": "vard_behandling", P + "linked_deficiency": "vardskada"})
    at.button(key=P + "submit__btn").click().run()
    assert not at.exception
    assert at.success[0].value == "Din avvikelse är nu registrerad."
    shown = links(at)
    assert any(x.startswith("Organisatorisk avvikelse OA2647") for x in shown)
    assert any(x.startswith("Länkad vårdavvikelse VA2647") for x in shown)
    assert "Nora Norrbychef" in texts(at)


def test_org1_care_entry_registers_a_care_deviation(open_page):
    at = open_page(CARE, "kurator")
    set_state(at, {"org_care_" + key: value for key, value in {
        "area": "vard_behandling", "deficiency": "lakemedel", "title": "Fel dos i remiss",
        "what_happened": "Remissen angav fel dos.", "occurred_date": date(2026, 11, 19),
        "location": "Mottagningen", "affected": [Affected.PATIENT], "patient_harmed": False}.items()})
    assert not at.radio(key="org_care_patient_harmed").value
    at.button(key="org_care_submit__btn").click().run()
    assert not at.exception
    assert any(x.startswith("Vårdavvikelse VA2647") for x in links(at))
    assert "Olle Områdeschef" in texts(at)                             # Österby has no manager: up the tree


def test_org4_handler_sees_the_ladder_and_forwards_with_a_reason(open_page, demo_db_path):
    case = find_case(demo_db_path, "Försäkringsmedicinsk rutin saknas på enheten")
    assert case["assignee"] == "chef"
    at = open_page(CASE, "chef", {"id": case["id"]})
    assert not at.exception
    body = texts(at)
    assert "Eskaleringstrappan" in body and "● Chef** · ärendet är här" in body and "ej nådd" in body
    decision = at.radio(key=f"orgc_{case['id']}_decision")
    assert decision.options[0] == "Skicka till annan chef"
    at.session_state[f"orgc_{case['id']}_to"] = "chef.psykiatri"
    at.session_state[f"orgc_{case['id']}_reason"] = "Psykiatrin har kontakten."
    at.run()
    at.button(key=f"orgc_{case['id']}_decide__btn").click().run()
    assert not at.exception
    assert "Ärendet är skickat till den andra chefen." in [s.value for s in at.success]
    assert "Ärendet hanteras av Petra Psykiatrichef. Du kan läsa det men inte ändra det." in texts(at)


def test_org4_forward_without_reason_is_named_at_the_field(open_page, demo_db_path):
    case = find_case(demo_db_path, "Försäkringsmedicinsk rutin saknas på enheten")
    at = open_page(CASE, "chef", {"id": case["id"]})
    at.session_state[f"orgc_{case['id']}_to"] = "chef.psykiatri"
    at.run()
    assert "Motivering *" in [a.label for a in at.text_area]               # required marked (issue 16 item 6)
    at.button(key=f"orgc_{case['id']}_decide__btn").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert "Motivering: Fyll i fältet." in errors                         # at the field, naming it
    assert "Fyll i 1 fält: Motivering." in errors                          # and summed up at the button
    assert "Obligatoriskt fält." not in errors
    assert at.session_state[f"orgc_{case['id']}_to"] == "chef.psykiatri"   # nothing chosen is lost


def test_org5_ui16_a_contact_without_its_fields_names_each_at_its_field(open_page, demo_db_path):
    case = find_case(demo_db_path, "Försäkringsmedicinsk rutin saknas på enheten")
    at = open_page(CASE, "chef", {"id": case["id"]})
    k = f"orgc_{case['id']}_"
    at.session_state[k + "c_role"] = "Berörd försäkringsutredare"
    at.run()
    at.button(key=k + "contact__btn").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert "Samverkanspart: Fyll i fältet." in errors and "Datum: Fyll i fältet." in errors
    assert any(e.startswith("Fyll i 3 fält: Samverkanspart, Datum och ") for e in errors), errors
    assert at.text_input(key=k + "c_role").value == "Berörd försäkringsutredare"


def test_org5_manager_records_a_contact_with_the_party(open_page, demo_db_path):
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
    assert "Kontakten är registrerad." in [s.value for s in at.success]
    assert "Berörd försäkringsutredare" in texts(at)


def test_org6_chair_lifts_a_committee_case_to_the_forum(open_page, demo_db_path):
    case = find_case(demo_db_path, "Intyg skickades inte – patienten blev utan ersättning")
    assert case["level"] == "committee"
    at = open_page(CASE, "fmk.ordforande", {"id": case["id"]})
    body = texts(at)
    assert "Länkad vårdavvikelse" in " ".join(links(at))                  # ORG-7 on the case
    k = f"orgc_{case['id']}_"
    at.session_state[k + "decision"] = StepMove.ESCALATE
    at.session_state[k + "reason"] = "Gäller överenskommelsen mellan parterna."
    at.run()
    assert "Ärendet lyfts till Avvikelseforum: Fia Forumsamordnare." in texts(at)
    at.button(key=k + "decide__btn").click().run()
    at.button(key=f"confirm_{k}escalate_yes__btn").click().run()        # issue 16, item 7
    assert not at.exception
    assert "Ärendet är lyft till nästa nivå." in [s.value for s in at.success]
    assert "**Avvikelseforum**" in [m.value for m in at.markdown]
    assert "Ärendet hanteras av Fia Forumsamordnare" in texts(at)
    assert body


def test_org6_reporter_follows_read_only_and_reads_the_outcome(open_page, demo_db_path):
    case = find_case(demo_db_path, "Läkarintyg avvisat utan kontakt med vården")
    at = open_page(CASE, "sjukskoterska", {"id": case["id"]})
    assert not at.exception
    body = texts(at)
    assert "Utfall" in body and "rutinen för kompletteringar" in body
    assert not at.get("radio") or all(not r.key or not r.key.startswith("orgc_") for r in at.radio)
    assert not [b for b in at.button if (b.key or "").startswith("orgc_")]


def test_org_case_hidden_from_a_user_outside_it(open_page, demo_db_path):
    case = find_case(demo_db_path, "Läkarintyg avvisat utan kontakt med vården")
    at = open_page(CASE, "reporter2", {"id": case["id"]})
    assert not at.exception
    assert [e.value for e in at.error] == [f"Det finns inget ärende {case['id']} som du kan öppna."]
    assert "rutinen för kompletteringar" not in texts(at)


@pytest.mark.parametrize("user, expected", [("chef.norrby", "Hotfull besökare i väntrummet"),
                                            ("fmk.ordforande", "Intyg skickades inte – patienten blev utan ersättning")])
def test_org_list_shows_what_waits_for_me(open_page, user, expected):
    at = open_page(LIST, user)
    assert not at.exception
    assert expected in at.dataframe[0].value.to_csv()


def test_org_list_reporter_sees_her_own_reports(open_page):
    at = open_page(LIST, "sjukskoterska")
    assert not at.exception
    table = at.dataframe[0].value.to_csv()
    assert "Läkarintyg avvisat utan kontakt med vården" in table and "Avslutad" in table


def test_org6_admin_sees_the_ladder_holders_and_extends_the_tree(open_page):
    at = open_page(ADMIN, "admin")
    assert not at.exception
    holders = at.dataframe[0].value.to_csv()
    for name in ("Klara Kommittéordförande", "Fia Forumsamordnare", "Sam Samverkansledare"):
        assert name in holders
    inputs = {ti.label: ti for ti in at.text_input}
    inputs["Kod *"].input("tolkbokning")
    inputs["Namn på svenska *"].input("Tolkbokning")
    inputs["Namn på engelska"].input("Interpreter booking")
    parent = next(s for s in at.selectbox if s.label == "Hör till område")
    parent.select_index(parent.options.index("Verksamhet/organisation"))
    [b for b in at.button if b.label == "Spara"][-1].click().run()     # the tree form's submit
    assert not at.exception
    assert "Sparat." in [s.value for s in at.success]
    assert "Tolkbokning" in at.dataframe[1].value.to_csv()


def test_org6_ui16_admin_edits_a_node_by_selecting_its_row(open_page):
    """Issue 16 item 10: the tree's node is picked in the grid, not from a list under it."""
    from tests.pages.test_ui16_forms import select_row

    at = open_page(ADMIN, "admin")
    assert "Ny nod" in texts(at)                                            # nothing selected: a new node
    assert "org_node_edit" not in [s.key for s in at.selectbox]
    grid = next(d for d in at.dataframe if d.proto.id.endswith("-org_node_table"))
    codes = list(grid.value["Kod"])
    row = next(i for i, c in enumerate(codes) if c == "forsakringsmedicin")
    select_row(at, "org_node_table", row)
    assert not at.exception
    assert "Ändra nod: forsakringsmedicin · Försäkringsmedicin" in texts(at)
    code = next(ti for ti in at.text_input if ti.label == "Kod")
    assert code.value == "forsakringsmedicin" and code.disabled          # the code is not retyped


def test_org_admin_page_refused_for_a_manager(open_page):
    at = open_page(ADMIN, "chef.norrby")
    assert not at.exception
    assert [e.value for e in at.error] == ["Din roll ger inte behörighet till detta."]


def test_org6_statistics_by_area_type_level_and_time_at_each_level(open_page):
    at = open_page("pages/33_Org_statistik.py", "analytiker")
    assert not at.exception
    tables = [df.value.to_csv() for df in at.dataframe]
    assert "Verksamhet/organisation" in tables[0] and "Försäkringsmedicin" in tables[1]
    assert "Försäkringsmedicinska samverkansgruppen" in tables[2]
    assert "Medel (dagar)" in tables[3] and "Avvikelseforum" in tables[3]
    assert [c.key for c in at.get("plotly_chart")][:4] == [       # issue 17 adds grounds and the trend after them
        "org_stats_area", "org_stats_type", "org_stats_level", "org_stats_days"]


def test_org_statistics_not_for_a_reporter(open_page):
    at = open_page("pages/33_Org_statistik.py", "sjukskoterska")
    assert [e.value for e in at.error] == ["Din roll ger inte behörighet till detta."]
