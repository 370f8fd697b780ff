"""Issue 16 item 4: no internal code on a user's screen. Every code the app writes to a log that
users read — the case log's actions, the security log's events — has a text in Swedish, English
and Danish; a security-log detail reads as words, not as `title=… webcert=True`; and a board
row's type is named for every kind, the ORG classification's codes included.

The codes are found where they are written: every `audit.record(...)` / `audit.security(...)`
call under logic/ with a literal code, plus the few written through a variable (listed below,
each with where it comes from), so a new code without a text fails here."""
from __future__ import annotations

import ast
import json

import pytest

from logic import audit, i18n
from logic.board import present
from tests.conftest import ROOT

LANGS = ("sv", "en", "da")
# audit.record(tx, clock, actor, case_id, ACTION, ...) / audit.security(tx, clock, actor, EVENT, ...)
CODE_ARG = {"record": 4, "security": 3}
# codes written through a variable or an expression rather than a literal
DYNAMIC = {
    "record": {"question_handled", "question_unhandled",          # certificates/services/questions.py
               "copied", "replacement_started", "completion_started",  # certificates/services/drafts.py (_derive)
               "escalated", "lifted_for_learning"},               # org/services/ladder.py
    "security": {"logout", "session_expired",                     # ui/shell.py -> users.revoke_sessions
                 "directory_login", "directory_login_refused"},   # logic/directory.py -> users.log_security
}


def written_codes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"record": set(), "security": set()}
    for path in (ROOT / "logic").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in CODE_ARG and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "audit"):
                i = CODE_ARG[node.func.attr]
                if len(node.args) > i and isinstance(node.args[i], ast.Constant):
                    found[node.func.attr].add(node.args[i].value)
    return {kind: codes | DYNAMIC[kind] for kind, codes in found.items()}


def test_ui16_codes_the_scan_finds_the_log_codes_the_app_writes():
    codes = written_codes()
    assert {"answered", "registered", "signed", "urgent_linked"} <= codes["record"]
    assert {"cert_rights_saved", "login_failed", "user_updated", "urgent_office_hours"} <= codes["security"]


@pytest.mark.parametrize("lang", LANGS)
def test_ui16_codes_every_case_log_action_has_a_text(lang):
    missing = [a for a in sorted(written_codes()["record"]) if audit.action_label(lang, a) in (None, a)]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_ui16_codes_every_security_event_has_a_text(lang):
    missing = [e for e in sorted(written_codes()["security"]) if audit.security_label(lang, e) == e]
    assert missing == []


@pytest.mark.parametrize("detail, sv, da", [
    ("lakare: title=Läkare webcert=True care_units=['1012', '1020']",
     "lakare: titel: Läkare Webcert: ja vårdenheter: 1012, 1020",
     "lakare: titel: Läkare Webcert: ja plejeenheder: 1012, 1020"),
    ("ins-nordlys: enhanced False -> True, report week -> month",
     "ins-nordlys: utökad nej → ja, rapport Vecka → Månad",
     "ins-nordlys: udvidet nej → ja, rapport Uge → Måned"),
    ("skybrud-kobenhavn: create never -> outside_hours, assign_other False -> True",
     "skybrud-kobenhavn: får skapa Aldrig → Utanför arbetstid, får tilldela andra nej → ja",
     "skybrud-kobenhavn: må oprette Aldrig → Uden for arbejdstid, må tildele andre nej → ja"),
    ("committee=fmk.ordforande", "Försäkringsmedicinska kommittén: fmk.ordforande", None),
    ("attempt 3", "försök 3", "forsøg 3"),
])
def test_ui16_codes_a_security_detail_reads_as_words(detail, sv, da):
    assert audit.security_detail("sv", detail) == sv
    if da is not None:
        assert audit.security_detail("da", detail) == da


def test_ui16_codes_every_org_classification_node_is_named_on_the_board():
    """ORG and care cases keep a classification code as their type ("vardskada",
    "forsakringsmedicin", "lakemedel"): the board names them from the classification."""
    tree = json.loads((ROOT / "data" / "reference" / "org_classification.json").read_text(encoding="utf-8"))
    nodes = {t["code"]: {"name_sv": t["sv"], "name_en": t["en"], "name_da": t["da"]}
             for area in tree["areas"] for t in area["types"]}
    names = {"org": nodes, "care": nodes}
    for kind in ("org", "care"):
        for code in nodes:
            shown = {lang: present.subtype_label(lang, kind, code, names) for lang in LANGS}
            assert code not in shown.values(), (kind, code, shown)
    assert present.subtype_label("da", "care", "vardskada", names) == "Behandlingsskade"
    assert i18n.has("security.event.cert_rights_saved")


# choices that are no code: a time zone's name, the deviation paths' letters (a–f, as on the
# form), a protected title written as it is
CHOICES_AS_THEY_ARE = {("users", "tz"), ("history_deviations", "path"), ("cert_rights", "protected_title")}


@pytest.mark.parametrize("lang", LANGS)
def test_ui16_codes_every_coded_choice_of_a_master_data_grid_is_named(lang):
    """The grid's choice columns (a unit's kind: "care_unit", "office" …) show words."""
    from logic.composition import wire
    from logic.registry import KINDS

    wire()
    unnamed = [(k.name, c.name, v) for k in KINDS for c in k.columns
               if c.choices and c.type != "list" and (k.name, c.name) not in CHOICES_AS_THEY_ARE
               for v in c.choices if c.choice_label(k.name, v, lang) == v]
    assert unnamed == []
