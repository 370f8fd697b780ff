"""Individuals (individkort) of the device register (ADM-6): individual no, article, owner unit,
and whether it is on the owner unit's buffer stock or handed out to a recipient.

Stored in `stock_items` (one row per individual card, quantity 1, `handed_out`): the cards on
stock are what the deviation wizard offers on DEV-4 c ("individual-classified device on buffer
stock"); a handed-out individual is on its recipient's device list (recipient_devices) and
not offered on buffer stock. Natural key: article no + individual no. Only individual-classified
articles have individuals; an individual on stock cannot at the same time be delivered to a
recipient."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from logic.access import Action
from logic.masterdata.kinds.common import Units, articles, known_article, settle
from logic.masterdata.spec import NEW, Column, Kind, RowPlan
from logic.masterdata.text import clean_text
from logic.store import registers_repo

STATES = ("stock", "handed_out")
STATE_WORDS = {
    "stock": "stock", "on stock": "stock", "on buffer stock": "stock", "lager": "stock", "på lager": "stock",
    "buffertlager": "stock", "på buffertlager": "stock", "i lager": "stock",
    "handed_out": "handed_out", "handed out": "handed_out", "utlämnad": "handed_out", "utlämnat": "handed_out",
    "utlånad": "handed_out", "utlånat": "handed_out", "hos mottagare": "handed_out", "udleveret": "handed_out",
    "udlånt": "handed_out",
}


class IndividualRow(BaseModel):
    article_no: str = Field(min_length=1, max_length=20)
    individual_no: str = Field(min_length=1, max_length=40)
    unit_id: str = Field(min_length=1, max_length=40)
    state: str = "stock"

    _clean = field_validator("article_no", "individual_no", "unit_id", "state", mode="before")(clean_text)

    @field_validator("state", mode="before")
    @classmethod
    def _state(cls, v: Any) -> Any:
        if v is None:
            return "stock"
        word = STATE_WORDS.get(str(v).strip().casefold().replace("_", " "), STATE_WORDS.get(str(v).strip()))
        if word is None:
            raise ValueError("md.individuals.bad_state")
        return word


def _check(tx, rows: list[RowPlan]) -> None:
    units = Units(tx)
    found = articles(tx, rows)
    holders = registers_repo.delivered_holders(
        tx, [(r.values["article_no"], r.values["individual_no"]) for r in rows if r.values["state"] == "stock"])
    for r in rows:
        units.resolve(r, "unit_id")
        article = known_article(r, found)
        if article is not None and not article["individual_classified"]:
            r.refuse("article_no", article["article_no"], "md.individuals.not_individual")
        if r.values["state"] == "stock" and (r.values["article_no"], r.values["individual_no"]) in holders:
            r.refuse("state", r.values["state"], "md.individuals.handed_out_to_recipient")
        settle(r)


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    registers_repo.insert_individuals(tx, [r.values for r in rows if r.status == NEW])
    registers_repo.update_individuals(tx, [r.values for r in rows if r.status != NEW])


KIND = Kind(
    name="individuals", key=("article_no", "individual_no"), model=IndividualRow, action=Action.ADMIN_REFERENCE,
    depends=("units", "articles"),
    columns=(
        Column("article_no", required=True, example="49509",
               aliases=("artikel", "artikelnummer", "artikelnr", "artnr", "varenummer", "article")),
        Column("individual_no", required=True, example="CFH900101",
               aliases=("individ", "individnummer", "individnr", "individ nr", "serienummer", "serial no", "individual")),
        Column("unit_id", required=True, example="centre",
               aliases=("ägare", "ägande enhet", "enhet", "lager", "ejer", "enhed", "owner", "unit")),
        Column("state", example="stock", choices=STATES,
               aliases=("status", "läge", "placering", "var", "tilstand", "placement")),
    ),
    load=registers_repo.individuals, save=_save, check=_check)
