"""Shared by the register kinds (ADM-6, ADM-7): units named by id or code, articles looked up
once per plan, and a row's status settled again after a check resolved its values."""
from __future__ import annotations

from typing import Any

from logic.masterdata.spec import CHANGED, UNCHANGED, RowPlan
from logic.store import registers_repo


class Units:
    """The stored units, found by id or by code (the code is what an old system's file names)."""

    def __init__(self, tx) -> None:
        rows = registers_repo.units(tx)
        self.by_id = {u["id"]: u for u in rows}
        self.by_code = {u["code"]: u["id"] for u in rows if u["code"]}
        self.care_units = {u["customer_no"]: u for u in rows if u["kind"] == "care_unit" and u["customer_no"]}

    def resolve(self, row: RowPlan, column: str, *, by_code: bool = True) -> None:
        """Refuse an unknown unit; write the unit's id in place of its code."""
        value = row.values.get(column)
        if value is None:
            return
        if value in self.by_id:
            return
        if by_code and value in self.by_code:
            row.values[column] = self.by_code[value]
            return
        row.refuse(column, value, "md.unknown_unit")


def articles(tx, rows: list[RowPlan]) -> dict[str, dict[str, Any]]:
    return registers_repo.articles_by_no(tx, sorted({r.values["article_no"] for r in rows
                                                     if r.values.get("article_no")}))


def known_article(row: RowPlan, found: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    no = row.values.get("article_no")
    if no is None:
        return None
    if no not in found:
        row.refuse("article_no", no, "md.unknown_article")
        return None
    return found[no]


def settle(row: RowPlan) -> None:
    """A check that replaced a value by its stored form (a unit's code by its id) may leave a
    'changed' row with nothing changed: it is unchanged (IMP-5, the same file twice)."""
    if row.status == CHANGED and not row.changes():
        row.status = UNCHANGED
