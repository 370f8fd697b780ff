"""The deviation's vocabulary and its input model.

`DeviationDraft` holds what the form has so far: every field optional, so nothing typed is
ever thrown away; `rules.check` says what is missing or wrong, field by field.
"""
from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator

from logic.inputs import Text, blank_is_none


class EventType(StrEnum):
    """DEV-1. Avvikelse = NEGATIVE or INCIDENT (SOSFS 2011:9); COMPLAINT = reklamation."""
    NEGATIVE = "negativ_handelse"   # occurred and caused a care injury (vårdskada)
    INCIDENT = "tillbud"            # could have caused injury
    COMPLAINT = "reklamation"       # fault, defect or delay; no risk of patient harm

    @property
    def is_deviation(self) -> bool:
        return self in (EventType.NEGATIVE, EventType.INCIDENT)


class RegistrationPath(StrEnum):
    """DEV-4: what the report concerns."""
    RECIPIENT_DEVICE = "a"      # device registered on a recipient, from the recipient's list
    UNREGISTERED_DEVICE = "b"   # device not registered on a recipient (e.g. sold)
    STOCK_INDIVIDUAL = "c"      # individual-classified device on buffer stock (individkort)
    STOCK_ARTICLE = "d"         # non-individual device on buffer stock
    SERVICE_WORK_ORDER = "e"    # performed service with a work order
    SERVICE_NO_ORDER = "f"      # performed service without a work order

    @property
    def on_stock(self) -> bool:
        return self in (RegistrationPath.STOCK_INDIVIDUAL, RegistrationPath.STOCK_ARTICLE)


class DesiredAction(StrEnum):
    REPAIR_ON_SITE = "repair_on_site"           # tekniker reparerar på plats
    SEND_TO_CENTRE = "send_to_centre"           # skickas till centralen och tillbaka
    REPLACEMENT_PRESCRIBED = "replacement"      # ersättningshjälpmedel förskrivet


class DeviceReturn(StrEnum):
    SENT_IN = "sent_in"
    WILL_BE_SENT = "will_be_sent"
    NOT_APPLICABLE = "not_applicable"

    @property
    def goes_to_centre(self) -> bool:
        return self is not DeviceReturn.NOT_APPLICABLE


class WantedBack(StrEnum):
    """DEV-9: a replacement device or the same device back."""
    REPLACEMENT = "replacement"
    SAME_DEVICE = "same_device"


class Status(StrEnum):
    PLANNED = "planned"              # Planerad
    INVESTIGATING = "investigating"  # answered (Svar); with the deviation handler
    CLOSED = "closed"                # Avslutad


class ReportState(StrEnum):
    """DEV-14: whether a report to the manufacturer / Läkemedelsverket was made."""
    UNDECIDED = "undecided"
    NOT_NEEDED = "not_needed"
    REPORTED = "reported"


class RecipientKind(StrEnum):
    PATIENT = "patient"
    CARE_UNIT = "care_unit"


class DeviationDraft(BaseModel):
    """Everything the registration form collects. All optional until `rules.check`; a text
    over its limit is refused at its field (X-7, `logic.inputs.Text`)."""
    model_config = ConfigDict(str_strip_whitespace=True, use_enum_values=False)

    path: RegistrationPath | None = None
    service_site_id: str | None = None
    is_wear_and_tear: bool | None = None        # DEV-2 repair check
    # what the report concerns (one of these, per path)
    recipient_id: Text(15) = None               # personnummer or care-unit customer number
    device_id: str | None = None                # path a
    article_no: Text(20) = None                 # path b
    article_name: Text(200) = None
    individual_no: Text(40) = None
    stock_item_id: str | None = None            # path c, d
    work_order_no: Text(30) = None              # path e
    service_description: Text(500, multiline=True) = None   # path f
    # the event (DEV-7)
    event_type: EventType | None = None
    category: str | None = None
    occurred_date: date | None = None
    occurred_time: time | None = None
    location: Text(200) = None
    concerns: Text(200) = None
    what_happened: Text(4000, multiline=True) = None
    injury: Text(2000, multiline=True) = None
    desired_action: DesiredAction | None = None
    device_return: DeviceReturn | None = None
    report_attached: bool | None = None         # DEV-9
    wanted_back: WantedBack | None = None       # DEV-9
    delivery_note_no: Text(30) = None           # DEV-8
    order_no: Text(30) = None
    comment: Text(2000, multiline=True) = None
    contact_name: Text(120) = None
    contact_phone: Text(30) = None

    _blank_is_none = field_validator("*", mode="before")(blank_is_none)

    def for_its_path(self) -> "DeviationDraft":
        """Only the chosen path's subject (DEV-4). The form keeps what was typed on every path
        (X-7), so a user who searched a recipient on path a and then switched to buffer stock
        still has that recipient and device in the draft; they must not be registered."""
        keep = PATH_SUBJECT_FIELDS.get(self.path, ())
        stale = {f: None for f in ALL_SUBJECT_FIELDS if f not in keep and getattr(self, f) is not None}
        if self.device_return is not None and not self.device_return.goes_to_centre \
                and self.report_attached is not None:
            stale["report_attached"] = None                  # DEV-9: asked only when sent in
        return self.model_copy(update=stale) if stale else self

    def occurred_at_local(self) -> datetime | None:
        if self.occurred_date is None or self.occurred_time is None:
            return None
        return datetime.combine(self.occurred_date, self.occurred_time)


# Fields in form order, with the step they belong to (for "what is missing" messages).
STEP_FIELDS: dict[int, tuple[str, ...]] = {
    1: ("path", "service_site_id", "is_wear_and_tear", "recipient_id", "device_id", "article_no",
        "article_name", "individual_no", "stock_item_id", "work_order_no", "service_description"),
    2: ("event_type", "category", "occurred_date", "occurred_time", "location", "concerns",
        "what_happened"),
    3: ("injury", "desired_action", "device_return", "report_attached", "wanted_back",
        "delivery_note_no", "order_no", "comment", "contact_name", "contact_phone"),
}

# DEV-4: the fields that name what the report concerns, per registration path.
PATH_SUBJECT_FIELDS: dict[RegistrationPath | None, tuple[str, ...]] = {
    RegistrationPath.RECIPIENT_DEVICE: ("recipient_id", "device_id"),
    RegistrationPath.UNREGISTERED_DEVICE: ("recipient_id", "article_no", "article_name", "individual_no"),
    RegistrationPath.STOCK_INDIVIDUAL: ("stock_item_id",),
    RegistrationPath.STOCK_ARTICLE: ("stock_item_id",),
    RegistrationPath.SERVICE_WORK_ORDER: ("work_order_no",),
    RegistrationPath.SERVICE_NO_ORDER: ("service_description",),
}
ALL_SUBJECT_FIELDS = tuple(dict.fromkeys(f for fields in PATH_SUBJECT_FIELDS.values() for f in fields))
