"""The repair request's life cycle (reparationsbeställning, RE…; DEV-16 … DEV-19), as pure rules:
its statuses, what planning, answering and closing require, and the reporter's messages.

A repair request is made when the DEV-2 check steers wear and tear away from the deviation
form. The aid centre's technician (centre staff, tekniker) plans it — a day and a technician —
answers the reporter (Svar) and closes it with what was done; the reporter is told in Meddelanden
at the answer and at the closing, as the seeds (000, 001) describe for the centre's work orders.
"""
from __future__ import annotations

from datetime import date
from enum import StrEnum

from logic.inputs import REQUIRED

WORK_DONE_MAX = 4000      # what was done, written at closing (X-7: refused at the field, never cut)
REPAIR_ANSWER_MAX = 4000


class RepairStatus(StrEnum):
    """DEV-16. `planned` is the seed's Planerad: registered, waiting for the centre."""
    PLANNED = "planned"        # Planerad
    SCHEDULED = "scheduled"    # Tid bokad: a day and a technician are set
    ANSWERED = "answered"      # Besvarad: the reporter has the centre's answer
    CLOSED = "closed"          # Avslutad


def change_refusal(status: str) -> str | None:
    """Why nothing more may be done to a request (None: it may): a closed one stays closed."""
    return "dev.already_closed" if status == RepairStatus.CLOSED.value else None


def status_after_plan(status: str) -> str:
    """DEV-16: planning makes a request scheduled; one already answered stays answered (the
    answer is the newer news for the reporter), a new day for it is logged all the same."""
    return status if status == RepairStatus.ANSWERED.value else RepairStatus.SCHEDULED.value


def status_after_answer(status: str) -> str:
    """DEV-17: answered, whether planned before or not."""
    return RepairStatus.ANSWERED.value


def plan_errors(planned_on: date | None, technician: str | None, today: date,
                technicians: set[str]) -> dict[str, str]:
    """DEV-16: a day, not before today (in the planner's zone), and a technician of the centre."""
    errors: dict[str, str] = {}
    if planned_on is None:
        errors["planned_on"] = REQUIRED
    elif planned_on < today:
        errors["planned_on"] = "dev.repair_day_past"
    if not technician:
        errors["technician"] = REQUIRED
    elif technician not in technicians:
        errors["technician"] = "dev.repair_not_technician"
    return errors


def answer_subject(case_id: str) -> str:
    """DEV-17: the reporter's message when the centre answers (the text is its body)."""
    return f"Svar på reparationsbeställning {case_id}"


def closing_subject(case_id: str) -> str:
    """DEV-18: the reporter's message when the request is closed (what was done is its body)."""
    return f"Reparationsbeställning {case_id} är avslutad."
