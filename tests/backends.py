"""Both databases under the same tests (issue 18). A test module marked

    pytestmark = pytest.mark.both_backends

runs each test that uses a database fixture (db, demo_db, demo_db_path, world_db, open_page, …)
once on the DuckDB file and once on PostgreSQL (ids `[duckdb]` / `[postgres]`); other modules
run on DuckDB only, and the session's summary lists them, so what is not yet run on PostgreSQL
is said, never skipped silently.

PostgreSQL is a throwaway cluster of this test session (logic/store/pg_local.py: Debian's
PostgreSQL, initdb as the postgres OS user in a temporary folder, a free 127.0.0.1 port,
fsync off), one per xdist worker, stopped at the end. A template database holds the migrated
schema and reference data (and one the demo world, one the device world); each test gets its
own database copied from a template and dropped after it."""
from __future__ import annotations

import itertools
import os
import uuid

import pytest

from logic.store.pg_local import LocalPostgres, NoPostgres

BACKENDS = ("duckdb", "postgres")
_names = itertools.count()


class PgCluster:
    def __init__(self, server: LocalPostgres):
        self.server = server
        self.templates: dict[str, str] = {}

    def template(self, name: str, build) -> str:
        """The name of a template database built once by build(url) (it must close its connections)."""
        if name not in self.templates:
            self.server.create_database(name)
            build(self.server.url(name))
            self.templates[name] = name
        return self.templates[name]

    def new_database(self, template: str | None = None) -> str:
        name = f"t{os.getpid()}_{next(_names)}_{uuid.uuid4().hex[:6]}"
        self.server.create_database(name, template)
        return name

    def url(self, name: str) -> str:
        return self.server.url(name)

    def drop(self, name: str) -> None:
        self.server.drop_database(name)


def start_cluster(folder) -> PgCluster:
    try:
        return PgCluster(LocalPostgres.start(folder, fsync=False))
    except NoPostgres as e:
        pytest.exit(f"PostgreSQL is needed for the tests on both backends: {e}", returncode=3)
