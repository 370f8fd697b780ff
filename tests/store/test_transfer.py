"""ADM-11 export everything, ADM-12 restore into an empty installation (the round trip), on a
copy of the demo database."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import threading
import zipfile
from datetime import date, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from logic import audit, messages, reports, transfer, users, work
from logic.board import service as board
from logic.access import Action, PermissionDenied, Role, decide
from logic.board.filters import BoardFilters
from logic.clock import FixedClock
from logic.errors import Refused
from logic.reports import ReportFilters
from logic.store import core_repo, transfer_repo
from logic.store.connect import open_database
from logic.transfer import manifest as mf
from logic.transfer.__main__ import main as cli
from tests.conftest import STOCKHOLM, add_user

pytestmark = pytest.mark.both_backends

CLOCK = FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=STOCKHOLM))
LATER = FixedClock(datetime(2026, 11, 21, 9, 30, tzinfo=STOCKHOLM))   # the same ISO week (47)


def _admin(db):
    return users.load_user(db, "admin")


@pytest.fixture
def made(demo_db, tmp_path):
    """An export of the demo database, made by the demo's admin."""
    return transfer.export(demo_db, CLOCK, _admin(demo_db), tmp_path / "exports")


@pytest.fixture
def empty_db(db):
    """A new installation: migrated, reference data loaded (as `make run DEMO=0` leaves it)."""
    return db


@pytest.fixture
def new_target(backend, request, tmp_path) -> str:
    """Where a command-line restore makes a new installation: a new DuckDB file, or a new (empty,
    not yet migrated) PostgreSQL database."""
    if backend == "postgres":
        cluster = request.getfixturevalue("pg_cluster")
        name = cluster.new_database()
        request.addfinalizer(lambda: cluster.drop(name))
        return cluster.url(name)
    return str(tmp_path / "pilot" / "casedesk.duckdb")


def _rows(db, sql, params=None):
    with db.read() as r:
        return r.rows(sql, params)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


# ------------------------------------------------------------------ ADM-11 what an export holds


def test_adm11_export_holds_every_table_but_the_left_out_ones_with_counts_and_hashes(demo_db, tmp_path):
    with demo_db.read() as r:
        all_tables = transfer_repo.tables(r)
        counts = {t: transfer_repo.row_count(r, t) for t in all_tables}
        migrations = transfer_repo.migrations(r)
    made = transfer.export(demo_db, CLOCK, _admin(demo_db), tmp_path)
    m = made.manifest
    assert set(m["tables"]) == set(all_tables) - set(mf.LEFT_OUT_TABLES)
    assert {"cases", "case_events", "users", "units", "access_log", "security_log", "number_sequences",
            "task_attachments"} <= set(m["tables"])
    assert not set(m["tables"]) & {"pseudonym_key", "board_index", "search_words", "session_revocations"}
    assert m["schema_migrations"] == migrations
    assert m["created_by"] == "admin" and m["created_at"] == "2026-11-20T11:00:00Z"
    files = _members(made.path)
    assert json.loads(files["manifest.json"]) == m
    for name, entry in m["tables"].items():
        assert entry["rows"] == counts[name]             # as before the export was logged
        for form in ("parquet", "csv"):
            spec = entry["files"][form]
            assert hashlib.sha256(files[spec["path"]]).hexdigest() == spec["sha256"]
            assert len(files[spec["path"]]) == spec["bytes"]
        assert pq.read_table(io.BytesIO(files[mf.parquet_path(name)])).num_rows == counts[name]
    assert sorted(files) == sorted(["manifest.json"] + [f["path"] for e in m["tables"].values()
                                                        for f in e["files"].values()])
    assert made.sha256 == hashlib.sha256(made.path.read_bytes()).hexdigest()


def test_adm11_export_has_no_password_hash_no_pseudonym_key_and_nothing_from_secrets(demo_db, made):
    with demo_db.read() as r:
        hashes = [x["password_hash"] for x in r.rows("SELECT password_hash FROM users")]
        key = r.scalar("SELECT key FROM pseudonym_key")
    assert len(hashes) > 20 and all(h.startswith("$2") for h in hashes) and len(key) >= 32
    files = _members(made.path)
    users_table = pq.read_table(io.BytesIO(files["parquet/users.parquet"])).to_pylist()
    assert {u["password_hash"] for u in users_table} == {""}
    csv_users = list(csv.DictReader(io.StringIO(files["csv/users.csv"].decode("utf-8-sig")), delimiter=";"))
    assert {u["password_hash"] for u in csv_users} == {""} and len(csv_users) == len(hashes)
    texts = [data.decode("utf-8-sig") for name, data in files.items() if not name.endswith(".parquet")]
    for name, data in files.items():
        if name.endswith(".parquet"):
            texts.append(json.dumps(pq.read_table(io.BytesIO(data)).to_pylist(), default=str))
    everything = "\n".join(texts)
    assert "$2b$" not in everything and "$2a$" not in everything
    assert not any(h in everything for h in hashes)
    assert key not in everything
    assert "cookie_key" not in everything


def test_adm11_csv_is_utf8_bom_semicolons_with_formula_cells_neutralised(demo_db, tmp_path):
    with demo_db.tx() as tx:
        core_repo.insert_unit(tx, {"id": "evil", "code": "@SUM(1)", "name": "=HYPERLINK(\"http://x\";\"klick\")",
                                   "kind": "org_unit", "city": "Malmö; Lund"})
    made = transfer.export(demo_db, CLOCK, _admin(demo_db), tmp_path)
    files = _members(made.path)
    raw = files["csv/units.csv"]
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    evil = next(r for r in rows if r["id"] == "evil")
    assert evil["name"] == "'=HYPERLINK(\"http://x\";\"klick\")" and evil["code"] == "'@SUM(1)"
    assert evil["city"] == "Malmö; Lund"
    stored = next(r for r in pq.read_table(io.BytesIO(files["parquet/units.parquet"])).to_pylist() if r["id"] == "evil")
    assert stored["name"] == "=HYPERLINK(\"http://x\";\"klick\")"        # Parquet: the value as stored


def test_adm11_an_export_is_in_the_access_log_per_identity_number_and_in_the_security_log(demo_db, made):
    with demo_db.read() as r:
        numbers = {x["p"] for x in r.rows(
            "SELECT person_id AS p FROM cases WHERE person_id IS NOT NULL UNION SELECT id FROM patients"
            " UNION SELECT id FROM recipients WHERE kind = 'patient' UNION SELECT patient_id FROM certificates"
            " UNION SELECT person_id FROM access_log WHERE purpose <> 'export'")}
        logged = r.rows("SELECT actor, person_id, case_id, logged_at FROM access_log WHERE purpose = 'export'")
        sec = r.rows("SELECT actor, event, detail FROM security_log WHERE event = 'export'")
    assert "191212121212" in numbers and "40012" not in numbers           # a care unit's number is no person
    assert sorted(x["person_id"] for x in logged) == sorted(numbers) == sorted(set(numbers))
    assert made.persons == len(numbers)
    assert {(x["actor"], x["case_id"], x["logged_at"]) for x in logged} == {("admin", None, datetime(2026, 11, 20, 11, 0))}
    assert len(sec) == 1 and sec[0]["actor"] == "admin"
    assert made.path.name in sec[0]["detail"] and made.sha256 in sec[0]["detail"]
    assert audit.purpose_label("sv", "export")


def test_adm11_identity_columns_name_every_column_that_holds_an_identity_number(demo_db):
    listed = {(t, c) for t, c, _ in transfer_repo.IDENTITY_COLUMNS}
    with demo_db.read() as r:
        columns = r.rows("SELECT table_name AS t, column_name AS c FROM information_schema.columns"
                         " WHERE table_schema = current_schema()")
    named = {(x["t"], x["c"]) for x in columns
             if re.search(r"(person|patient)_?id$|personnummer|cpr", x["c"]) and x["t"] not in mf.LEFT_OUT_TABLES
             and x["t"] != "board_index"}
    assert named and named <= listed, named - listed


def test_adm11_only_an_administrator_may_export(demo_db, tmp_path):
    for username in ("handlaggare", "analytiker", "granskare", "chef"):
        with pytest.raises(PermissionDenied):
            transfer.export(demo_db, CLOCK, users.load_user(demo_db, username), tmp_path)
    assert not list(tmp_path.glob("*.zip"))
    assert not _rows(demo_db, "SELECT * FROM access_log WHERE purpose = 'export'")


def test_adm11_export_reads_one_snapshot_while_others_write(demo_db, tmp_path, monkeypatch):
    """A case registered while the export runs is in no table of it (one snapshot)."""
    real = transfer_repo.write_parquet
    done = []

    def slow(tx, table, path, blank):
        if table == "cases" and not done:
            t = threading.Thread(target=lambda: done.append(_insert_case(demo_db, "AV99999999")))
            t.start()
            t.join()
        return real(tx, table, path, blank)

    monkeypatch.setattr(transfer_repo, "write_parquet", slow)
    with demo_db.read() as r:
        before = transfer_repo.row_count(r, "cases")
    made = transfer.export(demo_db, CLOCK, _admin(demo_db), tmp_path)
    assert done == ["AV99999999"] and made.manifest["tables"]["cases"]["rows"] == before
    with demo_db.read() as r:
        assert transfer_repo.row_count(r, "cases") == before + 1          # written meanwhile
    assert "AV99999999" not in _members(made.path)["csv/cases.csv"].decode("utf-8-sig")


def _insert_case(db, case_id):
    with db.tx() as tx:
        core_repo.insert_case(tx, {"id": case_id, "kind": "deviation", "status": "registered", "title": "Mitt i",
                                   "created_by": "reporter", "created_at": datetime(2026, 11, 20),
                                   "updated_at": datetime(2026, 11, 20), "version": 1})
    return case_id


# ------------------------------------------------------------------ ADM-12 the round trip


def _users(db) -> list:
    return [u for u in (users.load_user(db, x["username"]) for x in _rows(db, "SELECT username FROM users ORDER BY username"))
            if u is not None]


BOARDS = [BoardFilters(), BoardFilters(state="open", sort="id", desc=False, page_size=25, page=2),
          BoardFilters(q="rullstol"), BoardFilters(q="191212121212"), BoardFilters(kinds=["urgent", "claim"]),
          BoardFilters(q="AV26")]


def _board(db, user, f):
    res = board.search(db, CLOCK, user, f)
    return res.total, res.pages, res.rows


def _dashboard(db, user):
    d = reports.dashboard(db, CLOCK, user, ReportFilters(date_from=date(2020, 1, 1), date_to=date(2026, 12, 31)))
    return (d.per_period, d.by_category, d.by_unit, d.by_article, d.close, d.open_by_age, d.regulatory, d.pareto)


def _same_but_pseudonyms(before: list[dict], after: list[dict]) -> bool:
    """Equal rows, but for analysts' pseudonyms (P-…): those differ, each one consistently —
    the same person or user has the same new pseudonym, and no two share one."""
    mapping: dict[str, str] = {}
    for b, a in zip(before, after):
        for key, value in b.items():
            if isinstance(value, str) and value.startswith("P-"):
                assert a[key].startswith("P-") and a[key] != value
                assert mapping.setdefault(value, a[key]) == a[key]
    assert len(set(mapping.values())) == len(mapping)
    renamed = [{k: mapping.get(v, v) if isinstance(v, str) else v for k, v in b.items()} for b in before]
    return len(before) == len(after) and renamed == after and bool(mapping or not before)


def _restored(made, empty_db, **kw):
    return transfer.restore(empty_db, LATER, made.path, **kw)


def test_adm12_round_trip_gives_the_same_board_dashboard_start_page_and_case_logs(demo_db, made, empty_db):
    result = _restored(made, empty_db, admin="admin", password_hash=users.hash_password("nytt-lösen-123", 4))
    assert result.tables == {n: e["rows"] for n, e in made.manifest["tables"].items()}
    people = _users(demo_db)
    assert len(people) > 20 and [u.username for u in people] == [u.username for u in _users(empty_db)]
    compared = {"board": 0, "dashboard": 0}
    for user in people:
        again = users.load_user(empty_db, user.username)
        assert again == user
        assert work.my_open_work(demo_db, user) == work.my_open_work(empty_db, again)
        if decide(user, Action.VIEW_BOARD):
            for f in BOARDS:
                before, after = _board(demo_db, user, f), _board(empty_db, again, f)
                assert before[:2] == after[:2], (user.username, f)
                if user.has(Role.ANALYST):             # pseudonyms come from each installation's own key
                    assert _same_but_pseudonyms(before[2], after[2]), (user.username, f)
                else:
                    assert before[2] == after[2], (user.username, f)
                compared["board"] += 1
        if decide(user, Action.VIEW_DASHBOARD):
            assert _dashboard(demo_db, user) == _dashboard(empty_db, again), user.username
            compared["dashboard"] += 1
    assert compared["board"] >= 20 * len(BOARDS) and compared["dashboard"] >= 3
    case_ids = [x["id"] for x in _rows(demo_db, "SELECT id FROM cases ORDER BY id")]
    assert len(case_ids) > 100
    for case_id in case_ids:
        assert audit.case_log(demo_db, case_id) == audit.case_log(empty_db, case_id), case_id


def test_adm12_new_registrations_and_log_rows_continue_after_the_restored_numbers(made, empty_db):
    from tests.store.dev_world import register

    _restored(made, empty_db)
    with empty_db.read() as r:
        cases = {x["id"] for x in r.rows("SELECT id FROM cases")}
        last = {x["prefix"]: x["last_value"] for x in r.rows("SELECT prefix, last_value FROM number_sequences")}
        top = {t: r.scalar(f"SELECT max(id) FROM {t}") for t in ("case_events", "messages", "access_log",
                                                                  "security_log")}
    reporter = users.load_user(empty_db, "reporter")
    case_id = register(empty_db, LATER, reporter, service_site_id="site-1012", device_id="dev-1",
                       occurred_date=date(2026, 11, 20))
    assert case_id not in cases
    with empty_db.read() as r:
        prefix = next(p for p in last if case_id.startswith(p))
        assert r.scalar("SELECT last_value FROM number_sequences WHERE prefix = ?", [prefix]) == last[prefix] + 1
        assert r.scalar("SELECT min(id) FROM case_events WHERE case_id = ?", [case_id]) > top["case_events"]
    with empty_db.tx() as tx:
        messages.send(tx, LATER, "reporter", "Efter återläsningen", case_id=case_id)
        audit.security(tx, LATER, "admin", "test_event")
        audit.record_access(tx, LATER, "admin", "191212121212", case_id, "view_case")
    with empty_db.read() as r:
        assert r.scalar("SELECT id FROM messages WHERE case_id = ?", [case_id]) > top["messages"]
        assert r.scalar("SELECT id FROM security_log WHERE event = 'test_event'") > top["security_log"]
        assert r.scalar("SELECT id FROM access_log WHERE case_id = ?", [case_id]) > top["access_log"]
    assert board.search(empty_db, LATER, reporter, BoardFilters(q=case_id)).exact == case_id


def test_adm12_users_come_back_without_passwords_but_the_named_administrator(made, empty_db):
    result = _restored(made, empty_db, admin="admin", password_hash=users.hash_password("nytt-lösen-123", 4))
    assert result.with_password == ["admin"]
    assert "reporter" in result.without_password and "admin" not in result.without_password
    hashes = {x["username"]: x["password_hash"] for x in _rows(empty_db, "SELECT username, password_hash FROM users")}
    assert users.check_password("nytt-lösen-123", hashes.pop("admin"))
    assert set(hashes.values()) == {""}
    assert not users.check_password("casedesk-demo", "")
    sec = _rows(empty_db, "SELECT actor, event FROM security_log ORDER BY id DESC LIMIT 1")
    assert sec == [{"actor": "admin", "event": "restore"}]


def test_adm12_the_administrator_who_restores_keeps_the_account_and_password(made, empty_db, tmp_path):
    pilot = add_user(empty_db, "pilot", [Role.ADMIN], name="Pia Pilot")
    with empty_db.read() as r:
        own_hash = r.scalar("SELECT password_hash FROM users WHERE username = 'pilot'")
    assert transfer.restorable(empty_db, pilot) and not transfer.restorable(empty_db, None)
    result = transfer.restore(empty_db, LATER, made.path, actor=pilot)
    assert result.with_password == ["pilot"] and "admin" in result.without_password
    again = users.load_user(empty_db, "pilot")
    assert again is not None and again.has(Role.ADMIN)
    assert _rows(empty_db, "SELECT password_hash FROM users WHERE username = 'pilot'")[0]["password_hash"] == own_hash
    assert not transfer.restorable(empty_db, pilot)


def test_adm12_restore_refuses_an_installation_with_cases_or_other_users(demo_db, made, empty_db):
    with pytest.raises(Refused) as exc:
        transfer.restore(demo_db, LATER, made.path, actor=_admin(demo_db))
    assert exc.value.key == "xfer.not_empty"
    someone = add_user(empty_db, "someone", [Role.REPORTER])
    pilot = add_user(empty_db, "pilot", [Role.ADMIN])
    with pytest.raises(Refused) as exc:
        transfer.restore(empty_db, LATER, made.path, actor=pilot)
    assert exc.value.key == "xfer.not_empty"
    assert sorted(u.username for u in _users(empty_db)) == ["pilot", "someone"] and someone


def _rewrite(src: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item.filename, data)
    return target


def _nothing_loaded(db):
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM users") == 0
        assert r.scalar("SELECT count(*) FROM cases") == 0
        assert r.scalar("SELECT count(*) FROM board_index") == 0


@pytest.mark.parametrize(("change", "key"), [
    (lambda name, data: data.replace(b"Tolvan", b"Tolvar") if name == "csv/cases.csv" else data, "xfer.damaged"),
    (lambda name, data: None if name == "parquet/units.parquet" else data, "xfer.missing_file"),
    (lambda name, data: None if name == "manifest.json" else data, "xfer.not_an_export"),
    (lambda name, data: data.replace(b'"0001_core.sql"', b'"0001_core.sql", "0999_future.sql"')
     if name == "manifest.json" else data, "xfer.newer_schema"),
])
def test_adm12_a_damaged_or_foreign_export_is_refused_and_nothing_is_loaded(made, empty_db, tmp_path, change, key):
    bad = _rewrite(made.path, tmp_path / "bad.zip", change)
    with pytest.raises(Refused) as exc:
        transfer.restore(empty_db, LATER, bad)
    assert exc.value.key == key
    _nothing_loaded(empty_db)


def test_adm12_restore_is_one_transaction_a_failure_midway_leaves_nothing(made, empty_db, tmp_path):
    """The manifest of the last table lies about its rows: every table before it was already
    loaded in the transaction, and nothing of them stays."""
    last = sorted(made.manifest["tables"])[-1]

    def lie(name, data):
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["tables"][last]["rows"] += 1
        return json.dumps(m).encode()

    with pytest.raises(Refused) as exc:
        transfer.restore(empty_db, LATER, _rewrite(made.path, tmp_path / "lie.zip", lie))
    assert exc.value.key == "xfer.damaged"
    _nothing_loaded(empty_db)
    with empty_db.read() as r:
        assert r.scalar("SELECT count(*) FROM deviation_categories") > 0      # the installation's own data kept


def test_adm12_not_a_zip_and_a_file_path_outside_the_export_are_refused(made, empty_db, tmp_path):
    with pytest.raises(Refused) as exc:
        transfer.restore(empty_db, LATER, b"PK\x03\x04 not really")
    assert exc.value.key == "xfer.not_an_export"

    def escape(name, data):
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["tables"]["cases"]["files"]["csv"]["path"] = "../../cases.csv"
        return json.dumps(m).encode()

    with pytest.raises(Refused) as exc:
        transfer.restore(empty_db, LATER, _rewrite(made.path, tmp_path / "escape.zip", escape))
    assert exc.value.key == "xfer.not_an_export"
    _nothing_loaded(empty_db)


def test_adm12_a_named_administrator_must_be_one_in_the_export(made, empty_db):
    with pytest.raises(Refused) as exc:
        _restored(made, empty_db, admin="reporter", password_hash="x")
    assert exc.value.key == "xfer.admin_unknown" and exc.value.field == "admin"
    _nothing_loaded(empty_db)


def test_adm12_command_line_restore_into_a_new_file_and_export(made, new_target, tmp_path, monkeypatch, capsys):
    target = new_target
    monkeypatch.setenv("CASEDESK_ADMIN_PASSWORD", "ett-nytt-lösen")
    assert cli(["restore", str(made.path), "--db", str(target), "--admin", "admin", "--lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert "Återläst:" in out and "har inget lösenord" in out and "Kan logga in med lösenord: admin." in out
    db = open_database(target)
    try:
        with db.read() as r:
            assert users.check_password("ett-nytt-lösen",
                                        r.scalar("SELECT password_hash FROM users WHERE username = 'admin'"))
            assert r.scalar("SELECT count(*) FROM board_index") == made.manifest["tables"]["cases"]["rows"]
    finally:
        db.close()
    assert cli(["export", "--db", str(target), "--out", str(tmp_path / "again")]) == 0
    again = next((tmp_path / "again").glob("*.zip"))
    second = json.loads(_members(again)["manifest.json"])
    first = made.manifest["tables"]
    assert {n: e["rows"] for n, e in second["tables"].items() if n not in ("access_log", "security_log")} == \
        {n: e["rows"] for n, e in first.items() if n not in ("access_log", "security_log")}
    with pytest.raises(SystemExit):                      # not into a database that has data
        cli(["restore", str(made.path), "--db", str(target)])
