"""ADM-8/9/10 on screen: the offices grid (seed 004's office settings) on the master-data page,
the reference-data kinds listed there and on the import page, the urgent admin page still
used by insurer users, and the notes of a unit move in the grid."""
from __future__ import annotations

import pytest

from logic.store.connect import open_database
from logic.urgent.model import CreatePermission
from tests.pages.conftest import texts

pytestmark = pytest.mark.both_backends

KOBENHAVN = "skybrud-service-aps-kobenhavn"


def _row(demo_db_path, sql, params):
    db = open_database(demo_db_path)
    try:
        with db.read() as r:
            return r.row(sql, params)
    finally:
        db.close()


def _office(demo_db_path, office_id):
    return _row(demo_db_path, "SELECT u.name, u.parent_id, s.* FROM units u LEFT JOIN urgent_office_settings s"
                " ON s.office_id = u.id WHERE u.id = ?", [office_id])


def _open_kind(open_page, kind):
    at = open_page("pages/92_Grunddata.py", "admin")
    at.session_state["md_kind"] = kind
    at.run()
    assert not at.exception
    return at


def _grid_edit(at, key, edited=None, added=None):
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": []}
    at.run()


def test_adm8_the_offices_grid_shows_every_office_with_its_settings(open_page):
    at = _open_kind(open_page, "offices")
    grid = at.dataframe(key="md_grid_offices_0").value
    row = grid[grid["id"] == KOBENHAVN].iloc[0]
    assert (row["name"], row["company_id"], row["insurer_id"]) == ("København", "co-skybrud-service-aps", "ins-nordlys")
    assert row["create_permission"] == "outside_hours" and "partner" in row["members"]


def test_adm8_the_offices_grid_saves_details_permission_and_a_new_office(open_page, demo_db_path):
    at = _open_kind(open_page, "offices")
    grid = at.dataframe(key="md_grid_offices_0").value
    idx = int(grid.index[grid["id"] == KOBENHAVN][0])
    _grid_edit(at, "md_grid_offices_0",
               {str(idx): {"create_permission": "always", "cvr": "13585628", "contact_name": "Frederik Service"}},
               [{"id": "skybrud-valby", "name": "Valby", "company_id": "co-skybrud-service-aps",
                 "create_permission": "never", "active": True}])
    at.button(key="md_save_offices").click().run()
    assert not at.exception
    assert [x.value for x in at.get("toast")] == ["Sparat: 1 nya, 1 ändrade."]
    saved = _office(demo_db_path, KOBENHAVN)
    assert (saved["create_permission"], saved["cvr"], saved["contact_name"]) == ("always", "13585628",
                                                                                "Frederik Service")
    assert _office(demo_db_path, "skybrud-valby")["parent_id"] == "co-skybrud-service-aps"


def test_adm8_a_bad_cvr_is_named_at_its_row_and_nothing_is_saved(open_page, demo_db_path):
    at = _open_kind(open_page, "offices")
    grid = at.dataframe(key="md_grid_offices_0").value
    idx = int(grid.index[grid["id"] == KOBENHAVN][0])
    _grid_edit(at, "md_grid_offices_0", {str(idx): {"cvr": "13585627", "city": "Valby"}})
    at.button(key="md_save_offices").click().run()
    assert "Ingenting sparades" in at.error[0].value
    errors = next(d.value for d in at.dataframe if "Orsak" in d.value.columns)
    assert errors.iloc[0, 0] == str(idx + 1)
    assert errors.iloc[0, 1] == "CVR-nummer"
    assert "modulus 11" in errors.iloc[0, 3]
    assert _office(demo_db_path, KOBENHAVN)["cvr"] is None


@pytest.mark.parametrize("kind", ["office_hours", "categories", "org_classification", "org_ladder", "cert_rights"])
def test_adm9_every_reference_kind_has_its_grid(open_page, kind):
    at = _open_kind(open_page, kind)
    assert len(at.dataframe(key=f"md_grid_{kind}_0").value) > 0


def test_adm8_the_import_page_offers_the_offices_template(open_page):
    at = open_page("pages/93_Import.py", "admin", {"kind": "offices"})
    assert at.selectbox(key="imp_kind").value == "offices"
    assert "CVR-nummer" in texts(at)


def test_adm8_the_urgent_admin_page_still_lets_the_insurer_set_an_offices_permission(open_page, demo_db_path):
    at = open_page("pages/59_Akut_admin.py", "forsikring")
    assert not at.exception
    at.selectbox(key="urg_admin_office").set_value(KOBENHAVN).run()
    at.radio[0].set_value(CreatePermission.ALWAYS)
    next(b for b in at.button if b.label == "Gem").click().run()
    assert not at.exception
    assert _office(demo_db_path, KOBENHAVN)["create_permission"] == "always"
    entry = _row(demo_db_path, "SELECT * FROM settings_log WHERE kind = 'offices' ORDER BY id DESC LIMIT 1", [])
    assert (entry["actor"], entry["key"], entry["source"]) == ("forsikring", KOBENHAVN, "screen:urgent_admin")


def test_adm10_moving_a_unit_in_the_grid_says_which_org_cases_moved(open_page, demo_db_path):
    case = _row(demo_db_path, "SELECT c.id, c.assignee, o.reporter_unit_id FROM cases c"
                " JOIN org_deviations o ON o.case_id = c.id JOIN org_steps s ON s.case_id = c.id AND s.decision IS NULL"
                " WHERE o.level = 'manager' AND c.closed_at IS NULL AND s.arrival = 'routed' ORDER BY c.id LIMIT 1", [])
    assert case is not None
    at = open_page("pages/92_Grunddata.py", "admin")
    grid = at.dataframe(key="md_grid_units_0").value
    unit = _row(demo_db_path, "SELECT * FROM units WHERE id = ?", [case["reporter_unit_id"]])
    other = _row(demo_db_path, "SELECT u.username FROM users u JOIN user_roles r USING (username)"
                 " WHERE r.role = 'manager' AND u.active AND u.username <> ? ORDER BY 1 LIMIT 1", [case["assignee"]])
    idx = int(grid.index[grid["id"] == unit["id"]][0])
    _grid_edit(at, "md_grid_units_0", {str(idx): {"manager": other["username"]}})
    at.button(key="md_save_units").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Öppna ORG-ärenden som flyttas till chefen" in shown and case["id"] in shown
    assert _row(demo_db_path, "SELECT assignee FROM cases WHERE id = ?", [case["id"]])["assignee"] == other["username"]


@pytest.mark.parametrize("page, kinds", [
    ("pages/39_Org_admin.py", ["org_ladder", "org_classification"]),
    ("pages/48_Intygsbehorighet.py", ["cert_rights"]),
    ("pages/90_Admin.py", ["categories"]),
])
def test_adm9_the_old_admin_pages_show_the_same_grid_with_the_way_to_import(open_page, page, kinds):
    at = open_page(page, "admin")
    assert not at.exception
    for kind in kinds:
        assert len(at.dataframe(key=f"md_grid_{kind}_0").value) > 0
    links = {link.proto.query_string for link in at.get("page_link") if link.proto.page == "Import"}
    assert {f"kind={kind}" for kind in kinds} <= links


def test_adm9_dev6_a_category_added_in_the_admin_pages_grid_is_saved(open_page, demo_db_path):
    at = open_page("pages/90_Admin.py", "admin")
    _grid_edit(at, "md_grid_categories_0", added=[{"event_type": "reklamation", "code": "Emballage",
                                                   "name_sv": "Skadad förpackning", "active": True}])
    at.button(key="md_save_categories").click().run()
    assert not at.exception
    saved = _row(demo_db_path, "SELECT * FROM deviation_categories WHERE code = 'emballage'", [])
    assert (saved["event_type"], saved["name_en"], saved["active"]) == ("reklamation", "Skadad förpackning", True)
