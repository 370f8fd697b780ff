"""Historical deviations and complaints (avvikelser/reklamationer, DEV) from the system a
team leaves, with their original numbers (AV + ISO year + week + sequence, DEV-10), statuses,
dates, answers, report decisions and closing (IMP-9).

One row per case. The reporter, the one who answered and the one who closed are casedesk
users (import the users first — people who have left as inactive users); the service site is
a unit of kind service_site, by id or code; the category one of the event type's (DEV-6).
Times are local (Europe/Stockholm). The recipient's identity number is checked (check digit)
and logged as read (X-2). Status and closing agree (closed ⇔ a closing time); a report to the
manufacturer or Läkemedelsverket that was made has its date (DEV-14)."""
from __future__ import annotations

import pandas as pd

from logic.access import Action
from logic.history import base, checks, table, write
from logic.history.columns import HColumn, words
from logic.masterdata.spec import Kind, Origin
from logic.store import history_repo

NAME = "history_deviations"
ZONE = base.SWEDEN
PATTERN = base.weekly("AV")
EVENT_TYPES = words(("negativ_handelse", ("negativ händelse", "adverse event", "negativ hændelse")),
                    ("tillbud", ("incident", "near miss", "nærved-hændelse", "næsten-hændelse")),
                    ("reklamation", ("complaint",)))
STATUSES = words(("planned", ("planerad", "registrerad", "planlagt", "registreret")),
                 ("investigating", ("under utredning", "besvarad", "under undersøgelse", "besvaret")),
                 ("closed", ("avslutad", "afsluttet", "lukket")))
REPORTS = words(("undecided", ("ej beslutat", "ikke besluttet")),
                ("not_needed", ("behövs inte", "ej aktuellt", "ikke nødvendig")),
                ("reported", ("rapporterad", "anmäld", "rapporteret", "anmeldt")))
PATHS = words(*((p, ()) for p in "abcdef"))
ACTIONS = words(("repair_on_site", ()), ("send_to_centre", ()), ("replacement", ()))
RETURNS = words(("sent_in", ()), ("will_be_sent", ()), ("not_applicable", ()))
QUEUE = {"planned": "centre_staff", "investigating": "handler", "closed": None}


def _codes(pairs) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for _, v in pairs))


COLUMNS = (
    HColumn("number", required=True, example="AV26070002", pattern=PATTERN, bad_pattern="imp.hist.bad_number_av",
            aliases=("nummer", "ärendenummer", "sagsnummer", "id")),
    HColumn("event_type", required=True, example="reklamation", synonyms=EVENT_TYPES, choices=_codes(EVENT_TYPES),
            bad_choice="imp.hist.bad_event_type", aliases=("händelsetyp", "hændelsestype")),
    HColumn("category", required=True, example="fel_brist", max_len=30, lower=True, aliases=("kategori",)),
    HColumn("status", required=True, example="closed", synonyms=STATUSES, choices=_codes(STATUSES),
            bad_choice="imp.hist.bad_status"),
    HColumn("registered_at", required=True, type="datetime", past=True, example="2026-02-10 09:30",
            aliases=("registrerad", "registreret", "created")),
    HColumn("reported_by", required=True, example="anna.andersson", max_len=40, lower=True,
            aliases=("rapportör", "anmelder", "reporter")),
    HColumn("service_site", required=True, example="1012", max_len=40, aliases=("tjänsteställe", "tjenestested")),
    HColumn("prescriber_code", example="1234567", max_len=20, aliases=("förskrivarkod",)),
    HColumn("occurred_at", type="datetime", past=True, example="2026-02-09 14:00", aliases=("inträffade", "indtraf")),
    HColumn("location", example="I hemmet", max_len=200, aliases=("plats", "sted")),
    HColumn("concerns", required=True, example="Bromsen på rullstolen släpper", max_len=200,
            aliases=("rubrik", "overskrift", "title")),
    HColumn("what_happened", required=True, example="Bromsen släppte vid förflyttning.", max_len=4000,
            aliases=("beskrivning", "beskrivelse", "description")),
    HColumn("injury", example="Ingen skada.", max_len=2000, aliases=("skada", "skade")),
    HColumn("path", example="b", synonyms=PATHS, choices=_codes(PATHS)),
    HColumn("recipient_id", example="191212121212", person=True, aliases=("personnummer", "cpr", "mottagare")),
    HColumn("recipient_name", example="Tolvan Tolvansson", max_len=120,
            aliases=("mottagarens namn", "modtagerens navn")),
    HColumn("article_no", example="49506", max_len=20, aliases=("artikelnummer", "artikelnr", "varenummer")),
    HColumn("article_name", example="Rullstol Cross B40", max_len=200, aliases=("benämning", "artikel")),
    HColumn("individual_no", example="CFH229181", max_len=40, aliases=("individnummer", "individnr")),
    HColumn("desired_action", example="send_to_centre", synonyms=ACTIONS, choices=_codes(ACTIONS)),
    HColumn("device_return", example="sent_in", synonyms=RETURNS, choices=_codes(RETURNS)),
    HColumn("contact_name", example="Anna Andersson", max_len=120, aliases=("kontaktperson",)),
    HColumn("contact_phone", example="070-123 45 67", max_len=30, aliases=("telefon",)),
    HColumn("delivery_note_no", example="", max_len=30, aliases=("följesedel", "følgeseddel")),
    HColumn("order_no", example="", max_len=30, aliases=("ordernummer",)),
    HColumn("comment", example="", max_len=2000, aliases=("kommentar",)),
    HColumn("answer", example="Bromsen är utbytt.", max_len=4000, aliases=("svar",)),
    HColumn("answered_by", example="tekniker", max_len=40, lower=True, aliases=("besvarad av", "besvaret af")),
    HColumn("answered_at", type="datetime", past=True, example="2026-02-11 10:00", aliases=("besvarad", "besvaret")),
    HColumn("investigation", example="", max_len=8000, aliases=("utredning", "undersøgelse")),
    HColumn("manufacturer_report", example="not_needed", synonyms=REPORTS, choices=_codes(REPORTS),
            bad_choice="imp.hist.bad_report", default="undecided"),
    HColumn("manufacturer_reported_on", type="date", past=True, example=""),
    HColumn("mpa_report", example="not_needed", synonyms=REPORTS, choices=_codes(REPORTS),
            bad_choice="imp.hist.bad_report", default="undecided"),
    HColumn("mpa_reported_on", type="date", past=True, example=""),
    HColumn("closed_at", type="datetime", past=True, example="2026-02-12 08:00", aliases=("avslutad", "afsluttet")),
    HColumn("closed_by", example="handlaggare", max_len=40, lower=True, aliases=("avslutad av", "afsluttet af")),
)


def _check(ctx: table.Context) -> None:
    """What needs several columns or the database."""
    f, errs = ctx.merged, ctx.errs
    checks.unit_ids(ctx, "service_site", ("service_site",), "imp.hist.not_a_service_site")
    categories = history_repo.deviation_categories(ctx.tx)
    pairs = pd.Series(list(zip(f["event_type"].tolist(), f["category"].tolist())), index=f.index)
    unknown = f["category"].notna() & f["event_type"].notna() & ~pairs.isin(categories.keys()) \
        & ~errs.failed("category") & ~errs.failed("event_type")
    errs.add(unknown, "category", "imp.hist.unknown_category", f["category"],
             params=lambda i: {"event_type": f["event_type"].iat[i]})
    checks.known_users(ctx, ("reported_by", "answered_by", "closed_by"))
    errs.add(f["occurred_at"] > f["registered_at"], "occurred_at", "imp.hist.occurred_after_registered",
             f["occurred_at"])
    checks.not_before(ctx, "answered_at", "registered_at")
    checks.not_before(ctx, "closed_at", "registered_at", "imp.hist.closed_before_registered")
    closed = f["status"] == "closed"
    errs.add(closed & f["closed_at"].isna() & ~errs.failed("closed_at"), "closed_at", "imp.hist.closed_needs_time")
    errs.add(~closed & f["status"].notna() & f["closed_at"].notna(), "status", "imp.hist.open_but_closed_at",
             f["status"])
    errs.add(f["answered_at"].notna() & f["answer"].isna(), "answer", "imp.hist.answered_without_answer")
    for report in ("manufacturer", "mpa"):
        state, on = f[f"{report}_report"], f[f"{report}_reported_on"]
        errs.add((state == "reported") & on.isna() & ~errs.failed(f"{report}_reported_on"),
                 f"{report}_reported_on", "dev.report_date_required")
        errs.add((state != "reported") & on.notna(), f"{report}_report", "imp.hist.report_date_not_reported", state)
    checks.refuse_numbers(ctx, ("deviation",))


def _frames(f: pd.DataFrame, categories: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `cases` rows and `deviations` rows of the rows to write, column by column (Arrow
    strings throughout: no Python object per cell)."""
    registered = write.utc(f["registered_at"], ZONE)
    answered = write.utc(f["answered_at"], ZONE)
    closed = write.utc(f["closed_at"], ZONE)
    occurred = write.utc(f["occurred_at"].where(f["occurred_at"].notna(), f["registered_at"]), ZONE)
    names = pd.Series({f"{e}\x1f{c}": name for (e, c), name in categories.items()}, dtype="str")
    category_name = (f["event_type"] + "\x1f" + f["category"]).map(names)
    cases = pd.DataFrame({
        "id": f["number"], "kind": "deviation", "subtype": f["event_type"], "category": f["category"],
        "status": f["status"], "title": f["concerns"], "description": f["what_happened"],
        "unit_id": f["service_site"], "created_by": f["reported_by"], "assignee": _null(f),
        "queue": f["status"].map(QUEUE).astype("str"), "person_id": f["recipient_id"],
        "person_name": f["recipient_name"], "article_no": f["article_no"], "individual_no": f["individual_no"],
        "created_at": registered,
        "updated_at": pd.concat([registered, answered, closed], axis=1).max(axis=1).astype("datetime64[us]"),
        "closed_at": closed,
        "search_text": write.joined_text(f["number"], f["concerns"], f["what_happened"], f["article_no"],
                                         f["article_name"], f["individual_no"], category_name, f["location"]),
    })
    blank = lambda c: f[c].fillna("")      # noqa: E731 - NOT NULL columns without a value
    details = pd.DataFrame({
        "case_id": f["number"], "path": blank("path"), "event_type": f["event_type"], "category": f["category"],
        "occurred_at": occurred, "location": blank("location"), "concerns": f["concerns"],
        "what_happened": f["what_happened"], "injury": blank("injury"), "desired_action": blank("desired_action"),
        "device_return": blank("device_return"), "contact_name": blank("contact_name"),
        "contact_phone": blank("contact_phone"), "delivery_note_no": f["delivery_note_no"],
        "order_no": f["order_no"], "comment": f["comment"], "service_site_id": f["service_site"],
        "prescriber_code": f["prescriber_code"],
        "recipient_kind": pd.Series("patient", index=f.index, dtype="str").where(f["recipient_id"].notna()),
        "recipient_id": f["recipient_id"], "recipient_name": f["recipient_name"], "article_no": f["article_no"],
        "article_name": f["article_name"], "individual_no": f["individual_no"], "answer": f["answer"],
        "answered_by": f["answered_by"], "answered_at": answered, "investigation": f["investigation"],
        "manufacturer_report": f["manufacturer_report"], "manufacturer_reported_on": f["manufacturer_reported_on"],
        "mpa_report": f["mpa_report"], "mpa_reported_on": f["mpa_reported_on"], "closed_by": f["closed_by"],
    })
    return cases, details


def _null(f: pd.DataFrame) -> pd.Series:
    return pd.Series(pd.NA, index=f.index, dtype="str")


def _plan(tx, kind, rows, *, lines=None, now=None):
    return table.plan_columns(tx, kind, rows, lines=lines, now=now, load_frame=_load_frame, check=_check, zone=ZONE)


def _load_frame(tx, keys: list[str]) -> pd.DataFrame:
    return history_repo.deviations(tx, keys, ZONE)


def _save(tx, clock, actor, writes, origin: Origin) -> None:
    write.save(tx, clock, actor, writes, origin, kind=NAME, detail_table="deviations", frames=_frames,
               refs=history_repo.deviation_categories(tx), pattern=PATTERN)


KIND = Kind(
    name=NAME, key=("number",), columns=COLUMNS, model=base.row_model("DeviationHistoryRow", COLUMNS),
    load=lambda tx, keys: history_repo.deviations(tx, keys, ZONE).to_dict("records"), save=_save,
    action=Action.ADMIN_REFERENCE, depends=("units", "users"), history=True, plan_columns=_plan)
