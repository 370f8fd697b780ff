"""Certificate use cases — the only way a page changes certificate data (CERT-2 … CERT-12).

Each call is one transaction that checks permission (logic.access and the certificate case
rule), the prerequisites (CERT-2) and the status machine (rules.RULES), then writes the case,
its detail row, the case log and messages. The 14-day lock is derived whenever a draft is
looked at and persisted, in its own small transaction, the next time it is touched (CERT-5).

The use cases by job, one module each: lookups, patients, drafts, reading, issuing (sign, send,
hand to the police, void), questions, worklists, the Försäkringskassan simulator (fk_simulator)
and the CERT-2 rights; what they share is in _common and _state. This package is the context's
service API: callers import it (`from logic.certificates import services; services.sign(...)`)."""
from __future__ import annotations

from logic.certificates.services.lookups import (
    certificate_types, missing_prerequisites, physicians, read_scope, user_units,
)
from logic.certificates.services.patients import (
    PATIENT_NAME_MAX, find_patient, list_for_patient, register_patient,
)
from logic.certificates.services.drafts import (
    complete, copy_locked, create_certificate, delete_draft, replace, save_field, save_fields,
)
from logic.certificates.services.reading import get_certificate, print_certificate
from logic.certificates.services.issuing import VOID_REASON_MAX, hand_to_police, send, sign, void
from logic.certificates.services.questions import answer_question, ask_fk, cannot_complete, set_handled
from logic.certificates.services.worklists import question_rows, signed_unsent, to_sign
from logic.certificates.services.fk_simulator import fk_answer, fk_certificates, fk_send_question, fk_waiting
from logic.certificates.services.rights import (
    RIGHTS_SCREEN, WORKPLACE_CODE_MAX, rights_columns, rights_overview, service_contracts, set_rights,
    set_service_contract, set_workplace_code, write_rights,
)
from logic.certificates.services._common import FK_ACTOR_NOTE, ISSUE_ACTIONS, MAX_TEXT, QA_ACTIONS, SYSTEM

__all__ = [
    "SYSTEM", "FK_ACTOR_NOTE", "ISSUE_ACTIONS", "QA_ACTIONS", "MAX_TEXT", "PATIENT_NAME_MAX",
    "VOID_REASON_MAX", "WORKPLACE_CODE_MAX", "read_scope", "certificate_types", "user_units",
    "physicians", "missing_prerequisites", "find_patient", "register_patient", "list_for_patient",
    "create_certificate", "get_certificate", "print_certificate", "save_field", "save_fields",
    "delete_draft", "sign", "send", "hand_to_police", "void", "copy_locked", "replace", "ask_fk",
    "answer_question", "set_handled", "fk_certificates", "fk_waiting", "fk_send_question", "fk_answer",
    "to_sign", "signed_unsent", "question_rows", "rights_overview", "RIGHTS_SCREEN", "rights_columns", "write_rights",
    "set_rights", "set_workplace_code", "service_contracts", "set_service_contract", "complete",
    "cannot_complete",
]
