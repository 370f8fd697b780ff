"""Articles of the device register (ADM-6): article no, name, whether the article is
individual-classified (individklassad: each device has an individual no and an individual
card — DEV-4 c versus d), manufacturer. Natural key: the article no. Whether a handed-out
device "has components" belongs to the device on the recipient's list (recipient_devices)."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from logic.access import Action
from logic.masterdata.spec import Column, Kind, RowPlan
from logic.masterdata.text import clean_text
from logic.store import registers_repo


class ArticleRow(BaseModel):
    article_no: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=200)
    individual_classified: bool = False
    manufacturer: str | None = Field(default=None, max_length=120)

    _clean = field_validator("article_no", "name", "manufacturer", mode="before")(clean_text)

    @field_validator("individual_classified", mode="before")
    @classmethod
    def _flag(cls, v: Any) -> Any:
        return False if v is None else v


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    registers_repo.upsert_articles(tx, [r.values for r in rows])


KIND = Kind(
    name="articles", key=("article_no",), model=ArticleRow, action=Action.ADMIN_REFERENCE, depends=("units",),
    columns=(
        Column("article_no", required=True, example="49509",
               aliases=("artikel", "artikelnummer", "artikelnr", "art nr", "artnr", "varenummer", "article")),
        Column("name", required=True, example="Rullstol Cross B42.5 Dj46",
               aliases=("benämning", "namn", "navn", "betegnelse", "artikelbenämning")),
        Column("individual_classified", type="bool", example="ja",
               aliases=("individklassad", "individmärkt", "individ", "individual", "serialised", "serialized")),
        Column("manufacturer", example="Rullverk AB",
               aliases=("tillverkare", "fabrikat", "leverantör", "producent", "fabrikant")),
    ),
    load=registers_repo.articles, save=_save)
