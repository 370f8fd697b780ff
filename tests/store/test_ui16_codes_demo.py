"""Issue 16 item 4 over what the demo database stores: every case type on the board, every
case-log action and every security-log event a user can see is named in Swedish, English and
Danish (never shown as its code), and the answer of a deviation names the person who gave it."""
from __future__ import annotations

import pytest

from logic import audit
from logic.board import present
from logic.board import service as board

pytestmark = pytest.mark.both_backends

LANGS = ("sv", "en", "da")


def _values(db, sql: str) -> list[tuple]:
    with db.read() as r:
        return [tuple(row.values()) for row in r.rows(sql)]


@pytest.mark.parametrize("lang", LANGS)
def test_ui16_codes_every_stored_case_type_is_named(demo_db, lang):
    names = board.subtype_names(demo_db)
    shown = {(k, s): present.subtype_label(lang, k, s, names)
             for k, s in _values(demo_db, "SELECT DISTINCT kind, subtype FROM cases WHERE subtype IS NOT NULL")}
    assert [key for key, label in shown.items() if label == key[1]] == []
    assert shown[("care", "vardskada")] and shown[("org", "forsakringsmedicin")]


@pytest.mark.parametrize("lang", LANGS)
def test_ui16_codes_every_stored_log_code_has_a_text(demo_db, lang):
    actions = [a for (a,) in _values(demo_db, "SELECT DISTINCT action FROM case_events")]
    events = [e for (e,) in _values(demo_db, "SELECT DISTINCT event FROM security_log")]
    assert [a for a in actions if audit.action_label(lang, a) in (None, a)] == []
    assert [e for e in events if audit.security_label(lang, e) == e] == []
    details = [audit.security_detail(lang, d) for (d,) in _values(demo_db, "SELECT detail FROM security_log")]
    assert [d for d in details if any(w in d for w in ("True", "False", "->", "title=", "['"))] == []


def test_ui16_codes_the_answer_names_the_person(demo_db, clock):
    from logic.access import User
    from logic.deviations import services
    from logic.users import load_user

    case_id = _values(demo_db, "SELECT case_id FROM deviations WHERE answered_by IS NOT NULL LIMIT 1")[0][0]
    handler: User = load_user(demo_db, "handlaggare")
    case = services.get_deviation(demo_db, clock, handler, case_id)
    assert case["answered_by_name"] and case["answered_by_name"] != case["answered_by"]
