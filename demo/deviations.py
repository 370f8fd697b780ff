"""Demo deviations: a few months of them in every status, registered through the services with a
clock moved back in time, so they carry real numbers, logs and messages."""
from __future__ import annotations

import random
from datetime import time, timedelta

from logic import users
from logic.clock import Clock, FixedClock, naive_utc
from logic.deviations import services
from logic.deviations.model import (DesiredAction, DeviationDraft, DeviceReturn, EventType,
                                    RegistrationPath, ReportState, WantedBack)
from logic.store import demo_repo
from logic.store.db import Database

SEED = 20260212

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



def load_deviations(db: Database, clock: Clock, count: int = 60) -> None:
    """A few months of deviations in every status, through the services."""
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
