"""IMP-9, IMP-10: history from the system a team leaves — deviations imported with their own
numbers through the same dry run and import as master data; the series continue after them;
they are on the board, in search and on the dashboard at once; their log says where they came
from; a re-import changes nothing; a changed row updates its case unless casedesk changed it."""
from __future__ import annotations

import pytest

from logic import audit, reports
from logic.board import service as board
from logic.access import Role
from logic.board.filters import BoardFilters
from logic.deviations import services
from logic.errors import Refused
from logic.importer import service
from logic.reports import ReportFilters
from logic.store import core_repo
from logic.store.connect import open_database
from tests.conftest import add_user
from tests.store.dev_world import (
    dev_template,  # noqa: F401  (fixture)
    pg_world_template,  # noqa: F401  (fixture: the world on PostgreSQL)
    register,
    world_db,  # noqa: F401  (fixture)
)
from tests.store.history_world import TOLVAN, csv_of, deviation

pytestmark = pytest.mark.both_backends

KIND = "history_deviations"


@pytest.fixture
def db(world_db):  # noqa: F811  (the imported fixture, renamed: the world built once per backend)
    return world_db


@pytest.fixture
def world(dev_template):  # noqa: F811
    return dev_template[1]


@pytest.fixture
def admin(db, world):
    return add_user(db, "admin", [Role.ADMIN])


def _import(db, clock, admin, data, name="gamla.csv"):
    dry = service.dry_run(db, clock, admin, KIND, data, name)
    assert not dry.plan.refused, [(r.line, [(e.column, e.key) for e in r.errors]) for r in dry.plan.refused]
    return dry, service.run(db, clock, admin, KIND, data, name, dry.mapping, dry.fingerprint)


def _case(db, case_id):
    with db.read() as r:
        return core_repo.case(r, case_id)


def test_imp9_imported_numbers_are_kept_and_a_registration_continues_after_them(db, clock, world, admin):
    data = csv_of(KIND, [deviation(f"AV260700{n:02d}") for n in range(2, 6)])
    dry, done = _import(db, clock, admin, data)
    assert dry.counts == done.counts == {"new": 4, "changed": 0, "unchanged": 0, "refused": 0}
    assert _case(db, "AV26070002")["status"] == "closed"
    assert register(db, clock, world.reporter) == "AV26070006"        # week 7 of 2026, after 0005


def test_imp9_the_series_never_go_back_when_older_numbers_are_imported_later(db, clock, world, admin):
    assert register(db, clock, world.reporter) == "AV26070001"
    assert register(db, clock, world.reporter) == "AV26070002"
    _import(db, clock, admin, csv_of(KIND, [deviation("AV26060009", registered_at="2026-02-03 10:00",
                                                        occurred_at="2026-02-02 10:00")]))
    assert register(db, clock, world.reporter) == "AV26070003"
    with db.read() as r:
        assert r.scalar("SELECT last_value FROM number_sequences WHERE prefix = 'AV2606'") == 9


def test_imp9_the_same_file_again_changes_nothing(db, clock, world, admin):
    data = csv_of(KIND, [deviation("AV26070002"), deviation("AV26070003", status="planned", closed_at=None,
                                                            closed_by=None, answer=None, answered_by=None,
                                                            answered_at=None)])
    _import(db, clock, admin, data)
    before = _case(db, "AV26070002")
    again, done = _import(db, clock, admin, data)
    assert again.counts == done.counts == {"new": 0, "changed": 0, "unchanged": 2, "refused": 0}
    assert _case(db, "AV26070002") == before
    assert [e["action"] for e in audit.case_log(db, "AV26070002")] == ["imported"]


def test_imp9_a_changed_row_updates_the_imported_case_by_its_number(db, clock, world, admin, tmp_path):
    open_row = deviation("AV26070002", status="investigating", closed_at=None, closed_by=None)
    _import(db, clock, admin, csv_of(KIND, [open_row]), "export-1.csv")
    assert board.search(db, clock, world.handler, BoardFilters(statuses=["investigating"])).total == 1
    clock.advance(hours=1)
    dry, done = _import(db, clock, admin, csv_of(KIND, [deviation("AV26070002")]), "export-2.csv")
    assert done.counts == {"new": 0, "changed": 1, "unchanged": 0, "refused": 0}
    changes = dry.plan.writes[0].changes()
    assert changes["status"] == ("investigating", "closed") and "closed_at" in changes
    case = _case(db, "AV26070002")
    assert case["status"] == "closed" and case["closed_at"] is not None and case["version"] == 2
    assert board.search(db, clock, world.handler, BoardFilters(statuses=["investigating"])).total == 0
    assert board.search(db, clock, world.handler, BoardFilters(statuses=["closed"])).total == 1
    log = audit.case_log(db, "AV26070002")
    assert [e["action"] for e in log] == ["imported", "import_updated"]
    assert log[1]["before_value"]["status"] == "investigating" and log[1]["after_value"]["status"] == "closed"
    assert audit.action_label("en", log[1]["action"], log[1]["after_value"]) == "Updated from export-2.csv by admin"


def test_imp9_an_imported_case_changed_in_casedesk_is_refused_not_overwritten(db, clock, world, admin):
    open_row = deviation("AV26070002", status="planned", answer=None, answered_by=None, answered_at=None,
                         closed_at=None, closed_by=None)
    _import(db, clock, admin, csv_of(KIND, [open_row]))
    services.answer(db, clock, world.tech, "AV26070002", "Svarat i casedesk.", expected_version=1)
    dry = service.dry_run(db, clock, admin, KIND, csv_of(KIND, [deviation("AV26070002")]), "ny.csv", lang="en")
    assert dry.counts["refused"] == 1
    error = dry.plan.refused[0].errors[0]
    assert (error.column, error.key) == ("number", "imp.hist.changed_here")
    assert "gamla.csv" in dry.error_report.decode("utf-8-sig")
    with pytest.raises(Refused):
        service.run(db, clock, admin, KIND, csv_of(KIND, [deviation("AV26070002")]), "ny.csv", dry.mapping,
                    dry.fingerprint)
    assert _case(db, "AV26070002")["status"] == "investigating"       # casedesk's answer kept


def test_imp9_a_number_registered_in_casedesk_is_never_overwritten_by_an_import(db, clock, world, admin):
    own = register(db, clock, world.reporter)
    dry = service.dry_run(db, clock, admin, KIND, csv_of(KIND, [deviation(own)]), "gamla.csv")
    assert [(e.column, e.key) for e in dry.plan.refused[0].errors] == [("number", "imp.hist.registered_here")]


def test_imp10_imported_cases_are_on_the_board_in_search_and_on_the_dashboard_at_once(db, clock, world, admin):
    assert board.search(db, clock, world.handler, BoardFilters()).total == 0      # the code snapshot is cached
    f = ReportFilters.default(clock)
    assert reports.dashboard(db, clock, world.analyst, f).registered == 0
    _import(db, clock, admin, csv_of(KIND, [deviation("AV26070002"), deviation("AV26070003")]))
    assert board.search(db, clock, world.handler, BoardFilters()).total == 2
    assert board.search(db, clock, world.handler, BoardFilters(q="arkivfallet")).total == 2
    assert board.search(db, clock, world.handler, BoardFilters(q="AV26070003")).exact == "AV26070003"
    assert board.search(db, clock, world.reporter, BoardFilters(q="tolvansson")).total == 2   # own cases
    assert board.search(db, clock, world.analyst, BoardFilters(q="tolvansson")).total == 0
    assert reports.dashboard(db, clock, world.analyst, f).registered == 2


def test_imp10_each_case_log_says_imported_from_the_file_by_the_user(db, clock, world, admin):
    _import(db, clock, admin, csv_of(KIND, [deviation("AV26070002")]), "hms-export.csv")
    (entry,) = audit.case_log(db, "AV26070002")
    assert entry["action"] == "imported" and entry["actor"] == "admin"
    assert audit.action_label("sv", entry["action"], entry["after_value"]) == "Inläst från hms-export.csv av admin"
    assert audit.action_label("da", entry["action"], entry["after_value"]) == "Indlæst fra hms-export.csv af admin"
    with db.read() as r:
        record = r.row("SELECT * FROM imported_cases WHERE case_id = 'AV26070002'")
    assert record["file_name"] == "hms-export.csv" and record["imported_by"] == "admin" and record["version"] == 1


def test_x2_identity_numbers_read_from_the_file_go_into_the_access_log(db, clock, world, admin):
    rows = [deviation("AV26070002"), deviation("AV26070003", recipient_id="19400101-9274"),
            deviation("AV26070004", recipient_id=None, recipient_name=None)]
    _import(db, clock, admin, csv_of(KIND, rows))
    with db.read() as r:
        logged = r.rows("SELECT person_id, case_id, purpose, actor FROM access_log ORDER BY id")
    assert {(x["purpose"], x["person_id"], x["case_id"]) for x in logged} == {
        (p, TOLVAN, "AV26070002") for p in ("import_dry_run", "import")} | {
        (p, "194001019274", "AV26070003") for p in ("import_dry_run", "import")}
    assert {x["actor"] for x in logged} == {"admin"}


def test_imp9_rows_are_refused_with_their_reasons_and_nothing_is_written(db, clock, world, admin):
    rows = [
        deviation("AV26070002", recipient_id="191212121213"),                     # check digit
        deviation("AV26070003", service_site="9999"),                              # unknown unit
        deviation("AV26070004", category="finns_inte"),                            # unknown category
        deviation("AV26070005", event_type="olycka"),                              # unknown event type
        deviation("AV26070006", status="parkerad"),                                # unknown status
        deviation("AV26070007", registered_at="2026-03-01 10:00", occurred_at=None,
                  answered_at=None, answer=None, closed_at="2026-03-02 10:00"),    # future
        deviation("AV26070008", closed_at="2026-02-08 10:00"),                     # closed before registered
        deviation("AV2607008"),                                                    # pattern
        deviation("AV26070002"),                                                   # duplicate in file
        deviation("AV26070010", concerns="=HYPERLINK(\"http://x\")"),              # formula
        deviation("AV26070011", reported_by="okand"),                              # unknown user
        deviation("AV26070012", status="planned"),                                 # closed_at but open
        deviation("AV26070013"),                                                   # fine
    ]
    dry = service.dry_run(db, clock, admin, KIND, csv_of(KIND, rows), "fel.csv", lang="sv")
    got = {r.line: {(e.column, e.key) for e in r.errors} for r in dry.plan.refused}
    assert got == {
        2: {("recipient_id", "identity.check_digit")},
        3: {("service_site", "md.unknown_unit")},
        4: {("category", "imp.hist.unknown_category")},
        5: {("event_type", "imp.hist.bad_event_type")},
        6: {("status", "imp.hist.bad_status")},
        7: {("registered_at", "imp.hist.future"), ("closed_at", "imp.hist.future")},
        8: {("closed_at", "imp.hist.closed_before_registered")},
        9: {("number", "imp.hist.bad_number_av")},
        10: {("number", "md.duplicate_key")},
        11: {("concerns", "md.formula")},
        12: {("reported_by", "imp.hist.unknown_user")},
        13: {("status", "imp.hist.open_but_closed_at")},
    }
    assert dry.counts == {"new": 1, "changed": 0, "unchanged": 0, "refused": 12}
    report = dry.error_report.decode("utf-8-sig").splitlines()
    assert report[0] == "Rad;Kolumn;Värde;Orsak"
    assert "2;Mottagarens personnummer;191212121213;Kontrollsiffran stämmer inte" in report[1]
    assert any(line.startswith("10;Nummer;AV26070002;Samma nyckel finns redan på rad 2") for line in report)
    assert any(line.startswith("11;Gäller;\"'=HYPERLINK") for line in report)        # defused in the report
    with pytest.raises(Refused):
        service.run(db, clock, admin, KIND, csv_of(KIND, rows), "fel.csv", dry.mapping, dry.fingerprint)
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM cases") == 0
        assert r.scalar("SELECT count(*) FROM number_sequences") == 0


def test_imp4_the_import_writes_what_the_dry_run_showed_or_nothing(db, clock, world, admin):
    data = csv_of(KIND, [deviation("AV26070002")])
    dry = service.dry_run(db, clock, admin, KIND, data, "gamla.csv")
    register(db, clock, world.reporter)                    # AV26070001: not in the file, the plan is the same
    service.run(db, clock, admin, KIND, data, "gamla.csv", dry.mapping, dry.fingerprint)
    dry2 = service.dry_run(db, clock, admin, KIND, csv_of(KIND, [deviation("AV26070002", status="investigating",
                                                                           closed_at=None)]), "b.csv")
    with db.tx() as tx:                                    # the case changes after the dry run
        core_repo.update_case(tx, "AV26070002", 1, {"title": "Ändrad"})
    with pytest.raises(Refused) as refused:
        service.run(db, clock, admin, KIND, csv_of(KIND, [deviation("AV26070002", status="investigating",
                                                                    closed_at=None)]), "b.csv",
                    dry2.mapping, dry2.fingerprint)
    assert refused.value.key == "md.changed_since_dry_run"


def test_imp2_the_templates_headers_in_each_language_import_the_same(db, clock, world, admin):
    for n, lang in enumerate(("sv", "en", "da"), start=2):
        template = service.template(KIND, lang).decode("utf-8-sig").splitlines()[0].split(";")
        assert template[0] == {"sv": "Nummer", "en": "Number", "da": "Nummer"}[lang]
        _, done = _import(db, clock, admin, csv_of(KIND, [deviation(f"AV260700{n:02d}")], lang=lang), f"{lang}.csv")
        assert done.counts["new"] == 1


def _target(db) -> str:
    """What opens this database again (open_database): the DuckDB file, or the PostgreSQL URL."""
    return getattr(db, "url", db.path)


def test_imp11_an_import_killed_midway_leaves_nothing_written(db, clock, world, admin, tmp_path, backend):
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import ROOT

    rows = [deviation(f"AV2607{n:04d}", recipient_id=TOLVAN if n % 2 else None) for n in range(1, 301)]
    path = tmp_path / "gamla.csv"
    path.write_bytes(csv_of(KIND, rows))
    with db.read() as r:
        tables = ("cases", "deviations", "case_events", "imported_cases", "board_index", "number_sequences")
        tables += ("search_words",) if backend == "duckdb" else ()      # PostgreSQL: words on board_index
        before = {t: r.scalar(f"SELECT count(*) FROM {t}") for t in tables}
    db.close()
    proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.history_importer", KIND, str(path),
                             "--db", _target(db), "--as", "admin"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        assert line == "writing 300"             # inside the import's transaction, its cases written
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    again = open_database(_target(db))
    try:
        with again.read() as r:
            after = {t: r.scalar(f"SELECT count(*) FROM {t}") for t in before}
            imported = r.scalar("SELECT count(*) FROM access_log WHERE purpose = 'import'")
            dry = r.scalar("SELECT count(*) FROM access_log WHERE purpose = 'import_dry_run'")
        assert after == before                   # nothing of the import: one transaction
        assert imported == 0 and dry == 150      # the dry run before it was recorded, on its own
        assert register(again, clock, world.reporter) == "AV26070001"
    finally:
        again.close()


def test_imp8_imp11_history_from_the_command_line_with_its_memory_limited(db, world, admin, tmp_path, capsys):
    from logic.importer.__main__ import main

    path = tmp_path / "gamla.csv"
    path.write_bytes(csv_of(KIND, [deviation("AV26070002"), deviation("AV26070003", recipient_id="191212121213")]))
    db_path = _target(db)
    db.close()
    assert main([KIND, str(path), "--db", db_path, "--as", "admin", "--lang", "en"]) == 1      # refused: nothing
    out = capsys.readouterr()
    assert out.out.splitlines()[1].startswith("3;Recipient's identity number;191212121213;")
    assert "refused 1" in out.err and "dry run" in out.err
    path.write_bytes(csv_of(KIND, [deviation("AV26070002")]))
    assert main([KIND, str(path), "--db", db_path, "--as", "admin", "--memory", "128MB"]) == 0
    assert "new 1" in capsys.readouterr().err
    again = open_database(db_path)
    try:
        with pytest.raises(ValueError):
            again.limit_memory("lots")                    # only a size with its unit reaches SET
        assert again.cached("x", lambda r: r.scalar("SELECT count(*) FROM imported_cases")) == 1
    finally:
        again.close()
