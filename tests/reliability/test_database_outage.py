"""A database that cannot be used (issue 18): a wrong CASEDESK_DATABASE_URL or a server that refuses
is one clear line naming the setting — at start-up (`python -m logic.bootstrap`, which `make run`
and `make cluster` run) and on the app's page — never a traceback, never the password; and while
PostgreSQL is briefly down (restarting) pages say so and work again, without restarting the app.

The outage test stops and starts a PostgreSQL server of its own (not the session's shared one)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from logic import bootstrap, reference
from logic.access import Role
from logic.i18n import t
from logic.store.connect import BadDatabaseSetting, open_database
from logic.store.pg_local import LocalPostgres, free_port
from tests.conftest import ROOT, add_unit, add_user
from tests.pages.conftest import texts

SECRET = "hemligt-Lösen0rd"


def closed_url() -> str:
    return f"postgresql://casedesk:{SECRET}@127.0.0.1:{free_port()}/casedesk"


# ------------------------------------------------------------------ start-up


def test_bootstrap_with_a_refused_connection_says_one_line_naming_the_setting():
    env = {**os.environ, "CASEDESK_DATABASE_URL": closed_url()}
    run = ("import sys; from logic import bootstrap; bootstrap.ensure_secrets = lambda: False;"   # not the
           " sys.argv = ['bootstrap', '--no-demo']; bootstrap.main()")                          # checkout's
    done = subprocess.run([sys.executable, "-c", run], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("casedesk: CASEDESK_DATABASE_URL: cannot connect to postgresql://casedesk:***@")
    assert "refused" in lines[0].lower()
    assert "Traceback" not in done.stderr + done.stdout
    assert SECRET not in done.stderr + done.stdout


@pytest.mark.parametrize("url", [f"postgresql://casedesk:{SECRET}@[oops/casedesk",
                                 f"postgresql://casedesk:{SECRET}@host.invalid/casedesk",
                                 f"mysql://casedesk:{SECRET}@localhost/casedesk"])
def test_a_wrong_url_is_one_line_naming_the_setting_without_the_password(url):
    with pytest.raises(BadDatabaseSetting) as caught:
        open_database(url)
    message = str(caught.value)
    assert message.startswith("CASEDESK_DATABASE_URL: ") and "\n" not in message
    assert SECRET not in message


def test_bootstrap_sets_up_postgresql_given_its_url(pg_cluster, monkeypatch, capsys):
    name = pg_cluster.new_database()
    try:
        url = pg_cluster.url(name)
        monkeypatch.setattr(bootstrap, "ensure_secrets", lambda: False)   # never the checkout's secrets file
        monkeypatch.setenv("CASEDESK_DATABASE_URL", url)
        monkeypatch.setattr(sys, "argv", ["bootstrap", "--no-demo"])
        bootstrap.main()
        out = capsys.readouterr().out
        assert f"database: {url}" in out and "first administrator" in out
        db = open_database(url)
        try:
            with db.read() as r:
                assert r.scalar("SELECT count(*) FROM deviation_categories") > 0     # reference data
                assert r.scalar("SELECT count(*) FROM users") == 0
        finally:
            db.close()
    finally:
        pg_cluster.drop(name)


# ------------------------------------------------------------------ the page


@pytest.fixture
def app_on(monkeypatch):
    """A function opening app.py logged in as `username` on the database at `url`; the databases
    the app opened are closed at the end (st.cache_resource.clear does not close them)."""
    from logic.store import connect
    opened = []

    def recording(target, **kwargs):
        opened.append(open_database(target, **kwargs))
        return opened[-1]
    monkeypatch.setattr(connect, "open_database", recording)

    def _open(url: str, username: str | None = "rita") -> AppTest:
        monkeypatch.setenv("CASEDESK_DATABASE_URL", url)
        monkeypatch.delenv("CASEDESK_DB", raising=False)
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if username:
            at.session_state["authentication_status"] = True
            at.session_state["username"] = username
            at.session_state["name"] = username
        at.run()
        return at
    yield _open
    st.cache_resource.clear()
    for database in opened:
        database.close()


def test_the_page_with_a_refused_database_setting_says_so_without_a_traceback(app_on):
    at = app_on(closed_url(), None)
    assert not at.exception
    assert [e.value for e in at.error] == [t("sv", "db.bad_setting")]
    shown = [c.value for c in at.code]
    assert len(shown) == 1 and shown[0].startswith("CASEDESK_DATABASE_URL: cannot connect to")
    assert SECRET not in texts(at) + shown[0]
    assert not at.text_input                                          # no login form without a database


@pytest.fixture
def own_server(tmp_path):
    """A PostgreSQL server of this test's own (it is stopped and started again), with one user."""
    server = LocalPostgres.start(tmp_path / "pg", fsync=False)
    try:
        url = server.create_database("casedesk")
        db = open_database(url)
        reference.load_all(db)
        add_unit(db, "site-1")
        add_user(db, "rita", [Role.REPORTER], ["site-1"], name="Rita Rapportör")
        db.close()
        yield server, url
    finally:
        server.stop()


def test_pages_say_the_database_is_unavailable_while_it_restarts_and_work_again(own_server, app_on):
    server, url = own_server
    at = app_on(url)
    assert not at.exception and "Rita Rapportör" in texts(at)

    server.stop()                                                     # the server goes away
    at.run()
    assert not at.exception                                           # no traceback on the page
    assert [w.value for w in at.warning] == [t("sv", "db.unavailable")]
    assert "Rita Rapportör" not in texts(at)

    LocalPostgres.start(server.data.parent, port=server.port, fsync=False)   # back, same address
    at.run()                                                          # the same app process, no restart
    assert not at.exception
    assert not at.warning and "Rita Rapportör" in texts(at)


def test_a_restart_while_the_app_is_idle_is_not_seen_by_its_next_page(own_server, app_on):
    """The pool's connections died with the server while they lay idle: each is tried before it is
    handed out and replaced, so the next page works at once (no 'unavailable' for nothing)."""
    server, url = own_server
    at = app_on(url)
    assert not at.exception and "Rita Rapportör" in texts(at)
    server.restart()                                                  # pg_ctl restart -m fast
    at.run()
    assert not at.exception
    assert not at.warning and "Rita Rapportör" in texts(at)
