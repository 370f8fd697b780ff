"""ADM-1, IMP-1..7 on screen: the master-data grid and the import page, admin only."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.both_backends


PAGES = ["pages/92_Grunddata.py", "pages/93_Import.py"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", ["handlaggare", "analytiker", "lakare", "forsikring", "granskare"])
def test_adm1_only_admin_opens_master_data_and_import(open_page, page, username):
    at = open_page(page, username)
    assert at.error and not at.dataframe and not at.get("file_uploader")


def _grid_edit(at, key, edited=None, added=None):
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": []}
    at.run()


def _unit(demo_db_path, unit_id):
    from logic.store.connect import open_database

    db = open_database(demo_db_path)
    try:
        with db.read() as r:
            return r.row("SELECT * FROM units WHERE id = ?", [unit_id])
    finally:
        db.close()


def test_adm4_the_grid_shows_every_unit_and_saves_an_edit_and_a_new_row(open_page, demo_db_path):
    at = open_page("pages/92_Grunddata.py", "admin")
    assert not at.exception
    grid = at.dataframe(key="md_grid_units_0").value
    centre = grid.index[grid["id"] == "centre"][0]
    assert "Skybrud Service ApS" in set(grid["name"])          # insurance units are in the same tree
    assert grid.loc[centre, "parent_id"] == ""                    # an empty cell, not "None"
    _grid_edit(at, "md_grid_units_0", {str(centre): {"name": "Hjälpmedelscentralen Väst"}},
               [{"id": "vc-ny", "name": "Vårdcentralen Ny", "kind": "org_unit", "parent_id": "org-nsv"}])
    assert at.button(key="md_save_units").label.endswith("(2)")
    at.button(key="md_save_units").click().run()
    assert [x.value for x in at.get("toast")] == ["Sparat: 1 nya, 1 ändrade."]
    assert _unit(demo_db_path, "centre")["name"] == "Hjälpmedelscentralen Väst"
    assert _unit(demo_db_path, "vc-ny")["parent_id"] == "org-nsv"
    assert at.dataframe(key="md_grid_units_1") is not None       # a fresh grid: the edits are saved
    log = at.dataframe[-1].value                                  # ADM-3: the change log under the grid
    change = log[log["Nyckel"] == "centre"].iloc[0]
    assert (change["Vem"], change["Vad händer"], change["Kolumn"], change["Efter"], change["Via"]) == \
        ("admin", "Ändrade", "Namn", "Hjälpmedelscentralen Väst", "Grunddata")
    assert set(log[log["Nyckel"] == "vc-ny"]["Vad händer"]) == {"Nya"}


def test_adm2_refused_rows_are_named_and_nothing_is_saved(open_page, demo_db_path):
    at = open_page("pages/92_Grunddata.py", "admin")
    _grid_edit(at, "md_grid_units_0", added=[{"id": "vc-a", "name": "A", "kind": "org_unit", "parent_id": "nowhere"},
                                             {"id": "vc-b", "name": "B", "kind": "org_unit"}])
    at.button(key="md_save_units").click().run()
    assert "Ingenting sparades" in at.error[0].value
    errors = next(d.value for d in at.dataframe if "Orsak" in d.value.columns)
    assert "Den överordnade enheten finns inte" in errors.iloc[0, 3]
    assert _unit(demo_db_path, "vc-b") is None                    # all or nothing
    assert at.session_state["md_grid_units_0"]["added_rows"]      # the edits are kept


def test_imp1_import_page_offers_templates_and_an_uploader(open_page):
    at = open_page("pages/93_Import.py", "admin")
    assert not at.exception
    assert at.selectbox(key="imp_kind").value == "units"
    assert len(at.get("download_button")) == 2
    assert at.get("file_uploader")
