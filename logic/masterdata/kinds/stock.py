"""Buffer stock of articles that are not individual-classified (ADM-6, DEV-4 d): a quantity
per unit and article, in `stock_items` without an individual no. Natural key: unit + article
(the unit by its id, as under Enheter: a key is compared as written). Individual-classified
articles are kept per individual instead (individuals)."""
from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from logic.access import Action
from logic.masterdata.kinds.common import Units, articles, known_article
from logic.masterdata.spec import NEW, Column, Kind, RowPlan
from logic.masterdata.text import clean_text
from logic.store import registers_repo


class StockRow(BaseModel):
    unit_id: str = Field(min_length=1, max_length=40)
    article_no: str = Field(min_length=1, max_length=20)
    quantity: int = Field(ge=0, le=1_000_000)

    _clean = field_validator("unit_id", "article_no", mode="before")(clean_text)


def _check(tx, rows: list[RowPlan]) -> None:
    units = Units(tx)
    found = articles(tx, rows)
    for r in rows:
        units.resolve(r, "unit_id", by_code=False)
        article = known_article(r, found)
        if article is not None and article["individual_classified"]:
            r.refuse("article_no", article["article_no"], "md.stock.individual_article")


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    registers_repo.insert_stock(tx, [r.values for r in rows if r.status == NEW])
    registers_repo.update_stock(tx, [r.values for r in rows if r.status != NEW])


KIND = Kind(
    name="stock", key=("unit_id", "article_no"), model=StockRow, action=Action.ADMIN_REFERENCE,
    depends=("units", "articles"),
    columns=(
        Column("unit_id", required=True, example="centre",
               aliases=("enhet", "lager", "buffertlager", "enhed", "unit")),
        Column("article_no", required=True, example="22010",
               aliases=("artikel", "artikelnummer", "artikelnr", "artnr", "varenummer", "article")),
        Column("quantity", required=True, type="int", example="14", aliases=("antal", "saldo", "qty", "antall")),
    ),
    load=registers_repo.stock, save=_save, check=_check)
