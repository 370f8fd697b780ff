"""The certificate's vocabulary (intyg via Webcert, seed 003).

States follow the public model of the certificate service: a draft is *empty* (Tomt utkast)
or *started* (Utkast) and becomes *locked* 14 days after its creation day (CERT-5); a
certificate is *signed*, then *sent*; it may be *voided* (makulerat). A draft can be
*deleted*. A Dödsbevis that goes to the police on paper ends *handed to police* (CERT-9).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from logic import i18n


class Status(StrEnum):
    EMPTY = "empty"                      # Tomt utkast: created, not started
    DRAFT = "draft"                      # Utkast: started, not signed
    LOCKED = "locked"                    # Låst utkast: not signed within 14 days (derived)
    SIGNED = "signed"                    # Signerat
    SENT = "sent"                        # Skickat
    HANDED_TO_POLICE = "handed_to_police"  # Dödsbevis on paper, handed to the police (CERT-9)
    VOIDED = "voided"                    # Makulerat
    DELETED = "deleted"                  # Raderat utkast

    @property
    def is_draft(self) -> bool:
        return self in (Status.EMPTY, Status.DRAFT, Status.LOCKED)

    @property
    def is_signed(self) -> bool:
        return self in (Status.SIGNED, Status.SENT, Status.HANDED_TO_POLICE)


class Authority(StrEnum):
    """Receiving authority (mottagande myndighet) of a certificate type (CERT-1)."""
    FK = "FK"              # Försäkringskassan
    TS = "TS"              # Transportstyrelsen
    EMPLOYER = "EMPLOYER"  # Endast för utskrift arbetsgivare
    SKV = "SKV"            # Skatteverket
    SOS = "SOS"            # Socialstyrelsen


class CertAction(StrEnum):
    """What a user may do with a certificate; each has one rule that explains a refusal."""
    READ = "read"
    EDIT = "edit"
    DELETE = "delete"
    SIGN = "sign"
    SEND = "send"
    PRINT = "print"
    COPY = "copy"            # kopiera: a locked draft's content into a new draft
    REPLACE = "replace"      # ersätt: a signed certificate by a new one
    VOID = "void"            # makulera
    HAND_TO_POLICE = "hand_to_police"
    COMPLETE = "complete"    # komplettera: answer FK's completion request with a new version (CERT-13)
    ASK = "ask"              # a question to Försäkringskassan
    ANSWER = "answer"
    MARK_HANDLED = "mark_handled"


class Direction(StrEnum):
    INCOMING = "incoming"    # from Försäkringskassan (yellow in the work list)
    OUTGOING = "outgoing"    # from care (blue)


class QuestionKind(StrEnum):
    QUESTION = "question"
    COMPLETION = "completion"    # begäran om komplettering


class QuestionStatus(StrEnum):
    WAITING_FOR_CARE = "waiting_for_care"
    WAITING_FOR_AUTHORITY = "waiting_for_authority"
    ANSWERED = "answered"
    # "handled" (Hanterad) is kept apart (handled_at), because a question is marked handled
    # whatever its answer state, and can be unmarked again.


QUESTION_TOPICS = ("other", "contact", "meeting", "working_hours", "completion")


@dataclass(frozen=True)
class CertType:
    """A certificate type (CERT-1), from the reference table `certificate_types`."""
    code: str
    name_sv: str
    name_en: str
    authority: Authority
    mina_intyg: bool
    staff_send: bool
    auto_send: bool
    name_da: str | None = None

    def name(self, lang: str) -> str:
        return i18n.pick(lang, self.name_sv, self.name_en, self.name_da)

    @classmethod
    def from_row(cls, row: dict) -> "CertType":
        return cls(row["code"], row["name_sv"], row["name_en"], Authority(row["authority"]),
                   bool(row["mina_intyg"]), bool(row["staff_send"]), bool(row["auto_send"]),
                   row.get("name_da"))


DEATH_TYPES = frozenset({"db", "doi"})
DEATH_CERTIFICATE = "db"   # Dödsbevis


@dataclass(frozen=True)
class Patient:
    id: str
    id_kind: str               # logic.identity.IdKind value
    name: str
    protected_identity: bool = False

    @property
    def reserve_number(self) -> bool:
        return self.id_kind == "reservnummer"

    @classmethod
    def from_row(cls, row: dict) -> "Patient":
        return cls(row["id"], row["id_kind"], row["name"], bool(row["protected_identity"]))


@dataclass(frozen=True)
class Prerequisites:
    """CERT-2, what the store knows about a user on a unit."""
    care_assignment: bool        # vårdmedarbetaruppdrag "Vård och behandling" on the unit
    protected_title: str | None  # skyddad yrkestitel
    prescriber_code: str | None  # förskrivarkod
    workplace_code: str | None   # the unit's arbetsplatskod
    webcert: bool                # behörighet "Använda Webcert"
    service_contract: bool       # the unit's HSA-id is connected to the service contract (CERT-18)

    @classmethod
    def from_row(cls, row: dict) -> "Prerequisites":
        return cls(care_assignment=bool(row["care_assignment"]), protected_title=row["protected_title"],
                   prescriber_code=row["prescriber_code"], workplace_code=row["workplace_code"],
                   webcert=bool(row["webcert"]), service_contract=bool(row.get("service_contract")))
