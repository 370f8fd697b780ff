"""X-7 (the user's language): reference data a screen shows — deviation categories (DEV-6), the
ORG classification and its guidance (ORG-2, ORG-3), certificate types (CERT-1) — reaches a Danish
user in Danish, on a new database and on one made before the Danish names existed."""
from __future__ import annotations

import json

import pytest

from logic import i18n, reference
from logic.certificates import services as cert_services
from logic.certificates.reference import TYPES_FILE
from logic.deviations import services as dev_services
from logic.deviations.model import EventType
from logic.deviations.pdf import category_label
from logic.org import services as org_services
from logic.org.reference import FILE as ORG_FILE
from logic.reference import REFERENCE
from logic.store import certificates_repo, deviations_repo, org_repo
from logic.store.connect import open_database

pytestmark = pytest.mark.both_backends

BEFORE_DANISH = "0010_board_counts.sql"


def test_x7_i18n_reference_data_reaches_a_danish_user_in_danish(db):
    fall = dev_services.categories_for(db, EventType.NEGATIVE)["fall"]
    assert (fall.name("da"), fall.name("sv"), fall.name("en")) == ("Faldulykke", "Fallolycka", "Fall")
    assert dev_services.categories_for(db, EventType.COMPLAINT)["felleverans"].name("da") == "Fejllevering"
    nodes = org_services.classification(db)
    assert nodes["forsakringsmedicin"].name("da") == "Forsikringsmedicin"
    assert nodes["vard_behandling"].guidance("da").startswith("En behandlingsafvigelse gælder en patient")
    assert nodes["vard_behandling"].guidance("sv").startswith("En vårdavvikelse gäller")
    types = {ct.code: ct for ct in cert_services.certificate_types(db)}
    assert types["lisjp"].name("da") == "Lægeattest til sygedagpenge (Läkarintyg för sjukpenning)"
    assert types["db"].name("sv") == "Dödsbevis"
    # every shipped row has its Danish name in the table
    with db.read() as r:
        for table in ("deviation_categories", "org_classification", "certificate_types"):
            assert r.scalar(f"SELECT count(*) FROM {table} WHERE name_da IS NULL OR name_da = ''") == 0, table


def test_x7_i18n_case_pages_of_every_kind_name_reference_data_in_danish(demo_db):
    """The rows the case pages, lists and PDFs read carry the Danish name (demo cases)."""
    with demo_db.read() as r:
        dev_id = r.scalar("SELECT id FROM cases WHERE kind = 'deviation' ORDER BY id LIMIT 1")
        org_id = r.scalar("SELECT id FROM cases WHERE kind = 'org' ORDER BY id LIMIT 1")
        cert_id = r.scalar("SELECT id FROM cases WHERE kind = 'certificate' ORDER BY id LIMIT 1")
        dev = deviations_repo.deviation(r, dev_id)
        org = org_repo.org_case(r, org_id)
        cert = certificates_repo.certificate(r, cert_id)
        names_da = {row["code"]: row["name_da"] for row in r.rows("SELECT code, name_da FROM org_classification")}
        cats_da = {(row["event_type"], row["code"]): row["name_da"]
                   for row in r.rows("SELECT event_type, code, name_da FROM deviation_categories")}
    assert category_label(dev, "da") == cats_da[(dev["event_type"], dev["category"])] != dev["category_name_sv"]
    assert i18n.pick_row("da", org, "area") == names_da[org["area"]]
    assert i18n.pick_row("da", org, "deficiency") == names_da[org["deficiency"]]
    assert i18n.pick_row("da", cert, "type_name") == i18n.t("da", f"certificate.type.{cert['type_code']}")
    assert i18n.pick_row("da", cert, "type_name") != cert["type_name_sv"]


@pytest.fixture
def new_installation(backend, request, tmp_path):
    """Where a new installation's database goes: a DuckDB file, or an empty PostgreSQL database."""
    if backend == "postgres":
        cluster = request.getfixturevalue("pg_cluster")
        name = cluster.new_database()
        request.addfinalizer(lambda: cluster.drop(name))
        return cluster.url(name)
    return tmp_path / "before.duckdb"


def _old_installation(path) -> None:
    """A database made before migration 0011, its reference tables loaded as the loaders then
    did (Swedish and English only); an admin renamed one category and added one of their own."""
    old = open_database(path, migrate_upto=BEFORE_DANISH)
    categories = json.loads((REFERENCE / "deviation_categories.json").read_text(encoding="utf-8"))
    with old.tx() as tx:
        for event_type, items in categories.items():
            for i, item in ([] if event_type.startswith("_") else enumerate(items)):
                tx.execute("INSERT INTO deviation_categories (event_type, code, name_sv, name_en, sort)"
                           " VALUES (?, ?, ?, ?, ?)", [event_type, item["code"], item["sv"], item["en"], i])
        tx.execute("UPDATE deviation_categories SET name_sv = 'Fall i trappa' WHERE code = 'fall'")
        tx.execute("INSERT INTO deviation_categories (event_type, code, name_sv, name_en)"
                   " VALUES ('tillbud', 'egen', 'Egen kategori', 'Own category')")
        for area in json.loads(ORG_FILE.read_text(encoding="utf-8"))["areas"]:
            for node in [area, *area.get("types", [])]:
                tx.execute("INSERT INTO org_classification (code, parent_code, entry, name_sv, name_en,"
                           " guidance_sv, guidance_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [node["code"], None if node is area else area["code"], area["entry"], node["sv"],
                            node["en"], node.get("guidance_sv"), node.get("guidance_en")])
        for item in json.loads(TYPES_FILE.read_text(encoding="utf-8"))["types"]:
            tx.execute("INSERT INTO certificate_types (code, name_sv, name_en, authority, mina_intyg,"
                       " staff_send, auto_send) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [item["code"], item["sv"], item["en"], item["authority"], item["mina_intyg"],
                        item["staff_send"], item["auto_send"]])
    old.close()


def test_x7_i18n_an_existing_database_gets_the_danish_names_at_the_next_start(new_installation):
    path = new_installation
    _old_installation(path)
    database = open_database(path)            # migration 0011 adds the columns, empty
    try:
        with database.read() as r:
            assert r.scalar("SELECT count(*) FROM deviation_categories WHERE name_da IS NOT NULL") == 0
        assert reference.load_all(database) == {"deviation_categories": 0, "org_classification": 0,
                                                "certificate_types": 0,   # nothing loaded twice
                                                "org_grounds": 6}         # issue 17's new table, filled once
        incidents = dev_services.categories_for(database, EventType.INCIDENT)
        assert incidents["risk_fall"].name("da") == "Risiko for fald"
        # renamed by the admin: the shipped Danish no longer fits, the admin's Swedish shows
        assert dev_services.categories_for(database, EventType.NEGATIVE)["fall"].name("da") == "Fall i trappa"
        assert incidents["egen"].name("da") == "Egen kategori"      # the admin's own, no Danish given
        nodes = org_services.classification(database)
        assert nodes["lakemedel"].name("da") == "Lægemidler"
        assert nodes["verksamhet"].guidance("da").startswith("Mangler i, hvordan virksomheden")
        assert {ct.code: ct.name("da") for ct in cert_services.certificate_types(database)}["doi"] \
            == "Dødsårsagsattest (Dödsorsaksintyg)"
        with database.read() as r:
            assert r.scalar("SELECT count(*) FROM deviation_categories") == 19
            assert r.scalar("SELECT count(*) FROM org_classification WHERE name_da IS NULL") == 0
            assert r.scalar("SELECT count(*) FROM certificate_types WHERE name_da IS NULL") == 0
    finally:
        database.close()


def test_x7_i18n_admins_give_a_danish_name_to_what_they_add(db, clock):
    from logic.access import Role
    from tests.conftest import add_user

    admin = add_user(db, "admin1", [Role.ADMIN])
    dev_services.save_category(db, clock, admin, event_type=EventType.INCIDENT, code="glatt", name_sv="Halt golv",
                               name_en="Slippery floor", requires_delivery_ref=False, sort=5, active=True,
                               name_da="Glat gulv")
    assert dev_services.categories_for(db, EventType.INCIDENT)["glatt"].name("da") == "Glat gulv"
    org_services.save_node(db, clock, admin, code="parkering", parent_code="miljo", entry=None,
                           name_sv="Parkering", name_en="Parking", name_da="Parkering og adgang",
                           guidance_sv="Om parkeringen.", guidance_da="Om parkeringen (da).")
    node = org_services.classification(db)["parkering"]
    assert (node.name("da"), node.guidance("da"), node.guidance("en")) == (
        "Parkering og adgang", "Om parkeringen (da).", "Om parkeringen.")
