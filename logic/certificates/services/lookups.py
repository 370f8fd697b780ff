"""Look-ups for the certificate pages: the CERT-2 reading scope, the types (CERT-1), the user's
units, the physicians on a unit and the missing prerequisites."""
from __future__ import annotations


from logic.access import NO_SCOPE, Role, Scope, User
from logic.certificates import rules
from logic.certificates.model import CertType, Prerequisites
from logic.certificates.services._common import _prerequisites
from logic.store import certificates_repo as repo
from logic.store import core_repo
from logic.store.db import Database, Tx


def read_scope(tx: Tx, user: User) -> Scope:
    """The scope permissions.READ_SCOPE (in the context's policy): the user's units where the
    prerequisites for reading hold; for the other units, the first one missing (the refusal
    names it, CERT-2)."""
    if not user.has(Role.PHYSICIAN):
        return NO_SCOPE
    found = repo.prerequisites_on_units(tx, user.username, list(user.units))
    allowed: set[str] = set()
    refused: list[tuple[str, str]] = []
    for unit in user.units:
        if unit not in found:
            continue
        missing = rules.missing_prerequisites(Prerequisites.from_row(found[unit]), rules.READ)
        if missing:
            refused.append((unit, missing[0]))
        else:
            allowed.add(unit)
    return Scope(frozenset(allowed), tuple(sorted(refused)))


def certificate_types(db: Database) -> list[CertType]:
    """CERT-1: the ten types with authority and the Mina intyg flag."""
    with db.read() as r:
        return [CertType.from_row(row) for row in repo.types(r)]


def user_units(db: Database, user: User) -> list[dict]:
    """The units a physician can be logged in on."""
    with db.read() as r:
        return core_repo.units_by_ids(r, list(user.units))


def physicians(db: Database, unit_id: str) -> list[dict]:
    with db.read() as r:
        return repo.physicians_on_unit(r, unit_id)


def missing_prerequisites(db: Database, user: User, unit_id: str, purpose: str = rules.ISSUE) -> list[str]:
    """CERT-2, for the page to name every missing prerequisite at once."""
    with db.read() as r:
        return rules.missing_prerequisites(_prerequisites(r, user, unit_id), purpose)
