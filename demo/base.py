"""The demo's base world: units, fictional staff in every role, articles, recipients with their
devices, buffer stock and work orders."""
from __future__ import annotations

from datetime import timedelta

from demo.common import DEMO_PASSWORD
from logic import users
from logic.access import Role
from logic.clock import Clock, naive_utc
from logic.store import core_repo, demo_repo
from logic.store.db import Database

# Fictional people only. Tolvan Tolvansson (191212121212) is the classic Swedish test identity.
DEMO_USERS = [
    # username, name, roles, units, prescriber code, title, lang, tz, authority level
    ("reporter", "Rita Rapportör", [Role.REPORTER], ["site-1012", "site-1020"], "FK4711", "Arbetsterapeut", "sv", "Europe/Stockholm", None),
    ("reporter2", "Rolf Rapportör", [Role.REPORTER], ["site-1033"], "FK4712", "Fysioterapeut", "sv", "Europe/Stockholm", None),
    ("tekniker", "Tore Tekniker", [Role.CENTRE_STAFF], ["centre"], None, "Tekniker", "sv", "Europe/Stockholm", None),
    ("handlaggare", "Hanna Handläggare", [Role.HANDLER], ["centre"], None, "Avvikelsehandläggare", "sv", "Europe/Stockholm", None),
    ("chef", "Maja Chef", [Role.MANAGER], ["site-1012"], None, "Enhetschef", "sv", "Europe/Stockholm", None),
    ("lakare", "Lars Läkare", [Role.PHYSICIAN], ["site-1012"], "LK1001", "Läkare", "sv", "Europe/Stockholm", None),
    ("analytiker", "Anja Analytiker", [Role.ANALYST], [], None, "Analytiker", "sv", "Europe/Stockholm", None),
    ("admin", "Adam Admin", [Role.ADMIN], [], None, "Systemadministratör", "sv", "Europe/Stockholm", None),
    ("granskare", "Greta Granskare", [Role.AUDITOR], [], None, "Informationssäkerhet", "sv", "Europe/Stockholm", None),
    ("forsikring", "Frida Forsikring", [Role.INSURER], [], None, "Skadebehandler", "da", "Europe/Copenhagen", 6),
    ("partner", "Palle Partner", [Role.PARTNER], [], None, "Håndværker", "da", "Europe/Copenhagen", None),
]

UNITS = [
    {"id": "centre", "code": "HMC", "name": "Hjälpmedelscentralen Västerby", "kind": "centre", "city": "Västerby"},
    {"id": "site-1012", "code": "1012", "name": "Rehab medicinska kliniken (5)", "kind": "service_site", "parent_id": "centre", "city": "Västerby", "manager": "chef"},
    {"id": "site-1020", "code": "1020", "name": "Hemsjukvården Norr", "kind": "service_site", "parent_id": "centre", "city": "Västerby"},
    {"id": "site-1033", "code": "1033", "name": "Vårdcentralen Söder", "kind": "service_site", "parent_id": "centre", "city": "Västerby"},
    {"id": "cu-40012", "code": "40012", "name": "Korttidsboendet Linden", "kind": "care_unit", "customer_no": "40012", "city": "Västerby"},
]

ARTICLES = [
    ("10366", "Rollator Standard 62", True, "Gåhjälp AB"),
    ("49506", "Rullstol Cross B40 Dj40", True, "Rullverk AB"),
    ("49509", "Rullstol Cross B42.5 Dj46", True, "Rullverk AB"),
    ("22010", "Duschpall med ryggstöd", False, "Badrum Hjälp AB"),
    ("30144", "Infusionspump volymetrisk", True, "Medteknik Nord AB"),
    ("51200", "Kryckkäpp justerbar", False, "Gåhjälp AB"),
    ("60311", "Elrullstol inomhus", True, "Rullverk AB"),
    ("70250", "Hygienstol tippbar", True, "Badrum Hjälp AB"),
    ("80400", "Personlyft mobil", True, "Lyftteknik AB"),
    ("81010", "Lyftsele standard M", False, "Lyftteknik AB"),
]

# (personnummer, name, service site)
RECIPIENTS = [
    ("191212121212", "Tolvan Tolvansson", "site-1012"),
    ("194001019274", "Elsa Exempelsson", "site-1012"),
    ("193503155537", "Testa Testsson", "site-1020"),
    ("195208079268", "Demo Demosson", "site-1033"),
    ("194511289888", "Provi Provsson", "site-1020"),
]

def _hash_once() -> str:
    return users.hash_password(DEMO_PASSWORD)


def load_base(db: Database, clock: Clock) -> None:
    hashed = _hash_once()
    with db.tx() as tx:
        for u in UNITS:
            core_repo.insert_unit(tx, u)
        for username, name, roles, units, code, title, lang, tz, level in DEMO_USERS:
            core_repo.insert_user(tx, {
                "username": username, "name": name, "email": f"{username}@example.invalid",
                "password_hash": hashed, "prescriber_code": code, "title": title, "lang": lang,
                "tz": tz, "authority_level": level, "created_at": naive_utc(clock.now())})
            core_repo.set_roles(tx, username, [r.value for r in roles])
            core_repo.set_units(tx, username, units)


def load_devices(db: Database, clock: Clock) -> None:
    today = clock.now().date()
    with db.tx() as tx:
        for no, name, individual, maker in ARTICLES:
            demo_repo.insert_article(tx, no, name, individual, maker)
        for pnr, name, site in RECIPIENTS:
            demo_repo.insert_patient(tx, pnr, name, site)
        demo_repo.insert_care_unit_recipient(tx, "40012", "Korttidsboendet Linden", "site-1012")
        devices = [
            # Tolvan's list, as in the user guide: one not yet delivered (DEV-3)
            ("dev-1", "191212121212", "10366", "CFH229181", False, today - timedelta(days=40), today - timedelta(days=40)),
            ("dev-2", "191212121212", "49506", None, False, today - timedelta(days=39), None),
            ("dev-3", "191212121212", "49509", "CFH188493", True, today - timedelta(days=39), today - timedelta(days=39)),
            ("dev-4", "191212121212", "81010", None, False, today - timedelta(days=3650), today - timedelta(days=3650)),
            ("dev-5", "194001019274", "80400", "CFH301122", True, today - timedelta(days=400), today - timedelta(days=398)),
            ("dev-6", "194001019274", "70250", "CFH301990", False, today - timedelta(days=200), today - timedelta(days=199)),
            ("dev-7", "193503155537", "60311", "CFH412001", True, today - timedelta(days=900), today - timedelta(days=885)),
            ("dev-8", "195208079268", "30144", "CFH500301", False, today - timedelta(days=30), today - timedelta(days=29)),
            ("dev-9", "194511289888", "51200", None, False, today - timedelta(days=60), today - timedelta(days=60)),
            ("dev-10", "40012", "70250", "CFH777001", False, today - timedelta(days=700), today - timedelta(days=690)),
        ]
        for d in devices:
            demo_repo.insert_device(tx, d)
        stock = [
            ("stk-1", "centre", "49509", "CFH900101", 1),
            ("stk-2", "centre", "60311", "CFH900202", 1),
            ("stk-3", "centre", "22010", None, 14),
            ("stk-4", "centre", "51200", None, 30),
        ]
        for s in stock:
            demo_repo.insert_stock_item(tx, s)
        orders = [
            ("AO-26-1001", "191212121212", "49509", "CFH188493", "Byte av drivhjul och justering av bromsar", today - timedelta(days=12), "site-1012"),
            ("AO-26-1002", "193503155537", "60311", "CFH412001", "Service av styrbox", today - timedelta(days=20), "site-1020"),
        ]
        for o in orders:
            demo_repo.insert_performed_work_order(tx, o)
