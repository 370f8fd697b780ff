"""Every kind of master data, listed once, in import order (units → users → registers …)."""
from __future__ import annotations

from logic.history import deviations as history_deviations
from logic.masterdata.kinds import units, users
from logic.masterdata.spec import Kind

KINDS: tuple[Kind, ...] = (units.KIND, users.KIND,
                           # history, after every kind of master data (IMP-9)
                           history_deviations.KIND)
BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}


def kind(name: str) -> Kind:
    return BY_NAME[name]
