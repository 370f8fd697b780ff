"""Look-ups for the deviation form: sites, categories, the recipient, stock items, work orders."""
from __future__ import annotations


from logic import audit
from logic.access import Action, Role, User, decide, require
from logic.clock import Clock
from logic.deviations import rules
from logic.deviations.model import (
    EventType,
)
from logic.errors import Refused
from logic.identity import IdentityError, parse_person_id
from logic.store import core_repo, deviations_repo
from logic.store.db import Database

# ------------------------------------------------------------------ look-ups for the form


def user_sites(db: Database, user: User) -> list[dict]:
    """DEV-5: the service sites (tjänsteställen) a user may register for."""
    with db.read() as r:
        return [u for u in core_repo.units_by_ids(r, list(user.units)) if u["kind"] == "service_site"]


def search_sites(db: Database, user: User) -> list[dict]:
    """DEV-13: the sites a user may filter the search by — centre staff and handlers every
    service site, others their own."""
    if user.has(Role.CENTRE_STAFF, Role.HANDLER):
        with db.read() as r:
            return core_repo.units(r, "service_site")
    return user_sites(db, user)


def categories_for(db: Database, event_type: EventType | None) -> dict[str, rules.Category]:
    """DEV-6: the category list depends on the event type."""
    if event_type is None:
        return {}
    with db.read() as r:
        rows = deviations_repo.categories(r, event_type.value)
    return {row["code"]: rules.Category(row["code"], row["name_sv"], row["name_en"],
                                        row["requires_delivery_ref"], row.get("name_da")) for row in rows}


def find_recipient(db: Database, clock: Clock, user: User, raw_id: str) -> tuple[dict | None, list[dict]]:
    """DEV-5: search a recipient by personal identity number (a patient; the look-up is logged,
    X-2) or by customer number (a care unit, DEV-4 a: "patient/vårdenhet")."""
    require(decide(user, Action.REGISTER_DEVIATION))
    raw = (raw_id or "").strip()
    if rules.CUSTOMER_NO.match(raw):
        with db.read() as r:
            unit = deviations_repo.recipient(r, raw)
            if rules.is_care_unit(unit):
                return unit, deviations_repo.recipient_devices(r, raw)
    try:
        pid = parse_person_id(raw_id)
    except IdentityError as e:
        raise Refused(e.key, field="recipient_id") from None
    with db.read() as r:
        found = deviations_repo.recipient(r, pid.digits)
        devices = deviations_repo.recipient_devices(r, pid.digits) if found else []
    if found:
        audit.log_person_view(db, clock, user.username, pid.digits, None, "register_deviation")
    return found, devices


def stock_items(db: Database, individual: bool) -> list[dict]:
    with db.read() as r:
        return deviations_repo.stock_items(r, individual)


def find_work_order(db: Database, no: str) -> dict | None:
    with db.read() as r:
        return deviations_repo.work_order(r, no)
