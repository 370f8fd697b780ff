"""The urgent-case screens exist in Danish, Swedish and English: every key they use has all three."""
from __future__ import annotations

import re
from pathlib import Path

from logic import i18n
from logic.texts import urgent
from logic.urgent import report
from logic.urgent.model import LIST_STATES, BudgetState, ClaimDecision, ClaimState, ContactType, CreatePermission, ReportPeriod, TaskKind, UrgentState
from tests.conftest import ROOT

SOURCES = [ROOT / "pages" / n for n in ("50_Akutsager.py", "51_Ny_akutsag.py", "52_Akutrapport.py",
                                        "59_Akut_admin.py")] + [
    ROOT / "pages" / "53_Ny_sag.py", ROOT / "ui" / "views" / "urgent_claim.py",
    ROOT / "ui" / "views" / "urgent_claim_new.py", ROOT / "ui" / "views" / "urgent_list.py",
    ROOT / "ui" / "views" / "urgent.py", ROOT / "ui" / "urgent_notice.py",
    *sorted((ROOT / "logic" / "urgent").glob("*.py"))]
STATIC = re.compile(r"""["']((?:urgent|nav\.urgent|claim)\.[a-z0-9_.]+)["']""")


def used_keys() -> set[str]:
    keys = set()
    for path in SOURCES:
        keys |= {k for k in STATIC.findall(Path(path).read_text(encoding="utf-8")) if not k.endswith(".")}
    keys |= {f"urgent.status.{s.value}" for s in UrgentState} | {f"urgent.state.{s.value}" for s in UrgentState}
    keys |= {f"claim.status.{s.value}" for s in ClaimState} | {f"claim.decision.{d.value}" for d in ClaimDecision}
    keys |= {f"urgent.decide.{d.value}" for d in ClaimDecision} | {f"urgent.list_state.{s}" for s in LIST_STATES}
    keys |= {f"urgent.kind.{k}" for k in ("urgent", "claim")}
    keys |= {f"urgent.budget.{b.value}" for b in BudgetState} | {f"urgent.task.{k.value}" for k in TaskKind}
    keys |= {f"urgent.contact_type.{c.value}" for c in ContactType}
    keys |= {f"urgent.permission.{c.value}" for c in CreatePermission}
    keys |= {f"urgent.period.{p.value}" for p in ReportPeriod} | {f"urgent.per.{p.value}" for p in ReportPeriod}
    keys |= {f"urgent.weekday.{d}" for d in report.WEEKDAYS}
    keys |= {f"urgent.closed_{s}" for s in ("converted", "linked")}
    keys |= {f"urgent.ref.{r}" for r in ("converted_to", "converted_from", "linked_to", "linked_from")}
    keys |= {f"urgent.col.{c}" for c in ("case_id", "created", "period", "company", "office", "weekday", "hour",
                                         "inside_office_hours", "state", "attached", "hours_to_attach",
                                         "converted_to", "linked_to", "count", "median_hours", "mean_hours")}
    keys |= {f"urgent.event.{e}" for e in (
        "urgent_created", "task_assigned", "task_reported", "budget_submitted", "budget_decided",
        "attachment_added", "converted_to_normal", "created_from_urgent", "linked_into", "urgent_linked",
        "claim_created", "urgent_portal_settings", "urgent_office_hours", "urgent_office_settings",
        "urgent_insurer_created", "urgent_company_created", "urgent_office_created", "urgent_member_added")}
    keys |= {f"urgent.field.{f}" for f in ("may_assign_other_partners", "may_edit_case_id", "start", "end")}
    return keys


def test_every_urgent_key_used_is_translated_to_danish_swedish_and_english():
    catalog = i18n.catalog()
    missing = sorted(k for k in used_keys() if k not in catalog)
    assert not missing
    for key in used_keys():
        assert {"da", "sv", "en"} <= set(catalog[key]), key
    for key, entry in urgent.TEXTS.items():
        assert all(entry[lang].strip() for lang in ("da", "sv", "en")), key


def test_urg8_the_pending_notice_reads_as_the_seed_in_danish():
    assert i18n.t("da", "urgent.pending", n=1) == "1 sag(er) skal tilknyttes"
    assert i18n.t("da", "urgent.new_button") == "Ny akutsag"
    assert (i18n.t("da", "urgent.to_normal"), i18n.t("da", "urgent.link")) == ("Til normal", "Tilknyt")
