"""The load test's cluster (issue 18): two app processes on one PostgreSQL behind nginx, driven
over Streamlit's websocket protocol as the load test drives it. nginx hands the tab its sticky
cookie; when the process holding the tab is killed (kill -9), the tab's next action fails, the
reload goes through nginx to the other process, the login is kept by the cookie, and an answer
given there is stored once with its log entry."""
from __future__ import annotations

import asyncio
import random

import pytest

from bench import load
from bench.load_targets import PgTarget
from bench.stclient import ProtocolError, StClient
from ops.cluster import STICKY_COOKIE
from tests.conftest import _pg_database

NOW = {"CASEDESK_NOW": "2026-11-20T12:00:00+01:00"}


def test_x_a_killed_app_process_sends_its_tab_through_nginx_to_the_other_logged_in_by_cookie(request, tmp_path):
    url = _pg_database(request, "pg_demo_template")
    known = load.known_case_ids(url)
    pool = [r[0] for r in load.read_db(url, "SELECT id FROM cases WHERE kind = 'deviation' AND "
                                            "status <> 'closed' ORDER BY created_at")]
    before = {r[0] for r in load.read_db(url, "SELECT id FROM cases WHERE kind = 'deviation'")}
    stats = load.Stats()
    cluster = PgTarget(tmp_path, 2, url=url)
    try:
        cluster.start(NOW)

        async def journey() -> tuple[list, list]:
            user = load.User(1, "tekniker", cluster.port, stats, pool, known, random.Random(1), (0, 0), 60)
            user.client = StClient(cluster.port, timeout=60)
            await user.client.connect()
            assert STICKY_COOKIE in user.client.http_cookies        # nginx's, kept as a browser does
            await user.step("start page (new tab)", user.client.open())
            await user.login()
            assert stats.logins == 1
            holding = cluster.serving()
            assert len(holding) == 1                                # the tab's websocket, on one process
            cluster.kill_app(holding[0])
            with pytest.raises(ProtocolError):
                await user.step("board: open", user.client.open("Arenden"))
            await user.reset(after_error=True)
            # the reload: a new tab with the same cookies, through nginx to the process left
            user.client = StClient(cluster.port, timeout=60)
            user.client.cookies, user.client.http_cookies = dict(user.cookies), dict(user.http_cookies)
            await user.client.connect()
            await user.step("start page (new tab)", user.client.open())
            await user.login()                                      # no form: the cookie logged it in
            survivors = cluster.serving()
            await user.answer_case()
            await user.logout()
            await user.reset()
            return holding, survivors

        holding, survivors = asyncio.run(journey())
    finally:
        cluster.close()

    assert survivors and survivors[0] is not holding[0]
    assert stats.logins == 1 and stats.logins_kept == 1 and stats.tabs_reopened == 1
    assert not stats.errors, dict(stats.messages)
    checks = load.verify(url, stats, before)
    assert checks["answers"] == 1 and checks["missing_answers"] == []
    assert not (checks["lost"] or checks["dup_case_ids"] or checks["dup_detail_ids"])
