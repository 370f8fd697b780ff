"""What the certificate use cases share: limits, the CERT-2 prerequisites and unit checks, a
type's row, the stored content, the board's search text and the Swedish stored texts."""
from __future__ import annotations

import json
from typing import Any

from logic import inputs
from logic.access import Action, PermissionDenied, User, decide, deny, require
from logic.certificates import rules
from logic.certificates.model import CertAction, CertType, Prerequisites, Status
from logic.clock import Clock, naive_utc
from logic.identity import IdentityError, parse_person_id
from logic.store import certificates_repo as repo
from logic.store import core_repo
from logic.store.db import Tx
from logic.texts.certificates import TEXTS


SYSTEM = "casedesk"
FK_ACTOR_NOTE = "Försäkringskassan"
ISSUE_ACTIONS = (CertAction.EDIT, CertAction.DELETE, CertAction.SIGN, CertAction.SEND,
                 CertAction.VOID, CertAction.HAND_TO_POLICE, CertAction.COPY, CertAction.REPLACE)
QA_ACTIONS = (CertAction.ASK, CertAction.ANSWER, CertAction.MARK_HANDLED, CertAction.COMPLETE)
MAX_TEXT = 4000             # a question or an answer (CERT-11)


def _prerequisites(tx: Tx, user: User, unit_id: str) -> Prerequisites:
    return Prerequisites.from_row(repo.prerequisites(tx, user.username, unit_id))


def _require_unit(user: User, unit_id: str | None) -> str:
    require(decide(user, Action.WRITE_CERTIFICATE))
    if not unit_id or unit_id not in user.units:
        raise PermissionDenied(deny("cert.not_on_unit"))
    return unit_id


def _require_prerequisites(tx: Tx, user: User, unit_id: str, purpose: str) -> None:
    require(rules.prerequisites_decision(_prerequisites(tx, user, unit_id), purpose))


def _type(tx: Tx, code: str) -> CertType | None:
    row = repo.type_row(tx, code)
    return CertType.from_row(row) if row and row["active"] else None


def _content(row: dict) -> dict[str, Any]:
    raw = row.get("content")
    if isinstance(raw, dict):
        return raw
    try:
        return json.loads(raw or "{}")
    except ValueError:
        return {}


def _sv(key: str, **params: Any) -> str:
    """Swedish text from this context's own catalog (stored texts: search text, messages)."""
    return TEXTS[key]["sv"].format(**params)


def _search_text(case_id: str, cert_type: CertType, status: Status) -> str:
    """What the case board searches; deliberately without the patient's name or number."""
    return " ".join([case_id, cert_type.name_sv, _sv(f"cert.authority.{cert_type.authority.value}"),
                     _sv(f"certificate.status.{status.value}")]).lower()


def _normalised_id(raw: str) -> str:
    try:
        return parse_person_id(raw, allow_reserve=True).digits
    except IdentityError:
        return raw


def _clean_text(text: str, field: str) -> str:
    return inputs.text(text, MAX_TEXT, field=field, required=True, multiline=True)


def _reopen(tx: Tx, clock: Clock, case_id: str) -> None:
    row = core_repo.case(tx, case_id)
    core_repo.update_case(tx, case_id, row["version"], {"closed_at": None,
                                                        "updated_at": naive_utc(clock.now())})
