"""Every text the ORG screens ask for exists in Swedish and English (X-7: never a raw key on
screen), including the keys built from the ORG enums."""
from __future__ import annotations

import re

import pytest

from logic.i18n import catalog
from logic.org.model import Affected, Arrival, Entry, Level, Party, Status, StepMove
from tests.conftest import ROOT

FILES = ["ui/org_form.py", "ui/views/org.py", "ui/org_dashboard.py", "pages/30_Org_avvikelse.py", "pages/31_Org_arenden.py",
         "pages/32_Vardavvikelse.py", "pages/33_Org_statistik.py", "pages/39_Org_admin.py",
         "ui/start_entries.py", "ui/nav.py"]
LITERAL = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def used_keys() -> set[str]:
    keys: set[str] = set()
    for name in FILES:
        keys |= set(LITERAL.findall((ROOT / name).read_text(encoding="utf-8")))
    keys |= {f"org.{k}" for k in ("status", "level", "kind", "party", "affected")}
    keys |= {f"org.level.{x.value}" for x in Level} | {f"org.status.{x.value}" for x in Status}
    keys |= {f"care.status.{x.value}" for x in Status} | {f"org.kind.{x.value}" for x in Entry}
    keys |= {f"org.arrival.{x.value}" for x in Arrival} | {f"org.decision.{x.value}" for x in StepMove}
    keys |= {f"org.do.{x.value}" for x in StepMove if x is not StepMove.REASSIGNED}
    keys |= {f"org.affected.{x.value}" for x in Affected} | {f"org.party.{x.value}" for x in Party}
    keys |= {f"org.{x}.{e.value}" for e in Entry for x in
             ("create_linked", "linked_offer", "receipt_number", "receipt_linked", "linked_case")}
    keys |= {"org.scope.waiting", "org.scope.mine", "org.scope.all", "role.org_ladder"}
    keys |= {f"org.{f}" for f in ("unit_id", "area", "deficiency", "title", "what_happened",
                                   "occurred_date", "occurred_time", "location", "affected", "party",
                                   "party_other", "patient_harmed", "harm_description", "linked_area",
                                   "linked_deficiency")}
    mine = ("org.", "care.", "entry.org", "entry.care", "nav.org", "nav.care", "role.org_ladder")
    return {k for k in keys if k.startswith(mine) and not k.endswith(".")}


@pytest.mark.parametrize("key", sorted(used_keys()))
def test_org_every_key_used_has_swedish_and_english(key):
    entry = catalog().get(key)
    assert entry is not None, key
    assert entry.get("sv") and entry.get("en"), key
