"""ADM-13 the empty start: the first administrator (once, even when two browsers race), the
imports in order on the administrator's start page, and `make run DEMO=0`."""
from __future__ import annotations

import sys
import threading

import pytest

from logic import bootstrap, first_run, users
from logic.access import PermissionDenied, Role
from logic.errors import FieldErrors, Refused
from logic.registry import KINDS
from tests.conftest import add_user

pytestmark = pytest.mark.both_backends

GOOD = dict(username="pia.pilot", name="Pia Pilot", password="ett-långt-lösen", password_again="ett-långt-lösen")


def _users(db) -> list[dict]:
    with db.read() as r:
        return r.rows("SELECT u.username, u.name, u.lang, u.active,"
                      " array_agg(r.role ORDER BY r.role) AS roles FROM users u LEFT JOIN user_roles r"
                      " USING (username) GROUP BY u.username, u.name, u.lang, u.active ORDER BY u.username")


def test_adm13_an_empty_installation_asks_for_its_first_administrator(db, clock):
    assert first_run.needed(db)
    made = first_run.create_first_admin(db, clock, **GOOD, lang="da", rounds=4)
    assert made == "pia.pilot" and not first_run.needed(db)
    assert _users(db) == [{"username": "pia.pilot", "name": "Pia Pilot", "lang": "da", "active": True,
                           "roles": ["admin"]}]
    user = users.load_user(db, "pia.pilot")
    assert user.has(Role.ADMIN) and user.lang == "da"
    with db.read() as r:
        assert users.check_password("ett-långt-lösen", r.scalar("SELECT password_hash FROM users"))
        assert r.rows("SELECT actor, event FROM security_log") == [{"actor": "pia.pilot",
                                                                    "event": "first_admin_created"}]


def test_adm13_two_browsers_at_once_create_exactly_one_first_administrator(db, clock):
    n = 6
    start = threading.Barrier(n)
    outcome: dict[str, str] = {}

    def attempt(i: int) -> None:
        start.wait()
        try:
            first_run.create_first_admin(db, clock, f"admin{i}", f"Admin {i}", "ett-långt-lösen", "ett-långt-lösen",
                                         rounds=4)
            outcome[f"admin{i}"] = "created"
        except Refused as exc:
            outcome[f"admin{i}"] = exc.key

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome.values()) == ["created"] + ["first.already_done"] * (n - 1)
    winner = next(u for u, o in outcome.items() if o == "created")
    assert [u["username"] for u in _users(db)] == [winner]


def test_adm13_no_first_administrator_once_anyone_exists_even_deactivated(db, clock):
    add_user(db, "gammal", [Role.REPORTER], active=False)
    assert not first_run.needed(db)
    with pytest.raises(Refused) as exc:
        first_run.create_first_admin(db, clock, **GOOD, rounds=4)
    assert exc.value.key == "first.already_done"
    assert [u["username"] for u in _users(db)] == ["gammal"]


@pytest.mark.parametrize(("change", "errors"), [
    ({"password_again": "ett-annat-lösen"}, {"password_again": "first.passwords_differ"}),
    ({"password": "kort", "password_again": "kort"}, {"password": "users.password_too_short"}),
    ({"username": "Pia Pilot!"}, {"username": "users.bad_username"}),
    ({"username": " ", "name": "", "password": "", "password_again": ""},
     {"username": "form.required", "name": "form.required", "password": "form.required",
      "password_again": "form.required"}),
    ({"name": "P" * 121}, {"name": "form.text_too_long"}),
])
def test_adm13_first_administrator_input_is_checked_with_the_user_rules(db, clock, change, errors):
    with pytest.raises(FieldErrors) as exc:
        first_run.create_first_admin(db, clock, **{**GOOD, **change}, rounds=4)
    assert exc.value.errors == errors
    assert first_run.needed(db) and _users(db) == []


def test_adm13_the_administrators_start_lists_the_imports_in_order_with_their_rows(demo_db):
    admin = users.load_user(demo_db, "admin")
    steps = first_run.import_steps(demo_db, admin)
    assert [s.kind for s in steps] == [k.name for k in first_run.ordered(KINDS)]
    with demo_db.read() as r:
        counts = {"units": r.scalar("SELECT count(*) FROM units"), "users": r.scalar("SELECT count(*) FROM users")}
    got = {s.kind: s.rows for s in steps}
    assert {k: got[k] for k in counts} == counts and all(s.filled for s in steps if s.kind in counts)
    with pytest.raises(PermissionDenied):
        first_run.import_steps(demo_db, users.load_user(demo_db, "handlaggare"))


def test_adm13_a_new_installation_has_empty_steps_after_its_units(db, clock):
    first_run.create_first_admin(db, clock, **GOOD, rounds=4)
    steps = {s.kind: s for s in first_run.import_steps(db, users.load_user(db, "pia.pilot"))}
    assert not steps["units"].filled and steps["users"].rows == 1


@pytest.mark.parametrize(("value", "demo"), [(None, True), ("1", True), ("0", False), ("no", False),
                                             ("false", False), ("off", False)])
def test_adm13_casedesk_demo_0_means_no_demo_world(monkeypatch, value, demo):
    if value is None:
        monkeypatch.delenv("CASEDESK_DEMO", raising=False)
    else:
        monkeypatch.setenv("CASEDESK_DEMO", value)
    assert bootstrap.demo_wanted() is demo


def test_adm13_bootstrap_with_casedesk_demo_0_sets_up_an_empty_database(tmp_path, monkeypatch, capsys):
    target = tmp_path / "pilot.duckdb"
    monkeypatch.setenv("CASEDESK_DEMO", "0")
    monkeypatch.setattr(bootstrap, "ensure_secrets", lambda: False)    # never the checkout's secrets file
    monkeypatch.setattr(sys, "argv", ["bootstrap", "--db", str(target)])
    bootstrap.main()
    out = capsys.readouterr().out
    assert "demo data: none" in out and "first administrator" in out
    from logic.store.db import Database

    db = Database(target)
    try:
        assert first_run.needed(db)
        with db.read() as r:
            assert r.scalar("SELECT count(*) FROM cases") == 0
            assert r.scalar("SELECT count(*) FROM deviation_categories") > 0     # reference data is there
    finally:
        db.close()
