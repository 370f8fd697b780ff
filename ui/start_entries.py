"""The report entries on the start page (ORG-1 adds its own)."""
from __future__ import annotations

from dataclasses import dataclass

from logic.access import Action


@dataclass(frozen=True)
class Entry:
    path: str
    label: str
    action: Action
    help: str = ""
    icon: str = ""


ENTRIES: list[Entry] = [
    Entry("pages/10_Ny_avvikelse.py", "nav.dev_register", Action.REGISTER_DEVIATION,
          "entry.dev_help", ":material/accessible:"),
    Entry("pages/32_Vardavvikelse.py", "entry.care", Action.REPORT_ORG,
          "entry.care_help", ":material/personal_injury:"),                      # ORG-1
    Entry("pages/30_Org_avvikelse.py", "entry.org", Action.REPORT_ORG,
          "entry.org_help", ":material/domain:"),                                # ORG-1, ORG-3
]
