"""The urgent-case vocabulary and the input model of the "Ny akutsag" form (URG-5).

`UrgentDraft` keeps every field optional so nothing typed is ever lost; `rules.check_draft`
says field by field what is missing or wrong, with translation keys shown at the field.
"""
from __future__ import annotations

from datetime import date, time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator

from logic.inputs import Text, blank_is_none

SHORT_DESCRIPTION_MAX = 1000    # Kort beskrivelse (Max 1000 Tegn)
NOTES_MAX = 15000               # Noter (Max 15000 Tegn)
CASE_NUMBER_MAX = 30            # Sagsnummer (URG-3, URG-10)
ZONE = "Europe/Copenhagen"      # office hours are Danish wall-clock time
COUNTRY = "DK"                  # public holidays (helligdage) from the `holidays` package


class CreatePermission(StrEnum):
    """URG-1 "Har tilladelse til at oprette akut sager"."""
    NEVER = "never"                  # Aldrig (default)
    OUTSIDE_HOURS = "outside_hours"  # Uden for arbejdstid
    ALWAYS = "always"                # Altid


class ReportPeriod(StrEnum):
    """URG-12: the report is made per week or per month, as the portal says."""
    WEEK = "week"
    MONTH = "month"


class UrgentState(StrEnum):
    OPEN = "open"            # skal tilknyttes
    CONVERTED = "converted"  # til normal (URG-10)
    LINKED = "linked"        # tilknyttet en anden sag (URG-11)


class ClaimState(StrEnum):
    """The insurer's normal case (kind 'claim'), cases.status (URG-14 … URG-16)."""
    OPEN = "open"            # åben
    ON_HOLD = "on_hold"      # i bero: still open, waiting; taken back with Genoptag
    CLOSED = "closed"        # lukket (closed_at set)
    DELETED = "deleted"      # slettet (closed_at set; kept for the insurer, with its reason)


class ClaimDecision(StrEnum):
    """URG-17 Erstatningsbeslutning."""
    ACCEPTED = "accepted"      # Accepter
    REJECTED = "rejected"      # Afvis
    MORE_INFO = "more_info"    # Yderligere info nødvendig


class ClaimAction(StrEnum):
    """What the insurer does with its normal case (URG-14 … URG-18)."""
    HOLD = "hold"                      # Sæt i bero
    RESUME = "resume"                  # Genoptag (back from i bero)
    CLOSE = "close"                    # Luk
    DELETE = "delete"                  # Slet sagen
    DECIDE = "decide"                  # Erstatningsbeslutning
    CHANGE_HANDLER = "change_handler"  # Sagsbehandler: Rediger


# URG-19: the case list's states (urgent cases to attach, then the normal case's states)
LIST_STATES = ("to_attach", "open", "on_hold", "closed", "deleted")

DELETE_LEVEL = 6               # URG-16: who may delete a case (authority level, like the report)
REASON_MAX = 1000              # a decision's or a deletion's reason (begrundelse)


class TaskKind(StrEnum):
    """URG-7 opgaver."""
    FIRST_AID = "first_aid"     # førstehjælp: no budget, reporting starts at once
    INSPECTION = "inspection"   # besigtigelse: the normal budget path

    @property
    def needs_budget(self) -> bool:
        return self is TaskKind.INSPECTION


class BudgetState(StrEnum):
    NOT_NEEDED = "not_needed"
    MISSING = "missing"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class ContactType(StrEnum):
    POLICYHOLDER = "policyholder"   # forsikringstager
    TENANT = "tenant"               # lejer
    OWNER = "owner"                 # ejer / udlejer
    OTHER = "other"                 # andet


class UrgentDraft(BaseModel):
    """Everything "+ Ny akutsag" collects (URG-5). All optional until `rules.check_draft`; a
    text over its limit is refused at its field, naming the limit and its length (X-7)."""
    model_config = ConfigDict(str_strip_whitespace=True)

    office_id: str | None = None
    case_number: Text(CASE_NUMBER_MAX) = None   # Sagsnummer, only where the office may edit it
    street: Text(200) = None                # Adresse
    postcode: Text(4) = None
    town: Text(100) = None
    customer: Text(200) = None              # Kunde
    contact_name: Text(120) = None          # Kontaktperson
    contact_phone: Text(20) = None
    contact_email: Text(200) = None
    contact_type: ContactType | None = None
    building_year: int | None = None        # Bygningsår
    short_description: Text(SHORT_DESCRIPTION_MAX, multiline=True) = None   # Kort beskrivelse
    notes: Text(NOTES_MAX, multiline=True) = None                           # Noter
    damage_date: date | None = None         # Skadedato (local, Europe/Copenhagen)
    damage_time: time | None = None
    first_aid_office: str | None = None     # tasks may be assigned at creation (URG-5)
    inspection_office: str | None = None

    _blank_is_none = field_validator("*", mode="before")(blank_is_none)


FIELDS = ("office_id", "case_number", "street", "postcode", "town", "customer", "contact_name",
          "contact_phone", "contact_email", "contact_type", "building_year", "short_description",
          "notes", "damage_date", "damage_time", "first_aid_office", "inspection_office")


class ClaimDraft(BaseModel):
    """"Ny sag" (URG-13): the insurer's own normal case. Like `UrgentDraft` every field is
    optional until `rules.check_claim_draft` says what is missing, field by field."""
    model_config = ConfigDict(str_strip_whitespace=True)

    insurer_id: str | None = None
    case_number: Text(CASE_NUMBER_MAX) = None   # Sagsnummer*
    street: Text(200) = None                    # Adresse*
    postcode: Text(4) = None
    town: Text(100) = None
    customer: Text(200) = None                  # Kunde*
    contact_name: Text(120) = None              # Kontaktperson
    contact_phone: Text(20) = None
    contact_email: Text(200) = None
    contact_type: ContactType | None = None
    building_year: int | None = None            # Bygningsår
    short_description: Text(SHORT_DESCRIPTION_MAX, multiline=True) = None   # Kort beskrivelse*
    notes: Text(NOTES_MAX, multiline=True) = None                           # Noter
    damage_date: date | None = None             # Skadedato* (local, Europe/Copenhagen)
    case_handler: str | None = None             # Sagsbehandler* (an insurer user of the insurer)

    _blank_is_none = field_validator("*", mode="before")(blank_is_none)
