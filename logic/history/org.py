"""Historical organisational deviations and care deviations (ORG) with their numbers (OA/VA +
ISO year + week + sequence), classification, ladder level, outcome and closing (IMP-9).

The number says the entry: OA an organisational deviation (kind `org`), VA a care deviation
(kind `care`). The affected area and the type of deficiency are codes of the ORG
classification (ORG-2) of that entry, the deficiency under its area. The reporter's unit is
the unit the case came from (by id or code); the unit it was routed to defaults to it. The
holder is the manager (or level holder) the case lies with; the steps it took on its way up
the ladder are not imported (the old system's steps do not map one to one) — the outcome and
the level reached are. Times are local (Europe/Stockholm)."""
from __future__ import annotations

import pandas as pd

from logic.access import Action
from logic.history import base, checks, table, write
from logic.history.columns import HColumn, words
from logic.masterdata.spec import Kind, Origin
from logic.store import history_repo

NAME = "history_org"
ZONE = base.SWEDEN
PATTERN = base.weekly("OA", "VA")
ENTRY = {"OA": "org", "VA": "care"}
STATUSES = words(("open", ("öppen", "under handläggning", "åben", "under behandling")),
                 ("learning", ("lärande", "för lärande", "til læring")),
                 ("closed", ("avslutad", "afsluttet", "lukket")))
LEVELS = words(("manager", ("chef", "närmaste chef", "leder")), ("committee", ("kommittén", "udvalget")),
               ("forum", ("avvikelseforum",)), ("group", ("samverkansgruppen", "gruppen")))
PARTIES = words(("forsakringskassan", ("försäkringskassan", "fk")), ("arbetsformedlingen", ("arbetsförmedlingen", "af")),
                ("other", ("annan", "anden")), ("none", ("ingen",)))
AFFECTED = {"patient": "patient", "staff": "staff", "personal": "staff", "personale": "staff",
            "organisation": "organisation", "organization": "organisation"}


def _codes(pairs) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for _, v in pairs))


COLUMNS = (
    HColumn("number", required=True, example="OA26070002", pattern=PATTERN, bad_pattern="imp.hist.bad_number_org",
            aliases=("nummer", "ärendenummer", "sagsnummer", "id")),
    HColumn("status", required=True, example="closed", synonyms=STATUSES, choices=_codes(STATUSES),
            bad_choice="imp.hist.bad_status"),
    HColumn("unit", required=True, example="1012", max_len=40, aliases=("enhet", "enhed")),
    HColumn("routed_unit", example="", max_len=40),
    HColumn("area", required=True, example="arbetsmiljo", max_len=40, lower=True, aliases=("område", "område")),
    HColumn("deficiency", required=True, example="fysisk_arbetsmiljo", max_len=40, lower=True,
            aliases=("brist", "mangel")),
    HColumn("registered_at", required=True, type="datetime", past=True, example="2026-02-10 09:30",
            aliases=("registrerad", "registreret")),
    HColumn("reported_by", required=True, example="anna.andersson", max_len=40, lower=True,
            aliases=("rapportör", "anmelder")),
    HColumn("holder", example="chef", max_len=40, lower=True, aliases=("handläggare", "ansvarlig")),
    HColumn("level", example="manager", synonyms=LEVELS, choices=_codes(LEVELS), default="manager",
            aliases=("nivå", "niveau")),
    HColumn("occurred_at", type="datetime", past=True, example="2026-02-09 14:00", aliases=("inträffade", "indtraf")),
    HColumn("location", example="Receptionen", max_len=200, aliases=("plats", "sted")),
    HColumn("title", required=True, example="Trasig dörrstängare", max_len=200, aliases=("rubrik", "overskrift")),
    HColumn("what_happened", required=True, example="Dörren slår igen.", max_len=4000,
            aliases=("beskrivning", "beskrivelse")),
    HColumn("affected", type="list", example="staff", aliases=("berörda", "berørte")),
    HColumn("party", example="none", synonyms=PARTIES, choices=_codes(PARTIES), aliases=("samverkanspart",)),
    HColumn("party_other", example="", max_len=200),
    HColumn("patient_harmed", type="bool", example="nej", default=False),
    HColumn("harm_description", example="", max_len=2000),
    HColumn("linked_case", example="", max_len=30),
    HColumn("outcome", example="Dörrstängaren är bytt.", max_len=4000, aliases=("utfall", "resultat")),
    HColumn("closed_at", type="datetime", past=True, example="2026-02-12 08:00", aliases=("avslutad", "afsluttet")),
    HColumn("closed_by", example="chef", max_len=40, lower=True, aliases=("avslutad av", "afsluttet af")),
)


def _check(ctx: table.Context) -> None:
    f, errs = ctx.merged, ctx.errs
    checks.unit_ids(ctx, "unit", ("centre", "service_site", "care_unit", "org_unit"), "imp.hist.not_an_org_unit")
    f["routed_unit"] = f["routed_unit"].where(f["routed_unit"].notna(), f["unit"])
    checks.unit_ids(ctx, "routed_unit", ("centre", "service_site", "care_unit", "org_unit"), "imp.hist.not_an_org_unit")
    nodes = history_repo.org_nodes(ctx.tx)
    entry = f["number"].str[:2].map(ENTRY)
    area_entry = f["area"].map({c: n["entry"] for c, n in nodes.items() if n["parent_code"] is None})
    errs.add(f["area"].notna() & ~errs.failed("area") & ~errs.failed("number")
             & (area_entry.isna() | (area_entry != entry)), "area",
             "imp.hist.unknown_area", f["area"])
    parent = f["deficiency"].map({c: n["parent_code"] for c, n in nodes.items() if n["parent_code"] is not None})
    errs.add(f["deficiency"].notna() & ~errs.failed("deficiency") & (parent.isna() | (parent != f["area"])),
             "deficiency", "imp.hist.unknown_deficiency", f["deficiency"])
    checks.known_users(ctx, ("reported_by", "holder", "closed_by"))
    bad = f["affected"].map(lambda v: any(str(x).casefold() not in AFFECTED for x in v) if isinstance(v, list) else False)
    errs.add(bad, "affected", "imp.hist.bad_affected", f["affected"].map(lambda v: ";".join(v) if isinstance(v, list) else v))
    f["affected"] = f["affected"].map(lambda v: sorted({AFFECTED.get(str(x).casefold(), str(x)) for x in v})
                                      if isinstance(v, list) else [])
    errs.add(f["occurred_at"] > f["registered_at"], "occurred_at", "imp.hist.occurred_after_registered", f["occurred_at"])
    checks.not_before(ctx, "closed_at", "registered_at", "imp.hist.closed_before_registered")
    closed = f["status"] == "closed"
    errs.add(closed & f["closed_at"].isna() & ~errs.failed("closed_at"), "closed_at", "imp.hist.closed_needs_time")
    errs.add(~closed & f["status"].notna() & f["closed_at"].notna(), "status", "imp.hist.open_but_closed_at", f["status"])
    checks.refuse_numbers(ctx, ("org", "care"))


def _frames(f: pd.DataFrame, nodes: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    registered = write.utc(f["registered_at"], ZONE)
    closed = write.utc(f["closed_at"], ZONE)
    occurred = write.utc(f["occurred_at"].where(f["occurred_at"].notna(), f["registered_at"]), ZONE)
    names = pd.Series({c: n["name_sv"] for c, n in nodes.items()}, dtype="str")
    ladder = f["deficiency"].map({c: bool(n["ladder"]) for c, n in nodes.items()}).fillna(False).astype(bool)
    kind = f["number"].str[:2].map(ENTRY).astype("str")
    cases = pd.DataFrame({
        "id": f["number"], "kind": kind, "subtype": f["deficiency"], "category": f["area"], "status": f["status"],
        "title": f["title"], "description": f["what_happened"], "unit_id": f["unit"], "created_by": f["reported_by"],
        "assignee": f["holder"], "queue": pd.Series(pd.NA, index=f.index, dtype="str"),
        "person_id": pd.Series(pd.NA, index=f.index, dtype="str"),
        "person_name": pd.Series(pd.NA, index=f.index, dtype="str"),
        "article_no": pd.Series(pd.NA, index=f.index, dtype="str"),
        "individual_no": pd.Series(pd.NA, index=f.index, dtype="str"), "created_at": registered,
        "updated_at": pd.concat([registered, closed], axis=1).max(axis=1).astype("datetime64[us]"), "closed_at": closed,
        "search_text": write.joined_text(f["number"], f["title"], f["what_happened"], f["location"],
                                         f["area"].map(names), f["deficiency"].map(names), f["party_other"],
                                         f["harm_description"], f["linked_case"]),
    })
    details = pd.DataFrame({
        "case_id": f["number"], "entry": kind, "reporter_unit_id": f["unit"], "routed_unit_id": f["routed_unit"],
        "area": f["area"], "deficiency": f["deficiency"], "ladder": ladder, "occurred_at": occurred,
        "location": f["location"].fillna(""), "what_happened": f["what_happened"], "affected": f["affected"],
        "party": f["party"], "party_other": f["party_other"], "patient_harmed": f["patient_harmed"].fillna(False),
        "harm_description": f["harm_description"], "level": f["level"], "linked_case_id": f["linked_case"],
        "outcome": f["outcome"], "resolved_at": closed, "resolved_level": f["level"].where(f["status"] == "closed"),
        "closed_by": f["closed_by"],
    })
    return cases, details


def _plan(tx, kind, rows, *, lines=None, now=None):
    return table.plan_columns(tx, kind, rows, lines=lines, now=now,
                              load_frame=lambda t, keys: history_repo.org(t, keys, ZONE), check=_check, zone=ZONE)


def _save(tx, clock, actor, writes, origin: Origin) -> None:
    write.save(tx, clock, actor, writes, origin, kind=NAME, detail_table="org_deviations", frames=_frames,
               refs=history_repo.org_nodes(tx), pattern=PATTERN)


KIND = Kind(
    name=NAME, key=("number",), columns=COLUMNS, model=base.row_model("OrgHistoryRow", COLUMNS),
    load=lambda tx, keys: history_repo.org(tx, keys, ZONE).to_dict("records"), save=_save,
    action=Action.ADMIN_REFERENCE, depends=("units", "users"), history=True, plan_columns=_plan)
