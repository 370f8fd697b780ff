"""Issue 16, item 1: the board's columns a user chose are kept per user in the database
(user_settings), written in one transaction, read back on the next login."""
from __future__ import annotations

import pytest

from logic.access import Role
from logic.board import columns
from logic.store import settings_repo
from tests.conftest import add_user

pytestmark = pytest.mark.both_backends


def test_ui16_board_columns_default_to_all_then_keep_each_users_choice(db, clock):
    anna = add_user(db, "anna", [Role.HANDLER])
    bo = add_user(db, "bo", [Role.HANDLER])
    assert columns.chosen_columns(db, anna) == list(columns.BOARD_COLUMNS)
    kept = columns.save_columns(db, clock, anna, ["person", "status", "no-such-column"])
    assert kept == ["id", "status", "person"]          # known ones, in board order, number always
    assert columns.chosen_columns(db, anna) == ["id", "status", "person"]
    assert columns.chosen_columns(db, bo) == list(columns.BOARD_COLUMNS)   # another user's own
    columns.save_columns(db, clock, anna, ["title"])     # chosen again: replaced, one row
    assert columns.chosen_columns(db, anna) == ["id", "title"]
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM user_settings WHERE username = 'anna'") == 1


def test_ui16_board_columns_are_saved_in_one_transaction(db, clock, monkeypatch):
    anna = add_user(db, "anna", [Role.HANDLER])
    columns.save_columns(db, clock, anna, ["status"])

    def broken(tx, *args, **kwargs):
        tx.execute("DELETE FROM user_settings WHERE username = 'anna'")
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(settings_repo, "set_user_setting", broken)
    with pytest.raises(RuntimeError):
        columns.save_columns(db, clock, anna, ["title"])
    assert columns.chosen_columns(db, anna) == ["id", "status"]           # rolled back whole
