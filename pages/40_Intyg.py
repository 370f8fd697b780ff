"""Certificates from the patient (CERT-3, CERT-8, CERT-12): find the patient by personal
identity number, samordningsnummer or reserve number, see the patient's certificates, and
create a new one by choosing a type — or cancel, which creates nothing."""
from __future__ import annotations

from logic.access import Action
from ui import certificates as cu
from ui import shell
from ui.views import certificate_patient

p = shell.page(Action.WRITE_CERTIFICATE, "cert.patient_title")
unit_id = cu.active_unit(p)
if unit_id is not None:
    certificate_patient.show(p.db, p.clock, p.user, unit_id)
