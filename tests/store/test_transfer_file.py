"""ADM-11 on the DuckDB file only: `make export` while the app holds the file (DuckDB lets one
process open it, so the app's watcher writes the export; on PostgreSQL the command opens the
database itself). The rest of export/restore runs on both backends: test_transfer.py."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from logic import backup
from logic.transfer.__main__ import request_export
from logic.transfer.requests import serve_request
from tests.store.test_transfer import _members


def test_adm11_the_running_app_serves_make_export(demo_db, tmp_path):
    """`make export` while the app holds the file: a request next to the database, answered by
    the app's watcher (logic/backup.py), recorded for the first admin."""
    backup.start_watcher(demo_db, tmp_path / "backups", interval=0.05, export=serve_request)
    request, done = request_export(Path(demo_db.path), None, tmp_path / "out")
    deadline = time.time() + 60
    while not done.exists() and time.time() < deadline:
        time.sleep(0.05)
    made = Path(done.read_text(encoding="utf-8"))
    assert made.parent == tmp_path / "out" and made.is_file()
    assert json.loads(_members(made)["manifest.json"])["created_by"] == "admin"
    assert not request.exists()
    with pytest.raises(SystemExit):
        serve_request(demo_db, json.dumps({"as": "handlaggare"}))   # only an administrator
