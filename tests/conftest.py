"""Shared fixtures: a fresh database per test (a DuckDB file; also PostgreSQL in modules marked
both_backends, tests/backends.py), a fixed clock, user builders, and a demo database built once
per session and copied for tests that need it."""
from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import demo
from logic import reference
from logic.access import Role, User
from logic.clock import FixedClock
from logic.composition import wire
from logic.store import core_repo
from logic.store.connect import open_database
from logic.store.db import Database
from logic.users import hash_password
from tests.backends import BACKENDS, start_cluster

ROOT = Path(__file__).resolve().parent.parent
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# bcrypt with few rounds keeps the suite fast; production uses 12.
TEST_PASSWORD = "test-password-1"
TEST_HASH = hash_password(TEST_PASSWORD, rounds=4)


@pytest.fixture(scope="session", autouse=True)
def wired() -> None:
    """The application wired as the app and bootstrap wire it (logic.composition), for every test."""
    wire()


def pytest_configure(config):
    config.addinivalue_line("markers", "both_backends: run each database test on DuckDB and PostgreSQL")
    config._duckdb_only = set()


def pytest_generate_tests(metafunc):
    if "backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)
    else:
        metafunc.config._duckdb_only.add(metafunc.module.__name__)


def pytest_sessionfinish(session):
    if hasattr(session.config, "workeroutput"):             # an xdist worker tells the controller
        session.config.workeroutput["duckdb_only"] = sorted(session.config._duckdb_only)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    node.config._duckdb_only.update(getattr(node, "workeroutput", {}).get("duckdb_only", ()))


def pytest_terminal_summary(terminalreporter, config):
    only = sorted(getattr(config, "_duckdb_only", ()))
    if only:
        terminalreporter.write_line(f"On DuckDB only (not yet marked both_backends): {len(only)} modules: "
                                    + ", ".join(m.removeprefix("tests.") for m in only))


@pytest.fixture
def backend(request) -> str:
    """"duckdb" or "postgres" (tests/backends.py)."""
    return getattr(request, "param", "duckdb")


@pytest.fixture(scope="session")
def pg_cluster():
    # Not under pytest's basetemp: another pytest session resets /tmp/pytest-of-<user> to 0700,
    # which locks the postgres OS user out of its files and crashes the cluster mid-run.
    folder = Path(tempfile.mkdtemp(prefix="casedesk-pg-"))
    cluster = start_cluster(folder)
    yield cluster
    cluster.server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _pg_database(request, template_fixture: str):
    """A new PostgreSQL database copied from a template; dropped after the test."""
    cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue(template_fixture)
    name = cluster.new_database(template)
    request.addfinalizer(lambda: cluster.drop(name))
    return cluster.url(name)


@pytest.fixture(scope="session")
def pg_ref_template(pg_cluster) -> str:
    def build(url):
        database = open_database(url)
        reference.load_all(database)
        database.close()
    return pg_cluster.template("tpl_ref", build)


@pytest.fixture(scope="session")
def pg_demo_template(pg_cluster) -> str:
    def build(url):
        database = open_database(url)
        reference.load_all(database)
        demo.load(database, FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=STOCKHOLM)))
        database.close()
    return pg_cluster.template("tpl_demo", build)


@pytest.fixture
def clock() -> FixedClock:
    """Thursday 2026-02-12 10:00 in Stockholm (ISO week 7), as in the user guide."""
    return FixedClock(datetime(2026, 2, 12, 10, 0, tzinfo=STOCKHOLM))


@pytest.fixture(scope="session")
def db_template(tmp_path_factory) -> Path:
    """Migrated, with reference data: built once per worker (~0.5-1 s), copied per test (~0.1 s)."""
    path = tmp_path_factory.mktemp("db_template") / "template.duckdb"
    database = Database(path)
    reference.load_all(database)
    database.checkpoint()
    database.close()
    return path


@pytest.fixture
def db(backend, request, tmp_path):
    if backend == "postgres":
        database = open_database(_pg_database(request, "pg_ref_template"))
    else:
        target = tmp_path / "test.duckdb"
        shutil.copy(request.getfixturevalue("db_template"), target)
        database = Database(target)
    yield database
    database.close()


def add_unit(db: Database, unit_id: str, kind: str = "service_site", **extra) -> None:
    with db.tx() as tx:
        core_repo.insert_unit(tx, {"id": unit_id, "code": extra.pop("code", unit_id),
                                   "name": extra.pop("name", f"Unit {unit_id}"), "kind": kind, **extra})


def add_user(db: Database, username: str, roles: list[Role], units: list[str] = (), *,
             name: str | None = None, prescriber_code: str | None = None, **extra) -> User:
    with db.tx() as tx:
        core_repo.insert_user(tx, {"username": username, "name": name or username.title(),
                                   "password_hash": TEST_HASH, "prescriber_code": prescriber_code,
                                   "created_at": datetime(2026, 1, 1), **extra})
        core_repo.set_roles(tx, username, [r.value for r in roles])
        core_repo.set_units(tx, username, list(units))
    from logic.users import load_user
    return load_user(db, username)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo database, built once (through the services) and copied per test."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    database = Database(path)
    reference.load_all(database)
    demo.load(database, FixedClock(datetime(2026, 11, 20, 12, 0, tzinfo=STOCKHOLM)))
    database.checkpoint()
    database.close()
    return path


@pytest.fixture
def demo_db_path(backend, request, tmp_path) -> Path | str:
    """The demo world's copy: a DuckDB file's path, or on PostgreSQL its database URL (open either
    with logic.store.connect.open_database)."""
    if backend == "postgres":
        return _pg_database(request, "pg_demo_template")
    target = tmp_path / "demo.duckdb"
    shutil.copy(request.getfixturevalue("demo_template"), target)
    return target


@pytest.fixture
def demo_db(demo_db_path):
    database = open_database(demo_db_path)
    yield database
    database.close()
