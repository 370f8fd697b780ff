"""`make backup` / `make restore` on PostgreSQL (issue 18): pg_dump -Fc while the app writes gives
a consistent dump; pg_restore --clean --if-exists brings it back — what was changed after the
backup is gone, everything else is there, and the numbers go on from the backup's; a restore
while the app is connected is refused."""
from __future__ import annotations

import threading
import time

import pytest

from logic import backup
from logic.clock import SystemClock
from logic.deviations import services
from logic.store import transfer_repo
from logic.store.connect import open_database
from logic.users import load_user
from tests.conftest import _pg_database
from tests.reliability import writer as w
from tests.reliability.test_crash_and_backup import _draft


@pytest.fixture
def pg_demo(request) -> str:
    return _pg_database(request, "pg_demo_template")


def _everything(db) -> dict:
    with db.read() as r:
        out = {t: transfer_repo.row_count(r, t) for t in transfer_repo.tables(r)}
        out["titles"] = r.rows("SELECT id, title, version FROM cases ORDER BY id")
        out["numbers"] = r.rows("SELECT prefix, last_value FROM number_sequences ORDER BY prefix")
        out["log"] = r.rows("SELECT id, case_id, action FROM case_events ORDER BY id")
        out["board"] = r.rows("SELECT case_id, status_c, shown, words FROM board_index ORDER BY doc")
    return out


def test_backup_while_writing_then_a_change_then_restore_brings_back_the_backup(pg_demo, tmp_path, capsys):
    db = open_database(pg_demo)
    user = load_user(db, "reporter")
    stop, written = threading.Event(), []

    def keep_writing() -> None:
        while not stop.is_set():
            written.append(services.register_deviation(db, SystemClock(), user, _draft(w)))

    t = threading.Thread(target=keep_writing)
    t.start()
    time.sleep(0.3)
    backup.main(["backup", "--db", pg_demo, "--out", str(tmp_path / "backups")])
    time.sleep(0.2)
    stop.set()
    t.join()
    made = next((tmp_path / "backups").glob("*.dump"))
    assert made.name.startswith(pg_demo.rsplit("/", 1)[1] + "-") and "backup written" in capsys.readouterr().out
    assert {"cases", "case_events", "board_index", "users"} <= set(backup.pg_verify(made))
    with db.read() as r:
        orphans = r.scalar("SELECT count(*) FROM cases c WHERE NOT EXISTS"
                           " (SELECT 1 FROM case_events e WHERE e.case_id = c.id)")
    assert written and orphans == 0
    # the state of the backup: restore it once into the same database, as the reference
    db.close()
    backup.main(["restore", str(made), "--db", pg_demo])
    db = open_database(pg_demo)
    at_backup = _everything(db)
    with db.read() as r:                                   # in the dump every case is whole
        assert r.scalar("SELECT count(*) FROM cases c WHERE c.kind = 'deviation' AND NOT EXISTS"
                        " (SELECT 1 FROM deviations d WHERE d.case_id = c.id)") == 0
        assert r.scalar("SELECT count(*) FROM cases c WHERE NOT EXISTS"
                        " (SELECT 1 FROM case_events e WHERE e.case_id = c.id)") == 0
    assert 0 < at_backup["cases"]
    # a change after the backup
    added = services.register_deviation(db, SystemClock(), load_user(db, "reporter"), _draft(w))
    with db.tx() as tx:
        tx.execute("UPDATE cases SET title = 'Ändrad efter backup' WHERE id = ?", [at_backup["titles"][0]["id"]])
        tx.execute("DELETE FROM users WHERE username = 'analytiker'")
    with pytest.raises(SystemExit) as exc:                 # the app (this pool) is still connected
        backup.main(["restore", str(made), "--db", pg_demo])
    assert "stop the app first" in str(exc.value)
    db.close()
    backup.main(["restore", str(made), "--db", pg_demo])
    again = open_database(pg_demo)
    try:
        assert _everything(again) == at_backup             # the change is gone, everything else is there
        with again.read() as r:
            assert r.scalar("SELECT count(*) FROM cases WHERE id = ?", [added]) == 0
        assert load_user(again, "analytiker") is not None
        assert services.register_deviation(again, SystemClock(), load_user(again, "reporter"), _draft(w)) == added
    finally:
        again.close()
