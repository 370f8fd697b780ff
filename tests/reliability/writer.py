"""A writer process for the crash test: registers deviations through the real service in a
loop and prints each acknowledged (committed) number, flushed, one per line."""
from __future__ import annotations

import sys
from datetime import date, time

from logic.clock import SystemClock
from logic.deviations import services
from logic.deviations.model import (DesiredAction, DeviationDraft, DeviceReturn, EventType,
                                    RegistrationPath, WantedBack)
from logic.store.db import Database
from logic.users import load_user


def main(path: str) -> None:
    db = Database(path)
    user = load_user(db, "reporter")
    clock = SystemClock()
    draft = DeviationDraft(
        path=RegistrationPath.RECIPIENT_DEVICE, service_site_id="site-1020", is_wear_and_tear=False,
        recipient_id="193503155537", device_id="dev-7", event_type=EventType.INCIDENT,
        category="komponent", occurred_date=date(2026, 1, 5), occurred_time=time(9, 0),
        location="I hemmet", concerns="Krasch-test", what_happened="Skrivs medan processen dödas.",
        injury="Nej", desired_action=DesiredAction.REPAIR_ON_SITE,
        device_return=DeviceReturn.NOT_APPLICABLE, wanted_back=WantedBack.SAME_DEVICE,
        contact_name="Test", contact_phone="070-123 45 67")
    print("ready", flush=True)
    while True:
        number = services.register_deviation(db, clock, user, draft)
        print(number, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
