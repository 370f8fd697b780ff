"""ADM-1..3: one plan for screens and imports — new / changed / unchanged / refused per row,
nothing written with a refused row, every change in the settings log, optimistic versions."""
from __future__ import annotations

import pytest

from logic.access import PermissionDenied, Role
from logic.errors import Refused
from logic.masterdata import plan as md
from logic.masterdata import reads
from logic.registry import kind
from logic.masterdata.spec import CHANGED, NEW, REFUSED, UNCHANGED
from tests.conftest import add_unit, add_user

pytestmark = pytest.mark.both_backends

UNITS = kind("units")
USERS = kind("users")


@pytest.fixture
def admin(db):
    return add_user(db, "admin", [Role.ADMIN])


def _units(db):
    with db.read() as r:
        return {u["id"]: u for u in r.rows("SELECT * FROM units")}


def test_adm2_plan_says_new_changed_unchanged_per_row(db, admin, clock):
    add_unit(db, "1012", name="Rehab")
    rows = [{"id": "1012", "name": "Rehab", "kind": "service_site"},
            {"id": "1020", "name": "Hemsjukvården", "kind": "service_site"}]
    plan = md.preview(db, admin, UNITS, rows)
    assert [r.status for r in plan.rows] == [UNCHANGED, NEW]
    rows[0]["name"] = "Rehabkliniken"
    plan = md.preview(db, admin, UNITS, rows)
    assert [r.status for r in plan.rows] == [CHANGED, NEW]
    assert plan.rows[0].changes() == {"name": ("Rehab", "Rehabkliniken")}
    assert "1020" not in _units(db)          # a preview writes nothing


def test_adm2_columns_the_rows_do_not_carry_keep_their_stored_values(db, admin, clock):
    add_unit(db, "1012", name="Rehab", city="Västerby")
    md.save_rows(db, clock, admin, UNITS, [{"id": "1012", "name": "Rehabkliniken"}])
    assert _units(db)["1012"]["city"] == "Västerby"
    assert _units(db)["1012"]["name"] == "Rehabkliniken"


def test_adm2_a_refused_row_writes_nothing_and_says_why_per_cell(db, admin, clock):
    rows = [{"id": "A1", "name": "Ok", "kind": "service_site"},
            {"id": "A2", "name": "=HYPERLINK(\"x\")", "kind": "service_site"},
            {"id": "A3", "name": "", "kind": "ward"},
            {"id": "A1", "name": "Again", "kind": "service_site"},
            {"id": "A4", "name": "Child", "kind": "service_site", "parent_id": "nowhere"}]
    plan = md.save_rows(db, clock, admin, UNITS, rows)
    assert [r.status for r in plan.rows] == [NEW, REFUSED, REFUSED, REFUSED, REFUSED]
    reasons = {r.line: sorted(e.key for e in r.errors) for r in plan.rows}
    assert reasons[2] == ["md.formula"]
    assert reasons[3] == ["md.required", "md.units.bad_kind"]
    assert reasons[4] == ["md.duplicate_key"]
    assert reasons[5] == ["md.units.unknown_parent"]
    assert not {"A1", "A2"} & set(_units(db))      # all or nothing


def test_adm4_the_tree_has_no_cycles(db, admin, clock):
    md.save_rows(db, clock, admin, UNITS, [{"id": "top", "name": "Top", "kind": "org_unit"},
                                           {"id": "mid", "name": "Mid", "kind": "org_unit", "parent_id": "top"}])
    plan = md.save_rows(db, clock, admin, UNITS, [{"id": "top", "parent_id": "mid"}])
    assert plan.rows[0].errors[0].key == "md.units.cycle"
    assert _units(db)["top"]["parent_id"] is None


def test_adm3_every_change_is_in_the_settings_log_with_before_and_after(db, admin, clock):
    add_unit(db, "1012", name="Rehab")
    md.save_rows(db, clock, admin, UNITS, [{"id": "1012", "name": "Rehabkliniken"},
                                           {"id": "1020", "name": "Hemsjukvården", "kind": "service_site"}])
    log = reads.settings_log(db, admin, "units")
    by_key = {e["key"]: e for e in log}
    assert by_key["1012"]["before_value"] == {"name": "Rehab"}
    assert by_key["1012"]["after_value"] == {"name": "Rehabkliniken"}
    assert by_key["1012"]["actor"] == "admin" and by_key["1012"]["source"] == "screen"
    assert by_key["1020"]["action"] == NEW and by_key["1020"]["before_value"] is None
    md.save_rows(db, clock, admin, UNITS, [{"id": "1012", "name": "Rehabkliniken"}])   # unchanged
    assert len(reads.settings_log(db, admin, "units")) == 2


def test_adm3_x2_the_change_log_on_screen_masks_identity_numbers_and_reveals_no_one(db, admin, clock):
    patients = kind("patients")
    md.save_rows(db, clock, admin, patients, [{"id": "19121212-1212", "name": "Tolvan Tolvansson"}])
    md.save_rows(db, clock, admin, patients, [{"id": "191212121212", "name": "Tolvan T"}])
    log = reads.change_log(db, admin, patients)
    assert [e["action"] for e in log] == [CHANGED, NEW]                    # newest first
    assert "191212121212" not in repr(log) and "1212" in log[0]["key"]      # masked, not gone
    assert log[0]["before_value"] == {"name": "Tolvan Tolvansson"} and log[0]["after_value"] == {"name": "Tolvan T"}
    assert reads.settings_log(db, admin, "patients")[1]["key"] == "191212121212"   # stored whole
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM access_log") == 0             # reading the log revealed no one
    with pytest.raises(PermissionDenied):
        reads.change_log(db, add_user(db, "hanna", [Role.HANDLER]), patients)


def test_adm2_a_row_changed_by_someone_else_since_it_was_shown_is_not_overwritten(db, admin, clock):
    add_unit(db, "1012", name="Rehab")
    shown = {("1012",): {"id": "1012", "name": "Rehab"}}
    md.save_rows(db, clock, admin, UNITS, [{"id": "1012", "name": "Changed by Anna"}])
    plan = md.save_rows(db, clock, admin, UNITS, [{"id": "1012", "name": "Changed by Bo"}], expected=shown)
    assert plan.rows[0].errors[0].key == "md.changed_meanwhile"
    assert _units(db)["1012"]["name"] == "Changed by Anna"


def test_imp4_confirm_writes_what_the_dry_run_showed_or_nothing(db, admin, clock):
    rows = [{"id": "1012", "name": "Rehab", "kind": "service_site"}]
    dry = md.preview(db, admin, UNITS, rows)
    add_unit(db, "1012", name="Someone else's")
    with pytest.raises(Refused) as exc:
        md.confirm(db, clock, admin, UNITS, rows, dry.fingerprint(), source="import:1")
    assert exc.value.key == "md.changed_since_dry_run"
    assert _units(db)["1012"]["name"] == "Someone else's"
    again = md.preview(db, admin, UNITS, rows)
    md.confirm(db, clock, admin, UNITS, rows, again.fingerprint(), source="import:1")
    assert _units(db)["1012"]["name"] == "Rehab"


def test_adm5_users_take_units_by_code_and_get_no_password(db, admin, clock):
    add_unit(db, "site-1012", code="1012")
    plan = md.save_rows(db, clock, admin, USERS, [
        {"username": "Anna.A", "name": "Anna", "roles": "reporter; physician", "units": "1012",
         "hsa_id": "se2321000016-1003", "active": "ja"}])
    assert plan.rows[0].status == NEW, plan.rows[0].errors
    with db.read() as r:
        row = r.row("SELECT * FROM users WHERE username = 'anna.a'")
        units = r.rows("SELECT unit_id FROM user_units WHERE username = 'anna.a'")
    assert row["password_hash"] == "" and row["hsa_id"] == "SE2321000016-1003"
    assert [u["unit_id"] for u in units] == ["site-1012"]
    again = md.preview(db, admin, USERS, [{"username": "anna.a", "units": "site-1012", "roles": "physician;reporter"}])
    assert again.rows[0].status == UNCHANGED


def test_adm2_a_blank_optional_cell_means_the_default_for_a_new_row_and_the_stored_value_for_a_known_one(
        db, admin, clock):
    """A users file with only username, name and roles (blank language, time zone, units and
    active): the new user gets the defaults; a known Danish user stays Danish and active."""
    add_user(db, "frida", [Role.INSURER], lang="da", tz="Europe/Copenhagen")
    blank = {"units": "", "lang": "", "tz": "", "active": ""}
    plan = md.save_rows(db, clock, admin, USERS, [
        {"username": "ali", "name": "Ali Analys", "roles": "analyst", **blank},
        {"username": "frida", "name": "Frida F", "roles": "insurer", **blank}])
    assert [r.status for r in plan.rows] == [NEW, CHANGED], [r.errors for r in plan.rows]
    with db.read() as r:
        users = {u["username"]: u for u in r.rows("SELECT username, lang, tz, active FROM users")}
    assert (users["ali"]["lang"], users["ali"]["tz"], users["ali"]["active"]) == ("sv", "Europe/Stockholm", True)
    assert (users["frida"]["lang"], users["frida"]["tz"], users["frida"]["active"]) == ("da", "Europe/Copenhagen", True)
    assert plan.rows[1].changes() == {"name": ("Frida", "Frida F")}


def test_adm5_deactivating_a_user_keeps_the_user(db, admin, clock):
    add_user(db, "rita", [Role.REPORTER])
    md.save_rows(db, clock, admin, USERS, [{"username": "rita", "active": "nej"}])
    with db.read() as r:
        assert r.scalar("SELECT active FROM users WHERE username = 'rita'") is False


def test_adm1_only_admin_may_change_master_data(db, clock):
    from logic.access import PermissionDenied

    handler = add_user(db, "hanna", [Role.HANDLER])
    with pytest.raises(PermissionDenied):
        md.save_rows(db, clock, handler, UNITS, [{"id": "x", "name": "X", "kind": "org_unit"}])
