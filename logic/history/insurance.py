"""Historical insurance cases (URG): urgent cases with their numbers (AKUT-yy-nnnn, URG-6) and
the insurer's normal cases with the insurer's own case numbers (URG-10) (IMP-9).

An urgent case belongs to the partner office that created it (a unit of kind office, by id or
code); its company and insurer are that office's parents (as casedesk's urgent cases keep
them). A normal case belongs to its insurer (kind insurer), optionally to the office it came
from. Whether an urgent case was created inside the company's office hours (URG-12) is worked
out from the office hours as they are set now. Times are local (Europe/Copenhagen). The tasks,
reports and photos of a case are not imported."""
from __future__ import annotations

import pandas as pd

from logic.access import Action
from logic.history import base, checks, table, write
from logic.history.columns import HColumn, words
from logic.masterdata.spec import Kind, Origin
from logic.store import history_repo

ZONE = base.DENMARK
URGENT_PATTERN = base.yearly("AKUT")
CLAIM_PATTERN = base.free(r"^[A-Z0-9][A-Z0-9\-_/.]{0,29}$")         # urgent.rules.CASE_NUMBER
URGENT_STATES = words(("open", ("åben", "öppen", "skal tilknyttes")), ("converted", ("konverteret", "til normal")),
                      ("linked", ("tilknyttet", "kopplad")))
CLAIM_STATES = words(("open", ("åben", "öppen")), ("closed", ("afsluttet", "lukket", "avslutad")))


def _codes(pairs) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for _, v in pairs))


def _place(prefix: str = "") -> tuple[HColumn, ...]:
    """The damage's address, customer and contact (urgent and normal cases alike)."""
    required = prefix == "urgent"
    return (
        HColumn("damage_at", required=required, type="datetime", past=True, example="2026-02-09 22:15",
                aliases=("skadedato", "skadetidpunkt")),
        HColumn("street", required=required, example="Nørregade 1", max_len=200, aliases=("adresse", "adress")),
        HColumn("postcode", required=required, example="8000", max_len=4, aliases=("postnummer",)),
        HColumn("town", required=required, example="Aarhus", max_len=100, aliases=("by", "ort")),
        HColumn("customer", required=required, example="Jens Jensen", max_len=200, aliases=("kunde", "kund")),
        HColumn("contact_name", required=required, example="Jens Jensen", max_len=120, aliases=("kontaktperson",)),
        HColumn("contact_phone", required=required, example="+45 20 30 40 50", max_len=30, aliases=("telefon",)),
        HColumn("contact_email", example="", max_len=120, aliases=("e-mail", "e-post")),
        HColumn("building_year", type="int", example="1975", aliases=("byggeår", "byggår")),
        HColumn("short_description", required=required, example="Vand i kælderen", max_len=500,
                aliases=("kort beskrivelse", "beskrivelse")),
        HColumn("notes", example="", max_len=4000, aliases=("noter", "anteckningar")),
    )


URGENT_COLUMNS = (
    HColumn("number", required=True, example="AKUT-26-0042", pattern=URGENT_PATTERN,
            bad_pattern="imp.hist.bad_number_urgent", aliases=("nummer", "sagsnummer", "id")),
    HColumn("office", required=True, example="kontor-aarhus", max_len=40, aliases=("kontor",)),
    HColumn("status", required=True, example="converted", synonyms=URGENT_STATES, choices=_codes(URGENT_STATES),
            bad_choice="imp.hist.bad_status"),
    HColumn("created_by", required=True, example="partner1", max_len=40, lower=True, aliases=("oprettet af",)),
    HColumn("registered_at", required=True, type="datetime", past=True, example="2026-02-09 22:30",
            aliases=("oprettet", "registrerad")),
    *_place("urgent"),
    HColumn("closed_at", type="datetime", past=True, example="2026-02-10 08:15", aliases=("tilknyttet",)),
    HColumn("converted_to", example="SAG-2026-001", max_len=30, aliases=("normal sag",)),
    HColumn("linked_to", example="", max_len=30, aliases=("tilknyttet sag",)),
)

CLAIM_COLUMNS = (
    HColumn("number", required=True, example="SAG-2026-001", pattern=CLAIM_PATTERN,
            bad_pattern="urgent.bad_case_number", aliases=("sagsnummer", "nummer", "id")),
    HColumn("insurer", required=True, example="forsikring", max_len=40, aliases=("forsikringsselskab",)),
    HColumn("office", example="", max_len=40, aliases=("kontor",)),
    HColumn("status", required=True, example="open", synonyms=CLAIM_STATES, choices=_codes(CLAIM_STATES),
            bad_choice="imp.hist.bad_status"),
    HColumn("case_handler", example="sagsbehandler", max_len=40, lower=True, aliases=("sagsbehandler",)),
    HColumn("created_by", required=True, example="sagsbehandler", max_len=40, lower=True, aliases=("oprettet af",)),
    HColumn("registered_at", required=True, type="datetime", past=True, example="2026-02-10 08:15",
            aliases=("oprettet", "registrerad")),
    *_place(),
    HColumn("closed_at", type="datetime", past=True, example="", aliases=("afsluttet", "avslutad")),
)


def _common(ctx: table.Context, closed_states: tuple[str, ...]) -> None:
    f, errs = ctx.merged, ctx.errs
    errs.add(f["postcode"].notna() & ~f["postcode"].str.fullmatch(r"[0-9]{4}").fillna(False), "postcode",
             "urgent.bad_postcode", f["postcode"])
    errs.add(f["building_year"].notna() & ((f["building_year"] < 1000) | (f["building_year"] > 2100)).fillna(False),
             "building_year", "md.out_of_range", f["building_year"])
    errs.add(f["damage_at"] > f["registered_at"], "damage_at", "imp.hist.damage_after_registered", f["damage_at"])
    checks.not_before(ctx, "closed_at", "registered_at", "imp.hist.closed_before_registered")
    closed = f["status"].isin(closed_states)
    errs.add(closed & f["closed_at"].isna() & ~errs.failed("closed_at"), "closed_at", "imp.hist.closed_needs_time")
    errs.add(~closed & f["status"].notna() & f["closed_at"].notna(), "status", "imp.hist.open_but_closed_at",
             f["status"])


def _urgent_check(ctx: table.Context) -> None:
    f, errs = ctx.merged, ctx.errs
    checks.unit_ids(ctx, "office", ("office",), "imp.hist.not_an_office")
    checks.known_users(ctx, ("created_by",))
    _common(ctx, ("converted", "linked"))
    errs.add((f["status"] == "converted") & f["converted_to"].isna(), "converted_to", "md.required")
    errs.add((f["status"] == "linked") & f["linked_to"].isna(), "linked_to", "md.required")
    checks.refuse_numbers(ctx, ("urgent",))


def _claim_check(ctx: table.Context) -> None:
    checks.unit_ids(ctx, "insurer", ("insurer",), "imp.hist.not_an_insurer")
    checks.unit_ids(ctx, "office", ("office",), "imp.hist.not_an_office")
    checks.known_users(ctx, ("created_by", "case_handler"))
    _common(ctx, ("closed",))
    checks.refuse_numbers(ctx, ("claim",))


def _none(f: pd.DataFrame) -> pd.Series:
    return pd.Series(pd.NA, index=f.index, dtype="str")


def _case(f: pd.DataFrame, kind: str, insurer: pd.Series, company: pd.Series, unit: pd.Series,
          created_by: pd.Series, assignee: pd.Series, queue: pd.Series, extra: list[pd.Series]) -> pd.DataFrame:
    registered = write.utc(f["registered_at"], ZONE)
    closed = write.utc(f["closed_at"], ZONE)
    title = (f["street"].fillna("") + ", " + f["postcode"].fillna("") + " " + f["town"].fillna("")).str.strip(", ")
    return pd.DataFrame({
        "id": f["number"], "kind": kind, "subtype": insurer, "category": company, "status": f["status"],
        "title": title, "description": f["short_description"], "unit_id": unit, "created_by": created_by,
        "assignee": assignee, "queue": queue, "person_id": _none(f), "person_name": _none(f),
        "article_no": _none(f), "individual_no": _none(f), "created_at": registered,
        "updated_at": pd.concat([registered, closed], axis=1).max(axis=1).astype("datetime64[us]"), "closed_at": closed,
        "search_text": write.joined_text(f["number"], title, f["customer"], f["contact_name"], f["short_description"],
                                         *extra),
    })


def _place_detail(f: pd.DataFrame) -> dict[str, pd.Series]:
    return {c: f[c] for c in ("street", "postcode", "town", "customer", "contact_name", "contact_phone",
                              "contact_email", "building_year", "short_description", "notes")} | {
        "damage_at": write.utc(f["damage_at"], ZONE), "contact_type": _none(f)}


def _urgent_frames(f: pd.DataFrame, refs: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    from logic.urgent import office_hours

    parents, names, hours = refs["parents"], refs["names"], refs["hours"]
    company = f["office"].map(parents).astype("str")
    insurer = company.map(parents).astype("str")
    registered = write.utc(f["registered_at"], ZONE)
    inside = [office_hours.is_office_hours(hours.get(c, office_hours.OfficeHours()), t.to_pydatetime())
              if isinstance(t, pd.Timestamp) else False for c, t in zip(company.tolist(), registered.tolist())]
    queue = pd.Series("insurer", index=f.index, dtype="str").where(f["status"] == "open")
    cases = _case(f, "urgent", insurer, company, f["office"], f["created_by"], _none(f), queue,
                  [f["office"].map(names).astype("str"), company.map(names).astype("str")])
    details = pd.DataFrame({
        "case_id": f["number"], "insurer_id": insurer, "company_id": company, "office_id": f["office"],
        **_place_detail(f), "registered_at": registered, "inside_office_hours": inside, "state": f["status"],
        "attached_at": write.utc(f["closed_at"], ZONE), "converted_to": f["converted_to"], "linked_to": f["linked_to"],
    })
    return cases, details


def _claim_frames(f: pd.DataFrame, refs: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    parents = refs["parents"]
    company = f["office"].map(parents).astype("str")
    cases = _case(f, "claim", f["insurer"], company, f["office"], f["created_by"], f["case_handler"], _none(f), [])
    details = pd.DataFrame({
        "case_id": f["number"], "insurer_id": f["insurer"], "company_id": company, "office_id": f["office"],
        "case_handler": f["case_handler"], **_place_detail(f), "converted_from": _none(f),
    })
    return cases, details


def _refs(tx) -> dict:
    from logic.urgent import office_hours

    hours = {r["company_id"]: office_hours.OfficeHours(r["start_time"], r["end_time"]) for r in history_repo.office_hours(tx)}
    units = history_repo.units(tx)
    return {"parents": {u["id"]: u["parent_id"] for u in units}, "names": history_repo.unit_names(tx), "hours": hours}


def _kind(name: str, columns, check, frames, detail_table: str, load, pattern) -> Kind:
    def plan(tx, kind, rows, *, lines=None, now=None):
        return table.plan_columns(tx, kind, rows, lines=lines, now=now, load_frame=lambda t, keys: load(t, keys, ZONE),
                                  check=check, zone=ZONE)

    def save(tx, clock, actor, writes, origin: Origin) -> None:
        write.save(tx, clock, actor, writes, origin, kind=name, detail_table=detail_table, frames=frames,
                   refs=_refs(tx), pattern=pattern)

    return Kind(name=name, key=("number",), columns=columns, model=base.row_model(f"{name}_row", columns),
                load=lambda tx, keys: load(tx, keys, ZONE).to_dict("records"), save=save,
                action=Action.ADMIN_REFERENCE, depends=("units", "users"), history=True, plan_columns=plan)


URGENT = _kind("history_urgent", URGENT_COLUMNS, _urgent_check, _urgent_frames, "urgent_cases", history_repo.urgent,
               URGENT_PATTERN)
CLAIMS = _kind("history_claims", CLAIM_COLUMNS, _claim_check, _claim_frames, "claim_cases", history_repo.claims,
               None)
