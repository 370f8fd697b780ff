"""Issue 17, certificates (docs/RULES17.md, CERT-13 … CERT-18) on a fresh DuckDB file with a
fixed clock: completion (komplettering) answered by a new version, the FMB link, and the unit's
service contract as a prerequisite."""
from __future__ import annotations

import pytest

from logic.access import PermissionDenied
from logic.certificates import services
from logic.store import core_repo, masterdata_repo
from tests.store.cert_world import OTHER, UNIT, World


@pytest.fixture
def w(db, clock) -> World:
    return World(db, clock)


# ------------------------------------------------------------------ CERT-18 service contract


def test_cert_18_a_unit_without_the_service_contract_refuses_issuing_naming_it(w):
    services.set_service_contract(w.db, w.clock, w.admin, UNIT, False)
    with pytest.raises(PermissionDenied) as e:
        w.create()
    assert e.value.decision.reason == "cert.pre.service_contract"
    assert w.count() == 0
    assert services.missing_prerequisites(w.db, w.doc, UNIT) == ["cert.pre.service_contract"]
    services.set_service_contract(w.db, w.clock, w.admin, UNIT, True)
    assert services.missing_prerequisites(w.db, w.doc, UNIT) == []
    assert w.create()


def test_cert_18_questions_with_fk_need_the_contract_too_reading_does_not(w):
    case_id = w.sent()
    services.set_service_contract(w.db, w.clock, w.admin, UNIT, False)
    with pytest.raises(PermissionDenied) as e:
        services.ask_fk(w.db, w.clock, w.doc, case_id, unit_id=UNIT, topic="other", text="Fråga")
    assert e.value.decision.reason == "cert.pre.service_contract"
    cert = w.get(case_id, unit_id=UNIT)            # reading needs only the care assignment (CERT-2)
    assert cert["person_visible"]


def test_cert_18_the_contract_is_per_unit_and_admin_only_and_logged(w):
    with pytest.raises(PermissionDenied):
        services.set_service_contract(w.db, w.clock, w.doc, UNIT, False)
    services.set_service_contract(w.db, w.clock, w.admin, OTHER, False)
    assert services.service_contracts(w.db, w.admin) == {UNIT: True, OTHER: False}
    with w.db.read() as r:
        security = core_repo.security_entries(r, 5)
        settings = masterdata_repo.settings_log(r, "units", 5)
    assert security[0]["event"] == "service_contract_saved"
    assert security[0]["detail"] == f"{OTHER}: service_contract=False"
    assert settings[0]["key"] == OTHER
    assert settings[0]["after_value"] == {"service_contract": False}
    # saving what is stored writes nothing
    services.set_service_contract(w.db, w.clock, w.admin, OTHER, False)
    with w.db.read() as r:
        assert core_repo.security_entries(r, 5)[0]["id"] == security[0]["id"]
