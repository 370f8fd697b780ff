"""Issue 16, item 6: one way to validate, the same in every form — required fields marked " *",
after a press each problem at its field naming the field's label, a summary at the button
("Fyll i 3 fält: A, B och C."), nothing typed lost. Item 10: a user (and an ORG classification
node) is edited by selecting its row in the grid, not from a dropdown under it."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import element_tree

from logic.access import Role

pytestmark = pytest.mark.both_backends

ADMIN = "pages/90_Admin.py"


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def select_row(at, key: str, row: int):
    """Select one row of a selectable st.dataframe (AppTest has no setter for it: the browser
    sends the selection as the grid's widget state, so the next run gets it the same way)."""
    grid = next(d for d in at.dataframe if d.proto.id.endswith("-" + key))
    original = element_tree.ElementTree.get_widget_states

    def with_selection(tree):
        states = original(tree)
        state = states.widgets.add()
        state.id = grid.proto.id
        state.string_value = json.dumps({"selection": {"rows": [row], "columns": [], "cells": []}})
        return states

    element_tree.ElementTree.get_widget_states = with_selection
    try:
        at.run()
    finally:
        element_tree.ElementTree.get_widget_states = original
    return at


def save_new_user(at):
    [b for b in at.button if b.label == "Spara" and "new_user" in b.form_id][0].click().run()
    assert not at.exception, at.exception


def test_ui16_admin_new_user_submitted_empty_names_each_required_field_and_sums_up(open_page):
    at = open_page(ADMIN, "admin")
    assert at.text_input(key="new_user_username").label == "Användarnamn *"
    assert at.text_input(key="new_user_name").label.endswith(" *")
    assert at.multiselect(key="new_user_roles").label.endswith(" *")
    assert at.text_input(key="new_user_pw").label.endswith(" *")
    assert not at.text_input(key="new_user_email").label.endswith(" *")     # optional: not marked
    at.text_input(key="new_user_email").input("vera@example.invalid")
    save_new_user(at)
    shown = errors(at)
    assert "Användarnamn: Fyll i fältet." in shown, shown                  # the label, not "username"
    assert not any(e.startswith("username:") for e in shown)
    assert shown[-1] == "Fyll i 4 fält: Användarnamn, Namn, Roller och Lösenord.", shown
    assert at.text_input(key="new_user_email").value == "vera@example.invalid"   # nothing typed is lost


def test_ui16_admin_a_bad_username_is_said_at_its_field_by_name(open_page):
    at = open_page(ADMIN, "admin")
    at.text_input(key="new_user_username").input("Vera Vårdare")
    at.text_input(key="new_user_name").input("Vera Vårdare")
    at.multiselect(key="new_user_roles").select(Role.REPORTER)
    at.text_input(key="new_user_pw").input("ett-långt-lösenord")
    save_new_user(at)
    shown = errors(at)
    assert any(e.startswith("Användarnamn: ") and "2–40 tecken" in e for e in shown), shown
    assert shown[-1] == "Rätta 1 fält: Användarnamn."
    assert at.text_input(key="new_user_username").value == "Vera Vårdare"


def test_ui16_admin_picks_the_user_to_edit_by_selecting_the_row_in_the_grid(open_page):
    at = open_page(ADMIN, "admin")
    assert not [s for s in at.selectbox if s.key == "admin_pick_user"]       # no dropdown under the grid
    grid = at.dataframe[0]
    usernames = list(grid.value["Användarnamn"])
    row = usernames.index("reporter2")
    select_row(at, "admin_users_grid", row)
    assert not at.exception, at.exception
    assert at.text_input(key="edit_reporter2_name").value
    assert at.text_input(key="edit_reporter2_username").value == "reporter2"


def test_ui16_ny_akutsag_submitted_empty_names_each_required_field_in_danish_and_sums_up(open_page, monkeypatch):
    monkeypatch.setenv("CASEDESK_NOW", "2026-11-23T17:30:00+01:00")      # a Monday evening: outside hours
    at = open_page("pages/51_Ny_akutsag.py", "partner")
    assert not at.exception, at.exception
    assert at.text_input(key="urg_new_street").label.endswith(" *")
    assert not at.text_input(key="urg_new_contact_email").label.endswith(" *")
    at.text_input(key="urg_new_town").input("København S")
    at.button[0].click().run()
    assert not at.exception and not at.success
    shown = errors(at)
    street = at.text_input(key="urg_new_street").label.removesuffix(" *")
    assert f"{street}: Udfyld feltet." in shown, shown
    assert not any(e == "Obligatorisk felt." for e in shown)             # no anonymous boxes
    assert shown[-1].startswith("Udfyld 7 felter: ") and " og " in shown[-1], shown
    assert "København" not in shown[-1]
    assert at.text_input(key="urg_new_town").value == "København S"      # nothing typed is lost
