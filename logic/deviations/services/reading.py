"""Reading deviations: one case as the user may see it, and the search of one's own (DEV-13)."""
from __future__ import annotations

from datetime import timedelta

from logic import audit, inputs
from logic.board import present
from logic.access import Action, Role, User, decide, require
from logic.cases import open_for_reading
from logic.clock import Clock, naive_utc
from logic.deviations.model import (
    RecipientKind,
)
from logic.errors import FieldErrors
from logic.store import deviations_repo
from logic.store.db import Database
from logic.deviations.services.lookups import user_sites
from logic.deviations.services._common import (
    NUMBER_PREFIX_MAX,
    PRESCRIBER_CODE_MAX,
)

# ------------------------------------------------------------------ reading


def get_deviation(db: Database, clock: Clock, user: User, case_id: str,
                  reveal_person: bool = True) -> dict:
    """The case as the user may see it. The personal identity number is included only for
    roles that need it, and every time it is, the view is logged (X-2)."""
    with db.read() as r:
        row, may_see_id = open_for_reading(r, user, case_id, deviations_repo.deviation)
    if row.get("recipient_kind") == RecipientKind.PATIENT.value and row.get("recipient_id"):
        if may_see_id and reveal_person:
            audit.log_person_view(db, clock, user.username, row["recipient_id"], case_id, "view_case")
        else:
            row["recipient_id"] = None
            row["person_id"] = None
            row["recipient_name"] = None
            row["person_name"] = None
    row["may_answer"] = decide(user, Action.ANSWER_DEVIATION, row).allowed
    row["may_handle"] = decide(user, Action.HANDLE_DEVIATION, row).allowed
    key = present.analyst_key(db, user, row)
    if key is not None:                 # analysts: the staff and the device pseudonymised too
        present.pseudonymise(row, key)
    return row


# ------------------------------------------------------------------ search (DEV-13)

PERIODS = {"last_week": 7, "last_month": 31, "last_year": 366, "all": None}


def search_mine(db: Database, clock: Clock, user: User, *, period: str = "last_week",
                site_id: str | None = None, prescriber_code: str | None = None,
                number_prefix: str | None = None) -> list[dict]:
    """'Sök avvikelse/reklamation': own prescriber code preselected by the page, changeable."""
    require(decide(user, Action.SEARCH_DEVIATIONS))
    errors: dict[str, str] = {}
    prescriber_code = inputs.text(prescriber_code, PRESCRIBER_CODE_MAX, field="prescriber_code", errors=errors)
    number_prefix = inputs.text(number_prefix, NUMBER_PREFIX_MAX, field="number_prefix", errors=errors)
    if errors:
        raise FieldErrors(errors)
    days = PERIODS.get(period, 7)
    created_from = naive_utc(clock.now() - timedelta(days=days)) if days else None
    if user.has(Role.CENTRE_STAFF, Role.HANDLER):
        sites = [site_id] if site_id else None
    else:
        own_sites = [u["id"] for u in user_sites(db, user)]
        sites = [site_id] if site_id in own_sites else own_sites
    prefix: str | list[str] | None = (number_prefix or "").strip().upper() or None
    if prefix and prefix[0].isdigit():
        # "1" finds the numbers of 2010-2019, as in the old system: deviations and repair requests
        prefix = ["AV" + prefix, "RE" + prefix]
    with db.read() as r:
        rows = deviations_repo.search(
            r, created_from=created_from, created_to=None, site_ids=sites,
            prescriber_code=prescriber_code, number_prefix=prefix)
    return rows
