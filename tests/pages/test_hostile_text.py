"""Hostile text is stored as typed and shown as text, never as markdown or HTML (X-7)."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

pytestmark = pytest.mark.both_backends


def test_x7_hostile_text_is_stored_verbatim_and_shown_as_text(demo_db, open_page):
    from logic.deviations import services
    from logic.deviations.model import (DesiredAction, DeviationDraft, DeviceReturn, EventType, RegistrationPath,
                                        WantedBack)
    from logic.clock import FixedClock
    from logic.users import load_user
    from tests.conftest import STOCKHOLM

    evil = "<script>alert('x')</script> **fet** [länk](javascript:alert(1)) '; DROP TABLE cases; -- \u202eabc"
    reporter = load_user(demo_db, "reporter")
    clock = FixedClock(datetime(2026, 11, 20, 11, 0, tzinfo=STOCKHOLM))
    case_id = services.register_deviation(demo_db, clock, reporter, DeviationDraft(
        path=RegistrationPath.RECIPIENT_DEVICE, service_site_id="site-1020", is_wear_and_tear=False,
        recipient_id="193503155537", device_id="dev-7", event_type=EventType.INCIDENT,
        category="komponent", occurred_date=date(2026, 11, 19), occurred_time=time(9, 0),
        location=evil, concerns=evil[:200], what_happened=evil, injury=evil,
        desired_action=DesiredAction.REPAIR_ON_SITE, device_return=DeviceReturn.NOT_APPLICABLE,
        wanted_back=WantedBack.SAME_DEVICE, contact_name=evil[:120], contact_phone="070-123 45 67"))
    case = services.get_deviation(demo_db, clock, reporter, case_id)
    assert case["what_happened"] == evil                       # stored as typed
    with demo_db.read() as r:
        assert r.scalar("SELECT count(*) FROM cases") > 0      # nothing was dropped
    demo_db.close()
    at = open_page("pages/12_Arende.py", "reporter", query={"id": case_id})
    assert not at.exception
    # the text appears only as data (dataframe/text), never inside markdown or HTML
    shown_as_text = [df.value.to_csv() for df in at.dataframe] + [t.value for t in at.text]
    assert any("<script>" in s for s in shown_as_text)
    assert not any("<script>" in m.value for m in at.markdown)
    assert not any(getattr(h, "value", "").find("<script>") >= 0 for h in at.get("html"))
