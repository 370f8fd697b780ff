"""Work orders of the device register (ADM-6, DEV-4 e): number, article, individual no,
recipient, status (open, started, performed, closed, cancelled), what was done, when it was
performed and by which unit. Natural key: the work order number. Refused: an unknown article,
recipient or unit, a performed date in the future."""
from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field, field_validator

from logic.access import Action
from logic.masterdata import persons
from logic.masterdata.kinds.common import Units, articles, known_article, settle
from logic.masterdata.spec import Column, Kind, RowPlan
from logic.masterdata.text import clean_text
from logic.store import registers_repo

STATUSES = ("open", "started", "performed", "closed", "cancelled")
STATUS_WORDS = {
    "open": "open", "öppen": "open", "registrerad": "open", "ny": "open", "åben": "open", "oprettet": "open",
    "started": "started", "påbörjad": "started", "pågår": "started", "startet": "started", "i gang": "started",
    "performed": "performed", "utförd": "performed", "utfört": "performed", "klar": "performed", "udført": "performed",
    "closed": "closed", "avslutad": "closed", "stängd": "closed", "afsluttet": "closed", "lukket": "closed",
    "cancelled": "cancelled", "canceled": "cancelled", "makulerad": "cancelled", "avbruten": "cancelled",
    "annulleret": "cancelled",
}


class WorkOrderRow(BaseModel):
    no: str = Field(min_length=1, max_length=30)
    article_no: str | None = Field(default=None, max_length=20)
    individual_no: str | None = Field(default=None, max_length=40)
    recipient_id: str | None = Field(default=None, max_length=20)
    status: str = "open"
    description: str | None = Field(default=None, max_length=500)
    performed: date | None = None
    unit_id: str | None = Field(default=None, max_length=40)

    _clean = field_validator("no", "article_no", "individual_no", "recipient_id", "status", "description",
                             "unit_id", mode="before")(clean_text)

    @field_validator("recipient_id")
    @classmethod
    def _recipient(cls, v: str | None) -> str | None:
        return persons.recipient_cell(v) if v is not None else None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return "open"
        word = STATUS_WORDS.get(str(v).strip().casefold())
        if word is None:
            raise ValueError("md.work_orders.bad_status")
        return word


def _check(tx, rows: list[RowPlan]) -> None:
    units = Units(tx)
    found = articles(tx, rows)
    recipients = registers_repo.recipients_by_id(tx, sorted({r.values["recipient_id"] for r in rows
                                                             if r.values.get("recipient_id")}))
    for r in rows:
        units.resolve(r, "unit_id")
        known_article(r, found)
        rid = r.values.get("recipient_id")
        if rid is not None and rid not in recipients:
            r.refuse("recipient_id", rid, "md.unknown_recipient")
        settle(r)


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    registers_repo.upsert_work_orders(tx, [r.values for r in rows])


KIND = Kind(
    name="work_orders", key=("no",), model=WorkOrderRow, action=Action.ADMIN_REFERENCE,
    depends=("units", "articles", "patients"), person_columns=("recipient_id",),
    columns=(
        Column("no", required=True, example="AO-26-1001",
               aliases=("arbetsorder", "arbetsordernummer", "arbetsordernr", "ao", "ordrenummer", "arbejdsordre",
                        "work order", "number", "nummer")),
        Column("article_no", example="49509",
               aliases=("artikel", "artikelnummer", "artikelnr", "artnr", "varenummer", "article")),
        Column("individual_no", example="CFH188493",
               aliases=("individ", "individnummer", "individnr", "serienummer", "individual")),
        Column("recipient_id", example="191212121212", parse=persons.recipient_cell,
               aliases=("mottagare", "personnummer", "pnr", "kundnummer", "modtager", "recipient")),
        Column("status", example="performed", choices=STATUSES, aliases=("tilstand", "state")),
        Column("description", example="Byte av drivhjul", aliases=("beskrivning", "åtgärd", "beskrivelse", "text")),
        Column("performed", type="date", example="2026-02-01", not_future=True,
               aliases=("utförd", "utfört", "datum", "udført", "date")),
        Column("unit_id", example="1012", aliases=("enhet", "tjänsteställe", "enhed", "unit")),
    ),
    load=registers_repo.work_orders, save=_save, check=_check)
