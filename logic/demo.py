"""Deterministic demo data (fixed seed, fictional people) for a new database.

Everything is registered through the same services a user calls, with a clock moved back in
time, so demo cases carry real numbers, logs and messages. Other contexts add their own step
to DEMO_STEPS.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from datetime import time, timedelta

from logic import users
from logic.access import Role
from logic.clock import Clock, FixedClock, naive_utc
from logic.store import core_repo, demo_repo
from logic.store.db import Database

DEMO_PASSWORD = "casedesk-demo"
SEED = 20260212

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

WHAT = [
    ("Böjd länkhjulsgaffel på rullstol", "Gaffeln till höger länkhjul på rullstolen var böjd och lös. Rullstolen har skickats tillbaka och ny rullstol har förskrivits."),
    ("Broms på rollator släpper", "Bromsen på rollatorns vänstra handtag släppte när patienten lutade sig mot den i en nedförsbacke."),
    ("Lyftsele har sprucken söm", "Sömmen vid benbygeln på lyftselen hade spruckit. Upptäcktes före lyft, selen togs ur bruk."),
    ("Infusionspump larmar utan orsak", "Infusionspumpen larmade för ocklusion flera gånger trots fri slang. Pumpen byttes ut."),
    ("Hygienstolens tippfunktion kärvar", "Tippfunktionen på hygienstolen gick trögt och stolen tippade ryckigt bakåt."),
    ("Fel storlek levererad", "Levererad rullstol hade sittbredd 40 i stället för beställd 42,5."),
    ("Leverans försenad tre veckor", "Beställd duschpall levererades tre veckor efter utlovat datum."),
    ("Elrullstolens joystick låser sig", "Joysticken fastnade i framåtläge och stolen stannade först när strömmen bröts."),
    ("Personlyften sänker sig själv", "Lyften sänkte sig långsamt under förflyttning trots att ingen knapp var nedtryckt."),
    ("Kryckkäppens låsknapp lossnar", "Låsknappen för höjdjusteringen lossnade och käppen sjönk ihop vid belastning."),
]

LOCATIONS = ["I hemmet", "På boendet", "På promenad", "På avdelningen", "I badrummet", "Vid förflyttning i sovrummet"]


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


def load_deviations(db: Database, clock: Clock, count: int = 60) -> None:
    """A few months of deviations in every status, through the services."""
    from logic.deviations import services
    from logic.deviations.model import (DesiredAction, DeviationDraft, DeviceReturn, EventType,
                                        RegistrationPath, ReportState, WantedBack)

    rng = random.Random(SEED)
    people = {u: users.load_user(db, u) for u in ("reporter", "reporter2", "tekniker", "handlaggare")}
    device_rows = [("dev-1", "191212121212", "site-1012"), ("dev-3", "191212121212", "site-1012"),
                   ("dev-5", "194001019274", "site-1012"), ("dev-6", "194001019274", "site-1012"),
                   ("dev-7", "193503155537", "site-1020"), ("dev-9", "194511289888", "site-1020")]
    with db.read() as r:
        delivered = demo_repo.delivery_dates(r)
    end = clock.now()
    for i in range(count):
        when = end - timedelta(days=120 * (count - i) / count, hours=rng.randint(0, 8))
        fixed = FixedClock(when)
        reporter = people["reporter"]
        device_id, pnr, site = rng.choice(device_rows)
        event = rng.choices(list(EventType), weights=[2, 5, 4])[0]
        cats = list(services.categories_for(db, event))
        category = rng.choice([c for c in cats if c != "felleverans"])
        concerns, text = rng.choice(WHAT)
        occurred_day = when.date() - timedelta(days=rng.randint(1, 5))
        if delivered[device_id] > occurred_day:
            device_id, pnr, site = device_rows[4]   # the long-delivered electric wheelchair
        draft = DeviationDraft(
            path=RegistrationPath.RECIPIENT_DEVICE, service_site_id=site, is_wear_and_tear=False,
            recipient_id=pnr, device_id=device_id, event_type=event, category=category,
            occurred_date=occurred_day, occurred_time=time(rng.randint(7, 20), rng.choice([0, 15, 30, 45])),
            location=rng.choice(LOCATIONS), concerns=concerns, what_happened=text,
            injury=("Nej, ingen skada." if event is not EventType.NEGATIVE else "Ja, blåmärke på höger underarm."),
            desired_action=rng.choice(list(DesiredAction)), device_return=rng.choice(list(DeviceReturn)),
            report_attached=True, wanted_back=rng.choice(list(WantedBack)),
            contact_name=reporter.name, contact_phone="070-123 45 67")
        case_id = services.register_deviation(db, fixed, reporter, draft)
        age_days = (end - when).days
        if age_days > 7 or rng.random() < 0.3:
            fixed.advance(days=rng.uniform(0.5, 4))
            services.answer(db, fixed, people["tekniker"], case_id,
                            "Hjälpmedlet är kontrollerat. Felet är åtgärdat och hjälpmedlet återlämnat.", 1)
            if age_days > 20 and rng.random() < 0.8:
                fixed.advance(days=rng.uniform(1, 14))
                reported = event.is_deviation and rng.random() < 0.4
                services.record_handling(
                    db, fixed, people["handlaggare"], case_id,
                    investigation="Utrett tillsammans med tekniker; orsaken var materialfel.",
                    manufacturer=ReportState.REPORTED if reported else ReportState.NOT_NEEDED,
                    manufacturer_on=fixed.now().date() if reported else None,
                    mpa=ReportState.REPORTED if reported and rng.random() < 0.5 else ReportState.NOT_NEEDED,
                    mpa_on=fixed.now().date() if reported else None, expected_version=2)
                version = 3
                services.close(db, fixed, people["handlaggare"], case_id, version)
    # Messages older than a week have been read already; a demo inbox is not 90 unread items.
    with db.tx() as tx:
        demo_repo.mark_read_before(tx, naive_utc(end - timedelta(days=7)))


def load_urgent(db: Database, clock: Clock) -> None:
    """Insurers, partner offices in every permission setting, urgent cases in every state (URG)."""
    from logic.urgent import demo as urgent_demo

    urgent_demo.load(db, clock)


def load_org(db: Database, clock: Clock) -> None:
    """A unit tree with managers, the ladder's holders, ORG cases at every level (ORG)."""
    from logic.org import demo as org_demo

    org_demo.load(db, clock)


def load_certificates(db: Database, clock: Clock) -> None:
    """Patients and certificates in every state, questions with Försäkringskassan (CERT)."""
    from logic.certificates import demo as certificates_demo

    certificates_demo.load(db, clock)


DemoStep = Callable[[Database, Clock], None]
DEMO_STEPS: list[tuple[str, DemoStep]] = [
    ("base", load_base),
    ("devices", load_devices),
    ("deviations", load_deviations),
    ("org", load_org),
    ("urgent", load_urgent),
    ("certificates", load_certificates),
]


def load(db: Database, clock: Clock) -> None:
    for _name, step in DEMO_STEPS:
        step(db, clock)


def is_empty(db: Database) -> bool:
    with db.read() as r:
        return not core_repo.user_count(r)
