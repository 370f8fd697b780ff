"""The texts of the messages (logic.messages) an ORG or care case's reporter and handlers get
when it is registered, forwarded, escalated, reassigned, rerouted or closed, and the reason a
rerouted step records (ORG-4, ORG-6). Stored in Swedish, like the deviation messages (DEV-12).
"""
from __future__ import annotations

from logic.org.model import Entry, Level

KIND_SV = {Entry.ENVIRONMENT: "Organisatorisk avvikelse", Entry.CARE: "Vårdavvikelse"}
LEVEL_SV = {
    Level.MANAGER: "chef",
    Level.COMMITTEE: "Försäkringsmedicinska kommittén",
    Level.FORUM: "Avvikelseforum",
    Level.GROUP: "Försäkringsmedicinska samverkansgruppen",
}


def msg_registered(entry: Entry, case_id: str, holder_name: str, to_self: bool) -> str:
    if to_self:
        return f"{KIND_SV[entry]} {case_id} är registrerad och ligger hos dig som chef."
    return f"{KIND_SV[entry]} {case_id} är registrerad och har skickats till din chef {holder_name}."


def msg_new_for_holder(entry: Entry, case_id: str, level: Level) -> str:
    where = "" if level is Level.MANAGER else f" ({LEVEL_SV[level]})"
    return f"{KIND_SV[entry]} {case_id} väntar på dig{where}."


def msg_forwarded(entry: Entry, case_id: str, holder_name: str) -> str:
    return f"{KIND_SV[entry]} {case_id} har skickats vidare till chefen {holder_name}."


def msg_escalated(entry: Entry, case_id: str, level: Level) -> str:
    return f"{KIND_SV[entry]} {case_id} har lyfts till {LEVEL_SV[level]}."


def msg_learning(entry: Entry, case_id: str, level: Level) -> str:
    return f"{KIND_SV[entry]} {case_id} är löst och lyfts till {LEVEL_SV[level]} i lärande syfte."


def msg_reassigned(entry: Entry, case_id: str, level: Level, holder_name: str) -> str:
    return f"{KIND_SV[entry]} {case_id} hanteras nu av {holder_name} ({LEVEL_SV[level]})."


def msg_rerouted(entry: Entry, case_id: str, holder_name: str) -> str:
    return f"{KIND_SV[entry]} {case_id} hanteras nu av chefen {holder_name} – enhetsträdet har ändrats."


def rerouted_note(unit_name: str) -> str:
    """The step's reason (stored in Swedish, like the messages)."""
    return f"Enhetsträdet ändrades: {unit_name} fick ny plats eller ny chef (ORG-4)."


def msg_closed(entry: Entry, case_id: str) -> str:
    return f"{KIND_SV[entry]} {case_id} är avslutad."
