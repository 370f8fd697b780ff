"""Certificate prerequisites per physician (ADM-9, CERT-2): the protected title (skyddad
yrkestitel), the permission "Använda Webcert" and the care assignment "Vård och behandling" per
unit. The other prerequisites live where they belong: the prescriber code with the user (the
users kind), the workplace code with the unit (the units kind) — both checked by the same
rules as the certificate admin page.

The rule (`certificates.rules.rights_errors`) and the write (`certificates.services.write_rights`)
are the certificate admin page's own."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from logic.access import Action
from logic.certificates import rules, services
from logic.masterdata.spec import Column, Kind, RowPlan
from logic.masterdata.text import clean_text
from logic.store import certificates_repo, core_repo, masterdata_repo


class CertRightsRow(BaseModel):
    username: str = Field(min_length=1, max_length=40)
    protected_title: str | None = None
    webcert: bool = False
    care_units: list[str] = []

    _clean = field_validator("username", "protected_title", mode="before")(clean_text)

    @field_validator("username")
    @classmethod
    def _username(cls, v: str) -> str:
        return v.lower()

    @field_validator("care_units", mode="before")
    @classmethod
    def _no_units(cls, v: Any) -> Any:
        return [] if v is None else v

    @field_validator("webcert", mode="before")
    @classmethod
    def _no(cls, v: Any) -> Any:
        return False if v is None else v


def _check(tx, rows: list[RowPlan]) -> None:
    """Care units named by id or code; then CERT-2's rule for the user as stored."""
    units = masterdata_repo.all_units(tx)
    by_code = {u["code"]: u["id"] for u in units if u["code"]}
    ids = {u["id"] for u in units}
    for r in rows:
        v = r.values
        resolved = []
        for unit in v.get("care_units") or []:
            resolved.append(unit if unit in ids else by_code.get(unit, unit))
        v["care_units"] = sorted(set(resolved))
        user = None if core_repo.user_row(tx, v["username"]) is None else \
            [u["unit_id"] for u in certificates_repo.user_unit_ids(tx, v["username"])]
        for field, key in rules.rights_errors(v.get("protected_title"), v["care_units"], user).items():
            r.refuse(field, v.get(field), key)
        r.restatus()


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    for r in rows:
        v = r.values
        services.write_rights(tx, clock, actor, v["username"], protected_title=v.get("protected_title"),
                              webcert=bool(v.get("webcert")), care_units=list(v.get("care_units") or []))


KIND = Kind(
    name="cert_rights", key=("username",), model=CertRightsRow, action=Action.ADMIN_USERS,
    depends=("units", "users"),
    columns=(
        Column("username", required=True, example="lakare", aliases=("användarnamn", "brugernavn", "user")),
        Column("protected_title", example="Läkare", choices=rules.PROTECTED_TITLES,
               aliases=("skyddad yrkestitel", "yrkestitel", "titel", "beskyttet titel")),
        Column("webcert", type="bool", example="ja", aliases=("använda webcert", "behörighet webcert")),
        Column("care_units", type="list", example="1012",
               aliases=("vårdmedarbetaruppdrag", "vård och behandling", "care assignments")),
    ),
    load=certificates_repo.all_rights, save=_save, check=_check)
