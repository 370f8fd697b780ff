"""The ORG classification (ADM-9, ORG-2): affected areas (no parent; entry org or care) and the
types of deficiency under them, with names and guidance in Swedish, English and Danish, whether the
escalation ladder applies (ORG-6, types only), sort order and active. A node is never deleted
(cases keep pointing at it): it is made inactive. A file may hold areas and their types
together; the areas are written first.

The rules (`org.reference_rules.node_fields`, `org.reference_rules.node_place`) and the write
(`org.services.write_node`) are the ORG admin page's own."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_validator

from logic.access import Action
from logic.masterdata.spec import Column, Kind, RowPlan
from logic.masterdata.text import clean_text, lowered
from logic.org import reference_rules, services
from logic.org.model import Entry
from logic.store import org_repo

ENTRIES = tuple(e.value for e in Entry)


class NodeRow(BaseModel):
    code: str
    parent_code: str | None = None
    entry: str | None = None
    name_sv: str | None = None
    name_en: str | None = None
    name_da: str | None = None
    guidance_sv: str | None = None
    guidance_en: str | None = None
    guidance_da: str | None = None
    ladder: bool = False
    sort: int = 0
    active: bool = True

    _clean = field_validator("code", "parent_code", "entry", "name_sv", "name_en", "name_da",
                             "guidance_sv", "guidance_en", "guidance_da", mode="before")(clean_text)

    @field_validator("entry")
    @classmethod
    def _entry(cls, v: str | None) -> str | None:
        if v is not None and v.lower() not in ENTRIES:
            raise ValueError("md.org_classification.bad_entry")
        return v.lower() if v else v

    @field_validator("ladder", mode="before")
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
    return [{c: n[c] for c in services.NODE_COLUMNS} for n in org_repo.nodes(tx, active_only=False)]


def _tree(tx, rows: list[RowPlan]) -> dict[str, dict]:
    """The tree as it will be: the stored nodes with the rows' values over them."""
    nodes = {n["code"]: dict(n) for n in org_repo.nodes(tx, active_only=False)}
    for r in rows:
        nodes[r.values["code"]] = dict(r.values)
    return nodes


def _check(tx, rows: list[RowPlan]) -> None:
    nodes = _tree(tx, rows)
    for r in rows:
        v = r.values
        values, errors = reference_rules.node_fields(v.get("code"), v)
        if not errors:
            errors, entry = reference_rules.node_place(
                values["code"], v.get("parent_code"), v.get("entry"), bool(v.get("ladder")),
                nodes.get(v.get("parent_code") or ""), org_repo.node(tx, values["code"]),
                any(n.get("parent_code") == values["code"] for n in nodes.values()))
        for field, key in errors.items():
            r.refuse(field, v.get(field), key)
        if not errors:
            v.update(values, entry=entry, name_en=values["name_en"] or values["name_sv"])
            nodes[v["code"]]["entry"] = entry
            r.restatus()


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    nodes = _tree(tx, rows)
    for r in sorted(rows, key=lambda r: r.values.get("parent_code") is not None):   # areas first
        services.write_node(tx, clock, actor, r.values, nodes)


KIND = Kind(
    name="org_classification", key=("code",), model=NodeRow, action=Action.ADMIN_REFERENCE,
    prepare=lowered("code", "parent_code", "entry"),
    columns=(
        Column("code", required=True, example="tolk", aliases=("kod", "kode")),
        Column("parent_code", example="verksamhet", aliases=("område", "överordnad", "area", "parent")),
        Column("entry", example="org", choices=ENTRIES, aliases=("ingång", "indgang")),
        Column("name_sv", required=True, example="Tolkbokning", aliases=("svenska", "namn")),
        Column("name_en", example="Interpreter booking", aliases=("english", "engelska")),
        Column("guidance_sv", example="", aliases=("vägledning", "vägledning sv")),
        Column("guidance_en", example="", aliases=("guidance", "vägledning en")),
        Column("name_da", example="Tolkebestilling", aliases=("dansk", "danska", "navn")),
        Column("guidance_da", example="", aliases=("vejledning", "vägledning da")),
        Column("ladder", type="bool", example="nej", aliases=("stege", "eskaleringstrappa", "ladder")),
        Column("sort", type="int", example="100", aliases=("sortering", "ordning")),
        Column("active", type="bool", example="ja", aliases=("aktiv",)),
    ),
    load=_load, save=_save, check=_check)
