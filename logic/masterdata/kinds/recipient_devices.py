"""Recipients' devices (ADM-6, DEV-4 a): the device list the deviation wizard shows for a
recipient — recipient (personnummer/samordningsnummer, or a care unit's customer number),
article, individual no, has components, ordered, delivered (NULL: not handed out, DEV-3).

Natural key: recipient + article + individual no (blank for a device without one). A device
ordered without an individual no (waiting for delivery) gets its individual when a row names
the same recipient and article with an individual no and the rows do not name the waiting
one too: that row updates the waiting device with its values (the device's id, and so its
deviations, stay) instead of adding a second device. Refused:
an unknown recipient (import the patients/recipients first) or one known only by a reserve
number (DEV-5 finds recipients by personnummer), an unknown article, delivered before
ordered, a date in the future, and an individual that is delivered while its individual card
says it is on buffer stock, or that is delivered to another recipient too."""
from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field, field_validator

from logic.access import Action
from logic.masterdata import persons
from logic.masterdata.kinds.common import articles, known_article
from logic.masterdata.spec import CHANGED, NEW, Column, Kind, RowPlan
from logic.masterdata.text import clean_text
from logic.store import registers_repo


class DeviceRow(BaseModel):
    recipient_id: str = Field(min_length=1, max_length=20)
    article_no: str = Field(min_length=1, max_length=20)
    individual_no: str | None = Field(default=None, max_length=40)
    has_components: bool = False
    ordered: date | None = None
    delivered: date | None = None

    _clean = field_validator("recipient_id", "article_no", "individual_no", mode="before")(clean_text)

    @field_validator("recipient_id")
    @classmethod
    def _recipient(cls, v: str) -> str:
        return persons.recipient_cell(v)

    @field_validator("has_components", mode="before")
    @classmethod
    def _flag(cls, v: Any) -> Any:
        return False if v is None else v


def _fill_waiting(tx, rows: list[RowPlan]) -> None:
    """A new row with an individual no takes over the recipient's waiting device of the same
    article (no individual no, not delivered), unless the rows name that device themselves."""
    named = {r.key for r in rows}
    stored = registers_repo.devices(tx, sorted({(r.values["recipient_id"],) for r in rows}))
    waiting = {(d["recipient_id"], d["article_no"], None): d for d in stored
               if d["individual_no"] is None and d["delivered"] is None}
    for r in rows:
        key = (r.values["recipient_id"], r.values["article_no"], None)
        if r.status != NEW or not r.values.get("individual_no") or key not in waiting or key in named:
            continue
        r.before = {c: waiting[key].get(c) for c in registers_repo.DEVICE_COLUMNS}
        r.status = CHANGED
        named.add(key)                                   # one row takes it over


def _check(tx, rows: list[RowPlan]) -> None:
    _fill_waiting(tx, rows)
    found = articles(tx, rows)
    recipients = registers_repo.recipients_by_id(tx, sorted({r.values["recipient_id"] for r in rows}))
    delivered = [r for r in rows if r.values.get("delivered") and r.values.get("individual_no")]
    pairs = sorted({(r.values["article_no"], r.values["individual_no"]) for r in delivered})
    cards = registers_repo.individual_cards(tx, pairs)
    holders = registers_repo.delivered_holders(tx, pairs)
    in_plan: dict[tuple[str, str], set[str]] = {}
    for r in delivered:
        in_plan.setdefault((r.values["article_no"], r.values["individual_no"]), set()).add(r.values["recipient_id"])
    for r in rows:
        v = r.values
        rid = v["recipient_id"]
        if rid not in recipients:
            r.refuse("recipient_id", rid, "md.unknown_recipient")
        elif persons.is_reserve(rid):
            r.refuse("recipient_id", rid, "md.recipient_devices.reserve_number")
        known_article(r, found)
        if v.get("ordered") and v.get("delivered") and v["delivered"] < v["ordered"]:
            r.refuse("delivered", v["delivered"], "md.recipient_devices.delivered_before_ordered")
        if v.get("delivered") and v.get("individual_no"):
            pair = (v["article_no"], v["individual_no"])
            card = cards.get(pair)
            if card is not None and not card["handed_out"]:
                r.refuse("individual_no", v["individual_no"], "md.recipient_devices.individual_on_stock")
            others = (set(holders.get(pair, ())) | in_plan.get(pair, set())) - {rid}
            if others:
                r.refuse("individual_no", v["individual_no"], "md.recipient_devices.individual_elsewhere")


def _save(tx, clock, actor, rows: list[RowPlan]) -> None:
    registers_repo.insert_devices(tx, [r.values for r in rows if r.status == NEW])
    registers_repo.update_devices(tx, [{**r.values, "was_individual_no": r.before["individual_no"]}
                                       for r in rows if r.status != NEW])


KIND = Kind(
    name="recipient_devices", key=("recipient_id", "article_no", "individual_no"), optional_key=("individual_no",),
    model=DeviceRow, action=Action.ADMIN_REFERENCE, depends=("articles", "patients", "individuals"),
    person_columns=("recipient_id",),
    columns=(
        Column("recipient_id", required=True, example="191212121212", parse=persons.recipient_cell,
               aliases=("mottagare", "mottagar-id", "personnummer", "pnr", "kundnummer", "patient", "modtager",
                        "recipient")),
        Column("article_no", required=True, example="49509",
               aliases=("artikel", "artikelnummer", "artikelnr", "artnr", "varenummer", "article")),
        Column("individual_no", example="CFH188493",
               aliases=("individ", "individnummer", "individnr", "individ nr", "serienummer", "individual")),
        Column("has_components", type="bool", example="nej", aliases=("har komponenter", "komponenter", "components")),
        Column("ordered", type="date", example="2026-01-05", not_future=True,
               aliases=("beställd", "beställningsdatum", "bestilt", "order date")),
        Column("delivered", type="date", example="2026-01-12", not_future=True,
               aliases=("levererad", "lev.datum", "leveransdatum", "utlämnad", "leveret", "delivery date")),
    ),
    load=registers_repo.devices, save=_save, check=_check)
