"""Historical certificates' metadata (CERT): what a list of certificates needs, with their
numbers (IN + ISO year + week + sequence) — type, patient, unit, responsible physician,
status and when it was created, signed, sent or voided (IMP-9).

Decided: the content of a certificate (its fields) is NOT imported. The old system's forms do
not map to casedesk's versions of them field by field, and a half-mapped signed certificate
would be a document nobody signed; the signed original stays in the system it was issued
from (or its archive). An imported certificate is listed, searched, counted and opened
with its metadata and log; its form is empty, and it cannot be printed, sent or replaced.

The patient must be in the patient register (import the patients first; a reserve number is
allowed, CERT-8), and every identity number read is logged (X-2). Statuses: signed, sent,
handed_to_police, voided — an unsigned draft is not history worth a row without its content;
a certificate has its signing time, a sent one its sending time, a voided one its voiding
time. Times are local (Europe/Stockholm)."""
from __future__ import annotations

import pandas as pd

from logic import i18n
from logic.access import Action
from logic.history import base, checks, table, write
from logic.history.columns import HColumn, words
from logic.masterdata.spec import Kind, Origin
from logic.store import history_repo

NAME = "history_certificates"
ZONE = base.SWEDEN
PATTERN = base.weekly("IN")
STATUSES = words(("signed", ("signerat", "signeret")),
                 ("sent", ("skickat", "sendt")),
                 ("handed_to_police", ("överlämnat till polisen", "overdraget til politiet")),
                 ("voided", ("makulerat", "annulleret")))
SIGNED = ("signed", "sent", "handed_to_police", "voided")


def _codes(pairs) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for _, v in pairs))


COLUMNS = (
    HColumn("number", required=True, example="IN26070002", pattern=PATTERN, bad_pattern="imp.hist.bad_number_in",
            aliases=("nummer", "intygsnummer", "id")),
    HColumn("type", required=True, example="lisjp", max_len=30, lower=True, aliases=("intygstyp", "typ", "type")),
    HColumn("status", required=True, example="sent", synonyms=STATUSES, choices=_codes(STATUSES),
            bad_choice="imp.hist.bad_status"),
    HColumn("patient", required=True, example="191212121212", person=True, reserve_ok=True,
            aliases=("personnummer", "patient")),
    HColumn("unit", required=True, example="vc-1", max_len=40, aliases=("vårdenhet", "enhet", "enhed")),
    HColumn("physician", required=True, example="lena.lakare", max_len=40, lower=True,
            aliases=("läkare", "ansvarig läkare", "læge")),
    HColumn("created_by", example="", max_len=40, lower=True, aliases=("skapad av", "oprettet af")),
    HColumn("created_at", required=True, type="datetime", past=True, example="2026-02-10 09:30",
            aliases=("skapad", "oprettet")),
    HColumn("signed_at", type="datetime", past=True, example="2026-02-10 10:00", aliases=("signerad", "signeret")),
    HColumn("signed_by", example="", max_len=40, lower=True, aliases=("signerad av", "signeret af")),
    HColumn("sent_at", type="datetime", past=True, example="2026-02-10 10:00", aliases=("skickad", "sendt")),
    HColumn("recipient", example="FK", max_len=30, aliases=("mottagare", "modtager")),
    HColumn("voided_at", type="datetime", past=True, example="", aliases=("makulerad", "annulleret")),
    HColumn("void_reason", example="", max_len=2000, aliases=("orsak", "årsag")),
)


def _check(ctx: table.Context) -> None:
    f, errs = ctx.merged, ctx.errs
    types = history_repo.certificate_types(ctx.tx)
    errs.add(f["type"].notna() & ~errs.failed("type") & ~f["type"].isin(types), "type", "imp.hist.unknown_type", f["type"])
    checks.unit_ids(ctx, "unit", ("care_unit", "service_site", "org_unit", "centre"), "imp.hist.not_a_care_unit")
    f["created_by"] = f["created_by"].where(f["created_by"].notna(), f["physician"])
    f["signed_by"] = f["signed_by"].where(f["signed_by"].notna() | f["signed_at"].isna(), f["physician"])
    checks.known_users(ctx, ("physician", "created_by", "signed_by"))
    known = history_repo.patients(ctx.tx, sorted(set(f["patient"].dropna().tolist())))
    errs.add(f["patient"].notna() & ~f["patient"].isin(known), "patient", "imp.hist.unknown_patient", f["patient"])
    signed = f["status"].isin(SIGNED)
    errs.add(signed & f["signed_at"].isna() & ~errs.failed("signed_at"), "signed_at", "imp.hist.signed_needs_time")
    errs.add((f["status"] == "sent") & f["sent_at"].isna() & ~errs.failed("sent_at"), "sent_at",
             "imp.hist.sent_needs_time")
    errs.add((f["status"] == "voided") & f["voided_at"].isna() & ~errs.failed("voided_at"), "voided_at",
             "imp.hist.voided_needs_time")
    checks.not_before(ctx, "signed_at", "created_at")
    checks.not_before(ctx, "sent_at", "signed_at", "imp.hist.before_signed")
    checks.not_before(ctx, "voided_at", "signed_at", "imp.hist.before_signed")
    checks.refuse_numbers(ctx, ("certificate",))


def _frames(f: pd.DataFrame, types: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    created = write.utc(f["created_at"], ZONE)
    signed, sent, voided = (write.utc(f[c], ZONE) for c in ("signed_at", "sent_at", "voided_at"))
    name = f["type"].map({c: t["name_sv"] for c, t in types.items()}).astype("str")
    authority = f["type"].map({c: t["authority"] for c, t in types.items()}).astype("str")
    status_sv = f["status"].map({s: i18n.t("sv", f"certificate.status.{s}") for s in _codes(STATUSES)})
    authority_sv = authority.map({a: i18n.t("sv", f"cert.authority.{a}") for a in authority.dropna().unique()})
    closed = pd.concat([voided, sent, signed], axis=1).bfill(axis=1).iloc[:, 0].astype("datetime64[us]")
    none = pd.Series(pd.NA, index=f.index, dtype="str")
    cases = pd.DataFrame({
        "id": f["number"], "kind": "certificate", "subtype": f["type"], "category": authority, "status": f["status"],
        "title": name, "description": none, "unit_id": f["unit"], "created_by": f["created_by"],
        "assignee": f["physician"], "queue": none, "person_id": f["patient"], "person_name": none,
        "article_no": none, "individual_no": none, "created_at": created,
        "updated_at": pd.concat([created, signed, sent, voided], axis=1).max(axis=1).astype("datetime64[us]"),
        "closed_at": closed,
        # as the certificate services compose it: without the patient's name or number
        "search_text": write.joined_text(f["number"], name, authority_sv, status_sv),
    })
    details = pd.DataFrame({
        "case_id": f["number"], "type_code": f["type"], "patient_id": f["patient"], "content": "{}",
        "signed_at": signed, "signed_by": f["signed_by"], "in_mina_intyg": False,
        "sent_at": sent, "sent_by": f["signed_by"].where(f["sent_at"].notna()), "recipient": f["recipient"],
        "paper_to_police": f["status"] == "handed_to_police", "voided_at": voided,
        "voided_by": f["signed_by"].where(f["voided_at"].notna()), "void_reason": f["void_reason"],
    })
    return cases, details


def _plan(tx, kind, rows, *, lines=None, now=None):
    return table.plan_columns(tx, kind, rows, lines=lines, now=now,
                              load_frame=lambda t, keys: history_repo.certificates(t, keys, ZONE), check=_check,
                              zone=ZONE)


def _save(tx, clock, actor, writes, origin: Origin) -> None:
    write.save(tx, clock, actor, writes, origin, kind=NAME, detail_table="certificates", frames=_frames,
               refs=history_repo.certificate_types(tx), pattern=PATTERN)


KIND = Kind(
    name=NAME, key=("number",), columns=COLUMNS, model=base.row_model("CertificateHistoryRow", COLUMNS),
    load=lambda tx, keys: history_repo.certificates(tx, keys, ZONE).to_dict("records"), save=_save,
    action=Action.ADMIN_REFERENCE, depends=("units", "users"), history=True, plan_columns=_plan)
