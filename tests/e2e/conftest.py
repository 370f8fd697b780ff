"""Browser tests: the real app served by Streamlit on a free port, on a copy of the demo
database, driven by Playwright in Debian's chromium (never a downloaded browser)."""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("CASEDESK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]
DEMO_PASSWORD = "casedesk-demo"
SHOTS = ROOT / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db_path: Path, env_extra: dict | None = None, args: list[str] | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_path = db_path
        env = {**os.environ, "CASEDESK_DB": str(db_path), **(env_extra or {})}
        self.log = open(db_path.with_suffix(".log"), "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false", *(args or [])],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/_stcore/health", timeout=1)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not start: " + db_path.with_suffix(".log").read_text())

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture
def server_factory(demo_template, tmp_path):
    """server_factory(env={"CASEDESK_NOW": ...}) -> a running app on its own demo copy."""
    started: list[Server] = []

    def _start(env: dict | None = None) -> Server:
        path = tmp_path / f"e2e-{len(started)}.duckdb"
        shutil.copy(demo_template, path)
        server = Server(path, env)
        started.append(server)
        return server

    yield _start
    for s in started:
        s.stop()


@pytest.fixture
def server(server_factory) -> Server:
    return server_factory({"CASEDESK_NOW": "2026-11-20T12:00:00+01:00"})


# ------------------------------------------------------------------ the directory login (ADM-14)
DIRECTORY_LABEL = "Region Exempel"


class OidcProvider:
    """A real OpenID Connect provider on 127.0.0.1: oidc-provider-mock (the `test` extra), in
    its own process. It accepts any client id and secret; its authorization form asks for the
    subject (`sub`), and `set_claims` gives a subject its claims beforehand (otherwise its only
    claim is `email` = the subject)."""

    def __init__(self, log_path: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"})
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/.well-known/openid-configuration", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("oidc-provider-mock did not start: " + log_path.read_text())

    def set_claims(self, sub: str, claims: dict) -> None:
        request = urllib.request.Request(
            f"{self.url}/users/{urllib.parse.quote(sub, safe='')}", method="PUT",
            data=json.dumps(claims).encode(), headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 204

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture
def oidc_provider(tmp_path):
    provider = OidcProvider(tmp_path / "oidc-provider.log")
    yield provider
    provider.stop()


def directory_secrets(path: Path, provider: OidcProvider) -> Path:
    """A secrets.toml as an installation with a directory login has it: casedesk's login
    cookie in [login_cookie], Streamlit's st.login settings in [auth] (the mock as provider;
    `{port}` is the app's port, filled in by Streamlit), casedesk's [directory]."""
    path.write_text(
        "[login_cookie]\n"
        f'cookie_key = "{secrets.token_urlsafe(48)}"\n'
        'cookie_name = "casedesk_auth"\ncookie_expiry_days = 0.5\n\n'
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "casedesk"\nclient_secret = "casedesk-e2e"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n\n'
        "[directory]\n"
        f'label = "{DIRECTORY_LABEL}"\nmatch = "email"\nclaim = "email"\n', encoding="utf-8")
    return path


@pytest.fixture
def directory_server(demo_template, tmp_path, oidc_provider):
    """directory_server(prepare=fn(db_path)) -> the app, on its own demo copy (changed by
    `prepare` first), with the directory login pointing at `oidc_provider`."""
    started: list[Server] = []

    def _start(prepare=None) -> Server:
        path = tmp_path / f"e2e-dir-{len(started)}.duckdb"
        shutil.copy(demo_template, path)
        if prepare is not None:
            prepare(path)
        config = directory_secrets(tmp_path / f"secrets-{len(started)}.toml", oidc_provider)
        server = Server(path, {"CASEDESK_NOW": "2026-11-20T12:00:00+01:00"},
                        ["--secrets.files", str(config)])
        started.append(server)
        return server

    yield _start
    for s in started:
        s.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run `make e2e` (it installs Debian's chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def _new(locale: str = "sv-SE"):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
        ctx.set_default_timeout(20000)
        contexts.append(ctx)
        return ctx.new_page()

    yield _new
    for c in contexts:
        c.close()


def wait_idle(page, timeout: float = 30000) -> None:
    """Wait until Streamlit has finished the script run the last action started.

    A run may start a moment after the click, so first give it a chance to start (and
    tolerate that it was too quick to see), then wait for the app to be idle twice in a row.
    """
    try:
        page.wait_for_selector('[data-test-script-state="running"]', timeout=700)
    except Exception:  # noqa: BLE001 - the run may already be over, or none was needed
        pass
    for _ in range(2):
        page.wait_for_function(
            "() => { const el = document.querySelector('[data-test-script-state]');"
            " return el && el.getAttribute('data-test-script-state') !== 'running'; }",
            timeout=timeout)
        page.wait_for_timeout(200)


def open_tab(page, name: str, timeout: float = 30000) -> None:
    """Select the tab called `name` and wait until it is the one shown.

    A click that lands while Streamlit redraws the page (a stale copy of the tabs lingers for a
    moment) is lost, and a rerun may show the first tab again: click until the tab says it is
    selected, then wait for the run to finish.
    """
    tab = page.get_by_role("tab", name=name, exact=True)
    deadline = time.monotonic() + timeout / 1000
    while True:
        wait_idle(page, timeout)
        if tab.count() == 1:
            if tab.get_attribute("aria-selected") == "true":
                return
            tab.click()
        if time.monotonic() > deadline:
            raise AssertionError(f"the tab {name!r} could not be selected")
        page.wait_for_timeout(300)


# the login page speaks the browser's language (a da-DK browser gets Danish: issue 16)
USERNAME = re.compile(r"^(Användarnamn|Brugernavn|Username)$")
PASSWORD = re.compile(r"^(Lösenord|Adgangskode|Password)$")
LOG_IN = re.compile(r"^(Logga in|Log ind|Log in)$")


def login(page, base_url: str, username: str, password: str = DEMO_PASSWORD, path: str = "/") -> None:
    page.goto(base_url + path)
    wait_idle(page)
    if not page.get_by_label(USERNAME).is_visible():
        shot(page, f"login-problem-{username}")
    page.get_by_label(USERNAME).fill(username)
    page.get_by_label(PASSWORD).fill(password)
    page.get_by_role("button", name=LOG_IN).click()
    wait_idle(page)
    page.wait_for_function("() => document.cookie.includes('casedesk_auth')", timeout=15000)
    wait_idle(page)


def logout(page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    wait_idle(page)
    page.wait_for_function("() => !document.cookie.includes('casedesk_auth')", timeout=15000)


def shot(page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
