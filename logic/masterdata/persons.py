"""Personal identity numbers in master data (ADM-7, X-2).

A register row names a person by personnummer, samordningsnummer or reserve number (or, for
a care unit receiving devices, by the unit's customer number). The cell is normalised before
the row's key is formed, so 19121212-1212 and 191212121212 are the same person, and a bad
check digit is refused in the user's language (`logic.identity`).

Every identity number read from a file goes into the access log (purpose "import", dry runs
too: the dry run shows them; "import_report" when an error report is downloaded again), and the master-data grid shows them masked (birth date only)
until the admin reveals them; each revealed number is logged (purpose "admin_register"), once
per set of numbers shown, like the board's reveal.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from typing import Any

from logic import i18n
from logic.access import User, decide
from logic.clock import Clock, naive_utc
from logic.identity import IdentityError, mask, parse_person_id
from logic.masterdata.spec import Kind, header_token
from logic.store import board_reads
from logic.store.db import Database, Tx

CUSTOMER_NO = re.compile(r"^[0-9]{4,10}$")   # a care unit's customer number (DEV-4 a, DEV-5)


def identity_cell(value: Any) -> str:
    """A person's number as stored: 12 digits, or the reserve number in capitals."""
    try:
        return parse_person_id(str(value), allow_reserve=True).digits
    except IdentityError as exc:
        raise ValueError(exc.key) from None


def recipient_cell(value: Any) -> str:
    """A recipient: a care unit's customer number (4–10 digits, kept as written — whether a care
    unit has it is the kind's check) or a person's number."""
    text = str(value).strip()
    if CUSTOMER_NO.match(text):
        return text
    return identity_cell(text)


def is_person_id(value: Any) -> bool:
    """A normalised personal identity number (not a care unit's customer number)."""
    if not isinstance(value, str) or not value or CUSTOMER_NO.match(value):
        return False
    try:
        return parse_person_id(value, allow_reserve=True).digits == value
    except IdentityError:
        return False


def is_reserve(value: Any) -> bool:
    return is_person_id(value) and not value.isdigit()


def in_rows(kind: Kind, rows: list[dict[str, Any]]) -> list[str]:
    """The identity numbers in a kind's person columns, in row order (each once)."""
    seen: dict[str, None] = {}
    for row in rows:
        for col in kind.person_columns:
            value = row.get(col)
            if is_person_id(value):
                seen.setdefault(value, None)
    return list(seen)


def log_read(tx: Tx, clock: Clock, actor: User, kind: Kind, rows: list[dict[str, Any]]) -> int:
    """X-2: the identity numbers of a file's rows (as planned) go into the access log."""
    ids = in_rows(kind, rows)
    _log_people(tx, clock, actor.username, ids, "import")
    return len(ids)


def log_report(db: Database, clock: Clock, actor: User, kind: Kind, report: str) -> int:
    """X-2: an error report downloaded again shows the values of refused cells — those in the
    kind's identity columns (the header in whichever language the report was written) go into
    the access log."""
    headers = {header_token(kind.column(c).header(kind.name, lang)) for c in kind.person_columns
               for lang in i18n.LANGUAGES}
    seen: dict[str, None] = {}
    for line in list(csv.reader(io.StringIO(report), delimiter=";"))[1:]:
        if len(line) > 2 and header_token(line[1]) in headers:
            try:
                seen.setdefault(identity_cell(line[2].lstrip("'")), None)
            except ValueError:
                continue
    if seen:
        with db.tx() as tx:
            _log_people(tx, clock, actor.username, list(seen), "import_report")
    return len(seen)


def _log_people(tx: Tx, clock: Clock, username: str, ids: list[str], purpose: str) -> None:
    board_reads.insert_accesses(tx, naive_utc(clock.now()), username, ids, [None] * len(ids), purpose)


def digest(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def for_screen(db: Database, clock: Clock, actor: User, kind: Kind, rows: list[dict[str, Any]],
               reveal: bool, logged: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """The rows as the grid shows them: identity numbers masked unless revealed by a user who
    may maintain the kind; the revealed numbers logged (X-2) unless `logged` is the digest of
    exactly these numbers (a rerun of the grid the user already sees). Returns the rows and the
    digest of what is now logged as shown."""
    if not kind.person_columns:
        return rows, None
    may = reveal and decide(actor, kind.action).allowed
    if not may:
        return [{k: (mask(v) if k in kind.person_columns and is_person_id(v) else v) for k, v in row.items()}
                for row in rows], None
    ids = in_rows(kind, rows)
    shown = digest(ids)
    if ids and shown != logged:
        with db.tx() as tx:
            _log_people(tx, clock, actor.username, ids, "admin_register")
    return rows, shown
