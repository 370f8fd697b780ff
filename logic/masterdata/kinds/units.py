"""Units as one tree (ADM-4): care units, service sites (tjänsteställen), centres,
organisational units (departments), insurers, companies and partner offices — parent, code,
name, kind, manager, active. A unit is never deleted (cases keep pointing at it): it is made
inactive.

Moving a unit (a new parent) or giving it a new manager re-routes the open ORG cases it
concerns as ORG-4 says (ADM-10, `logic.org.services.reroutes`): the plan notes per row how
many cases move to whom and how many stay and why; the save moves them in the same
transaction. The workplace code follows CERT-2's rule (`certificates.rules.workplace_code_error`)."""
from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field, field_validator

from logic.access import Action
from logic.certificates.rules import workplace_code_error
from logic.masterdata.spec import REFUSED, Column, Kind, RowPlan, _norm
from logic.masterdata.text import clean_text
from logic.org import services as org_services
from logic.store import masterdata_repo, org_repo

UNIT_KINDS = ("centre", "service_site", "care_unit", "org_unit", "insurer", "company", "office")
UNIT_ID = re.compile(r"^[A-Za-z0-9ÅÄÖÆØåäöæø][A-Za-z0-9ÅÄÖÆØåäöæø._-]{0,39}$")


class UnitRow(BaseModel):
    id: str = Field(min_length=1, max_length=40)
    code: str | None = Field(default=None, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    kind: str
    parent_id: str | None = Field(default=None, max_length=40)
    manager: str | None = Field(default=None, max_length=40)
    workplace_code: str | None = Field(default=None, max_length=20)
    customer_no: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=100)
    active: bool = True

    _clean = field_validator("id", "code", "name", "parent_id", "manager", "workplace_code",
                             "customer_no", "city", mode="before")(clean_text)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not UNIT_ID.match(v):
            raise ValueError("md.units.bad_id")
        return v

    @field_validator("workplace_code")
    @classmethod
    def _workplace_code(cls, v: str | None) -> str | None:
        error = workplace_code_error(v)
        if error:
            raise ValueError(error)
        return v

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        v = (v or "").strip().lower()
        if v not in UNIT_KINDS:
            raise ValueError("md.units.bad_kind")
        return v

    @field_validator("active", mode="before")
    @classmethod
    def _active(cls, v: Any) -> Any:
        return True if v is None else v


def _check(tx, rows: list[RowPlan]) -> None:
    """Parents exist (stored or in the same rows), the tree has no cycle, a manager is an
    active user."""
    stored = {u["id"]: u for u in masterdata_repo.all_units(tx)}
    parent_of = {uid: u["parent_id"] for uid, u in stored.items()}
    parent_of.update({r.values["id"]: r.values.get("parent_id") for r in rows})
    managers = masterdata_repo.usernames(tx)
    for r in rows:
        uid, parent = r.values["id"], r.values.get("parent_id")
        if parent and parent not in parent_of:
            r.refuse("parent_id", parent, "md.units.unknown_parent")
        elif parent:
            seen, node = {uid}, parent
            while node:
                if node in seen:
                    r.refuse("parent_id", parent, "md.units.cycle")
                    break
                seen.add(node)
                node = parent_of.get(node)
        manager = r.values.get("manager")
        if manager and manager not in managers:
            r.refuse("manager", manager, "md.unknown_user")
    _note_reroutes(tx, [r for r in rows if r.status != REFUSED])


def _tree_changes(rows: list[RowPlan]) -> dict[str, dict[str, Any]]:
    """Units whose place in the tree or manager the rows change (new units too)."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        v, b = r.values, r.before
        if b is None or any(_norm(b.get(c)) != _norm(v.get(c)) for c in ("parent_id", "manager")):
            out[v["id"]] = {"parent_id": v.get("parent_id"), "manager": v.get("manager")}
    return out


def _note_reroutes(tx, rows: list[RowPlan]) -> None:
    """ADM-10 in the plan: "3 open ORG cases move to Anna Chef", "2 stay: forwarded by hand"."""
    by_id = {r.values["id"]: r for r in rows}
    groups: dict[tuple, list[org_services.Reroute]] = {}
    for x in org_services.reroutes(tx, _tree_changes(rows)):
        groups.setdefault((x.cause, x.to, x.stays), []).append(x)
    for (cause, to, stays), cases in groups.items():
        row = by_id.get(cause) or rows[0]
        ids = ", ".join(c.case_id for c in cases[:10]) + (" …" if len(cases) > 10 else "")
        if to:
            row.note("md.units.reroute_move", n=len(cases), to=org_repo.user_name(tx, to) or to, cases=ids)
        else:
            row.note(f"md.units.reroute_stay_{stays}", n=len(cases), cases=ids)


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    moves = org_services.reroutes(tx, _tree_changes(rows))      # against the tree before the change
    masterdata_repo.upsert_units(tx, [{**r.values, "code": r.values.get("code") or r.values["id"]}
                                      for r in rows])
    org_services.apply_reroutes(tx, clock, actor, moves)


KIND = Kind(
    name="units", key=("id",), model=UnitRow, action=Action.ADMIN_REFERENCE,
    columns=(
        Column("id", required=True, example="1012", aliases=("enhet", "unit", "enhed", "unit id")),
        Column("code", example="1012", aliases=("kod", "kode")),
        Column("name", required=True, example="Rehab medicinska kliniken", aliases=("namn", "navn")),
        Column("kind", required=True, example="service_site", choices=UNIT_KINDS, aliases=("typ", "type")),
        Column("parent_id", example="centre", aliases=("parent", "förälder", "overordnet")),
        Column("manager", example="chef", aliases=("chef", "leder")),
        Column("workplace_code", example="4711012", aliases=("arbetsplatskod", "arbejdsstedskode")),
        Column("customer_no", example="", aliases=("kundnummer", "kundenummer")),
        Column("city", example="Västerby", aliases=("ort", "by")),
        Column("active", type="bool", example="ja", aliases=("aktiv",)),
    ),
    load=masterdata_repo.all_units, save=_save, check=_check)
