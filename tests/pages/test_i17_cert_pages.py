"""AppTest for issue 17's certificate items (docs/RULES17.md, CERT-13 … CERT-18) on a copy of the
demo database, clock pinned to 2026-11-20 12:00 CET."""
from __future__ import annotations

from tests.pages.conftest import texts
from tests.pages.test_certificate_pages import ADMIN, PATIENT, query

UNIT = "site-1012"


def test_cert_18_admin_takes_the_service_contract_away_and_the_physician_is_told(open_page, demo_db_path):
    at = open_page(ADMIN, "admin")
    assert not at.exception
    assert "Ansluten till tjänstekontrakt (HSA-id)" in texts(at)
    at.selectbox(key="certa_contract_unit").select(UNIT).run()
    box = at.checkbox(key=f"certa_contract_{UNIT}")
    assert box.value is True                       # the demo unit is connected
    box.uncheck()
    next(b for b in at.button if b.label == "Spara" and "contract" in str(b.form_id)).click().run()
    assert not at.exception
    assert "Sparat." in texts(at)
    assert query(demo_db_path, "SELECT connected FROM cert_unit_contracts WHERE unit_id = ?",
                 [UNIT])[0]["connected"] is False

    at = open_page(PATIENT, "lakare")
    assert not at.exception
    assert "Vårdenhetens HSA-id saknar anslutning till tjänstekontrakt hos Inera." in texts(at)
