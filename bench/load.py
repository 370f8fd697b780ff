"""Load test: simulated users drive the real running app on localhost (issue 7).

    python -m bench.load                         # 25 users, 130 s, fresh demo database
    python -m bench.load --users 5 --seconds 30  # a quick look
    python -m bench.load --db-template /tmp/demo.duckdb   # copy a demo database built before
    python -m bench.load --users 100 --backend postgres --processes 2 --compare
                                                 # one process on DuckDB, then 2 on PostgreSQL
    python -m bench.load --users 100 --backend postgres --fault kill-app     # or restart-db

With --backend postgres (bench/load_targets.py) the run starts its own PostgreSQL (fsync on),
builds the demo world in it, starts --processes app processes and nginx in front with
ops/cluster.py's configuration (sticky cookie, websocket upgrade); the users connect to nginx.
--compare first runs the same load on one process with the DuckDB file and prints the ratio of
the two p95. --fault kills one app process (SIGKILL) or restarts PostgreSQL (`pg_ctl restart -m
fast`) --fault-at seconds into the run: a user whose page fails reloads (a new tab with the
browser's cookies: nginx's node cookie, the login cookie) and goes on; the report says how many
errors fell within --fault-grace seconds of the fault (none may fall before it or later), how
many pages said "briefly unavailable", how many reloads found the user still logged in, and
checks that nothing acknowledged was lost.

It builds a fresh demo database (`python -m logic.bootstrap --db <tmp>`, or copies
--db-template), starts `streamlit run app.py` on a free port of 127.0.0.1 on it, warms every
page once (not measured), then runs the users concurrently for --seconds. Each user is one
browser tab speaking Streamlit's websocket protocol (bench/stclient.py): it logs in through
the login form, works through a role's journey with think time between actions, logs out,
and starts over. Reporters register deviations through the three-step wizard up to the
receipt; centre staff search the board and answer a planned case; handlers and analysts
search the board and open the dashboard. Every widget change is one page run, as in a
browser; a page run is timed from the message sent to the run that finishes successfully.

The servers' RSS is read from /proc/<pid>/status every --sample seconds. After the run the
servers are stopped and the database checked: every number seen on a receipt exists exactly
once with its detail row and its log entry, no duplicate ids, every acknowledged answer is
stored. A table is printed; the exit status is 1 when a target fails (no errors, nothing lost
or duplicated, p95 page time under --p95-target, memory flat), 2 when the run could not start.

Only ever talks to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bench.load_targets import DuckTarget, PgTarget
from bench.stclient import Alert, ProtocolError, Run, RunTimeout, StClient, state

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "casedesk-demo"
PATIENT = "191212121212"           # Tolvan Tolvansson, a fictional patient of the demo data
COMMON_TERM = "rullstol"           # in many demo cases ("elrullstol", "rullstol")
DEFAULT_MIX = "reporter:6,reporter2:5,tekniker:6,handlaggare:4,analytiker:4"
ROLE_OF = {"reporter": "reporter", "reporter2": "reporter", "tekniker": "centre",
           "handlaggare": "handler", "analytiker": "analyst"}


class StopRun(Exception):
    """The run's time is up: no new page run is started (one in flight is finished)."""


class JourneyError(Exception):
    """The page did not show what the journey expects (a missing widget, an error shown)."""

    def __init__(self, message: str, kind: str = "journey"):
        super().__init__(message)
        self.kind = kind      # "exception shown", "error shown" or "journey" (page not as expected)


# ------------------------------------------------------------------ measurements


@dataclass
class Sample:
    label: str
    seconds: float
    script_runs: int
    server_cpu: float | None = None      # only in --cost mode (one user at a time)
    t: float = 0.0                       # when it ended, seconds after the measured run began


@dataclass
class Stats:
    samples: list[Sample] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)        # kind -> count
    messages: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    receipts: list[tuple[str, str]] = field(default_factory=list)      # (case id, username)
    submits_without_receipt: int = 0
    answers: list[tuple[str, str, str]] = field(default_factory=list)  # (case id, text, user)
    answers_unacknowledged: int = 0
    journeys: int = 0
    logins: int = 0
    unavailable_shown: int = 0           # pages that said the database is briefly unavailable
    tabs_reopened: int = 0               # a user reloaded after an error (cookies kept, as a browser)
    logins_kept: int = 0                 # journeys that found the user still logged in (the cookie)
    t0: float = 0.0                      # time.monotonic() when the measured run began
    error_times: list[tuple[float, str]] = field(default_factory=list)

    def now(self) -> float:
        return time.monotonic() - self.t0

    def error(self, kind: str, message: str) -> None:
        self.errors[kind] += 1
        self.error_times.append((self.now(), kind))
        if len(self.messages[kind]) < 5 and message not in self.messages[kind]:
            self.messages[kind].append(message[:300])


def page_of(label: str) -> str:
    """The page an action's run ends on, for the per-page summary."""
    for prefix, page in (("start", "start page"), ("login", "start page (login)"), ("logout", "logout"),
                         ("board", "board"), ("case", "case page"), ("wizard", "new deviation (wizard)"),
                         ("dashboard", "dashboard"), ("cookie", "cookie component echo")):
        if label.startswith(prefix):
            return page
    return label


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ------------------------------------------------------------------ one simulated user


class User:
    device_index = 0        # a device handed out to PATIENT, in the form's order (set by main)

    def __init__(self, n: int, username: str, port: int, stats: Stats, pool: list[str],
                 known: dict[str, list[str]], rng: random.Random, think: tuple[float, float],
                 timeout: float, measure: bool = True):
        self.n = n
        self.username = username
        self.role = ROLE_OF[username]
        self.port = port
        self.stats = stats
        self.pool = pool                  # open deviations to answer, newest last (shared)
        self.known = known                # username -> case numbers it may open (shared)
        self.rng = rng
        self.think_range = think
        self.timeout = timeout
        self.measure = measure
        self.client: StClient | None = None
        self.journey_no = 0
        self.deadline = float("inf")
        self.cpu_probe = None             # --cost: reads the server's CPU seconds around each run
        self.cookies: dict[str, str] = {}         # the browser's cookies, kept over a reload
        self.logout_each_journey = True           # --logins once: log in once, stay logged in
        self.http_cookies: dict[str, str] = {}

    # -------------------------------------------------------------- plumbing
    async def think(self) -> None:
        lo, hi = self.think_range
        if hi > 0:
            await asyncio.sleep(self.rng.uniform(lo, hi))

    async def timed(self, label: str, run_coro) -> Run:
        cpu0 = self.cpu_probe() if self.cpu_probe else None
        run = await run_coro
        cpu = self.cpu_probe() - cpu0 if cpu0 is not None else None
        return self.record(label, run, cpu)

    def record(self, label: str, run: Run, cpu: float | None = None) -> Run:
        if self.measure:
            self.stats.samples.append(Sample(label, run.seconds, run.script_runs, cpu, self.stats.now()))
        shown = run.screen.exceptions()
        if shown:
            raise JourneyError(f"exception shown on {label}: {shown[0]}", "exception shown")
        if run.screen.find("button", key="_db_unavailable_retry") is not None:
            self.stats.unavailable_shown += 1
            raise JourneyError(f"{label}: the page says the database is briefly unavailable",
                               "database unavailable shown")
        return run

    async def step(self, label: str, run_coro, *, allow_errors: bool = False) -> Run:
        """One page run, then what the cookie component's JavaScript would send back."""
        if time.monotonic() >= self.deadline:
            run_coro.close()
            raise StopRun
        run = await self.timed(label, run_coro)
        if not allow_errors and run.screen.errors():
            raise JourneyError(f"error shown on {label}: {run.screen.errors()[0]}", "error shown")
        echoes = self.client.pending_echoes()
        while echoes:
            echo = await self.timed("cookie component echo", self.client.act(*echoes))
            run = Run(run.seconds, echo.screen, run.script_runs, echo.page_hash, echo.query)
            echoes = self.client.pending_echoes()
        return run

    async def set(self, label: str, kind: str, key: str, value) -> Run:
        # the board's filters take a new key generation ("board_q.2") when the board comes back
        # with another URL (ui/views/case_board.py)
        el = self.client.screen.find(kind, key=key) or next(
            (e for e in self.client.screen.all(kind) if e.key.startswith(key + ".")), None)
        if el is None:
            raise JourneyError(f"{label}: no {kind} keyed {key!r}; alerts: {self.client.screen.alerts()}")
        run = await self.step(label, self.client.act(state(el, value)))
        await self.think()
        return run

    async def choose(self, label: str, kind: str, key: str, index: int = 0) -> Run:
        el = self.client.screen.find(kind, key=key)
        if el is None or len(el.proto.options) <= index:
            raise JourneyError(f"{label}: no option {index} for {key!r}")
        return await self.set(label, kind, key, el.proto.options[index])

    async def click(self, label: str, key: str) -> Run:
        el = self.client.screen.find("button", key=key)
        if el is None:
            raise JourneyError(f"{label}: no button {key!r}; alerts: {self.client.screen.alerts()}")
        if el.proto.disabled:
            raise JourneyError(f"{label}: button {key!r} disabled; page says: "
                               f"{[e.proto.body for e in self.client.screen.all('markdown')][-3:]}")
        return await self.step(label, self.client.act(state(el, True)))

    # -------------------------------------------------------------- the loop
    async def run(self, deadline: float) -> None:
        self.deadline = deadline
        while time.monotonic() < deadline:
            self.journey_no += 1
            try:
                if self.client is None:
                    self.client = StClient(self.port, timeout=self.timeout)
                    # a reload after an error: the browser keeps its cookies (login, nginx's node)
                    self.client.cookies = dict(self.cookies)
                    self.client.http_cookies = dict(self.http_cookies)
                    await self.client.connect()
                    await self.step("start page (new tab)", self.client.open())
                await self.journey(deadline)
                self.stats.journeys += 1
            except StopRun:
                break
            except RunTimeout as e:
                self.stats.error("timeout", f"{self.username}: {e}")
                await self.reset(after_error=True)
            except (ProtocolError, OSError) as e:
                self.stats.error("protocol", f"{self.username}: {type(e).__name__}: {e}")
                await self.reset(after_error=True)
            except JourneyError as e:
                self.stats.error(e.kind, f"{self.username}: {e}")
                await self.reset(after_error=True)
            await self.think()
        await self.reset()               # the tab is closed where the user was

    async def reset(self, after_error: bool = False) -> None:
        """Close the tab; the next journey opens a new one with the same cookies (a reload)."""
        if self.client is not None:
            self.cookies = dict(self.client.cookies)
            self.http_cookies = dict(self.client.http_cookies)
            self.stats.tabs_reopened += after_error
            try:
                await self.client.close()
            except Exception:  # noqa: BLE001 - a broken socket is already reported
                pass
            self.client = None

    async def journey(self, deadline: float) -> None:
        await self.login()
        tasks = {"reporter": [self.register_deviation, self.search_board],
                 "centre": [self.search_board, self.answer_case],
                 "handler": [self.search_board, self.dashboard],
                 "analyst": [self.dashboard, self.search_board]}[self.role]
        for task in tasks:
            if time.monotonic() >= deadline:
                break
            await task()
        if self.logout_each_journey:
            await self.logout()

    # -------------------------------------------------------------- journeys
    async def login(self) -> None:
        screen = self.client.screen
        if screen.find("button", key="shell_logout_button") is not None:
            self.stats.logins_kept += 1                     # still logged in (a reload: by the cookie)
            return
        inputs = [e for e in screen.all("text_input") if e.proto.form_id == "Login"]
        submit = screen.find("button", form="Login", submit=True)
        if len(inputs) != 2 or submit is None:
            raise JourneyError(f"no login form; alerts: {screen.alerts()}")
        await self.think()
        run = await self.step("login (form)", self.client.act(
            state(inputs[0], self.username), state(inputs[1], PASSWORD), state(submit, True)))
        if run.screen.find("button", key="shell_logout_button") is None:
            raise JourneyError(f"not logged in after the form; alerts: {run.screen.alerts()}")
        self.stats.logins += 1
        await self.think()

    async def logout(self) -> None:
        await self.click("logout", "shell_logout_button")
        if self.client.screen.find("button", form="Login", submit=True) is None:
            raise JourneyError("no login form after logging out")

    async def search_board(self) -> None:
        await self.step("board: open", self.client.open("Arenden"))
        await self.think()
        await self.set("board: search term", "text_input", "board_q", COMMON_TERM)
        case_id = self.rng.choice(self.known[self.username])
        run = await self.set("board: search number -> case", "text_input", "board_q", case_id)
        if f"id={case_id}" not in run.query:
            raise JourneyError(f"searching {case_id} did not open the case (query {run.query!r})")

    async def open_by_number(self, label: str, case_id: str) -> Run:
        """Type the case's number into the board's search box, which opens the case. When the
        board came back with that very search (the last case opened from it: filters kept), the
        box already holds it — typing it changes nothing in a browser; the user clicks the board's
        link to the case instead (a page switch with ?id=)."""
        if f"q={case_id}" in self.client.query.split("&"):
            return await self.step(label, self.client.open("Arende", f"id={case_id}"))
        return await self.set(label, "text_input", "board_q", case_id)

    async def dashboard(self) -> None:
        await self.step("dashboard: open", self.client.open("Rapporter"))
        await self.think()
        await self.choose("dashboard: per week", "radio", "dash_grain", 1)

    async def register_deviation(self) -> None:
        c = self.client
        await self.step("wizard: open", c.open("Ny avvikelse"))
        await self.think()
        # step 1: what it concerns — a device registered on the (fictional) patient
        if c.screen.find("selectbox", key="dev_service_site_id") is not None:
            await self.choose("wizard 1: site", "selectbox", "dev_service_site_id", 0)
        await self.choose("wizard 1: path", "radio", "dev_path", 0)
        await self.set("wizard 1: patient", "text_input", "dev_recipient_id", PATIENT)
        await self.click("wizard 1: find patient", "dev_find__btn")
        await self.think()
        await self.choose("wizard 1: device", "radio", "dev_device_id", self.device_index)
        await self.choose("wizard 1: wear? no", "radio", "dev_is_wear_and_tear", 0)
        await self.click("wizard 1: next", "dev_next1__btn")
        await self.think()
        # step 2: the event
        await self.choose("wizard 2: event type", "radio", "dev_event_type", 1)      # tillbud
        await self.choose("wizard 2: category", "selectbox", "dev_category", 0)
        day_el = c.screen.find("date_input", key="dev_occurred_date")
        if day_el is None:
            raise JourneyError("wizard 2: no date input")
        latest = date.fromisoformat(day_el.proto.max) if day_el.proto.max else date.today()
        await self.set("wizard 2: date", "date_input", "dev_occurred_date",
                       (latest - timedelta(days=1)).isoformat())
        await self.set("wizard 2: time", "time_input", "dev_occurred_time", "14:30")
        await self.set("wizard 2: location", "text_input", "dev_location", "I hemmet")
        token = f"L{self.n:02d}-{self.journey_no}"
        await self.set("wizard 2: concerns", "text_input", "dev_concerns", f"Lös länkhjulsgaffel {token}")
        await self.set("wizard 2: what happened", "text_area", "dev_what_happened",
                       "Gaffeln till höger länkhjul satt löst och rullstolen drog åt sidan.")
        await self.click("wizard 2: next", "dev_next2__btn")
        await self.think()
        # step 3: action and contact
        await self.set("wizard 3: injury", "text_area", "dev_injury", "Nej, men patienten kunde ha fallit.")
        await self.choose("wizard 3: desired action", "radio", "dev_desired_action", 1)   # to the centre
        await self.choose("wizard 3: device return", "radio", "dev_device_return", 1)     # will be sent
        await self.choose("wizard 3: report attached", "radio", "dev_report_attached", 0)
        await self.choose("wizard 3: wanted back", "radio", "dev_wanted_back", 1)          # same device
        await self.set("wizard 3: phone", "text_input", "dev_contact_phone", "070-123 45 67")
        try:
            run = await self.click("wizard 3: submit -> receipt", "dev_submit__btn")
        except (RunTimeout, ProtocolError, JourneyError):
            self.stats.submits_without_receipt += 1
            raise
        links = [e.proto.query_string for e in run.screen.all("page_link")
                 if e.proto.query_string.startswith("id=")]
        receipt = [q[3:] for q in links if run.screen.alerts(Alert.SUCCESS)]
        if not receipt:
            self.stats.submits_without_receipt += 1
            raise JourneyError(f"no receipt after submit; alerts: {run.screen.alerts()}",
                               "error shown" if run.screen.errors() else "journey")
        case_id = receipt[0]
        self.stats.receipts.append((case_id, self.username))
        self.pool.append(case_id)
        for name, ids in self.known.items():
            if name == self.username or ROLE_OF[name] != "reporter":
                ids.append(case_id)
        await self.think()
        await self.click("wizard: register another", "dev_again__btn")

    async def answer_case(self) -> None:
        if not self.pool:
            return
        case_id = self.pool.pop()                 # one user per case: no two answer at once
        c = self.client
        # staff open a case by typing its number into the board's search box
        await self.step("board: open", c.open("Arenden"))
        await self.think()
        run = await self.open_by_number("case: open by number", case_id)
        if f"id={case_id}" not in run.query:
            raise JourneyError(f"searching {case_id} did not open the case (query {run.query!r})")
        # the box's key ends in a generation (ui/feedback.fresh_key: empty again after a saved answer)
        box = next((e for e in c.screen.all("text_area") if e.key.startswith(f"dev_answer_{case_id}__")), None)
        submit = c.screen.find("button", form="dev_answer_form", submit=True)
        if box is None or submit is None:
            raise JourneyError(f"case {case_id}: no answer form; alerts: {c.screen.alerts()}")
        text = f"Hjälpmedlet byts ut; vi hör av oss. ({self.username} #{self.n}-{self.journey_no})"
        try:
            run = await self.step("case: answer", c.act(state(box, text), state(submit, True)))
        except (RunTimeout, ProtocolError, JourneyError):
            self.stats.answers_unacknowledged += 1
            raise
        if not run.screen.alerts(Alert.SUCCESS):
            self.stats.answers_unacknowledged += 1
            raise JourneyError(f"case {case_id}: answer not confirmed; alerts: {run.screen.alerts()}",
                               "error shown" if run.screen.errors() else "journey")
        self.stats.answers.append((case_id, text, self.username))
        await self.think()


# ------------------------------------------------------------------ the server


def own_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


# ------------------------------------------------------------------ before and after


def read_db(target, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of one query, on the DuckDB file or the PostgreSQL database the run uses (opened and
    closed around it: a DuckDB file is held by one process at a time)."""
    from logic.store.connect import open_database

    db = open_database(target)
    try:
        with db.read() as r:
            return [tuple(row) for row in r.execute(sql, params or []).cur.fetchall()]
    finally:
        db.close()


def handed_out_device_index(target) -> int:
    """The wizard lists a recipient's devices newest order first; pick one handed out (DEV-3)."""
    rows = read_db(target, "SELECT d.delivered FROM devices d JOIN articles a USING (article_no)"
                            " WHERE d.recipient_id = ? ORDER BY d.ordered DESC NULLS LAST, d.article_no",
                   [PATIENT])
    return next(i for i, (delivered,) in enumerate(rows) if delivered is not None)


def known_case_ids(target) -> dict[str, list[str]]:
    """Per user, the deviation numbers that user may open (a reporter: own or own units')."""
    out = {}
    for name, role in ROLE_OF.items():
        if role == "reporter":
            rows = read_db(target, "SELECT id FROM cases WHERE kind = 'deviation' AND (created_by = ?"
                                    " OR unit_id IN (SELECT unit_id FROM user_units WHERE username = ?))"
                                    " ORDER BY id", [name, name])
        else:
            rows = read_db(target, "SELECT id FROM cases WHERE kind = 'deviation' ORDER BY id")
        out[name] = [r[0] for r in rows]
    return out


def verify(target, stats: Stats, started_ids: set[str]) -> dict:
    receipts = [cid for cid, _ in stats.receipts]
    out: dict = {"receipts": len(receipts), "receipts_distinct": len(set(receipts))}
    out["dup_receipts"] = sorted(cid for cid, n in Counter(receipts).items() if n > 1)
    out["dup_case_ids"] = read_db(target, "SELECT id, count(*) FROM cases GROUP BY id HAVING count(*) > 1")
    out["dup_detail_ids"] = read_db(
        target, "SELECT case_id, count(*) FROM deviations GROUP BY case_id HAVING count(*) > 1")
    lost, incomplete = [], []
    if receipts:
        rows = read_db(target, """
            SELECT r.id,
                   (SELECT count(*) FROM cases c WHERE c.id = r.id),
                   (SELECT count(*) FROM deviations d WHERE d.case_id = r.id),
                   (SELECT count(*) FROM case_events e WHERE e.case_id = r.id AND e.action = 'registered')
            FROM (SELECT unnest(?::VARCHAR[]) AS id) r""", [sorted(set(receipts))])
        for cid, n_case, n_detail, n_log in rows:
            if n_case == 0:
                lost.append(cid)
            elif (n_case, n_detail, n_log) != (1, 1, 1):
                incomplete.append((cid, n_case, n_detail, n_log))
    out["lost"] = lost
    out["incomplete"] = incomplete
    # registered in the database during the run but never shown on a receipt (e.g. a client
    # timed out after the click): not lost, but reported
    new_ids = {r[0] for r in read_db(target, "SELECT id FROM cases WHERE kind = 'deviation'")} - started_ids
    out["unreceipted"] = sorted(new_ids - set(receipts))
    missing_answers = []
    if stats.answers:
        stored = dict(read_db(target, "SELECT case_id, answer FROM deviations WHERE case_id IN "
                                       "(SELECT unnest(?::VARCHAR[]))", [[a[0] for a in stats.answers]]))
        logged = Counter(r[0] for r in read_db(
            target, "SELECT case_id FROM case_events WHERE action = 'answered' AND case_id IN "
                     "(SELECT unnest(?::VARCHAR[]))", [[a[0] for a in stats.answers]]))
        for cid, text, _ in stats.answers:
            if stored.get(cid) != text or logged[cid] < 1:
                missing_answers.append(cid)
    out["answers"] = len(stats.answers)
    out["missing_answers"] = missing_answers
    return out


# ------------------------------------------------------------------ the run


async def warm_up(port: int, stats: Stats, known: dict[str, list[str]]) -> None:
    """Open every page the journeys use once, unmeasured: imports, caches, first queries."""
    for username, pages in (("reporter", ["Ny avvikelse", "Arenden"]),
                            ("analytiker", ["Rapporter", "Arenden"])):
        u = User(0, username, port, stats, [], known, random.Random(0), (0, 0), 120, measure=False)
        u.client = StClient(port, timeout=120)
        await u.client.connect()
        await u.step("warm", u.client.open())
        await u.login()
        for page in pages:
            await u.step("warm", u.client.open(page))
        await u.step("warm", u.client.open("Arende", f"id={known[username][0]}"))
        await u.logout()
        await u.reset()


async def measure_cost(port: int, stats: Stats, pool: list[str], known: dict[str, list[str]],
                       rounds: int, cpu_probe) -> None:
    """One user at a time, no think time: the server's CPU per page run, page by page."""
    for _ in range(rounds):
        for username, tasks in (("reporter", ["register_deviation", "search_board"]),
                                ("tekniker", ["answer_case"]), ("analytiker", ["dashboard"])):
            u = User(0, username, port, stats, pool, known, random.Random(1), (0, 0), 120)
            u.cpu_probe = cpu_probe
            u.client = StClient(port, timeout=120)
            await u.client.connect()
            await u.step("start page (new tab)", u.client.open())
            await u.login()
            for task in tasks:
                await getattr(u, task)()
            await u.logout()
            await u.reset()


def report_cost(stats: Stats) -> bool:
    by_page: dict[str, list[Sample]] = defaultdict(list)
    for s in stats.samples:
        by_page[page_of(s.label)].append(s)
    print()
    print(f"server CPU per page run, one user at a time (load average {load_average()[0]:.2f})")
    print(f"{'page':<24}  {'runs':>5}  {'CPU ms':>7}  {'p50 ms':>7}")
    for page, ss in by_page.items():
        print(f"{page:<24}  {len(ss):>5}  {statistics.fmean(s.server_cpu for s in ss) * 1000:>7.0f}"
              f"  {percentile([s.seconds for s in ss], .5) * 1000:>7.0f}")
    total = stats.samples
    print(f"{'all':<24}  {len(total):>5}  {statistics.fmean(s.server_cpu for s in total) * 1000:>7.0f}"
          f"  {percentile([s.seconds for s in total], .5) * 1000:>7.0f}")
    for kind, msgs in stats.messages.items():
        for m in msgs:
            print(f"  {kind}: {m}")
    return not stats.errors


def servers_cpu(servers, last: dict[int, float]) -> float:
    """The app processes' CPU seconds, a killed one counted with what it had used when last seen."""
    for i, server in enumerate(servers):
        cpu = server.cpu_seconds()
        if cpu == cpu:                                  # not NaN: still running
            last[i] = cpu
    return sum(last.values())


async def sample_memory(servers, samples: list[tuple[float, float]], t0: float,
                        interval: float, stop: asyncio.Event, cpu_seen: dict[int, float]) -> None:
    """The app processes' RSS, summed (a killed process drops out), every `interval` seconds."""
    while not stop.is_set():
        rss = [r for r in (s.rss_mb() for s in servers) if r is not None]
        if rss:
            samples.append((time.monotonic() - t0, sum(rss)))
        servers_cpu(servers, cpu_seen)
        try:
            await asyncio.wait_for(stop.wait(), interval)
        except asyncio.TimeoutError:
            pass


def parse_mix(text: str, users: int) -> list[str]:
    weights = []
    for part in text.split(","):
        name, _, n = part.partition(":")
        if name.strip() not in ROLE_OF:
            raise SystemExit(f"unknown user {name!r} in --mix (known: {', '.join(ROLE_OF)})")
        weights.append((name.strip(), float(n or 1)))
    total = sum(w for _, w in weights)
    names = []
    for name, w in weights:
        names += [name] * int(round(users * w / total))
    while len(names) < users:
        names.append(weights[len(names) % len(weights)][0])
    return names[:users]


def slope_mb_per_min(points: list[tuple[float, float]]) -> float:
    if len(points) < 3:
        return float("nan")
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return 60 * sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")


async def drive(args, target, stats: Stats, pool: list[str], known: dict[str, list[str]]) -> dict:
    names = parse_mix(args.mix, args.users)
    rng = random.Random(args.seed)
    users = [User(i + 1, name, target.port, stats, pool, known, random.Random(rng.random()),
                  (args.think_min, args.think_max), args.timeout) for i, name in enumerate(names)]
    for u in users:
        u.logout_each_journey = args.logins == "each-journey"
    mem: list[tuple[float, float]] = []
    stop = asyncio.Event()
    t0 = time.monotonic()
    stats.t0 = t0
    cpu_seen: dict[int, float] = {}
    cpu0, own0 = servers_cpu(target.servers, cpu_seen), own_cpu_seconds()
    sampler = asyncio.create_task(sample_memory(target.servers, mem, t0, args.sample, stop, cpu_seen))
    loads = [load_average()]
    deadline = t0 + args.seconds
    wall0 = time.time()
    fault: dict = {}

    async def start(u: User, delay: float) -> None:
        await asyncio.sleep(delay)
        await u.run(deadline)

    async def watch_load() -> None:
        while time.monotonic() < deadline:
            await asyncio.sleep(10)
            loads.append(load_average())

    async def cause_fault() -> None:
        await asyncio.sleep(args.fault_at)
        fault["start"] = time.monotonic() - t0
        action = {"kill-app": target.kill_app, "restart-db": target.restart_db}[args.fault]
        fault["what"] = await asyncio.get_running_loop().run_in_executor(None, action)
        fault["end"] = time.monotonic() - t0
        print(f"  fault at {fault['start']:.0f} s: {fault['what']} (took {fault['end'] - fault['start']:.1f} s)",
              flush=True)

    watcher = asyncio.create_task(watch_load())
    faulter = asyncio.create_task(cause_fault()) if args.fault else None
    await asyncio.gather(*(start(u, args.ramp * i / max(1, len(users))) for i, u in enumerate(users)))
    elapsed = time.monotonic() - t0
    watcher.cancel()
    if faulter is not None and not faulter.done():
        faulter.cancel()
    loads.append(load_average())
    stop.set()
    await sampler
    return {"elapsed": elapsed, "mem": mem, "wall": (wall0, wall0 + elapsed),
            "server_cpu": servers_cpu(target.servers, cpu_seen) - cpu0,
            "client_cpu": own_cpu_seconds() - own0, "loads": loads, "names": Counter(names),
            "fault": fault, "label": target.label}


def first_traceback(log_path: Path, tail: int = 4) -> list[str]:
    """The last lines (where it failed, and why) of the first traceback in the server's log."""
    lines = log_path.read_text(errors="replace").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = i + 1
            while end < len(lines) and (lines[end].startswith((" ", "\t")) or lines[end].strip() == ""
                                        or ":" not in lines[end]):
                end += 1
            return [ln[:200] for ln in lines[max(i, end - tail):end + 1]]
    return []


def read_probe(path: Path, start: float, end: float) -> list[dict]:
    """The server's own memory samples (ui/memprobe.py) taken during the measured run."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if start <= row.get("t", 0) <= end:
            row["t"] -= start
            out.append(row)
    return out


PROBE_FIELDS = (("rss_mb", "RSS MB"), ("malloc_used_mb", "malloc in use MB"),
                ("malloc_free_mb", "malloc freed, kept MB"), ("arrow_mb", "pyarrow MB"),
                ("duckdb_mb", "DuckDB MB"), ("py_blocks", "Python blocks"), ("py_objects", "Python objects"),
                ("sessions", "sessions connected"), ("sessions_kept", "sessions kept after disconnect"))


def report_probe(probe: list[dict], elapsed: float) -> None:
    """Where the memory is: each component at the start, the middle and the end of the run,
    and its slope over the second half (per minute)."""
    if len(probe) < 3:
        return
    mid = min(probe, key=lambda r: abs(r["t"] - elapsed / 2))
    print("  in the server (ui/memprobe.py):  start / middle / end;  slope over the second half per min")
    for key, label in PROBE_FIELDS:
        if probe[0].get(key) is None:
            continue
        half = [(r["t"], r[key]) for r in probe if r["t"] >= elapsed / 2 and r.get(key) is not None]
        print(f"    {label:<31} {probe[0][key]:>10,.0f} / {mid[key]:>10,.0f} / {probe[-1][key]:>10,.0f};"
              f"  {slope_mb_per_min(half):+,.1f}")
    first, last = mid.get("types") or {}, probe[-1].get("types") or {}
    grew = sorted(((last.get(k, 0) - first.get(k, 0), k) for k in set(first) | set(last)), reverse=True)[:6]
    if grew and grew[0][0] > 0:
        print("    Python objects that grew most over the second half: "
              + ", ".join(f"{k} {d:+,}" for d, k in grew if d > 0))


def report(args, result: dict, stats: Stats, checks: dict, log_paths: list[Path]) -> tuple[bool, float]:
    """Print the run's table and targets; (all targets met, overall p95 in seconds)."""
    elapsed = result["elapsed"]
    samples = stats.samples
    times = [s.seconds for s in samples]
    print()
    mix = ", ".join(f"{n}×{k}" for k, n in result["names"].items())
    print(f"casedesk load test — {result['label']} — {args.users} users ({mix}),"
          f" logins {args.logins}, {elapsed:.0f} s, think {args.think_min:g}–{args.think_max:g} s, ramp {args.ramp:g} s")
    l1 = [x[0] for x in result["loads"]]
    print(f"load average (1 min) during the run: start {l1[0]:.2f}, mean {statistics.fmean(l1):.2f},"
          f" max {max(l1):.2f}; CPUs: {os.cpu_count()}")
    echo = sum(1 for s in samples if s.label == "cookie component echo")
    print(f"journeys {stats.journeys}, logins {stats.logins}, page runs {len(samples)}"
          f" ({echo / max(1, len(samples)):.0%} of them the cookie component's extra runs)"
          f" ({sum(s.script_runs for s in samples)} script runs incl. the app's own reruns),"
          f" throughput {len(samples) / elapsed:.1f} runs/s")
    print()
    by_action: dict[str, list[float]] = defaultdict(list)
    by_page: dict[str, list[float]] = defaultdict(list)
    for s in samples:
        by_action[s.label].append(s.seconds)
        by_page[page_of(s.label)].append(s.seconds)
    p95 = percentile(times, .95)
    for title, groups in (("per action", by_action), ("per page", by_page)):
        width = max([len(k) for k in groups] + [22])
        print(f"{title:<{width}}  {'runs':>5}  {'p50 ms':>7}  {'p95 ms':>7}  {'max ms':>7}")
        for label, vals in groups.items():
            print(f"{label:<{width}}  {len(vals):>5}  {percentile(vals, .5) * 1000:>7.0f}"
                  f"  {percentile(vals, .95) * 1000:>7.0f}  {max(vals) * 1000:>7.0f}")
        print(f"{'overall':<{width}}  {len(times):>5}  {percentile(times, .5) * 1000:>7.0f}"
              f"  {p95 * 1000:>7.0f}  {max(times, default=float('nan')) * 1000:>7.0f}")
        print()
    settle = args.ramp + 20        # every user has started and logged in once
    steady = [s.seconds for s in samples if s.t > settle]
    if steady:
        print(f"after the first {settle:g} s (all {args.users} users started, first logins done):"
              f" {len(steady)} page runs, p50 {percentile(steady, .5) * 1000:.0f} ms,"
              f" p95 {percentile(steady, .95) * 1000:.0f} ms (the target is taken over the whole run)")
        print()
    n_err = sum(stats.errors.values())
    print(f"errors: {n_err} ({', '.join(f'{k} {v}' for k, v in stats.errors.items()) or 'none'})")
    for kind, msgs in stats.messages.items():
        for m in msgs:
            print(f"  {kind}: {m}")
    server_errors = [ln for log_path in log_paths for ln in log_path.read_text(errors="replace").splitlines()
                     if ("Traceback" in ln or "Uncaught" in ln or " ERROR " in ln or "Exception" in ln)
                     and "nanobind" not in ln and "leaked" not in ln]
    print(f"server log lines with Traceback/Uncaught/ERROR/Exception: {len(server_errors)}")
    for log_path in log_paths:
        for line in first_traceback(log_path):
            print(f"  server: {line}")
    fault = result.get("fault") or {}
    recovered = True
    if fault:
        grace = args.fault_grace
        before = [k for t, k in stats.error_times if t < fault["start"]]
        during = [(t, k) for t, k in stats.error_times if fault["start"] <= t <= fault["end"] + grace]
        after = [k for t, k in stats.error_times if t > fault["end"] + grace]
        last_error = max((t for t, _ in during), default=fault["start"])
        ok_after = sum(1 for s in samples if s.t > last_error)
        print(f"fault: {fault['what']} at {fault['start']:.0f} s (done at {fault['end']:.0f} s):"
              f" errors before it {len(before)}, within {grace:g} s after it {len(during)}"
              f" ({', '.join(f'{k} {n}' for k, n in Counter(k for _, k in during).items()) or 'none'}),"
              f" later {len(after)}; pages that said 'briefly unavailable' {stats.unavailable_shown};"
              f" tabs reopened (a reload, cookies kept) {stats.tabs_reopened}, of them logged in again by"
              f" the cookie {stats.logins_kept};"
              f" last error {last_error - fault['start']:.1f} s after the fault began,"
              f" page runs that succeeded after it {ok_after}")
        recovered = not before and not after and ok_after > 0
    print(f"deviations registered (receipts) {checks['receipts']}, lost {len(checks['lost'])},"
          f" incomplete {len(checks['incomplete'])}, duplicated ids"
          f" {len(checks['dup_case_ids']) + len(checks['dup_detail_ids']) + len(checks['dup_receipts'])},"
          f" in the database without a receipt {len(checks['unreceipted'])},"
          f" submits without a receipt {stats.submits_without_receipt}")
    print(f"answers acknowledged {checks['answers']}, not stored {len(checks['missing_answers'])},"
          f" unacknowledged submits {stats.answers_unacknowledged}")
    for key in ("lost", "incomplete", "dup_case_ids", "dup_detail_ids", "dup_receipts", "missing_answers"):
        if checks[key]:
            print(f"  {key}: {checks[key][:10]}")
    mem = result["mem"]
    rss = [m[1] for m in mem]
    half = [m for m in mem if m[0] >= elapsed / 2]
    slope_all, slope_half = slope_mb_per_min(mem), slope_mb_per_min(half)
    print(f"server RSS MB: start {rss[0]:.0f}, peak {max(rss):.0f}, end {rss[-1]:.0f};"
          f" slope {slope_all:+.1f} MB/min over the run, {slope_half:+.1f} MB/min over its second half"
          f" ({len(mem)} samples every {args.sample:g} s)")
    step_s = max(args.sample, elapsed / 12)
    marks, next_t = [], 0.0
    for t, mb in mem:
        if t >= next_t:
            marks.append(f"{t:.0f}s {mb:.0f}")
            next_t = t + step_s
    print("  RSS over time (MB): " + ", ".join(marks))
    report_probe(result.get("probe") or [], elapsed)
    script_runs = sum(s.script_runs for s in samples) or 1
    per_run = result["server_cpu"] / script_runs * 1000
    print(f"CPU seconds: server {result['server_cpu']:.0f} ({per_run:.0f} ms"
          f" per script run), load generator {result['client_cpu']:.0f}"
          f" (of {elapsed * (os.cpu_count() or 1):.0f} available)")
    print()
    targets = {
        "no errors": n_err == 0,
    } if not fault else {
        f"no errors before the fault or later than {args.fault_grace:g} s after it; work goes on after it":
            recovered,
    }
    targets |= {
        "nothing lost or duplicated": not (checks["lost"] or checks["incomplete"] or checks["dup_case_ids"]
                                           or checks["dup_detail_ids"] or checks["dup_receipts"]
                                           or checks["missing_answers"]),
    }
    if not fault:          # a fault's minute of errors and reloads is not the everyday figure
        targets[f"p95 page time < {args.p95_target:g} s"] = p95 < args.p95_target
    if args.fault != "kill-app":    # a killed process takes its memory with it
        targets[f"memory flat (second-half slope < {args.mem_slope:g} MB/min)"] = slope_half < args.mem_slope
    targets |= {
        # not one of the targets: without it the checks above could pass vacuously
        "work was done (logins, receipts and answers seen)":
            bool(checks["receipts"]) and bool(checks["answers"]) and stats.logins > 0,
    }
    for name, ok in targets.items():
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}")
    return all(targets.values()), p95


def run_target(args, backend: str, processes: int, work: Path) -> tuple[bool, float] | None:
    """Bring up one installation in `work`, warm it, load it, take it down, check its data and
    print the report: (targets met, p95) or None when it could not start."""
    print(f"setting up: {processes} app process{'es' if processes > 1 else ''} on "
          f"{'PostgreSQL behind nginx' if backend == 'postgres' else 'the DuckDB file'} (demo data) …", flush=True)
    target = PgTarget(work, processes) if backend == "postgres" else DuckTarget(work, args.db_template)
    try:
        open_ids = [r[0] for r in read_db(target.target, "SELECT id FROM cases WHERE kind = 'deviation' AND "
                                                         "status <> 'closed' ORDER BY created_at")]
        all_ids = {r[0] for r in read_db(target.target, "SELECT id FROM cases WHERE kind = 'deviation'")}
        known = known_case_ids(target.target)
        User.device_index = handed_out_device_index(target.target)
        pool = list(open_ids)
        print(f"load averages before: {' '.join(f'{x:.2f}' for x in load_average())}", flush=True)
        probe_path = work / "memprobe.jsonl"
        try:
            target.start({"CASEDESK_MEMPROBE": str(probe_path), "CASEDESK_MEMPROBE_SECONDS": str(args.probe_every)})
            stats = Stats()
            if not args.no_warmup:
                print("warming up (unmeasured) …", flush=True)
                try:
                    for server in target.servers:        # every process: imports, caches, first queries
                        asyncio.run(warm_up(server.port, stats, known))
                except (JourneyError, ProtocolError, RunTimeout, OSError) as e:
                    print(f"warm-up failed: {type(e).__name__}: {e}")
                    for log in target.logs():
                        print("\n".join(first_traceback(log)))
                    return None
            if args.cost:
                asyncio.run(measure_cost(target.port, stats, pool, known, args.cost,
                                         lambda: servers_cpu(target.servers, {})))
                return (report_cost(stats), float("nan"))
            print(f"running {args.users} users for {args.seconds:g} s on port {target.port} …", flush=True)
            result = asyncio.run(drive(args, target, stats, pool, known))
        finally:
            target.stop()
        checks = verify(target.target, stats, all_ids)
        result["probe"] = read_probe(probe_path, *result["wall"])
        return report(args, result, stats, checks, target.logs())
    finally:
        if isinstance(target, PgTarget):
            target.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=130, help="measured duration (default 130)")
    parser.add_argument("--mix", default=DEFAULT_MIX, help=f"user names and weights (default {DEFAULT_MIX})")
    parser.add_argument("--think-min", type=float, default=2.0, help="think time between actions, s")
    parser.add_argument("--think-max", type=float, default=6.0)
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which users start")
    parser.add_argument("--timeout", type=float, default=30.0, help="a page run longer than this is an error")
    parser.add_argument("--sample", type=float, default=2.0, help="RSS sampling interval, s")
    parser.add_argument("--probe-every", type=float, default=15.0,
                        help="seconds between the server's own memory samples (ui/memprobe.py: a census of"
                             " Python objects costs the server ~50 ms each time)")
    parser.add_argument("--p95-target", type=float, default=1.0)
    parser.add_argument("--mem-slope", type=float, default=5.0,
                        help="memory counts as flat below this RSS slope (MB/min) over the second half")
    parser.add_argument("--backend", choices=["duckdb", "postgres"], default="duckdb",
                        help="duckdb: one process on a DuckDB file (default); postgres: --processes app "
                             "processes on one PostgreSQL behind nginx (sticky, as make cluster)")
    parser.add_argument("--processes", type=int, default=None,
                        help="app processes (postgres only; default 2 there, 1 for duckdb)")
    parser.add_argument("--compare", action="store_true",
                        help="first the same load on one process with DuckDB, then the chosen setup, and "
                             "the ratio of their p95 (goal: the cluster >= 3x lower)")
    parser.add_argument("--fault", choices=["kill-app", "restart-db"],
                        help="kill-app: kill -9 one app process (its users reload through nginx); "
                             "restart-db: pg_ctl restart -m fast")
    parser.add_argument("--fault-at", type=float, default=None,
                        help="seconds into the measured run (default: a third of --seconds)")
    parser.add_argument("--fault-grace", type=float, default=30.0,
                        help="errors up to this many seconds after the fault count as the fault's")
    parser.add_argument("--logins", choices=["each-journey", "once"], default="each-journey",
                        help="each-journey (default): every journey logs in and out again (a login costs "
                             "bcrypt's 0.24 s of CPU); once: each user logs in once and stays, as at work")
    parser.add_argument("--db-template", type=Path, help="(duckdb) copy this demo database instead of building one")
    parser.add_argument("--no-warmup", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, log)")
    parser.add_argument("--cost", type=int, metavar="ROUNDS",
                        help="instead of the load: one user at a time, ROUNDS times every journey, "
                             "and the server's CPU per page run")
    args = parser.parse_args(argv)
    processes = args.processes or (2 if args.backend == "postgres" else 1)
    if args.backend == "duckdb" and processes != 1:
        parser.error("DuckDB lets one process hold the file: --processes 2 or more needs --backend postgres")
    if args.fault_at is None:
        args.fault_at = args.seconds / 3
    if args.fault == "kill-app" and processes < 2:
        parser.error("--fault kill-app needs --processes 2 or more (one process has no other to go to)")
    if args.fault == "restart-db" and args.backend != "postgres":
        parser.error("--fault restart-db needs --backend postgres (DuckDB lives inside the app process)")

    plans = [("duckdb", 1, None)] if args.compare and (args.backend, processes) != ("duckdb", 1) else []
    plans.append((args.backend, processes, args.fault))
    work = Path(tempfile.mkdtemp(prefix="casedesk-load-"))
    results = []
    try:
        for i, (backend, n, fault) in enumerate(plans):
            sub = work / f"{i + 1}-{backend}-{n}"
            sub.mkdir()
            run_args = argparse.Namespace(**{**vars(args), "fault": fault})
            outcome = run_target(run_args, backend, n, sub)
            if outcome is None:
                return 2
            results.append((backend, n, *outcome))
        if len(results) == 2:
            (_, _, _, base), (backend, n, ok, p95) = results
            ratio = base / p95 if p95 else float("inf")
            print()
            print(f"same load, same run: 1 process on DuckDB p95 {base * 1000:.0f} ms; {n} processes on "
                  f"{'PostgreSQL' if backend == 'postgres' else backend} p95 {p95 * 1000:.0f} ms — "
                  f"{ratio:.1f}× lower")
            print(f"  [{'PASS' if ratio >= 3 else 'FAIL'}] p95 at least 3× lower than one process on DuckDB")
            ok = ok and ratio >= 3
        else:
            ok = results[0][2]
        if args.keep:
            print(f"kept: {work}")
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
