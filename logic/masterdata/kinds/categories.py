"""Deviation categories per event type (ADM-9, DEV-6): reference data admins extend or retire
without code — event type, code, Swedish, English and Danish name, whether a delivery note number is
required (felleverans, DEV-8), sort order, active. A category is never deleted (deviations keep
pointing at it): it is made inactive.

The rule (`deviations.rules.category_errors`) and the write (`deviations.services.write_category`)
are the admin form's own."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_validator

from logic.access import Action
from logic.deviations import rules, services
from logic.deviations.model import EventType
from logic.masterdata.spec import Column, Kind, RowPlan
from logic.masterdata.text import clean_text, lowered
from logic.store import deviations_repo

EVENT_TYPES = tuple(e.value for e in EventType)


class CategoryRow(BaseModel):
    event_type: str
    code: str
    name_sv: str | None = None
    name_en: str | None = None
    name_da: str | None = None
    requires_delivery_ref: bool = False
    sort: int = 0
    active: bool = True

    _clean = field_validator("event_type", "code", "name_sv", "name_en", "name_da", mode="before")(clean_text)

    @field_validator("event_type")
    @classmethod
    def _event_type(cls, v: str) -> str:
        if v not in EVENT_TYPES:
            raise ValueError("md.categories.bad_event_type")
        return v

    @field_validator("requires_delivery_ref", mode="before")
    @classmethod
    def _no(cls, v: Any) -> Any:
        return False if v is None else v

    @field_validator("sort", mode="before")
    @classmethod
    def _sort(cls, v: Any) -> Any:
        return 0 if v is None else v

    @field_validator("active", mode="before")
    @classmethod
    def _active(cls, v: Any) -> Any:
        return True if v is None else v


def _load(tx, keys: list[tuple] | None = None) -> list[dict[str, Any]]:
    return [{c: r[c] for c in services.CATEGORY_COLUMNS} for r in deviations_repo.all_categories(tx)]


def _check(tx, rows: list[RowPlan]) -> None:
    for r in rows:
        v = r.values
        errors = rules.category_errors(v.get("code"), v.get("name_sv"), v.get("name_en"), v.get("name_da"))
        for field, key in errors.items():
            r.refuse(field, v.get(field), key)
        if not errors:
            r.values = rules.category_row(v["event_type"], v["code"], v["name_sv"], v.get("name_en"),
                                          v.get("requires_delivery_ref"), v.get("sort"), v.get("active"),
                                          v.get("name_da"))
            r.restatus()


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    for r in rows:
        services.write_category(tx, clock, actor, r.values)


KIND = Kind(
    name="categories", key=("event_type", "code"), model=CategoryRow, action=Action.ADMIN_REFERENCE,
    prepare=lowered("event_type", "code"),
    columns=(
        Column("event_type", required=True, example="reklamation", choices=EVENT_TYPES,
               aliases=("händelsetyp", "hændelsestype", "typ")),
        Column("code", required=True, example="emballage", aliases=("kod", "kode")),
        Column("name_sv", required=True, example="Emballage", aliases=("svenska", "namn", "svensk")),
        Column("name_en", example="Packaging", aliases=("english", "engelska", "engelsk")),
        Column("name_da", example="Emballage", aliases=("dansk", "danska", "danish")),
        Column("requires_delivery_ref", type="bool", example="nej",
               aliases=("följesedelsnummer krävs", "kräver följesedel", "felleverans")),
        Column("sort", type="int", example="100", aliases=("sortering", "ordning")),
        Column("active", type="bool", example="ja", aliases=("aktiv",)),
    ),
    load=_load, save=_save, check=_check)
