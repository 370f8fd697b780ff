"""The holders of the ORG escalation ladder (ADM-9, ORG-6): who holds Försäkringsmedicinska
kommittén (via its chair), Avvikelseforum and Försäkringsmedicinska samverkansgruppen, with a
title. A new holder takes over the open cases waiting at that level — the plan notes how many,
the save moves them (a step, the case log, messages), as the ORG admin page does.

The rule (`org.reference_rules.holder_errors`) and the write (`org.services.write_holder`) are the ORG
admin page's own."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_validator

from logic.access import Action
from logic.masterdata.spec import CHANGED, NEW, Column, Kind, RowPlan
from logic.masterdata.text import clean_text, lowered
from logic.org import reference_rules, services
from logic.org.model import HELD_LEVELS
from logic.store import org_repo

LEVELS = tuple(lv.value for lv in HELD_LEVELS)


class HolderRow(BaseModel):
    level: str
    username: str | None = None
    title: str | None = None

    _clean = field_validator("level", "username", "title", mode="before")(clean_text)

    @field_validator("level")
    @classmethod
    def _level(cls, v: str) -> str:
        if v not in LEVELS:
            raise ValueError("md.org_ladder.bad_level")
        return v


def _load(tx, keys: list[tuple] | None = None) -> list[dict[str, Any]]:
    """Every level above the manager, held or not (an unheld level shows without a holder)."""
    held = org_repo.holders(tx)
    return [{"level": lv, "username": (held.get(lv) or {}).get("username"), "title": (held.get(lv) or {}).get("title")}
            for lv in LEVELS]


def _check(tx, rows: list[RowPlan]) -> None:
    eligible = services.eligible_usernames(tx)
    for r in rows:
        v = r.values
        for field, key in reference_rules.holder_errors(v["level"], v.get("username"), v.get("title"), eligible).items():
            r.refuse(field, v.get(field), key)
        if r.status in (NEW, CHANGED):
            moving = services.cases_moving_to_holder(tx, v["level"], v["username"])
            if moving:
                r.note("md.org_ladder.moves", n=len(moving), to=org_repo.user_name(tx, v["username"]) or v["username"],
                       cases=", ".join(moving[:10]) + (" …" if len(moving) > 10 else ""))


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    for r in rows:
        services.write_holder(tx, clock, actor, r.values["level"], r.values["username"], r.values.get("title"))


KIND = Kind(
    name="org_ladder", key=("level",), model=HolderRow, action=Action.ADMIN_REFERENCE, depends=("users",),
    prepare=lowered("level", "username"),
    columns=(
        Column("level", required=True, example="committee", choices=LEVELS, aliases=("nivå", "niveau")),
        Column("username", required=True, example="ordforande",
               aliases=("innehavare", "användarnamn", "holder", "brugernavn")),
        Column("title", example="Ordförande", aliases=("titel",)),
    ),
    load=_load, save=_save, check=_check)
