"""The one guarded UPDATE (logic/store/update.py) behind every repository's update function:
a whitelist of columns, bound values, and the optimistic version check of DEV-12."""
from __future__ import annotations

from datetime import datetime

import pytest

from logic.access import Role
from logic.store import (certificates_repo, core_repo, deviations_repo, org_repo, update,
                         urgent_repo)
from tests.conftest import add_unit, add_user

pytestmark = pytest.mark.both_backends

T0 = datetime(2026, 2, 10, 9, 0)


def a_case(db, case_id: str = "AV26070001") -> str:
    row = {c: None for c in core_repo.CASE_COLUMNS}
    row.update(id=case_id, kind="deviation", status="planned", title="Broms släpper", unit_id="site-1",
               created_by="rita", created_at=T0, updated_at=T0, version=1)
    with db.tx() as tx:
        core_repo.insert_case(tx, row)
    return case_id


@pytest.fixture
def world(db):
    add_unit(db, "site-1")
    add_user(db, "rita", [Role.REPORTER], ["site-1"], name="Rita")
    return a_case(db)


@pytest.mark.parametrize("update_fn", [
    certificates_repo.update_certificate, certificates_repo.update_question,
    deviations_repo.update_deviation, org_repo.update_org, urgent_repo.update_urgent,
    urgent_repo.update_task, core_repo.update_user])
def test_dev12_every_update_function_refuses_a_column_outside_its_list_and_writes_nothing(db, world,
                                                                                           update_fn):
    with db.tx() as tx:
        with pytest.raises(ValueError, match="no_such_column"):
            update_fn(tx, "rita", {"no_such_column; DROP TABLE cases": 1, "no_such_column": 2})
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM cases") == 1


def test_dev12_the_case_number_and_version_are_never_set_through_update_case(db, world):
    with db.tx() as tx:
        with pytest.raises(ValueError, match="version"):
            core_repo.update_case(tx, world, 1, {"title": "Ny", "version": 7})
        with pytest.raises(ValueError, match="'id'"):
            core_repo.update_case(tx, world, 1, {"id": "AV26070099"})
    with db.read() as r:
        assert core_repo.case(r, world)["title"] == "Broms släpper"


def test_dev12_a_stale_version_changes_nothing_and_the_current_one_bumps_it(db, world):
    with db.tx() as tx:
        assert core_repo.update_case(tx, world, 1, {"title": "O'Brien; --"})
        # saw version 1, it is 2: refused, although the version now *is* the one a successful
        # update from 1 would have left (the check is on the UPDATE itself, not read afterwards)
        assert not core_repo.update_case(tx, world, 1, {"title": "Andra gången"})
        assert not core_repo.update_case(tx, world, 5, {"title": "Framtiden"})
    with db.read() as r:
        row = core_repo.case(r, world)
    assert (row["title"], row["version"]) == ("O'Brien; --", 2)


def test_dev12_values_are_bound_not_spliced(db, world):
    with db.tx() as tx:
        update.guarded_update(tx, "users", "username", "rita", {"name": "x' WHERE 1=1; --"}, {"name"})
    with db.read() as r:
        assert r.scalar("SELECT name FROM users WHERE username = 'rita'") == "x' WHERE 1=1; --"
