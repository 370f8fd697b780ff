"""Data is never lost: a writer killed with SIGKILL mid-stream leaves every acknowledged case
whole with its log and never reuses a number; `make backup` copies a consistent image while
writes go on, and restore brings it back."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

from logic import backup
from logic.store.db import Database
from tests.conftest import ROOT


def _integrity(db: Database) -> dict:
    with db.read() as r:
        return {
            "cases": {row["id"] for row in r.rows("SELECT id FROM cases WHERE kind = 'deviation'")},
            "details": {row["case_id"] for row in r.rows("SELECT case_id FROM deviations")},
            "logged": {row["case_id"] for row in r.rows(
                "SELECT DISTINCT case_id FROM case_events WHERE action = 'registered'")},
            "dupes": r.scalar("SELECT count(*) - count(DISTINCT id) FROM cases"),
        }


def test_x2_kill9_during_writes_loses_no_acknowledged_case_and_reuses_no_number(demo_db_path):
    proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.writer", str(demo_db_path)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True, bufsize=1)
    acknowledged: list[str] = []
    assert proc.stdout.readline().strip() == "ready"
    deadline = time.time() + 60
    while len(acknowledged) < 40 and time.time() < deadline:
        line = proc.stdout.readline().strip()
        if line:
            acknowledged.append(line)
    os.kill(proc.pid, signal.SIGKILL)          # in the middle of the next transaction
    proc.wait(10)
    assert len(acknowledged) >= 40

    db = Database(demo_db_path)
    state = _integrity(db)
    try:
        assert set(acknowledged) <= state["cases"]                    # nothing acknowledged lost
        assert state["cases"] == state["details"]                    # nothing half-written
        assert state["cases"] <= state["logged"]                      # every case has its log
        assert state["dupes"] == 0
        # After restart the next number continues after every number ever handed out.
        with db.read() as r:
            last = r.scalar("SELECT max(id) FROM cases WHERE id LIKE 'AV%'")
        db.close()
        proc2 = subprocess.Popen([sys.executable, "-m", "tests.reliability.writer", str(demo_db_path)],
                                 cwd=ROOT, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert proc2.stdout.readline().strip() == "ready"
        fresh = proc2.stdout.readline().strip()
        os.kill(proc2.pid, signal.SIGKILL)
        proc2.wait(10)
        assert fresh > last and fresh not in acknowledged
    finally:
        try:
            db.close()
        except Exception:  # noqa: BLE001
            pass


def test_backup_while_writing_is_consistent_and_restores(demo_db_path, tmp_path):
    from tests.reliability import writer as w

    db = Database(demo_db_path)
    stop = threading.Event()
    written: list[str] = []

    def keep_writing() -> None:
        from logic.clock import SystemClock
        from logic.deviations import services
        from logic.users import load_user
        user = load_user(db, "reporter")
        draft = _draft(w)
        while not stop.is_set():
            written.append(services.register_deviation(db, SystemClock(), user, draft))

    t = threading.Thread(target=keep_writing)
    t.start()
    time.sleep(0.5)
    made = backup.backup_to(db, tmp_path / "backups")
    time.sleep(0.3)
    stop.set()
    t.join()
    with db.read() as r:
        live_cases = r.scalar("SELECT count(*) FROM cases")
    db.close()

    counts = backup.verify(made)
    assert 0 < counts["cases"] <= live_cases
    # In the copy every case is whole: detail row and log entry present.
    restored = tmp_path / "restored.duckdb"
    backup.restore_cli(made, restored)
    rdb = Database(restored)
    try:
        with rdb.read() as r:
            orphans = r.scalar("SELECT count(*) FROM cases c WHERE c.kind = 'deviation' AND NOT EXISTS"
                               " (SELECT 1 FROM deviations d WHERE d.case_id = c.id)")
            unlogged = r.scalar("SELECT count(*) FROM cases c WHERE NOT EXISTS"
                                " (SELECT 1 FROM case_events e WHERE e.case_id = c.id)")
            assert orphans == 0 and unlogged == 0
            assert r.scalar("SELECT count(*) FROM cases") == counts["cases"]
    finally:
        rdb.close()


def test_make_backup_asks_the_running_app(demo_db_path, tmp_path):
    """While another process holds the file, the CLI asks that process's watcher."""
    db = Database(demo_db_path)
    backup.start_watcher(db, tmp_path / "backups", interval=0.1)
    result = subprocess.run(
        [sys.executable, "-m", "logic.backup", "backup", "--db", str(demo_db_path),
         "--out", str(tmp_path / "ignored")],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    db.close()
    assert result.returncode == 0, result.stderr
    assert "backup written" in result.stdout
    made = list((tmp_path / "backups").glob("*.duckdb"))
    assert len(made) == 1 and backup.verify(made[0])["cases"] > 0


def _draft(w):
    return w.DeviationDraft(
        path=w.RegistrationPath.RECIPIENT_DEVICE, service_site_id="site-1020", is_wear_and_tear=False,
        recipient_id="193503155537", device_id="dev-7", event_type=w.EventType.INCIDENT,
        category="komponent", occurred_date=w.date(2026, 1, 5), occurred_time=w.time(9, 0),
        location="I hemmet", concerns="Backup-test", what_happened="Skrivs under backup.",
        injury="Nej", desired_action=w.DesiredAction.REPAIR_ON_SITE,
        device_return=w.DeviceReturn.NOT_APPLICABLE, wanted_back=w.WantedBack.SAME_DEVICE,
        contact_name="Test", contact_phone="070-123 45 67")
