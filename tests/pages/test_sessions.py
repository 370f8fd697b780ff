"""Sessions end: idle expiry logs the user out and the log says so; a logged-out session's
cookie is refused (issue 7, X-1)."""
from __future__ import annotations

import time

from logic import users
from logic.clock import SystemClock
from logic.store.db import Database
from tests.pages.conftest import texts


def test_x1_idle_session_is_logged_out_and_logged(open_page, demo_db_path):
    at = open_page("app.py", "reporter")
    assert "Rita Rapportör" in texts(at)
    at.session_state["_last_seen"] = time.time() - (users.IDLE_TIMEOUT_MINUTES * 60 + 5)
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "Rita Rapportör" not in shown
    assert any("30 minuter" in w.value for w in at.warning)
    db = Database(demo_db_path)
    try:
        with db.read() as r:
            events = [row["event"] for row in r.rows(
                "SELECT event FROM security_log WHERE actor = 'reporter' ORDER BY id")]
    finally:
        db.close()
    assert "session_expired" in events


def test_x1_logout_voids_every_cookie_issued_before_it(db):
    clock = SystemClock()
    issued = time.time()
    assert not users.cookie_is_void(db, "reporter", issued)
    users.revoke_sessions(db, clock, "reporter", issued + 1)
    assert users.cookie_is_void(db, "reporter", issued)           # issued before the logout
    assert not users.cookie_is_void(db, "reporter", issued + 2)   # a later login is fine
    assert not users.cookie_is_void(db, "someone_else", issued)
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM security_log WHERE event = 'logout'") == 1
