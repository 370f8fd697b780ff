"""Issue 16 on the certificate side (items 6, 7 and 10) and issue 17's certificate work lists
(CERT-19): one way to validate in the certificate forms, a confirmation before copy and replace,
and the work lists named and split as the seed says."""
from __future__ import annotations

import pytest

from tests.pages.conftest import read, texts
from tests.pages.document import walk
from tests.pages.test_certificate_pages import ADMIN, CERT, FK, LISTS, PATIENT, count, one, query, search

pytestmark = pytest.mark.both_backends


def _texts(elements) -> list[str]:
    return [read(e.value) for e in elements]


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _certs(path) -> list[str]:
    return [r["id"] for r in query(path, "SELECT id FROM cases WHERE kind = 'certificate' ORDER BY id")]


# ------------------------------------------------------------------ item 7: copy and replace


def test_ui16_confirm_copying_a_locked_draft_says_what_happens_and_cancel_creates_nothing(open_page, demo_db_path):
    case_id = one(demo_db_path, "draft", "lisjp", "AND c.created_at < TIMESTAMP '2026-11-05'")
    at = open_page(CERT, "lakare", {"id": case_id})
    before = count(demo_db_path)
    _button(at, "Kopiera till nytt utkast").click().run()
    assert any(f"låsta utkastet {case_id}" in m for m in _texts(at.markdown))
    assert count(demo_db_path) == before                       # nothing until confirmed
    at.button(key=f"confirm_cert_{case_id}_copy_no__btn").click().run()
    assert count(demo_db_path) == before
    assert not [b for b in at.button if b.key == f"confirm_cert_{case_id}_copy_yes__btn"]
    _button(at, "Kopiera till nytt utkast").click().run()
    at.button(key=f"confirm_cert_{case_id}_copy_yes__btn").click().run()
    assert not at.exception
    assert count(demo_db_path) == before + 1


def test_ui16_confirm_replacing_a_certificate_says_what_happens_and_cancel_creates_nothing(open_page, demo_db_path):
    case_id = one(demo_db_path, "sent", "lisjp")
    at = open_page(CERT, "lakare", {"id": case_id})
    before = count(demo_db_path)
    _button(at, "Ersätt intyget").click().run()
    assert any(f"markeras {case_id} som ersatt" in m for m in _texts(at.markdown))
    assert count(demo_db_path) == before
    at.button(key=f"confirm_cert_{case_id}_replace_no__btn").click().run()
    assert count(demo_db_path) == before
    _button(at, "Ersätt intyget").click().run()
    at.button(key=f"confirm_cert_{case_id}_replace_yes__btn").click().run()
    assert not at.exception
    assert count(demo_db_path) == before + 1
    assert query(demo_db_path, "SELECT count(*) AS n FROM certificates WHERE replaces = ?", [case_id])[0]["n"] == 1


# ------------------------------------------------------------------ CERT-19: the work lists


def test_cert_19_work_lists_are_named_and_split_as_the_seed_says(open_page, demo_db_path):
    at = open_page(LISTS, "lakare")
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Att skicka – utkast att signera", "Signerade, ej skickade",
                                             "Fråga/svar via Webcert"]
    signed = query(demo_db_path, "SELECT c.id FROM cases c JOIN certificates d ON d.case_id = c.id"
                   " WHERE c.status = 'signed' AND c.assignee = 'lakare' AND d.type_code = 'lisjp'"
                   " AND d.replaced_by IS NULL")
    drafts = query(demo_db_path, "SELECT id FROM cases WHERE kind = 'certificate' AND assignee = 'lakare'"
                   " AND status IN ('empty', 'draft', 'locked')")
    sign_tab, send_tab, _qa = at.tabs
    links = lambda tab: {pl.label for pl in tab.get("page_link")}     # noqa: E731
    assert {r["id"] for r in drafts} <= links(sign_tab)
    assert signed and {r["id"] for r in signed} <= links(send_tab)
    assert not {r["id"] for r in signed} & links(sign_tab)
    assert "Mottagande myndighet: Försäkringskassan" in texts(at)


def test_ui16_work_list_rows_carry_their_labels_for_a_phone(open_page):
    at = open_page(LISTS, "lakare")
    shown = texts(at)
    # every value is named in its row (no column header far above on a phone)
    assert "Blankett/formulär: " in shown and "Låses: " in shown and "Ansvarig: " in shown
    assert "Svara senast: :red[:material/warning: **2026-11-17**]" in shown


# ------------------------------------------------------------------ item 6: one way to validate


def _after(at, key: str, kind: str = "error") -> list[str]:
    """The messages of `kind` drawn after the widget `key`, up to the next input widget."""
    drawn = list(walk(at.main))
    start = next(i for i, n in enumerate(drawn) if getattr(n, "key", None) == key)
    out = []
    for node in drawn[start + 1:]:
        if getattr(node, "type", None) in INPUTS:
            break
        if getattr(node, "type", None) == kind:
            out.append(read(node.value))
    return out


INPUTS = ("text_area", "text_input", "date_input", "radio", "selectbox", "checkbox", "multiselect", "button")


def test_ui16_cert_draft_marks_required_and_shows_problems_at_their_fields_after_sign(open_page, demo_db_path):
    case_id = one(demo_db_path, "empty", "ag114")
    at = open_page(CERT, "lakare", {"id": case_id})
    P = f"cert_{case_id}_"
    assert at.text_area(key=P + "work_capacity").label == "Arbetsförmåga *"
    assert at.text_input(key=P + "diagnosis_code").label == "Diagnoskod (ICD-10-SE)"      # optional: no mark
    at.text_input(key=P + "diagnosis_code").input("X").run()
    assert _after(at, P + "diagnosis_code")[0].startswith("Diagnoskod (ICD-10-SE): Ange en diagnoskod")   # at once
    assert not _after(at, P + "work_capacity")            # missing: said only after the press
    at.text_area(key=P + "other_info").input("Ring före besök.").run()
    _button(at, "Signera intyget").click().run()
    assert not at.exception
    assert _after(at, P + "work_capacity") == ["Arbetsförmåga: Fyll i fältet."]
    summary = _after(at, P + "sign__btn")
    assert summary and "Fyll i 2 fält: Arbetsförmåga och Nedsättning av arbetsförmåga." in summary[0] \
        and "Rätta 1 fält: Diagnoskod (ICD-10-SE)" in summary[0]
    assert at.text_input(key=P + "diagnosis_code").value == "X"                 # nothing typed lost
    assert at.text_area(key=P + "other_info").value == "Ring före besök."
    assert query(demo_db_path, "SELECT status FROM cases WHERE id = ?", [case_id])[0]["status"] == "draft"
    assert not [b for b in at.button if b.key == f"confirm_cert_{case_id}_sign_yes__btn"]   # no dialog


def test_ui16_cert_patient_register_and_create_show_problems_at_their_fields(open_page, demo_db_path):
    before = count(demo_db_path)
    at = search(open_page(PATIENT, "lakare"), "198001012387")         # valid, not in the register
    assert [w.label for w in at.text_input if w.key == "certp_new_name"] == ["Patientens namn *"]
    at.checkbox(key="certp_new_protected").check()
    _button(at, "Lägg till patienten").click().run()
    assert not at.exception
    assert _after(at, "certp_new_name") == ["Patientens namn: Fyll i fältet."]
    assert "Fyll i 1 fält: Patientens namn." in _after(at, "certp_new_protected", "error")
    assert at.checkbox(key="certp_new_protected").value is True               # nothing lost
    at = search(at, "191212121212")
    assert at.selectbox(key="certp_type").label == "Välj intygstyp *"
    _button(at, "Skapa").click().run()                                         # no type chosen: not disabled
    assert not at.exception
    assert _after(at, "certp_type") == ["Välj intygstyp: Fyll i fältet."]
    assert any("Fyll i 1 fält: Välj intygstyp." in m for m in _texts(at.error))
    assert count(demo_db_path) == before


def test_ui16_cert_bad_search_number_is_named_at_the_field(open_page):
    at = search(open_page(PATIENT, "lakare"), "191212121213")
    assert _after(at, "certp_raw")[0].startswith("Personnummer, samordningsnummer eller reservnummer: Kontrollsiffran")
    assert at.text_input(key="certp_raw").value == "191212121213"


def test_ui16_cert_empty_answer_is_said_at_the_answer_box_and_at_the_button(open_page, demo_db_path):
    row = query(demo_db_path, "SELECT id, case_id FROM cert_questions WHERE status = 'waiting_for_care'"
                " AND kind = 'question'")[0]
    at = open_page(CERT, "lakare", {"id": row["case_id"]})
    key = f"cert_{row['case_id']}_answer_text_{row['id']}"
    assert at.text_area(key=key).label == "Ditt svar *"
    next(b for b in at.button if b.label == "Skicka svar").click().run()
    assert not at.exception
    assert _after(at, key) == ["Ditt svar: Fyll i fältet.", "Fyll i 1 fält: Ditt svar."]   # at the field, then at the button
    assert query(demo_db_path, "SELECT status FROM cert_questions WHERE id = ?", [row["id"]])[0]["status"] == \
        "waiting_for_care"


def test_ui16_cert_rights_workplace_code_problem_at_its_field_text_kept(open_page):
    at = open_page(ADMIN, "admin")
    at.text_input(key="certa_code").input("47 11-ÅÄ")
    at.button(key="FormSubmitter:certa_unit_form-Spara").click().run()
    assert not at.exception
    assert _after(at, "certa_code")[0].startswith("Arbetsplatskod: ")
    assert any("Rätta 1 fält: Arbetsplatskod." in m for m in _texts(at.error))
    assert at.text_input(key="certa_code").value == "47 11-ÅÄ"


def test_ui16_cert_fk_simulator_empty_message_at_its_field_and_summary(open_page, demo_db_path):
    at = open_page(FK, "admin")
    assert at.text_area(key="certfk_text").label == "Meddelande *"
    n = query(demo_db_path, "SELECT count(*) AS n FROM cert_questions")[0]["n"]
    next(b for b in at.button if b.label == "Skicka till vården").click().run()
    assert not at.exception
    assert _after(at, "certfk_text") == ["Meddelande: Fyll i fältet."]
    assert any("Fyll i 1 fält: Meddelande." in m for m in _texts(at.error))
    assert query(demo_db_path, "SELECT count(*) AS n FROM cert_questions")[0]["n"] == n


def test_ui16_cert_a_required_group_heading_shows_its_mark_not_markdown(open_page, demo_db_path):
    """The sick-leave periods are a group under one bold label: its " *" stays outside the bold
    ("**Nedsättning av arbetsförmåga ***" showed its asterisks on the screen)."""
    case_id = one(demo_db_path, "draft", "lisjp", "AND c.created_at >= TIMESTAMP '2026-11-10'")
    at = open_page(CERT, "lakare", {"id": case_id})
    shown = [m.value for m in at.markdown]
    assert "**Nedsättning av arbetsförmåga** \\*" in shown
    assert not [m for m in shown if "***" in m]
