"""SQL of the history import (IMP-9 … IMP-11): imported cases read and written in bulk.

Everything an import writes goes in with a few set-based statements over Arrow tables (never
a statement per row): the `cases` rows and their detail rows (new: INSERT; changed: UPDATE …
FROM), one case-log entry per case, the import record per case (`imported_cases`), the
number series continued after the imported numbers, and the board's index
(`search_bulk.index_cases`, after `unindex_cases` for the changed). Table names come from the
fixed DETAIL_TABLES; column names are checked against the table's own columns.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

import pyarrow as pa

from logic.store import pg_copy, search_bulk, search_index
from logic.store.db import Tx

if TYPE_CHECKING:
    import pandas as pd

DETAIL_TABLES = frozenset({"deviations", "org_deviations", "certificates", "urgent_cases", "claim_cases"})
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_LOCAL = "timezone(?, {col} AT TIME ZONE 'UTC')"     # stored naive UTC -> naive local


def existing(tx: Tx, case_ids: list[str]) -> dict[str, dict]:
    """The stored cases with these numbers, with what an earlier import recorded of them."""
    if not case_ids:
        return {}
    rows = tx.rows(
        "SELECT c.id, c.kind, c.version, i.kind AS import_kind, i.version AS imported_version,"
        " i.file_name AS imported_file, i.imported_at FROM cases c"
        " JOIN (SELECT unnest(?::VARCHAR[]) AS id) k ON k.id = c.id"
        " LEFT JOIN imported_cases i ON i.case_id = c.id", [list(case_ids)])
    return {r["id"]: r for r in rows}


def _select_local(tx: Tx, sql: str, zone: str, keys: list | None, n_local: int) -> "pd.DataFrame":
    """Rows of a history kind as its columns (a DataFrame), the case's times in the service's
    zone; only those with the given case numbers (every imported one when None)."""
    ids = None if keys is None else [str(k[0]) if isinstance(k, tuple) else str(k) for k in keys]
    if ids is None:
        where, params = "c.id IN (SELECT case_id FROM imported_cases)", []
    else:
        where, params = "c.id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    return tx.df(sql.format(where=where), [zone] * n_local + params)


# ---------------------------------------------------------------- what each kind reads back


def deviations(tx: Tx, keys: list | None, zone: str) -> "pd.DataFrame":
    local = [_LOCAL.format(col=c) for c in ("c.created_at", "d.occurred_at", "d.answered_at", "c.closed_at")]
    return _select_local(tx, (
        "SELECT c.id AS number, d.event_type, d.category, c.status,"
        f" {local[0]} AS registered_at, c.created_by AS reported_by, d.service_site_id AS service_site,"
        f" d.prescriber_code, {local[1]} AS occurred_at, d.location, d.concerns, d.what_happened, d.injury,"
        " d.path, d.recipient_id, d.recipient_name, d.article_no, d.article_name, d.individual_no,"
        " d.desired_action, d.device_return, d.contact_name, d.contact_phone, d.delivery_note_no, d.order_no,"
        f" d.comment, d.answer, d.answered_by, {local[2]} AS answered_at, d.investigation,"
        " d.manufacturer_report, d.manufacturer_reported_on, d.mpa_report, d.mpa_reported_on,"
        f" {local[3]} AS closed_at, d.closed_by"
        " FROM cases c JOIN deviations d ON d.case_id = c.id WHERE c.kind = 'deviation' AND {where}"
        " ORDER BY c.id"), zone, keys, 4)


def org(tx: Tx, keys: list | None, zone: str) -> "pd.DataFrame":
    local = [_LOCAL.format(col=c) for c in ("c.created_at", "d.occurred_at", "c.closed_at")]
    return _select_local(tx, (
        "SELECT c.id AS number, c.status, d.reporter_unit_id AS unit, d.routed_unit_id AS routed_unit,"
        f" d.area, d.deficiency, {local[0]} AS registered_at, c.created_by AS reported_by,"
        f" c.assignee AS holder, d.level, {local[1]} AS occurred_at, d.location, c.title,"
        " d.what_happened, d.affected, d.party, d.party_other, d.patient_harmed, d.harm_description,"
        f" d.linked_case_id AS linked_case, d.outcome, {local[2]} AS closed_at, d.closed_by"
        " FROM cases c JOIN org_deviations d ON d.case_id = c.id WHERE c.kind IN ('org', 'care') AND {where}"
        " ORDER BY c.id"), zone, keys, 3)


def certificates(tx: Tx, keys: list | None, zone: str) -> "pd.DataFrame":
    local = [_LOCAL.format(col=c) for c in ("c.created_at", "d.signed_at", "d.sent_at", "d.voided_at")]
    return _select_local(tx, (
        "SELECT c.id AS number, d.type_code AS type, c.status, d.patient_id AS patient, c.unit_id AS unit,"
        f" c.assignee AS physician, c.created_by, {local[0]} AS created_at, {local[1]} AS signed_at,"
        f" d.signed_by, {local[2]} AS sent_at, d.recipient, {local[3]} AS voided_at, d.void_reason"
        " FROM cases c JOIN certificates d ON d.case_id = c.id WHERE c.kind = 'certificate' AND {where}"
        " ORDER BY c.id"), zone, keys, 4)


def urgent(tx: Tx, keys: list | None, zone: str) -> "pd.DataFrame":
    local = [_LOCAL.format(col=c) for c in ("d.registered_at", "d.damage_at", "c.closed_at")]
    return _select_local(tx, (
        "SELECT c.id AS number, d.office_id AS office, c.status, c.created_by,"
        f" {local[0]} AS registered_at, {local[1]} AS damage_at, d.street, d.postcode, d.town, d.customer,"
        " d.contact_name, d.contact_phone, d.contact_email, d.building_year, d.short_description, d.notes,"
        f" {local[2]} AS closed_at, d.converted_to, d.linked_to"
        " FROM cases c JOIN urgent_cases d ON d.case_id = c.id WHERE c.kind = 'urgent' AND {where}"
        " ORDER BY c.id"), zone, keys, 3)


def claims(tx: Tx, keys: list | None, zone: str) -> "pd.DataFrame":
    local = [_LOCAL.format(col=c) for c in ("c.created_at", "d.damage_at", "c.closed_at")]
    return _select_local(tx, (
        "SELECT c.id AS number, d.insurer_id AS insurer, d.office_id AS office, c.status,"
        f" d.case_handler, c.created_by, {local[0]} AS registered_at, {local[1]} AS damage_at,"
        " d.street, d.postcode, d.town, d.customer, d.contact_name, d.contact_phone, d.contact_email,"
        f" d.building_year, d.short_description, d.notes, {local[2]} AS closed_at"
        " FROM cases c JOIN claim_cases d ON d.case_id = c.id WHERE c.kind = 'claim' AND {where}"
        " ORDER BY c.id"), zone, keys, 3)


# ---------------------------------------------------------------- reference look-ups


def units(tx: Tx) -> list[dict]:
    return tx.rows("SELECT id, code, kind, parent_id, active FROM units")


def usernames(tx: Tx) -> set[str]:
    """Every user, deactivated ones too: history keeps the people who are gone."""
    return {r[0] for r in tx.cur.execute("SELECT username FROM users").fetchall()}


def deviation_categories(tx: Tx) -> dict[tuple[str, str], str]:
    """(event type, code) -> Swedish name (what the case is also found by)."""
    return {(r[0], r[1]): r[2] for r in tx.cur.execute(
        "SELECT event_type, code, name_sv FROM deviation_categories").fetchall()}


def org_nodes(tx: Tx) -> dict[str, dict]:
    return {r["code"]: r for r in tx.rows("SELECT code, parent_code, entry, name_sv, ladder FROM org_classification")}


def certificate_types(tx: Tx) -> dict[str, dict]:
    return {r["code"]: r for r in tx.rows("SELECT code, name_sv, authority FROM certificate_types")}


def unit_names(tx: Tx) -> dict[str, str]:
    return {r[0]: r[1] for r in tx.cur.execute("SELECT id, name FROM units").fetchall()}


def office_hours(tx: Tx) -> list[dict]:
    return tx.rows("SELECT company_id, start_time, end_time FROM urgent_office_hours")


def patients(tx: Tx, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    return {r[0] for r in tx.cur.execute("SELECT id FROM patients WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                         [ids]).fetchall()}


# ---------------------------------------------------------------- writing


def _columns(tx: Tx, table: str) -> list[str]:
    return [r[0] for r in tx.cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]


def _checked(tx: Tx, table: str, names: list[str]) -> list[str]:
    if table != "cases" and table not in DETAIL_TABLES:
        raise ValueError(table)
    known = set(_columns(tx, table))
    bad = [n for n in names if n not in known or not _NAME.match(n)]
    if bad:
        raise ValueError(f"{table}: {bad}")
    return names


def _arrow(frame: "pd.DataFrame", names: list[str]) -> pa.Table:
    return pa.Table.from_pandas(frame[names], preserve_index=False)


@contextmanager
def _rows_table(tx: Tx, table: str, frame: "pd.DataFrame", names: list[str]) -> Iterator[str]:
    """The frame's rows as a relation `_history_rows` for one statement: on DuckDB the Arrow
    table registered as it is, on PostgreSQL a temporary table (the target's column types)
    filled by COPY."""
    rows = _arrow(frame, names)
    if tx.dialect == "postgres":
        pg_copy.temp_like(tx, "_history_rows", table, names)
        try:
            pg_copy.copy_arrow(tx, "_history_rows", rows)
            yield "_history_rows"
        finally:
            tx.execute("DROP TABLE IF EXISTS _history_rows")
        return
    tx.cur.register("_history_rows", rows)
    try:
        yield "_history_rows"
    finally:
        tx.cur.unregister("_history_rows")


def _insert(tx: Tx, table: str, frame: "pd.DataFrame") -> None:
    if frame is None or not len(frame):
        return
    names = _checked(tx, table, list(frame.columns))
    with _rows_table(tx, table, frame, names) as rows:
        tx.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(names)} FROM {rows}")


def _update(tx: Tx, table: str, key: str, frame: "pd.DataFrame", extra: str = "") -> None:
    if frame is None or not len(frame):
        return
    names = _checked(tx, table, list(frame.columns))
    sets = ", ".join(f"{n} = u.{n}" for n in names if n != key)
    with _rows_table(tx, table, frame, names) as rows:
        tx.execute(f"UPDATE {table} SET {sets}{extra} FROM {rows} u WHERE {table}.{key} = u.{key}")


def _index(tx: Tx, new_ids: list[str], changed_ids: list[str]) -> None:
    """The board's index for the written cases. The new ones in bulk, in registration order as
    search_bulk.index_cases gives them their docs; on PostgreSQL the changed ones keep their row
    (and doc), brought up to date in place (search_index.refresh_case)."""
    if tx.dialect != "postgres":
        search_bulk.index_cases(tx, new_ids + changed_ids)
        return
    search_bulk.index_cases(tx, new_ids)                  # pg_board.index_many, in batches
    for case_id in changed_ids:
        search_index.refresh_case(tx, case_id, set(), None)


def _events(tx: Tx, events: pa.Table, at: datetime, actor: str) -> None:
    insert = ("INSERT INTO case_events (case_id, logged_at, actor, action, before_value, after_value)"
              " SELECT case_id, ?, ?, action, before_value::JSON, after_value::JSON FROM _history_events")
    if tx.dialect == "postgres":
        tx.execute("DROP TABLE IF EXISTS _history_events")
        tx.execute("CREATE TEMP TABLE _history_events (case_id VARCHAR, action VARCHAR, before_value VARCHAR,"
                   " after_value VARCHAR)")
        try:
            pg_copy.copy_arrow(tx, "_history_events", events)
            tx.execute(insert, [at, actor])
        finally:
            tx.execute("DROP TABLE IF EXISTS _history_events")
        return
    tx.cur.register("_history_events", events)
    try:
        tx.execute(insert, [at, actor])
    finally:
        tx.cur.unregister("_history_events")


def write(tx: Tx, *, kind: str, detail_table: str, new_cases: "pd.DataFrame", new_details: "pd.DataFrame",
          changed_cases: "pd.DataFrame", changed_details: "pd.DataFrame", events: pa.Table,
          series: list[tuple[str, int]], file_name: str, sha256: str, actor: str, at: datetime) -> None:
    """Write an import's new and changed cases in the caller's transaction, set-based: the
    changed ones leave the board's index as they were, the rows are inserted or updated (the
    changed with version + 1), the index takes them all in (search_bulk), each gets its case
    log entry (`events`: case_id, action, before_value, after_value as JSON text) and its
    import record, and the number series continue after the imported numbers."""
    if detail_table not in DETAIL_TABLES:
        raise ValueError(detail_table)
    changed_ids = changed_cases["id"].tolist() if len(changed_cases) else []
    if tx.dialect != "postgres":        # PostgreSQL's board row is brought up to date in place
        search_bulk.unindex_cases(tx, changed_ids)                   # as they are, before rewriting
    _insert(tx, "cases", new_cases)
    _insert(tx, detail_table, new_details)
    _update(tx, "cases", "id", changed_cases.drop(columns=["version"], errors="ignore"),
            extra=", version = cases.version + 1")
    _update(tx, detail_table, "case_id", changed_details)
    _index(tx, new_cases["id"].tolist() if len(new_cases) else [], changed_ids)   # the board and search
    if events.num_rows:
        _events(tx, events, at, actor)
    record = [kind, file_name, sha256, actor, at]
    if len(new_cases):          # a new case's version is 1
        tx.execute("INSERT INTO imported_cases (case_id, kind, file_name, sha256, imported_by, imported_at, version)"
                   " SELECT unnest(?::VARCHAR[]), ?, ?, ?, ?, ?, 1", [new_cases["id"].tolist(), *record])
    if changed_ids:             # a changed one's as the update left it
        tx.execute("UPDATE imported_cases SET kind = ?, file_name = ?, sha256 = ?, imported_by = ?, imported_at = ?,"
                   " version = c.version FROM cases c WHERE c.id = imported_cases.case_id"
                   " AND imported_cases.case_id IN (SELECT unnest(?::VARCHAR[]))", [*record, changed_ids])
    continue_series(tx, series)


def continue_series(tx: Tx, series: list[tuple[str, int]]) -> None:
    """The number series go on after the imported numbers (never back): a later registration
    in the same week (or year) gets the next number after the highest imported one."""
    if not series:
        return
    top: dict[str, int] = {}
    for prefix, seq in series:
        top[prefix] = max(seq, top.get(prefix, 0))
    tx.execute("INSERT INTO number_sequences (prefix, last_value)"
               " SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[])"
               " ON CONFLICT (prefix) DO UPDATE SET"
               " last_value = greatest(number_sequences.last_value, excluded.last_value)",
               [list(top), list(top.values())])


