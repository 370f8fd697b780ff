"""Every kind of master data, listed once, in import order (units → users → registers …)."""
from __future__ import annotations

from logic.masterdata.kinds import units, users
from logic.masterdata.kinds import (cert_rights, categories, office_hours, offices, org_classification,
                                    org_ladder)
from logic.masterdata.spec import Kind

KINDS: tuple[Kind, ...] = (units.KIND, users.KIND,
                           offices.KIND, office_hours.KIND, categories.KIND, org_classification.KIND,
                           org_ladder.KIND, cert_rights.KIND)
BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}


def kind(name: str) -> Kind:
    return BY_NAME[name]
