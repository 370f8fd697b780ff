"""ADM-6, ADM-7 on screen: the device register and the patients/recipients list in the
master-data grid — identity numbers masked until revealed (each reveal in the access log),
edits saved through the plan, refusals named at the row."""
from __future__ import annotations

from datetime import date

import pytest

from logic.store.connect import open_database

pytestmark = pytest.mark.both_backends


def _query(path, sql, params=()):
    db = open_database(path)
    try:
        with db.read() as r:
            return r.rows(sql, list(params))
    finally:
        db.close()


def _open_kind(open_page, name):
    at = open_page("pages/92_Grunddata.py", "admin")
    at.segmented_control(key="md_kind").set_value(name).run()
    assert not at.exception
    return at


def _grid_edit(at, key, edited=None, added=None):
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": []}
    at.run()


def _revealed(path):
    return _query(path, "SELECT count(*) AS n FROM access_log WHERE purpose = 'admin_register'")[0]["n"]


def test_adm7_the_patients_grid_masks_identities_until_revealed_and_logs_each_reveal(open_page, demo_db_path):
    at = _open_kind(open_page, "patients")
    grid = at.dataframe(key="md_grid_patients_0").value
    assert "19121212-****" in set(grid["id"]) and "191212121212" not in set(grid["id"])
    assert "40012" in set(grid["id"])                                   # a care unit's customer number is no secret
    assert "Tolvan Tolvansson" in set(grid["name"])
    assert _revealed(demo_db_path) == 0
    at.toggle(key="md_reveal_patients").set_value(True).run()
    grid = at.dataframe(key="md_grid_patients_0").value
    assert "191212121212" in set(grid["id"])
    people = sum(1 for v in grid["id"] if v != "40012")
    assert _revealed(demo_db_path) == people                            # one entry per number shown
    at.run()                                                            # a rerun of the same view
    assert _revealed(demo_db_path) == people


def test_adm7_a_new_patient_typed_in_the_grid_is_saved_and_a_bad_number_is_named(open_page, demo_db_path):
    at = _open_kind(open_page, "patients")
    _grid_edit(at, "md_grid_patients_0", added=[{"id": "19121212-1213", "name": "Fel Felsson"}])
    at.button(key="md_save_patients").click().run()
    assert "Ingenting sparades" in at.error[0].value
    assert "Kontrollsiffran stämmer inte" in at.dataframe[-1].value.iloc[0, 3]
    _grid_edit(at, "md_grid_patients_0", added=[{"id": "19870314-1427", "name": "Ivar Ny", "unit_id": "1012"}])
    at.button(key="md_save_patients").click().run()
    assert [x.value for x in at.get("toast")] == ["Sparat: 1 nya, 0 ändrade."]
    assert _query(demo_db_path, "SELECT name, unit_id FROM recipients WHERE id = '198703141427'") == [
        {"name": "Ivar Ny", "unit_id": "site-1012"}]


def test_adm6_the_device_grid_saves_a_delivery_and_refuses_a_future_date(open_page, demo_db_path):
    at = _open_kind(open_page, "recipient_devices")
    grid = at.dataframe(key="md_grid_recipient_devices_0").value
    waiting = grid.index[(grid["article_no"] == "49506") & grid["delivered"].isna()][0]   # Tolvan's, not delivered
    _grid_edit(at, "md_grid_recipient_devices_0", {str(waiting): {"delivered": "2026-12-01"}})   # the clock: 2026-11-20
    at.button(key="md_save_recipient_devices").click().run()
    assert "framtiden" in at.dataframe[-1].value.iloc[0, 3]
    assert _query(demo_db_path, "SELECT delivered FROM devices WHERE id = 'dev-2'")[0]["delivered"] is None
    _grid_edit(at, "md_grid_recipient_devices_0", {str(waiting): {"delivered": "2026-11-19"}})
    at.button(key="md_save_recipient_devices").click().run()
    assert [x.value for x in at.get("toast")] == ["Sparat: 0 nya, 1 ändrade."]
    assert _query(demo_db_path, "SELECT delivered FROM devices WHERE id = 'dev-2'")[0]["delivered"] == date(2026, 11, 19)


def test_adm6_the_import_page_offers_every_register_kind_with_a_template(open_page):
    at = open_page("pages/93_Import.py", "admin")
    for name in ("articles", "patients", "individuals", "stock", "recipient_devices", "work_orders"):
        at.selectbox(key="imp_kind").set_value(name).run()
        assert not at.exception
        assert len(at.get("download_button")) == 2
