"""Small builders for deviation tests on a temp DuckDB: units, people, devices, drafts.

Fictional people only: the patient is the test identity Tolvan Tolvansson (191212121212).
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

import pytest

from logic import reference

from logic.access import Role, User
from logic.deviations import services
from logic.deviations.model import (
    DesiredAction,
    DeviationDraft,
    DeviceReturn,
    EventType,
    RegistrationPath,
    ReportState,
    WantedBack,
)
from logic.store.connect import open_database
from logic.store.db import Database
from tests.conftest import _pg_database, add_unit, add_user

TOLVAN = "191212121212"
OTHER_PATIENT = "194001019274"
CARE_UNIT_NO = "40012"


@dataclass
class World:
    reporter: User          # site-1, prescriber FK0001
    colleague: User         # site-1 too, prescriber FK0002
    two_sites: User         # site-1 and site-2
    stranger: User          # site-2 only, prescriber FK0003
    tech: User              # centre staff (tekniker)
    handler: User           # avvikelsehandläggare
    analyst: User
    manager: User


def add_article(db: Database, no: str, name: str, individual: bool = True) -> None:
    with db.tx() as tx:
        tx.execute("INSERT INTO articles VALUES (?, ?, ?, ?)", [no, name, individual, "Rullverk AB"])


def add_recipient(db: Database, rid: str, name: str, kind: str = "patient", unit: str = "site-1") -> None:
    with db.tx() as tx:
        tx.execute("INSERT INTO recipients VALUES (?, ?, ?, ?)", [rid, kind, name, unit])


def add_device(db: Database, did: str, recipient: str, article: str, individual_no: str | None,
               delivered: date | None, ordered: date | None = None) -> None:
    with db.tx() as tx:
        tx.execute("INSERT INTO devices VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [did, recipient, article, individual_no, False, ordered or delivered, delivered])


def add_stock(db: Database, sid: str, article: str, individual_no: str | None, quantity: int = 1) -> None:
    with db.tx() as tx:
        tx.execute("INSERT INTO stock_items (id, unit_id, article_no, individual_no, quantity)"
                   " VALUES (?, 'centre', ?, ?, ?)", [sid, article, individual_no, quantity])


def add_work_order(db: Database, no: str, recipient: str | None, article: str, individual_no: str | None) -> None:
    with db.tx() as tx:
        tx.execute("INSERT INTO work_orders (no, recipient_id, article_no, individual_no, description, performed,"
                   " unit_id, status) VALUES (?, ?, ?, ?, ?, ?, 'site-1', 'performed')",
                   [no, recipient, article, individual_no, "Byte av drivhjul", date(2026, 2, 1)])


def build_world(db: Database) -> World:
    add_unit(db, "centre", kind="centre", name="Hjälpmedelscentralen Västerby", city="Västerby")
    add_unit(db, "site-1", code="1012", name="Rehab medicinska kliniken (5)", city="Västerby", parent_id="centre")
    add_unit(db, "site-2", code="1033", name="Vårdcentralen Söder", city="Österby", parent_id="centre")
    add_article(db, "49509", "Rullstol Cross B42.5 Dj46")
    add_article(db, "10366", "Rollator Standard 62")
    add_article(db, "22010", "Duschpall med ryggstöd", individual=False)
    add_article(db, "70250", "Hygienstol tippbar")
    add_recipient(db, TOLVAN, "Tolvan Tolvansson")
    add_recipient(db, OTHER_PATIENT, "Elsa Exempelsson", unit="site-2")
    add_recipient(db, CARE_UNIT_NO, "Korttidsboendet Linden", kind="care_unit")
    add_device(db, "dev-1", TOLVAN, "49509", "CFH188493", date(2026, 1, 5))
    add_device(db, "dev-2", TOLVAN, "10366", None, None, ordered=date(2026, 2, 1))     # not handed out
    add_device(db, "dev-old", TOLVAN, "10366", "CFH100001", date(2016, 2, 1))          # ten years ago
    add_device(db, "dev-cu", CARE_UNIT_NO, "70250", "CFH777001", date(2025, 3, 1))
    add_stock(db, "stk-1", "49509", "CFH900101")
    add_stock(db, "stk-3", "22010", None, 14)
    add_work_order(db, "AO-26-1001", TOLVAN, "49509", "CFH188493")
    add_work_order(db, "AO-26-2001", CARE_UNIT_NO, "70250", "CFH777001")
    return World(
        reporter=add_user(db, "rita", [Role.REPORTER], ["site-1"], name="Rita Rapportör",
                          prescriber_code="FK0001"),
        colleague=add_user(db, "kurt", [Role.REPORTER], ["site-1"], name="Kurt Kollega",
                           prescriber_code="FK0002"),
        two_sites=add_user(db, "tove", [Role.REPORTER], ["site-1", "site-2"], name="Tove Tvåställe",
                           prescriber_code="FK0004"),
        stranger=add_user(db, "sune", [Role.REPORTER], ["site-2"], name="Sune Söder",
                          prescriber_code="FK0003"),
        tech=add_user(db, "tore", [Role.CENTRE_STAFF], ["centre"], name="Tore Tekniker"),
        handler=add_user(db, "hanna", [Role.HANDLER], ["centre"], name="Hanna Handläggare"),
        analyst=add_user(db, "anja", [Role.ANALYST], [], name="Anja Analytiker"),
        manager=add_user(db, "maja", [Role.MANAGER], ["site-1"], name="Maja Chef"),
    )


SUBJECTS = {
    RegistrationPath.RECIPIENT_DEVICE: dict(recipient_id=TOLVAN, device_id="dev-1"),
    RegistrationPath.UNREGISTERED_DEVICE: dict(recipient_id=TOLVAN, article_no="51200",
                                               article_name="Kryckkäpp justerbar"),
    RegistrationPath.STOCK_INDIVIDUAL: dict(stock_item_id="stk-1"),
    RegistrationPath.STOCK_ARTICLE: dict(stock_item_id="stk-3"),
    RegistrationPath.SERVICE_WORK_ORDER: dict(work_order_no="AO-26-1001"),
    RegistrationPath.SERVICE_NO_ORDER: dict(service_description="Montering av ramp vid entrén"),
}


def a_draft(path: RegistrationPath = RegistrationPath.RECIPIENT_DEVICE, **overrides) -> DeviationDraft:
    """A complete Tillbud (or, on buffer stock, a Reklamation) that passes every rule."""
    values = dict(
        path=path, service_site_id="site-1", is_wear_and_tear=False, **SUBJECTS[path],
        event_type=EventType.INCIDENT, category="komponent",
        occurred_date=date(2026, 2, 10), occurred_time=time(14, 30), location="I hemmet",
        concerns="Böjd länkhjulsgaffel på rullstol",
        what_happened="Gaffeln till höger länkhjul var böjd och lös. Rullstolen togs ur bruk.",
        injury="Nej, men patienten kunde ha fallit.", desired_action=DesiredAction.SEND_TO_CENTRE,
        device_return=DeviceReturn.WILL_BE_SENT, report_attached=True,
        wanted_back=WantedBack.SAME_DEVICE, contact_name="Rita Rapportör", contact_phone="070-123 45 67")
    if path.on_stock and "event_type" not in overrides:
        values.update(event_type=EventType.COMPLAINT, category="fel_brist")
    values.update(overrides)
    return DeviationDraft(**values)


def register(db, clock, user, **overrides) -> str:
    return services.register_deviation(db, clock, user, a_draft(**overrides))


def version_of(db: Database, case_id: str) -> int:
    with db.read() as r:
        return r.scalar("SELECT version FROM cases WHERE id = ?", [case_id])


def answered(db, clock, w: World, case_id: str, text: str = "Hjulgaffeln är bytt.") -> None:
    services.answer(db, clock, w.tech, case_id, text, version_of(db, case_id))


def reports_decided(db, clock, w: World, case_id: str) -> None:
    services.record_handling(db, clock, w.handler, case_id, investigation="Materialfel.",
                             manufacturer=ReportState.NOT_NEEDED, manufacturer_on=None,
                             mpa=ReportState.NOT_NEEDED, mpa_on=None,
                             expected_version=version_of(db, case_id))


# Building the world costs ~0.5 s (migrations of every context, reference data, bcrypt-free
# users); it is built once per worker and each test gets its own copy of the file.


@pytest.fixture(scope="session")
def dev_template(tmp_path_factory) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("dev_world") / "world.duckdb"
    database = Database(path)
    reference.load_all(database)
    world = build_world(database)
    database.checkpoint()
    database.close()
    return path, world


@pytest.fixture(scope="session")
def pg_world_template(pg_cluster, dev_template) -> str:
    """The same world on PostgreSQL (build_world gives the same ids on a fresh database)."""
    def build(url):
        database = open_database(url)
        reference.load_all(database)
        build_world(database)
        database.close()
    return pg_cluster.template("tpl_world", build)


@pytest.fixture
def world_db(dev_template, backend, request, tmp_path):
    """A fresh database holding the world, one per test (a DuckDB file, or PostgreSQL)."""
    if backend == "postgres":
        database = open_database(_pg_database(request, "pg_world_template"))
    else:
        target = tmp_path / "world.duckdb"
        shutil.copy(dev_template[0], target)
        database = Database(target)
    yield database
    database.close()
