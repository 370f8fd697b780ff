"""Separate app processes on one PostgreSQL database, for tests/store/test_processes.py (issue 18).

`AppProcess(url)` starts a real OS process (multiprocessing, "spawn": nothing inherited but the
arguments) that wires the application and opens its own `PgDatabase` on the URL — its own pool,
its own cache, its own notice listener — as a Streamlit process of `make cluster` does. The
test sends it jobs by name (`call`), or several processes at once past one barrier (`together`);
each answer is ("ok", value) or ("error", exception class name, message).
"""
from __future__ import annotations

import multiprocessing as mp
import sys
import time
import types
from datetime import datetime
from zoneinfo import ZoneInfo

CLOCK_AT = datetime(2026, 2, 12, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))   # conftest's clock
_ctx = mp.get_context("spawn")


# ------------------------------------------------------------------ jobs (run in the child)

def _clock():
    from logic.clock import FixedClock
    return FixedClock(CLOCK_AT)


def _user(db, username):
    from logic.users import load_user
    user = load_user(db, username)
    if user is None:
        raise LookupError(f"no active user {username}")
    return user


def register_many(db, username: str, n: int, tag: str, repairs: int = 0) -> list[str]:
    """n deviations (and `repairs` repair requests) registered one after another."""
    from logic.deviations import services
    from tests.store.dev_world import a_draft
    user, clock = _user(db, username), _clock()
    numbers = [services.register_deviation(db, clock, user, a_draft(concerns=f"{tag} {i}")) for i in range(n)]
    numbers += [services.request_repair(db, clock, user, a_draft(is_wear_and_tear=True, concerns=f"{tag} r{i}"))
                for i in range(repairs)]
    return numbers


def create_certificates(db, username: str, n: int, unit_id: str, patient_id: str) -> list[str]:
    """n certificate drafts (each draws a certificate number) one after another."""
    from logic.certificates import services
    user, clock = _user(db, username), _clock()
    return [services.create_certificate(db, clock, user, unit_id=unit_id, patient_id=patient_id, type_code="lisjp")
            for _ in range(n)]


def answer(db, username: str, case_id: str, text: str, version: int) -> str:
    from logic.deviations import services
    return str(services.answer(db, _clock(), _user(db, username), case_id, text, version))


def version_of(db, case_id: str) -> int:
    with db.read() as r:
        return r.scalar("SELECT version FROM cases WHERE id = ?", [case_id])


def user_loads(db, username: str) -> bool:
    """What the page shell asks on every run of a logged-in session (users.load_user, cached)."""
    from logic.users import load_user
    return load_user(db, username) is not None


def deactivate(db, username: str) -> None:
    from logic.store import core_repo
    with db.tx() as tx:
        core_repo.update_user(tx, username, {"active": False})


def failed_attempt(db, username: str) -> int:
    """One wrong password through streamlit-authenticator, recorded as the shell records it;
    the authenticator's count after it."""
    from logic import users
    from tests.store.test_users import authenticator
    model = authenticator(db)
    before = model.credentials["usernames"][username]["failed_login_attempts"]
    try:
        assert model.login(username, "fel-lösenord", max_login_attempts=users.MAX_FAILED_LOGINS) is False
    finally:
        after = model.credentials["usernames"][username]["failed_login_attempts"]
        if after != before:
            users.record_login_attempts(db, _clock(), username, after, before=before)
    return users.credentials(db)["usernames"][username]["failed_login_attempts"]


def login(db, username: str, password: str) -> str:
    """A fresh session's login form: "ok", "failed" or "locked" (streamlit-authenticator's
    LoginError, raised before the password is even checked)."""
    from streamlit_authenticator.utilities import LoginError

    from logic import users
    from tests.store.test_users import authenticator
    try:
        ok = authenticator(db).login(username, password, max_login_attempts=users.MAX_FAILED_LOGINS)
    except LoginError:
        return "locked"
    return "ok" if ok else "failed"


def is_locked(db, username: str) -> bool:
    from logic import users
    return users.is_locked(db, username)


def revoke(db, username: str, at_epoch: float) -> None:
    from logic import users
    users.revoke_sessions(db, _clock(), username, at_epoch)


def cookie_void(db, username: str, issued_epoch: float) -> bool:
    from logic import users
    return users.cookie_is_void(db, username, issued_epoch)


def mine_on_board(db, username: str) -> list[str]:
    """The case numbers on the board's "mina ärenden" for the user (codes from the cached snapshot)."""
    from logic.board import service
    from logic.board.filters import BoardFilters
    found = service.search(db, _clock(), _user(db, username), BoardFilters(mine=True, page_size=200))
    return sorted(r["id"] for r in found.rows)


JOBS = {f.__name__: f for f in (register_many, create_certificates, answer, version_of, user_loads, deactivate, failed_attempt,
                                login, is_locked, revoke, cookie_void, mine_on_board)}


def _serve(url: str, inbox, outbox, barrier) -> None:
    from logic.composition import wire
    from logic.store.connect import open_database
    wire()
    db = open_database(url)
    outbox.put(("ok", "ready"))
    try:
        while True:
            command = inbox.get()
            if command is None:
                return
            name, args, synchronised = command
            try:
                if synchronised:
                    barrier.wait(60)
                outbox.put(("ok", JOBS[name](db, *args)))
            except Exception as e:  # noqa: BLE001 - the test reads what happened
                outbox.put(("error", type(e).__name__, str(e)))
    finally:
        db.close()


# ------------------------------------------------------------------ the test's side

class AppProcess:
    def __init__(self, url: str, barrier=None):
        self.inbox, self.outbox = _ctx.Queue(), _ctx.Queue()
        self.process = _ctx.Process(target=_serve, args=(url, self.inbox, self.outbox, barrier), daemon=True)
        # "spawn" runs the parent's __main__ again in the child; after an AppTest that is app.py
        # (the page would open the database of CASEDESK_DB): the child gets a main of nothing
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            self.process.start()
        finally:
            sys.modules["__main__"] = main

    def ready(self, timeout: float = 60) -> "AppProcess":
        got = self.outbox.get(timeout=timeout)
        assert got == ("ok", "ready"), got
        return self

    def send(self, name: str, *args, synchronised: bool = False) -> None:
        self.inbox.put((name, args, synchronised))

    def result(self, timeout: float = 120) -> tuple:
        return self.outbox.get(timeout=timeout)

    def call(self, name: str, *args, timeout: float = 120):
        """Run a job; its value, or an AssertionError naming the error it raised."""
        self.send(name, *args)
        got = self.result(timeout)
        assert got[0] == "ok", f"{name}{args} in process {self.process.pid}: {got}"
        return got[1]

    def until(self, name: str, *args, expect, within: float = 2.0):
        """Ask again until the answer is `expect` (a notice from another process takes a few ms
        to arrive); the last answer."""
        deadline = time.monotonic() + within
        while True:
            got = self.call(name, *args)
            if got == expect or time.monotonic() > deadline:
                return got
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process.is_alive():
            self.inbox.put(None)
            self.process.join(20)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


def together(processes: list[AppProcess], jobs: list[tuple]) -> list[tuple]:
    """Each process runs its job (name, *args), all released at once by the shared barrier."""
    for process, (name, *args) in zip(processes, jobs):
        process.send(name, *args, synchronised=True)
    return [process.result() for process in processes]


def new_barrier(parties: int):
    return _ctx.Barrier(parties)
