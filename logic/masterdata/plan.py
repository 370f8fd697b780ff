"""Rows in, a plan out; the plan applied in one transaction (ADM-2, IMP-3, IMP-4).

`make_plan` validates every row with the kind's model, finds the stored row by the natural
key and says, per row, whether it is new, changed, unchanged or refused (with every reason).
A column the rows do not carry keeps its stored value, so a file with only some columns
updates only those. `apply` writes the new and changed rows through the kind and records
every change in the settings log (who, when, before → after, from which screen or file).

Optimistic versions: a screen passes the rows as it showed them (`expected`); a row changed
by someone else since then is refused ("changed meanwhile") instead of overwritten. An import
confirms the plan its dry run showed: `confirm` plans again inside the writing transaction
and refuses when the plan's fingerprint differs.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from logic.access import User, decide, require
from logic.clock import Clock, naive_utc, to_local
from logic.errors import Refused
from logic.identity import IdentityError, parse_person_id
from logic.masterdata.cells import cell
from logic.masterdata.spec import CHANGED, NEW, REFUSED, UNCHANGED, Kind, Origin, RowPlan, _norm
from logic.values import jsonable as _jsonable
from logic.store import board_reads, masterdata_repo
from logic.store.db import Database, Tx


@dataclass
class Plan:
    kind: str
    rows: list[RowPlan]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (NEW, CHANGED, UNCHANGED, REFUSED)}

    @property
    def refused(self) -> list[RowPlan]:
        return [r for r in self.rows if r.status == REFUSED]

    @property
    def writes(self) -> list[RowPlan]:
        return [r for r in self.rows if r.status in (NEW, CHANGED)]

    @property
    def notes(self) -> list[tuple[RowPlan, Any]]:
        """(row, note) for every side effect the written rows have (ADM-10)."""
        return [(r, n) for r in self.rows if r.status != REFUSED for n in r.notes]

    def fingerprint(self) -> str:
        """What the plan would do, as a hash: the same file on the same data gives the same."""
        h = hashlib.sha256()
        for r in self.rows:
            h.update(json.dumps([r.line, list(r.key), r.status, _jsonable(r.values), _jsonable(r.before or {}),
                                 [(e.column, e.key) for e in r.errors],
                                 [(n.key, _jsonable(n.params)) for n in r.notes]],
                                sort_keys=True, default=str).encode("utf-8"))
        return h.hexdigest()


def _validation_errors(kind: Kind, exc: ValidationError, raw: dict[str, Any], row: RowPlan) -> None:
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else None
        value = raw.get(name) if name else None
        ctx = err.get("ctx") or {}
        typ = err.get("type", "")
        if typ == "missing" or (value in (None, "", []) and typ in (
                "string_type", "string_too_short", "too_short", "list_type", "int_type", "bool_type")):
            row.refuse(name, value, "md.required")
        elif typ == "string_too_long":
            row.refuse(name, value, "md.too_long", max=ctx.get("max_length"), n=len(str(value or "")))
        elif typ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            row.refuse(name, value, "md.out_of_range", **{k: v for k, v in ctx.items() if k in ("ge", "le", "gt", "lt")})
        elif isinstance(ctx.get("error"), ValueError) and re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", str(ctx["error"])):
            row.refuse(name, value, str(ctx["error"]))
        elif typ in ("enum", "literal_error"):
            row.refuse(name, value, "md.not_a_choice", choices=", ".join(str(c) for c in kind.column(name).choices)
                       if name and name in {c.name for c in kind.columns} else "")
        else:
            row.refuse(name, value, "md.invalid")


# ------------------------------------------------------------------ planning


def today_of(clock: Clock, actor: User) -> date:
    """The acting admin's calendar day: dates after it are in the future (ADM-6)."""
    return to_local(clock.now(), actor.tz).date()


def make_plan(tx: Tx, kind: Kind, rows: list[dict[str, Any]], *, lines: list[int] | None = None,
              expected: dict[tuple, dict[str, Any]] | None = None, today: date | None = None,
              now: datetime | None = None) -> Plan:
    """What writing `rows` (column name -> value; only the columns given) would do. With
    `today` (the admin's calendar day), a `not_future` column's date after it is refused; `now`
    (aware UTC, from the injected clock) reaches the model's validators as
    `info.context["now"]`. A kind planned column by column (`Kind.plan_columns`) is planned
    there, with the same outcome per row."""
    if kind.plan_columns is not None:
        return kind.plan_columns(tx, kind, rows, lines=lines, now=now)
    context = {"now": now}
    names = {c.name for c in kind.columns}
    defaulted = _defaulted(kind)
    out: list[RowPlan] = []
    given_rows: list[dict[str, Any]] = []
    first_line: dict[tuple, int] = {}
    for i, raw in enumerate(rows):                      # 1. cells and keys
        line = lines[i] if lines else i + 1
        plan = RowPlan(line=line, key=(), status=NEW, values={}, before=None)
        given: dict[str, Any] = {}
        for col in kind.columns:
            if col.name not in raw:
                continue
            try:
                given[col.name] = cell(col.type, raw[col.name])
                if col.parse is not None and given[col.name] is not None:
                    given[col.name] = col.parse(given[col.name])
            except ValueError as exc:
                plan.refuse(col.name, raw[col.name], str(exc))
        for name in raw:
            if name not in names:
                plan.refuse(name, raw[name], "md.unknown_column")
        # a blank cell of an optional column whose model has a default (language, time zone,
        # units, active) means that default for a new row and the stored value for a known one
        given = {k: v for k, v in given.items() if not (v in (None, "", []) and k in defaulted)}
        if kind.prepare is not None:
            given = kind.prepare(given)
        plan.key = kind.key_of(given)
        if any(part is None for part, k in zip(plan.key, kind.key) if k not in kind.optional_key):
            for k in kind.key:
                if _norm(given.get(k)) is None and k not in kind.optional_key:
                    plan.refuse(k, raw.get(k), "md.required")
        elif plan.key in first_line:
            plan.refuse(kind.key[0], raw.get(kind.key[0]), "md.duplicate_key", line=first_line[plan.key])
        else:
            first_line[plan.key] = line
        out.append(plan)
        given_rows.append(given)
    stored = {kind.key_of(r): r for r in kind.load(tx, list(first_line))}   # 2. the stored rows
    for plan, given in zip(out, given_rows):            # 3. validate the merged row, compare
        before = stored.get(plan.key)
        plan.before = _public(before, names) if before is not None else None
        merged = {**(plan.before or {}), **given}
        plan.values = merged
        if plan.status == REFUSED:
            continue
        try:
            model = kind.model.model_validate(merged, context=context)
            plan.values = {c.name: getattr(model, c.name, merged.get(c.name)) for c in kind.columns}
        except ValidationError as exc:
            _validation_errors(kind, exc, merged, plan)
            continue
        if today is not None and _in_future(kind, plan, today):
            continue
        if expected is not None and plan.key in expected and _differs(expected[plan.key], plan.before, names):
            plan.refuse(None, None, "md.changed_meanwhile")
        elif plan.before is None:
            plan.status = NEW
        else:
            plan.status = CHANGED if plan.changes() else UNCHANGED
    if kind.check is not None:
        kind.check(tx, [r for r in out if r.status != REFUSED])
    return Plan(kind.name, out)


def _defaulted(kind: Kind) -> set[str]:
    """The optional columns whose row-model field has a default other than None."""
    fields = kind.model.model_fields
    return {c.name for c in kind.columns if not c.required and c.name not in kind.key and c.name in fields
            and not fields[c.name].is_required()
            and fields[c.name].get_default(call_default_factory=True) is not None}


def _in_future(kind: Kind, plan: RowPlan, today: date) -> bool:
    for col in kind.columns:
        value = plan.values.get(col.name)
        if col.not_future and isinstance(value, date) and \
                (value.date() if isinstance(value, datetime) else value) > today:
            plan.refuse(col.name, value, "md.in_future")
    return bool(plan.errors)


def _public(row: dict[str, Any], names: set[str]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k in names}


def _differs(shown: dict[str, Any], stored: dict[str, Any] | None, names: set[str]) -> bool:
    if stored is None:
        return True
    return any(_norm(shown.get(k)) != _norm(stored.get(k)) for k in names if k in shown)


# ------------------------------------------------------------------ writing


def apply(tx: Tx, clock: Clock, actor: User, kind: Kind, plan: Plan, source: str,
          origin: Origin | None = None) -> dict[str, int]:
    """Write what the plan says, in the caller's transaction; every change in the settings log
    (a history kind: in each case's own log, written by its save). From a file (`origin`),
    every identity number read goes into the access log (X-2)."""
    require(decide(actor, kind.action))
    if plan.refused:
        raise Refused("md.plan_has_refused", n=len(plan.refused))
    if kind.history and origin is None:
        raise Refused("imp.history_needs_file")
    writes = plan.writes
    if origin is not None:
        log_persons(tx, clock, actor, kind, plan, "import")
    if kind.history:
        if writes:
            kind.save(tx, clock, actor, writes, origin)
    elif writes:
        kind.save(tx, clock, actor, writes)
        now = naive_utc(clock.now())
        masterdata_repo.insert_settings_log(tx, [
            {"logged_at": now, "actor": actor.username, "kind": kind.name,
             "key": "/".join(str(k) for k in r.key), "action": r.status,
             "before_value": _jsonable({k: b for k, (b, _) in r.changes().items()}) if r.before else None,
             "after_value": _jsonable({k: a for k, (_, a) in r.changes().items()}),
             "source": source} for r in writes])
    return plan.counts


def save_rows(db: Database, clock: Clock, actor: User, kind: Kind, rows: list[dict[str, Any]], *,
              expected: dict[tuple, dict[str, Any]] | None = None, lines: list[int] | None = None,
              source: str = "screen") -> Plan:
    """A screen's save: plan and write in one transaction; a plan with refused rows writes
    nothing and comes back for the screen to show at the rows."""
    require(decide(actor, kind.action))
    with db.tx() as tx:
        plan = make_plan(tx, kind, rows, expected=expected, lines=lines, today=today_of(clock, actor),
                         now=clock.now())
        if not plan.refused:
            apply(tx, clock, actor, kind, plan, source)
    return plan


def preview(db: Database, actor: User, kind: Kind, rows: list[dict[str, Any]], *,
            lines: list[int] | None = None, today: date | None = None, now: datetime | None = None) -> Plan:
    """The dry run: the same planning, reading only."""
    require(decide(actor, kind.action))
    with db.read() as r:
        return make_plan(r, kind, rows, lines=lines, today=today, now=now)


def confirm(db: Database, clock: Clock, actor: User, kind: Kind, rows: list[dict[str, Any]],
            fingerprint: str, *, lines: list[int] | None = None, source: str,
            origin: Origin | None = None) -> Plan:
    """Write what the dry run showed — or nothing, when the data changed since (IMP-4)."""
    require(decide(actor, kind.action))
    with db.tx() as tx:
        plan = make_plan(tx, kind, rows, lines=lines, today=today_of(clock, actor), now=clock.now())
        if plan.fingerprint() != fingerprint:
            raise Refused("md.changed_since_dry_run")
        apply(tx, clock, actor, kind, plan, source, origin)
    return plan


def person_ids(kind: Kind, plan: Plan) -> tuple[list[str], list[str | None]]:
    """The identity numbers the plan's rows hold (columns marked `person`), each with the
    row's case number when the kind is history: what an import has read (X-2)."""
    if hasattr(plan, "person_ids"):          # planned column by column: read off its columns
        return plan.person_ids()
    columns = [c.name for c in kind.columns if c.person]
    persons: list[str] = []
    cases: list[str | None] = []
    if not columns:
        return persons, cases
    for row in plan.rows:
        for name in columns:
            raw = row.values.get(name)
            if not raw:
                continue
            try:
                digits = parse_person_id(str(raw), allow_reserve=True).digits
            except IdentityError:
                continue
            persons.append(digits)
            cases.append(str(row.key[0]) if kind.history and row.key else None)
    return persons, cases


def log_persons(tx: Tx, clock: Clock, actor: User, kind: Kind, plan: Plan, purpose: str) -> int:
    """Every identity number read from a file into the access log in one statement (X-2)."""
    persons, cases = person_ids(kind, plan)
    board_reads.insert_accesses(tx, naive_utc(clock.now()), actor.username, persons, cases, purpose)
    return len(persons)
