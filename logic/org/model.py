"""The vocabulary of organisational deviations (ORG) and the report's input model.

An *organisational deviation* (avvikelse gällande säkerhet, miljö och organisation) is reported
through the start page's "Miljön" entry; a *care deviation* (vårdavvikelse) through the
"Patienten" entry. Both are routed to the reporter's nearest manager (ORG-4); only deficiency
types that carry the insurance-medicine ladder can be lifted beyond the manager (ORG-6).

`OrgDraft` holds what the form has so far: every field optional, so nothing typed is lost;
`rules.check` says what is missing or wrong, field by field.
"""
from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from logic.inputs import Text, blank_is_none


class Entry(StrEnum):
    """ORG-1: the start-page entry a report comes through; also the case kind."""
    ENVIRONMENT = "org"     # Miljön – säkerhet, miljö och organisation
    CARE = "care"           # Patienten – vårdavvikelse

    @property
    def prefix(self) -> str:
        """Number prefix: OA (organisatorisk avvikelse) / VA (vårdavvikelse)."""
        return "OA" if self is Entry.ENVIRONMENT else "VA"

    @property
    def other(self) -> "Entry":
        return Entry.CARE if self is Entry.ENVIRONMENT else Entry.ENVIRONMENT


KINDS = tuple(e.value for e in Entry)


class Level(StrEnum):
    """ORG-6: the escalation ladder, lowest first."""
    MANAGER = "manager"        # närmaste chef (or another manager it was forwarded to)
    COMMITTEE = "committee"    # Försäkringsmedicinska kommittén, via its chair
    FORUM = "forum"            # Avvikelseforum (Arbetsförmedlingen, Försäkringskassan, regionen)
    GROUP = "group"            # Försäkringsmedicinska samverkansgruppen

    @property
    def rank(self) -> int:
        return LADDER.index(self)

    @property
    def next(self) -> "Level | None":
        i = self.rank + 1
        return LADDER[i] if i < len(LADDER) else None


LADDER: list[Level] = [Level.MANAGER, Level.COMMITTEE, Level.FORUM, Level.GROUP]
HELD_LEVELS: list[Level] = LADDER[1:]   # levels whose holder is assigned in the admin page


class Status(StrEnum):
    OPEN = "open"            # under handläggning at its current level
    LEARNING = "learning"    # resolved, lifted for learning; a higher level takes note
    CLOSED = "closed"        # avslutad; the reporter has the outcome


class Arrival(StrEnum):
    """Why a case arrived at a step."""
    ROUTED = "routed"            # ORG-4 to the nearest manager
    ROUTED_SELF = "routed_self"  # ORG-4 the reporter is that manager
    FORWARDED = "forwarded"      # to another manager, with a reason
    UNRESOLVED = "unresolved"    # ORG-6 lifted because it could not be resolved
    LEARNING = "learning"        # ORG-6 resolved, lifted for learning
    REASSIGNED = "reassigned"    # the level's holder changed (admin)
    REROUTED = "rerouted"        # ORG-4 again: the unit tree changed (a unit moved, a new manager; ADM-10)


class StepMove(StrEnum):
    """How a level's step ended: what the level did with the case (forwarded, escalated, lifted
    for learning, closed) or that it was handed to the level's new holder; kept on its step
    (`org_steps.decision`) with who, when and outcome (ORG-6). Not a permission: that is
    `logic.access.Decision`, allowed or refused with a reason."""
    FORWARD = "forward"
    ESCALATE = "escalate"        # unresolved: to the next level
    LEARNING = "learning"        # resolved: to the next level for learning
    CLOSE = "close"              # resolved (or learning noted) and closed
    REASSIGNED = "reassigned"    # handed to the level's new holder


class Affected(StrEnum):
    PATIENT = "patient"
    STAFF = "staff"
    ORGANISATION = "organisation"


class Party(StrEnum):
    """The collaboration party (samverkanspart) involved."""
    FK = "forsakringskassan"
    AF = "arbetsformedlingen"
    OTHER = "other"
    NONE = "none"


CONTACT_PARTIES = [Party.FK, Party.AF, Party.OTHER]


class RegisterRole(StrEnum):
    """ORG-11: who a unit's contact register lists, in the order the seed's routine contacts them
    (ORG-12): the responsible insurance investigator first; what cannot be resolved there goes
    to the managers at the authority (escalation plan; behaviour is manager to manager); other
    general deviations go to the unit's contact person at Försäkringskassan."""
    INVESTIGATOR = "investigator"            # försäkringsutredare
    AUTHORITY_MANAGER = "authority_manager"  # chef på myndigheten
    UNIT_CONTACT = "unit_contact"            # vårdenhetens kontaktperson på Försäkringskassan

    @property
    def rank(self) -> int:
        return list(RegisterRole).index(self)


class OrgDraft(BaseModel):
    """Everything the report form collects. All optional until `rules.check`."""
    model_config = ConfigDict(str_strip_whitespace=True)

    entry: Entry = Entry.ENVIRONMENT
    unit_id: str | None = None
    area: str | None = None                  # ORG-2 affected area
    deficiency: str | None = None            # ORG-2 type of organisational deficiency
    grounds: list[str] = Field(default_factory=list)   # ORG-8 grounds for reporting (codes)
    title: Text(200) = None
    what_happened: Text(4000, multiline=True) = None
    occurred_date: date | None = None
    occurred_time: time | None = None
    location: Text(200) = None
    affected: list[Affected] = Field(default_factory=list)
    party: Party | None = None
    party_other: Text(200) = None
    patient_harmed: bool | None = None
    harm_description: Text(2000, multiline=True) = None
    # ORG-7: register the linked deviation of the other entry in the same go
    create_linked: bool = False
    linked_area: str | None = None
    linked_deficiency: str | None = None

    _blank_is_none = field_validator("*", mode="before")(blank_is_none)

    @field_validator("affected", "grounds", mode="before")
    @classmethod
    def _none_is_empty(cls, v: object) -> object:
        return [] if v is None else v

    @field_validator("create_linked", mode="before")
    @classmethod
    def _none_is_false(cls, v: object) -> object:
        return False if v is None else v

    def occurred_at_local(self) -> datetime | None:
        if self.occurred_date is None:
            return None
        return datetime.combine(self.occurred_date, self.occurred_time or time(0, 0))


# Form order, for "what is missing" messages.
FIELDS: tuple[str, ...] = (
    "unit_id", "area", "deficiency", "grounds", "title", "what_happened", "occurred_date", "occurred_time",
    "location", "affected", "party", "party_other", "patient_harmed", "harm_description",
    "create_linked", "linked_area", "linked_deficiency")
