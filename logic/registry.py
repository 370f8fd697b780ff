"""Every kind of master data, listed once, in import order (units → users → registers …)."""
from __future__ import annotations

from logic.history import certificates as history_certificates
from logic.history import deviations as history_deviations
from logic.history import insurance as history_insurance
from logic.history import org as history_org
from logic.masterdata.kinds import units, users
from logic.masterdata.kinds import (articles, cert_rights, categories, individuals, office_hours, offices,
                                    org_classification, org_ladder, patients, recipient_devices, stock,
                                    work_orders)
from logic.masterdata.spec import Kind

KINDS: tuple[Kind, ...] = (units.KIND, users.KIND)
# ADM-8 insurance offices and hours, ADM-9 reference data: after units and users (members, holders)
KINDS += (offices.KIND, office_hours.KIND, categories.KIND, org_classification.KIND, org_ladder.KIND,
          cert_rights.KIND)
# ADM-6 device register, ADM-7 patients/recipients: after units (owner units, care units' customer numbers)
KINDS += (articles.KIND, patients.KIND, individuals.KIND, stock.KIND, recipient_devices.KIND, work_orders.KIND)
# history last, after every kind of master data it refers to (units → users → registers → history, IMP-9)
KINDS += (history_deviations.KIND, history_org.KIND, history_certificates.KIND, history_insurance.URGENT,
          history_insurance.CLAIMS)
BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}


def kind(name: str) -> Kind:
    return BY_NAME[name]
