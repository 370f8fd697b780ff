"""The load test's protocol client works against the real app: a reporter logs in through the
login form and registers a deviation through the three-step wizard to its receipt while a
centre-staff user searches the board, both over Streamlit's websocket protocol (bench/stclient.py),
and the receipt's number is in the database once, with its detail row and its log entry."""
from __future__ import annotations

import asyncio
import random
import shutil
import time

from bench import load
from bench.load_targets import Server
from bench.stclient import StClient


def test_x_load_client_logs_in_and_registers_a_deviation_against_a_real_server(demo_template, tmp_path):
    db_path = tmp_path / "load.duckdb"
    shutil.copy(demo_template, db_path)
    known = load.known_case_ids(db_path)
    before = {r[0] for r in load.read_db(db_path, "SELECT id FROM cases WHERE kind = 'deviation'")}
    load.User.device_index = load.handed_out_device_index(db_path)
    stats = load.Stats()
    server = Server(tmp_path / "server.log",
                    {"CASEDESK_DB": str(db_path), "CASEDESK_NOW": "2026-11-20T12:00:00+01:00"})
    try:
        server.wait_ready()

        async def one(n: int, username: str, task: str) -> None:
            user = load.User(n, username, server.port, stats, [], known, random.Random(n), (0, 0), 60)
            user.client = StClient(server.port, timeout=60)
            await user.client.connect()
            await user.step("start page (new tab)", user.client.open())
            await user.login()
            await getattr(user, task)()
            await user.logout()
            await user.reset()

        async def both() -> None:
            await asyncio.gather(one(1, "reporter", "register_deviation"),
                                 one(2, "tekniker", "search_board"))

        started = time.monotonic()
        asyncio.run(both())
        elapsed = time.monotonic() - started
        rss = server.rss_mb()
    finally:
        server.stop()

    assert not stats.errors, dict(stats.messages)
    assert stats.logins == 2
    assert len(stats.receipts) == 1
    labels = {s.label for s in stats.samples}
    assert {"login (form)", "wizard 3: submit -> receipt", "board: search number -> case",
            "cookie component echo"} <= labels
    assert rss and rss > 50
    checks = load.verify(db_path, stats, before)
    assert checks["receipts"] == 1
    assert not (checks["lost"] or checks["incomplete"] or checks["dup_case_ids"] or checks["dup_detail_ids"])
    assert checks["unreceipted"] == []
    assert elapsed < 120
