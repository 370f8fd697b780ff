"""Office hours per partner company (ADM-8, URG-2, seed 004 "Kontortid: 8:00 -> 16:00"):
an office allowed to create urgent cases only outside working hours may do so before the start,
from the end, at weekends and on Danish public holidays. A company without hours of its own
has the default 08:00–16:00, and is listed with it.

The rule (`office_hours.office_hours_error`: both given, start before end) and the write
(`services.write_office_hours`: who may — an insurer only its own companies — and the security
log) are the urgent admin page's own."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from logic.access import Action
from logic.masterdata.spec import Column, Kind, RowPlan
from logic.masterdata.text import clean_text
from logic.store import urgent_repo
from logic.urgent import office_hours, services


class OfficeHoursRow(BaseModel):
    company_id: str = Field(min_length=1, max_length=40)
    start_time: str | None = None
    end_time: str | None = None

    _clean = field_validator("company_id", "start_time", "end_time", mode="before")(clean_text)

    @field_validator("start_time", "end_time")
    @classmethod
    def _time(cls, v: str | None) -> str | None:
        parsed = office_hours.parse_time(v)
        return None if parsed is None else f"{parsed:%H:%M}"


def _load(tx, keys: list[tuple] | None = None) -> list[dict[str, Any]]:
    return [{"company_id": r["company_id"],
             **services.hours_columns(office_hours.OfficeHours(r["start_time"], r["end_time"]))}
            for r in urgent_repo.companies_with_hours(tx)]


def _check(tx, rows: list[RowPlan]) -> None:
    units = urgent_repo.unit_kinds(tx)
    for r in rows:
        company = units.get(r.values["company_id"])
        if company is None or company["kind"] != "company":
            r.refuse("company_id", r.values["company_id"], "md.offices.unknown_company")
            continue
        start, end = (office_hours.parse_time(r.values.get(c)) for c in ("start_time", "end_time"))
        for field, key in office_hours.office_hours_error(start, end).items():
            column = {"start": "start_time", "end": "end_time"}[field]
            r.refuse(column, r.values.get(column), key)


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    for r in rows:
        services.write_office_hours(tx, clock, actor, r.values["company_id"],
                                    office_hours.parse_time(r.values["start_time"]), office_hours.parse_time(r.values["end_time"]))


KIND = Kind(
    name="office_hours", key=("company_id",), model=OfficeHoursRow, action=Action.ADMIN_REFERENCE,
    depends=("units",),
    columns=(
        Column("company_id", required=True, example="co-easyfix", aliases=("virksomhed", "företag", "company")),
        Column("start_time", required=True, example="08:00", aliases=("fra", "från", "start", "kontortid fra")),
        Column("end_time", required=True, example="16:00", aliases=("til", "till", "slut", "end", "kontortid til")),
    ),
    load=_load, save=_save, check=_check)
