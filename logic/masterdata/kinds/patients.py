"""Patients and recipients as one list (ADM-7): the patient register certificates are written
from (`patients`) and the recipients devices are registered on (`recipients`) hold the same
people, so an admin keeps them in one place — identity, name, protected identity
(skyddade personuppgifter, CERT-8) and the service site responsible for the person's devices.

Identity: personnummer or samordningsnummer (12 digits, with century and a valid check digit)
or a reserve number — normalised, so 19121212-1212 and 191212121212 are one person; refused in
the user's language when wrong (`logic.identity`). A row whose identity is a care unit's
customer number (a unit of kind care_unit with that customer number under Enheter) is a care
unit receiving devices (DEV-4 a): it is a recipient only, never a patient, and never protected.

A person is written to both tables: a patient who later gets a device, or a device recipient
who later needs a certificate, is already there. Nobody is deleted (certificates and
deviations point at them)."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from logic.access import Action
from logic.clock import naive_utc
from logic.identity import parse_person_id
from logic.masterdata import persons
from logic.masterdata.kinds.common import Units, settle
from logic.masterdata.spec import Column, Kind, RowPlan
from logic.masterdata.text import clean_text
from logic.store import registers_repo


class PersonRow(BaseModel):
    id: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=120)
    protected_identity: bool = False
    unit_id: str | None = Field(default=None, max_length=40)

    _clean = field_validator("id", "name", "unit_id", mode="before")(clean_text)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return persons.recipient_cell(v)

    @field_validator("protected_identity", mode="before")
    @classmethod
    def _flag(cls, v: Any) -> Any:
        return False if v is None else v


def _check(tx, rows: list[RowPlan]) -> None:
    units = Units(tx)
    for r in rows:
        units.resolve(r, "unit_id")
        rid = r.values["id"]
        if not persons.is_person_id(rid):          # a customer number
            if rid not in units.care_units:
                r.refuse("id", rid, "md.patients.not_a_care_unit")
            elif r.values.get("protected_identity"):
                r.refuse("protected_identity", True, "md.patients.care_unit_protected")
        settle(r)


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    patients, recipients = [], []
    for r in rows:
        v = r.values
        if persons.is_person_id(v["id"]):
            patients.append({**v, "id_kind": parse_person_id(v["id"], allow_reserve=True).kind.value})
            recipients.append({**v, "kind": "patient"})
        else:
            recipients.append({**v, "kind": "care_unit"})
    registers_repo.upsert_persons(tx, patients, recipients, naive_utc(clock.now()), actor.username)


KIND = Kind(
    name="patients", key=("id",), model=PersonRow, action=Action.ADMIN_REFERENCE, depends=("units",),
    person_columns=("id",),
    columns=(
        Column("id", required=True, example="191212121212", parse=persons.recipient_cell,
               aliases=("personnummer", "pnr", "personnr", "samordningsnummer", "reservnummer", "mottagare",
                        "mottagar-id", "patient", "patient-id", "identitet", "identity", "person id", "cpr",
                        "kundnummer")),
        Column("name", required=True, example="Tolvan Tolvansson", aliases=("namn", "navn", "patientnamn")),
        Column("protected_identity", type="bool", example="nej",
               aliases=("skyddad identitet", "skyddade personuppgifter", "sekretessmarkering", "sekretess",
                        "skyddad", "beskyttet", "navne- og adressebeskyttelse", "protected")),
        Column("unit_id", example="1012",
               aliases=("tjänsteställe", "enhet", "ansvarig enhet", "enhed", "unit", "service site")),
    ),
    load=registers_repo.persons, save=_save, check=_check)
