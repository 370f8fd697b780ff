"""Partner offices (ADM-8, seed 004): insurers → partner companies → offices are rows of the
units tree (kinds insurer, company, office); this kind is an office as the seed's "Kontor
indstillinger" shows it — its company (and so its insurer), name, town, address, e-mail,
telephone, CVR number, contact person (name, telephone, e-mail), description, its members
(users, each a member of the office and of its company) and its urgent-case permissions:
may create urgent cases Aldrig / Uden for arbejdstid / Altid (URG-1), may assign tasks to
other partners and may edit the case id (URG-3, only while the insurer's enhanced urgent
cases are on).

Every rule is the urgent context's own (`logic.urgent.office_settings`); the write goes through
`logic.urgent.services.write_office`, which changes permissions the way the urgent admin page
does (`write_office_settings`: an insurer only its own offices). Insurers and companies
themselves are units (the units kind); office hours per company are the office_hours kind.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from logic.access import Action
from logic.masterdata.kinds.units import UNIT_ID
from logic.masterdata.spec import Column, Kind, RowPlan
from logic.masterdata.text import clean_text
from logic.store import masterdata_repo, urgent_repo
from logic.urgent import office_settings, services
from logic.urgent.model import CreatePermission

PERMISSIONS = tuple(c.value for c in CreatePermission)
DETAILS = urgent_repo.OFFICE_DETAILS


class OfficeRow(BaseModel):
    id: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    company_id: str = Field(min_length=1, max_length=40)
    insurer_id: str | None = Field(default=None, max_length=40)
    city: str | None = Field(default=None, max_length=100)
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    cvr: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    description: str | None = None
    members: list[str] = []
    create_permission: str = CreatePermission.NEVER.value
    may_assign_other_partners: bool = False
    may_edit_case_id: bool = False
    active: bool = True

    _clean = field_validator("id", "name", "company_id", "insurer_id", "city", *DETAILS,
                             mode="before")(clean_text)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not UNIT_ID.match(v):
            raise ValueError("md.units.bad_id")
        return v

    @field_validator("cvr")
    @classmethod
    def _cvr(cls, v: str | None) -> str | None:
        return office_settings.normal_cvr(v)

    @field_validator("members", mode="before")
    @classmethod
    def _no_members(cls, v: Any) -> Any:
        return [] if v is None else v

    @field_validator("members")
    @classmethod
    def _members(cls, v: list[str]) -> list[str]:
        return sorted({m.strip().lower() for m in v if m.strip()})

    @field_validator("create_permission", mode="before")
    @classmethod
    def _permission(cls, v: Any) -> str:
        if v is None:
            return CreatePermission.NEVER.value
        permission = office_settings.parse_permission(str(v))
        if permission is None:
            raise ValueError("md.offices.bad_permission")
        return permission.value

    @field_validator("may_assign_other_partners", "may_edit_case_id", mode="before")
    @classmethod
    def _no(cls, v: Any) -> Any:
        return False if v is None else v

    @field_validator("active", mode="before")
    @classmethod
    def _active(cls, v: Any) -> Any:
        return True if v is None else v


def _load(tx, keys: list[tuple] | None = None) -> list[dict[str, Any]]:
    return urgent_repo.offices_for_admin(tx)


def _check(tx, rows: list[RowPlan]) -> None:
    """The company is a stored partner company and names the office's insurer; the id is not
    another kind of unit; the members are users; the details and the permissions follow the
    urgent rules (an extra right newly granted only while enhanced urgent cases are on)."""
    units = urgent_repo.unit_kinds(tx)
    users = masterdata_repo.usernames(tx, active_only=False)
    for r in rows:
        v = r.values
        stored = units.get(v["id"])
        if stored is not None and stored["kind"] != "office":
            r.refuse("id", v["id"], "md.offices.not_an_office", kind=stored["kind"])
        company = units.get(v["company_id"])
        if company is None or company["kind"] != "company":
            r.refuse("company_id", v["company_id"], "md.offices.unknown_company")
            continue
        insurer = company["parent_id"]
        if (units.get(insurer) or {}).get("kind") != "insurer":
            r.refuse("company_id", v["company_id"], "md.offices.company_without_insurer")
            continue
        given = v.get("insurer_id")
        follows = r.before is not None and given == r.before.get("insurer_id")   # not typed anew
        if given and given != insurer and not follows:
            r.refuse("insurer_id", given, "md.offices.insurer_of_company", insurer=insurer or "–")
        v["insurer_id"] = insurer
        for field, key in office_settings.office_details_errors(v).items():
            r.refuse(field, v.get(field), key)
        for member in v.get("members") or []:
            if member not in users:
                r.refuse("members", member, "md.offices.unknown_member")
        after = _settings(v)
        before = _settings(r.before) if r.before else None
        portal = services.portal_in(tx, insurer)
        for field, key in office_settings.settings_errors(after, portal, before).items():
            r.refuse(field, v.get(field), key)
        r.restatus()


def _settings(values: dict[str, Any]) -> office_settings.OfficeSettings:
    return office_settings.OfficeSettings(values["id"], CreatePermission(values.get("create_permission") or "never"),
                                bool(values.get("may_assign_other_partners")), bool(values.get("may_edit_case_id")))


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    for r in rows:
        services.write_office(tx, clock, actor, r.values, r.before)


KIND = Kind(
    name="offices", key=("id",), model=OfficeRow, action=Action.ADMIN_REFERENCE, depends=("units", "users"),
    columns=(
        Column("id", required=True, example="easyfix-kobenhavn", aliases=("kontor", "office", "kontor-id")),
        Column("name", required=True, example="København", aliases=("navn", "namn", "navn på kontor")),
        Column("company_id", required=True, example="co-easyfix",
               aliases=("virksomhed", "företag", "company", "partner")),
        Column("insurer_id", example="ins-nordlys", aliases=("forsikringsselskab", "försäkringsbolag", "insurer")),
        Column("city", example="København S", aliases=("by", "ort")),
        Column("address", example="Amagerbrogade 52, 2300 København S",
               aliases=("adresse", "adress", "kontorets adresse")),
        Column("email", example="kbh@easyfix.example", aliases=("e-post kontor", "e-mail kontor", "e-post")),
        Column("phone", example="+45 11 11 11 11", aliases=("telefonnummer kontor", "telefon", "tlf")),
        Column("cvr", example="13585628", aliases=("cvr nummer", "cvr-nummer", "cvr-nr")),
        Column("contact_name", example="Frederik Service", aliases=("kontaktperson",)),
        Column("contact_phone", example="+45 22 22 22 22", aliases=("kontaktpersons tlf", "kontaktperson telefon")),
        Column("contact_email", example="frederik@easyfix.example",
               aliases=("kontaktperson e-post", "kontaktperson e-mail")),
        Column("description", example="Godt lille kontor.", aliases=("beskrivelse", "beskrivning")),
        Column("members", type="list", example="partner;partner2", aliases=("medlemmer", "medlemmar")),
        Column("create_permission", example="outside_hours", choices=PERMISSIONS,
               aliases=("har tilladelse til at oprette akut sager", "akut sager", "får skapa akuta ärenden")),
        Column("may_assign_other_partners", type="bool", example="nej",
               aliases=("tilladelse til at tildele akutsag til andre partnere",)),
        Column("may_edit_case_id", type="bool", example="nej",
               aliases=("tilladelse til at redigere sags-id for akutsag",)),
        Column("active", type="bool", example="ja", aliases=("aktiv", "tilgængelig", "status")),
    ),
    load=_load, save=_save, check=_check)
