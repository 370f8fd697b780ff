"""Imports of master data and history (IMP-…): dry run first, then all of it or nothing.

    result = dry_run(db, clock, admin, "units", data, "enheter.csv")        # writes no data
    result = run(db, clock, admin, "units", data, "enheter.csv", result.mapping, result.fingerprint)

Both read the file the same way (`read.read`), map its headers (`read.match_headers`, or the
mapping the user chose), and plan it with `logic.masterdata.plan`; `run` writes the plan in
one transaction when it is still what the dry run showed. Every dry run and import is
recorded (who, when, file name and SHA-256, counts) with its error report (CSV), which can be
downloaded again (IMP-6); the identity numbers a file holds go into the access log (X-2).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from typing import Any

from logic import i18n
from logic.access import Action, User, decide, require
from logic.exports import safe_cell
from logic.clock import Clock, naive_utc
from logic.errors import Refused
from logic.importer import read as reader
from logic.masterdata import persons
from logic.masterdata import plan as planner
from logic.registry import KINDS
from logic.registry import kind as kind_named
from logic.masterdata.spec import Kind, Origin
from logic.store import masterdata_repo
from logic.store.db import Database


@dataclass
class ImportResult:
    kind: str
    file_name: str
    sha256: str
    encoding: str
    delimiter: str | None
    mapping: dict[str, str | None]
    plan: planner.Plan
    dry_run: bool
    import_id: int
    error_report: bytes | None

    @property
    def counts(self) -> dict[str, int]:
        return self.plan.counts

    @property
    def fingerprint(self) -> str:
        return self.plan.fingerprint()


def _kind(name: str) -> Kind:
    try:
        return kind_named(name)
    except KeyError:
        raise Refused("imp.unknown_kind", kind=name) from None


def _prepare(kind: Kind, data: bytes, file_name: str, mapping: dict[str, str | None] | None):
    table = reader.read(data, file_name)
    if mapping is None:
        mapping = reader.match_headers(kind, table.headers)
    else:
        unknown = [h for h in mapping if h not in table.headers]
        if unknown:
            raise Refused("imp.mapping_stale", headers=", ".join(unknown))
        chosen = [c for c in mapping.values() if c]
        if len(chosen) != len(set(chosen)):
            raise Refused("imp.mapping_twice")
    missing = [k for k in kind.key if k not in {c for c in mapping.values() if c}]
    if missing:
        raise Refused("imp.key_not_mapped", columns=", ".join(missing))
    rows, lines = table.frame(mapping) if kind.plan_columns is not None else table.rows(mapping)
    return table, mapping, rows, lines


def dry_run(db: Database, clock: Clock, actor: User, kind_name: str, data: bytes, file_name: str,
            mapping: dict[str, str | None] | None = None, lang: str | None = None) -> ImportResult:
    """What importing the file would do; nothing but the record of the dry run is written."""
    require(decide(actor, Action.ADMIN_USERS))
    kind = _kind(kind_name)
    require(decide(actor, kind.action))
    table, mapping, rows, lines = _prepare(kind, data, file_name, mapping)
    plan = planner.preview(db, actor, kind, rows, lines=lines, today=planner.today_of(clock, actor),
                           now=clock.now())
    return _record(db, clock, actor, kind, data, file_name, table, mapping, plan, True, lang or actor.lang)


def run(db: Database, clock: Clock, actor: User, kind_name: str, data: bytes, file_name: str,
        mapping: dict[str, str | None] | None, fingerprint: str, lang: str | None = None) -> ImportResult:
    """Write what the dry run showed, in one transaction — or nothing (refused rows, or the
    data changed since the dry run)."""
    require(decide(actor, Action.ADMIN_USERS))
    kind = _kind(kind_name)
    require(decide(actor, kind.action))
    table, mapping, rows, lines = _prepare(kind, data, file_name, mapping)
    sha = hashlib.sha256(data).hexdigest()
    plan = planner.confirm(db, clock, actor, kind, rows, fingerprint, lines=lines,
                           source=f"import:{file_name}:{sha[:12]}", origin=Origin(file_name[:255], sha))
    return _record(db, clock, actor, kind, data, file_name, table, mapping, plan, False, lang or actor.lang)


def _record(db: Database, clock: Clock, actor: User, kind: Kind, data: bytes, file_name: str,
            table: reader.Table, mapping: dict[str, str | None], plan: planner.Plan, dry: bool,
            lang: str) -> ImportResult:
    sha = hashlib.sha256(data).hexdigest()
    report = error_report(kind, plan, lang) if plan.refused else None
    counts = plan.counts
    with db.tx() as tx:
        if dry:      # the dry run shows what it read: its identity numbers are logged as seen
            planner.log_persons(tx, clock, actor, kind, plan, "import_dry_run")
        import_id = masterdata_repo.insert_import(tx, {
            "kind": kind.name, "file_name": file_name[:255], "sha256": sha, "encoding": table.encoding,
            "actor": actor.username, "imported_at": naive_utc(clock.now()), "dry_run": dry,
            "rows_read": table.n_rows, "new_rows": counts["new"], "changed_rows": counts["changed"],
            "unchanged_rows": counts["unchanged"], "refused_rows": counts["refused"],
            "error_report": report.decode("utf-8-sig") if report else None})
        persons.log_read(tx, clock, actor, kind, [r.values for r in plan.rows])   # X-2, ADM-7
    return ImportResult(kind.name, file_name, sha, table.encoding, table.delimiter, mapping, plan, dry,
                        import_id, report)


def error_report(kind: Kind, plan: planner.Plan, lang: str) -> bytes:
    """Every refused cell: line, column (in the user's language), value and reason (IMP-6).
    UTF-8 with BOM and ';' for Excel; no cell can run as a formula."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([i18n.t(lang, "imp.report.line"), i18n.t(lang, "imp.report.column"),
                i18n.t(lang, "imp.report.value"), i18n.t(lang, "imp.report.reason")])
    names = {c.name for c in kind.columns}
    for row in plan.refused:
        for e in row.errors:
            column = kind.column(e.column).header(kind.name, lang) if e.column in names else (e.column or "")
            w.writerow([row.line, safe_cell(column), safe_cell("" if e.value is None else str(e.value)),
                        safe_cell(i18n.t(lang, e.key, **e.params))])
    return buf.getvalue().encode("utf-8-sig")


def imports(db: Database, actor: User, limit: int = 200) -> list[dict]:
    require(decide(actor, Action.ADMIN_USERS))
    with db.read() as r:
        return masterdata_repo.imports(r, limit)


def stored_report(db: Database, actor: User, import_id: int, clock: Clock | None = None) -> bytes | None:
    """The error report of an earlier dry run or import, to download again; the identity
    numbers in it go into the access log (X-2) when a clock is given (as the screen does)."""
    require(decide(actor, Action.ADMIN_USERS))
    with db.read() as r:
        row = masterdata_repo.import_report(r, import_id)
    if row is None or not row["error_report"]:
        return None
    if clock is not None and row["kind"] in {k.name for k in KINDS}:
        persons.log_report(db, clock, actor, kind_named(row["kind"]), row["error_report"])
    return row["error_report"].encode("utf-8-sig")


def template(kind_name: str, lang: str, fmt: str = "csv") -> bytes:
    """An empty file to fill in: the kind's headers in the user's language and one example
    row (CSV with BOM and ';', or xlsx)."""
    kind = _kind(kind_name)
    headers = [c.header(kind.name, lang) for c in kind.columns]
    example = [c.example for c in kind.columns]
    if fmt == "xlsx":
        import xlsxwriter

        buf = io.BytesIO()
        book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False})
        # Excel refuses []:*?/\ in a sheet's name (a kind's title may hold them: "Historik: …")
        sheet = book.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", i18n.t(lang, kind.title_key))[:31].strip())
        bold = book.add_format({"bold": True})
        for i, (h, e) in enumerate(zip(headers, example)):
            sheet.write_string(0, i, h, bold)
            sheet.write_string(1, i, e)
            sheet.set_column(i, i, max(12, len(h) + 2))
        book.close()
        return buf.getvalue()
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(headers)
    w.writerow(example)
    return buf.getvalue().encode("utf-8-sig")


def column_help(kind_name: str, lang: str) -> list[dict[str, Any]]:
    """For the screen beside the template: each column, required or not, allowed values."""
    kind = _kind(kind_name)
    return [{"column": c.header(kind.name, lang), "required": c.required, "type": c.type,
             "choices": ", ".join(c.choices), "example": c.example} for c in kind.columns]
