"""Users (ADM-5): username, name, e-mail, roles, units, prescriber code (förskrivarkod),
HSA-id, title, language, time zone, authority level, active. Deactivating keeps the user's
history (cases, logs); nobody is deleted. Passwords are never imported: a new user sets
none until an admin gives one (Administration → Användare) or logs in through the
organisation's directory."""
from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field, field_validator

from logic.access import Action, Role
from logic.clock import naive_utc
from logic.masterdata.spec import Column, Kind, RowPlan
from logic.masterdata.text import clean_text
from logic.store import masterdata_repo

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HSA_ID = re.compile(r"^[A-Z]{2}[0-9A-Z]{10}-[0-9A-Z]{1,31}$")
LANGS = ("sv", "en", "da")
ZONES = ("Europe/Stockholm", "Europe/Copenhagen")
ROLES = tuple(r.value for r in Role)


class UserRow(BaseModel):
    username: str = Field(min_length=2, max_length=40)
    name: str = Field(min_length=1, max_length=120)
    email: str | None = Field(default=None, max_length=120)
    roles: list[str] = Field(min_length=1)
    units: list[str] = []
    prescriber_code: str | None = Field(default=None, max_length=20)
    hsa_id: str | None = Field(default=None, max_length=44)
    title: str | None = Field(default=None, max_length=60)
    lang: str = "sv"
    tz: str = "Europe/Stockholm"
    authority_level: int | None = Field(default=None, ge=1, le=6)
    active: bool = True

    _clean = field_validator("username", "name", "email", "prescriber_code", "hsa_id", "title",
                             "lang", "tz", mode="before")(clean_text)

    @field_validator("username")
    @classmethod
    def _username(cls, v: str) -> str:
        v = v.lower()
        if not USERNAME.match(v):
            raise ValueError("users.bad_username")
        return v

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is not None and not EMAIL.match(v):
            raise ValueError("form.bad_email")
        return v

    @field_validator("hsa_id")
    @classmethod
    def _hsa(cls, v: str | None) -> str | None:
        if v is not None and not HSA_ID.match(v.upper()):
            raise ValueError("md.users.bad_hsa_id")
        return v.upper() if v else v

    @field_validator("roles")
    @classmethod
    def _roles(cls, v: list[str]) -> list[str]:
        out = sorted({r.strip().lower() for r in v})
        if any(r not in ROLES for r in out):
            raise ValueError("md.users.bad_role")
        return out

    @field_validator("lang", mode="after")
    @classmethod
    def _lang(cls, v: str | None) -> str:
        v = (v or "sv").lower()
        if v not in LANGS:
            raise ValueError("md.users.bad_lang")
        return v

    @field_validator("tz", mode="after")
    @classmethod
    def _tz(cls, v: str | None) -> str:
        v = v or "Europe/Stockholm"
        if v not in ZONES:
            raise ValueError("md.users.bad_tz")
        return v

    @field_validator("active", mode="before")
    @classmethod
    def _active(cls, v: Any) -> Any:
        return True if v is None else v


def _check(tx, rows: list[RowPlan]) -> None:
    """Units named by id or by code; the code is stored as the unit's id."""
    units = masterdata_repo.all_units(tx)
    by_id = {u["id"] for u in units}
    by_code = {u["code"]: u["id"] for u in units if u["code"]}
    for r in rows:
        resolved = []
        for unit in r.values.get("units") or []:
            if unit in by_id:
                resolved.append(unit)
            elif unit in by_code:
                resolved.append(by_code[unit])
            else:
                r.refuse("units", unit, "md.unknown_unit")
        r.values["units"] = sorted(set(resolved))


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    masterdata_repo.upsert_users(tx, [r.values for r in rows], naive_utc(clock.now()))


KIND = Kind(
    name="users", key=("username",), model=UserRow, action=Action.ADMIN_USERS, depends=("units",),
    columns=(
        Column("username", required=True, example="anna.andersson",
               aliases=("användarnamn", "brugernavn", "login")),
        Column("name", required=True, example="Anna Andersson", aliases=("namn", "navn")),
        Column("email", example="anna.andersson@region.example", aliases=("e-post", "mail", "e-mail")),
        Column("roles", required=True, type="list", example="reporter", choices=ROLES,
               aliases=("roller",)),
        Column("units", type="list", example="1012;1020", aliases=("enheter", "enheder")),
        Column("prescriber_code", example="1234567", aliases=("förskrivarkod",)),
        Column("hsa_id", example="SE2321000016-1003", aliases=("hsa-id", "hsaid")),
        Column("title", example="Arbetsterapeut", aliases=("titel",)),
        Column("lang", example="sv", choices=LANGS, aliases=("språk", "sprog", "language")),
        Column("tz", example="Europe/Stockholm", choices=ZONES, aliases=("tidszon", "tidszone", "time zone")),
        Column("authority_level", type="int", example="", aliases=("behörighetsnivå", "myndighedsniveau")),
        Column("active", type="bool", example="ja", aliases=("aktiv",)),
    ),
    load=masterdata_repo.all_users, save=_save, check=_check)
