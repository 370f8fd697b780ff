"""Builders for certificate tests: two units, physicians with the CERT-2 prerequisites, an
admin, an analyst, and three patients (one with protected identity, one with a reserve number).

The world is built once per session (a DuckDB file, and on PostgreSQL a template database) and
each test gets its own copy: `cert_db` (import it with the template fixtures, as
tests/store/dev_world.py's `world_db`) and `World(db, clock, built=True)`."""
from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from logic import audit, reference, users
from logic.access import Role
from logic.certificates import services
from logic.clock import FixedClock
from logic.store import core_repo
from logic.store.connect import open_database
from logic.store.db import Database
from tests.conftest import STOCKHOLM, _pg_database, add_unit, add_user

UNIT, OTHER = "vc-1", "vc-2"
TOLVAN = "191212121212"
PROTECTED = "199212319876"
RESERVE = "19850315-R001"


def sick_pay(day: date) -> dict:
    return {"basis": "examination", "basis_date": day.isoformat(), "occupation": "current_work",
            "diagnosis_code": "F32.1", "diagnosis_text": "Medelsvår depressiv episod",
            "functional_impairment": "Koncentrationssvårigheter.", "activity_limitation": "Klarar inte heltid.",
            "sick_leave": [{"degree": 100, "from": day.isoformat(), "to": (day + timedelta(days=13)).isoformat()}],
            "proposed_measures": "Samtalsbehandling."}


DEATH = {"identity_checked_death": "id_band", "death_date": "2026-02-11", "death_date_certain": "yes",
         "death_place": "Västerby", "explosive_implant": "no", "external_examination": "yes",
         "police_report": "no"}
CAUSE = {"death_date": "2026-02-11", "death_place": "Västerby", "immediate_cause": "Hjärtinfarkt",
         "underlying_cause_code": "I21.9", "manner_of_death": "disease", "autopsy": "no"}
TS = {"license_categories": "B", "identity_checked": "id_card", "vision_ok": "yes",
      "traffic_relevant_conditions": "Inga", "assessment": "fit"}
AG = {"work_capacity": "Kan inte lyfta.", "sick_leave": [{"degree": 100, "from": "2026-02-12", "to": "2026-02-18"}]}


def build_world(db, clock) -> None:
    """The units, users, rights and patients every certificate test starts from."""
    add_unit(db, UNIT, name="Vårdcentralen Test", workplace_code="4711001")
    add_unit(db, OTHER, name="Vårdcentralen Två", workplace_code="4711002")
    admin = add_user(db, "admin", [Role.ADMIN])
    doc = add_user(db, "doc", [Role.PHYSICIAN], [UNIT, OTHER], name="Dora Doktor", prescriber_code="LK0001")
    add_user(db, "doc2", [Role.PHYSICIAN], [UNIT], name="Dan Doktor", prescriber_code="LK0002")
    add_user(db, "outsider", [Role.PHYSICIAN], [OTHER], prescriber_code="LK0003")
    add_user(db, "analyst", [Role.ANALYST])
    for unit in (UNIT, OTHER):      # CERT-18: both units connected to the service contract
        services.set_service_contract(db, clock, admin, unit, True)
    for u in ("doc", "doc2"):
        services.set_rights(db, clock, admin, u, protected_title="Läkare", webcert=True, care_units=[UNIT])
    services.set_rights(db, clock, admin, "outsider", protected_title="Läkare", webcert=True, care_units=[OTHER])
    # loaded again, as every page run does: a user carries the units where it may read
    # certificates (access.with_scopes), worked out when loaded
    doc = users.load_user(db, "doc")
    for raw, name, protected in ((TOLVAN, "Tolvan Tolvansson", False), (PROTECTED, "Hemlig Hemligsson", True),
                                 (RESERVE, "Reserv Reservsson", False)):
        services.register_patient(db, clock, doc, UNIT, raw, name, protected)


class World:
    def __init__(self, db, clock, *, built: bool = False):
        """The world on db: built now, or (built=True) already there (a copy of the template)."""
        self.db, self.clock = db, clock
        if not built:
            build_world(db, clock)
        self.admin, self.doc, self.doc2, self.outsider, self.analyst = (
            users.load_user(db, u) for u in ("admin", "doc", "doc2", "outsider", "analyst"))

    def create(self, type_code="lisjp", patient=TOLVAN, user=None, **kw) -> str:
        return services.create_certificate(self.db, self.clock, user or self.doc, unit_id=UNIT,
                                           patient_id=patient, type_code=type_code, **kw)

    def version(self, case_id) -> int:
        with self.db.read() as r:
            return core_repo.case(r, case_id)["version"]

    def status(self, case_id) -> str:
        with self.db.read() as r:
            return core_repo.case(r, case_id)["status"]

    def fill(self, case_id, content, user=None) -> int:
        return services.save_fields(self.db, self.clock, user or self.doc, case_id, content, self.version(case_id))

    def signed(self, type_code="lisjp", content=None, patient=TOLVAN) -> str:
        case_id = self.create(type_code, patient)
        self.fill(case_id, content or sick_pay(self.clock.now().date()))
        services.sign(self.db, self.clock, self.doc, case_id, self.version(case_id))
        return case_id

    def sent(self, **kw) -> str:
        case_id = self.signed(**kw)
        services.send(self.db, self.clock, self.doc, case_id, consent=True, expected_version=self.version(case_id))
        return case_id

    def get(self, case_id, user=None, **kw) -> dict:
        return services.get_certificate(self.db, self.clock, user or self.doc, case_id, **kw)

    def log(self, case_id) -> list[str]:
        return [e["action"] for e in audit.case_log(self.db, case_id)]

    def count(self) -> int:
        with self.db.read() as r:
            return r.scalar("SELECT count(*) FROM cases WHERE kind = 'certificate'")


# Building the world costs ~1.5 s on this machine (units, users, rights, patients through the
# services); it is built once per session and each test gets its own copy.
BUILT_AT = datetime(2026, 2, 12, 10, 0, tzinfo=STOCKHOLM)       # tests/conftest.py's clock


@pytest.fixture(scope="session")
def cert_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cert_world") / "world.duckdb"
    database = Database(path)
    reference.load_all(database)
    build_world(database, FixedClock(BUILT_AT))
    database.checkpoint()
    database.close()
    return path


@pytest.fixture(scope="session")
def pg_cert_template(pg_cluster) -> str:
    """The same world on PostgreSQL."""
    def build(url):
        database = open_database(url)
        reference.load_all(database)
        build_world(database, FixedClock(BUILT_AT))
        database.close()
    return pg_cluster.template("tpl_cert_world", build)


@pytest.fixture
def cert_db(backend, request, tmp_path):
    """A fresh database holding the certificate world, one per test (a DuckDB file, or PostgreSQL)."""
    if backend == "postgres":
        database = open_database(_pg_database(request, "pg_cert_template"))
    else:
        target = tmp_path / "world.duckdb"
        shutil.copy(request.getfixturevalue("cert_template"), target)
        database = Database(target)
    yield database
    database.close()
