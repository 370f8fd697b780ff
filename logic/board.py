"""The case board, Ärenden (X-4): one searchable list over every case kind the user may see.

`BoardFilters` is what the user chose (and what the URL carries: `to_query`/`from_query`);
`search` turns it into a `board_repo.BoardSpec` — visibility pushed into SQL, free text
resolved through the search index — and returns one page plus the exact total. Every shown
row is checked again with `access.can_see_case`. Personal identity numbers are masked for
roles without VIEW_PERSON_ID on the case (analysts get a stable pseudonym instead), shown in
full only when the user asks, and then every shown number is written to the access log (X-2).
`export_rows` / `export_stream` give all matching rows (`to_csv`, `to_xlsx` streamed to a
temporary file), safe against formula injection.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator

from logic import clauses, i18n
from logic.access import Action, Role, User, can_see_case, decide, require
from logic.clock import Clock, from_local, naive_utc, to_local
from logic.identity import format_id, mask
from logic.inputs import Text
from logic.search import id_letters, nfc, parse_query
from logic.search import number_prefix as as_number_prefix
from logic.store import board_repo, search_repo
from logic.store.db import Database, Tx

log = logging.getLogger(__name__)

PAGE_SIZES = (25, 50, 100)
PY_VISIBILITY_MAX = 5000      # a kind without an SQL rule is checked in Python up to this size
RECENT_DAYS = 14              # newest first: look at the last two weeks first (see search)
SORTS = tuple(board_repo.SORTABLE)
EXCEL_MAX_ROWS = 1_048_575          # Excel's sheet limit, minus the header
XLSX_PROGRESS_EVERY = 5000          # rows between two progress reports of to_xlsx


class Period(StrEnum):
    ALL = "all"
    WEEK = "week"       # senaste veckan
    MONTH = "month"     # senaste månaden
    YEAR = "year"
    CUSTOM = "custom"   # from .. to (local dates, both inclusive)


PERIOD_DAYS = {Period.WEEK: 7, Period.MONTH: 31, Period.YEAR: 366}
# the dates a custom period may have: a case's date lies well inside, and a date from a link
# outside it (0001-01-01, 9999-12-31) is dropped instead of overflowing the time arithmetic
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)


Q_MAX = 200                   # characters in the search box (X-7: longer is refused, not cut)


class BoardFilters(BaseModel):
    """What the user chose on the board; all optional."""
    q: Text(Q_MAX, optional=False) = ""
    kinds: list[str] = []
    subtypes: list[str] = []
    statuses: list[str] = []
    units: list[str] = []
    state: str = ""                 # "" | "open" | "closed"
    period: Period = Period.ALL
    date_from: date | None = None
    date_to: date | None = None
    mine: bool = False              # mina ärenden: created by me or assigned to me
    waiting: bool = False           # väntar på mig: assigned to me or in my roles' queue
    sort: str = "created_at"
    desc: bool = True
    page: int = Field(default=1, ge=1, le=1_000_000)
    page_size: int = 50

    @field_validator("q")
    @classmethod
    def _strip(cls, v: str) -> str:
        return nfc(v.strip())

    @field_validator("state")
    @classmethod
    def _state(cls, v: str) -> str:
        return v if v in ("", "open", "closed") else ""

    @field_validator("date_from", "date_to")
    @classmethod
    def _day(cls, v: date | None) -> date | None:
        return v if v is None or DATE_MIN <= v <= DATE_MAX else None

    @field_validator("sort")
    @classmethod
    def _sort(cls, v: str) -> str:
        return v if v in board_repo.SORTABLE else "created_at"

    @field_validator("page_size")
    @classmethod
    def _size(cls, v: int) -> int:
        return v if v in PAGE_SIZES else 50

    # -- the URL query string (bookmarkable boards) ---------------------------------------
    def to_query(self) -> dict[str, str]:
        """Only what differs from the defaults, with short keys."""
        out: dict[str, str] = {}
        if self.q:
            out["q"] = self.q
        for key, values in (("kind", self.kinds), ("type", self.subtypes), ("status", self.statuses),
                            ("unit", self.units)):
            if values:
                out[key] = ",".join(values)
        if self.state:
            out["state"] = self.state
        if self.period is not Period.ALL:
            out["period"] = self.period.value
        if self.period is Period.CUSTOM:
            if self.date_from:
                out["from"] = self.date_from.isoformat()
            if self.date_to:
                out["to"] = self.date_to.isoformat()
        if self.mine:
            out["mine"] = "1"
        if self.waiting:
            out["waiting"] = "1"
        if self.sort != "created_at" or not self.desc:
            out["sort"] = self.sort
            out["dir"] = "desc" if self.desc else "asc"
        if self.page != 1:
            out["page"] = str(self.page)
        if self.page_size != 50:
            out["size"] = str(self.page_size)
        return out

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> "BoardFilters":
        """Lenient: a value that does not parse is dropped, never an error page."""
        def lst(key: str) -> list[str]:
            return [x.strip() for x in (params.get(key) or "").split(",") if x.strip()][:50]

        def day(key: str) -> date | None:
            try:
                return date.fromisoformat(params.get(key) or "")
            except ValueError:
                return None

        def number(key: str, default: int) -> int:
            try:
                return int(params.get(key) or default)
            except ValueError:
                return default

        raw = {
            "q": (params.get("q") or "")[:200], "kinds": lst("kind"), "subtypes": lst("type"),
            "statuses": lst("status"), "units": lst("unit"), "state": params.get("state") or "",
            "period": params.get("period") if params.get("period") in set(Period) else Period.ALL,
            "date_from": day("from"), "date_to": day("to"),
            "mine": params.get("mine") == "1", "waiting": params.get("waiting") == "1",
            "sort": params.get("sort") or "created_at", "desc": params.get("dir", "desc") != "asc",
            "page": max(1, min(number("page", 1), 1_000_000)), "page_size": number("size", 50),
        }
        try:
            return cls(**raw)
        except ValidationError:
            return cls()


# ------------------------------------------------------------------ the query


def created_range(f: BoardFilters, clock: Clock, tz: str) -> tuple[datetime | None, datetime | None]:
    """The period as naive-UTC bounds [from, to)."""
    if f.period in PERIOD_DAYS:
        return naive_utc(clock.now() - timedelta(days=PERIOD_DAYS[f.period])), None
    if f.period is Period.CUSTOM:
        start = naive_utc(from_local(datetime.combine(f.date_from, time()), tz)) if f.date_from else None
        end = (naive_utc(from_local(datetime.combine(f.date_to + timedelta(days=1), time()), tz))
               if f.date_to else None)
        return start, end
    return None, None


def may_search_persons(user: User) -> bool:
    """Whether person names / identity numbers may match at all (never for analysts alone)."""
    return decide(user, Action.VIEW_PERSON_ID).allowed


def resolved_visibility(tx: Tx, user: User, codes: board_repo.BoardCodes
                        ) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Kinds without an SQL rule in board_repo.VISIBILITY (their rule lives only in
    logic.access, or they have none): while they have few cases, ask logic.access about each
    case, so the board's counts stay exact; beyond PY_VISIBILITY_MAX the conservative SQL
    fallback is used and every shown row is still checked (register an SQL rule for a kind
    that grows)."""
    all_kinds = codes.all("kind")
    kinds = sorted(k for k in all_kinds if k not in board_repo.VISIBILITY)
    counts = codes.kind_counts()
    if not kinds or sum(counts.get(all_kinds[k], 0) for k in kinds) > PY_VISIBILITY_MAX:
        return {}, {}
    rows = board_repo.rows_of_kinds(tx, kinds, PY_VISIBILITY_MAX)
    if rows is None:
        return {}, {}
    see: dict[str, list[int]] = {k: [] for k in kinds}
    person: dict[str, list[int]] = {k: [] for k in kinds}
    for row in rows:
        if can_see_case(user, row):
            see[row["kind"]].append(row["doc"])
            if decide(user, Action.VIEW_PERSON_ID, row).allowed:
                person[row["kind"]].append(row["doc"])
    return see, person


def build_spec(tx: Tx, clock: Clock, user: User, f: BoardFilters,
               codes: board_repo.BoardCodes) -> board_repo.BoardSpec:
    """Filters -> the SQL spec: visibility, filters, free text through the index."""
    created_from, created_to = created_range(f, clock, user.tz)
    persons = may_search_persons(user)
    codes.prefetch([("user", user.username)] + [("unit", u) for u in [*user.units, *f.units]]
                   + [("role", r.value) for r in user.roles] + [("kind", k) for k in f.kinds]
                   + [("subtype", x) for x in f.subtypes] + [("status", x) for x in f.statuses])
    see_docs, person_docs = resolved_visibility(tx, user, codes)
    person_visible = (board_repo.visibility(user, codes, persons=True, resolved=person_docs).clause()
                      if persons else clauses.FALSE)
    text: list[clauses.Clause] = []
    candidates: set[int] | None = None
    prefix = as_number_prefix(f.q)
    if prefix and codes.one("idprefix", id_letters(prefix)) is None:
        prefix = None                  # no case number starts that way ("CFH1974" is a code)
    text_matches = True
    for term in parse_query(f.q):
        m = search_repo.match_term(tx, term, persons)
        search_repo.resolve_tails(tx, m, persons)
        pred = search_repo.term_predicate(m, persons, person_visible)
        if m.empty() or pred[0] == "FALSE":
            if prefix is None:
                return _nothing(user)
            text_matches = False       # only the number prefix can match
            continue
        text.append(pred)
        sides = (False, True) if persons else (False,)
        if m.only_tails() and not any(m.tails[p] for p in sides):
            found = set().union(*(m.inline[p] for p in sides))
            if len(found) <= search_repo.FAST_PATH_MAX:
                candidates = found if candidates is None else candidates & found
    if prefix is not None:
        candidates = None              # number-prefix matches are not in the postings
        if not text_matches:
            text = []
    roles = tuple(sorted(r.value for r in user.roles))
    return board_repo.BoardSpec(
        visibility=board_repo.visibility(user, codes, resolved=see_docs), kinds=tuple(f.kinds), subtypes=tuple(f.subtypes),
        statuses=tuple(f.statuses), units=tuple(f.units), state=f.state or None,
        created_from=created_from, created_to=created_to,
        mine=user.username if f.mine else None,
        waiting=(user.username, roles) if f.waiting else None,
        text=tuple(text), number_prefix=prefix,
        candidates=tuple(sorted(candidates)) if candidates is not None else None)


def _nothing(user: User) -> board_repo.BoardSpec:
    return board_repo.BoardSpec(visibility=board_repo.NOTHING)


@dataclass
class BoardResult:
    rows: list[dict]
    total: int
    page: int
    pages: int
    exact: str | None = None          # q is exactly the number of a case the user may open
    hidden: int = 0                   # rows the SQL showed but access.can_see_case refused
    person_columns: bool = field(default=False)


def _exact(tx: Tx, user: User, q: str, codes: board_repo.BoardCodes) -> tuple[dict | None, bool]:
    """(the case whose number q is exactly, whether the user may see it): asked only when
    some case number starts the way q does, then one look-up by the unique case number."""
    text = (q or "").strip().upper()
    if not text or len(text) > 40 or " " in text or codes.one("idprefix", id_letters(text)) is None:
        return None, False
    row = board_repo.case_row(tx, text, codes.unit_names())
    if row is None:
        return None, False
    return row, can_see_case(user, row)


def search(db: Database, clock: Clock, user: User, f: BoardFilters, *, reveal: bool = False) -> BoardResult:
    """One page of the board and the total number of matches."""
    require(decide(user, Action.VIEW_BOARD))
    with db.read() as r:
        codes = board_repo.codes_for(db, r)
        found, visible = _exact(r, user, f.q, codes) if f.q else (None, False)
        exact = found["id"] if found is not None and visible else None
        if exact is not None:            # an exact number: that case, straight away
            rows, total, pages, page_no = [found], 1, 1, 1
        elif found is not None:          # someone else's case: nothing (not even that it exists)
            rows, total, pages, page_no = [], 0, 1, 1
        else:
            spec = build_spec(r, clock, user, f, codes)
            if spec.candidates is not None:
                total, rows, page_no, pages = _candidate_page(r, spec, codes, f)
            else:
                total, rows, page_no, pages = _page(r, clock, spec, codes, f)
        key = board_repo.pseudonym_key(r) if user.has(Role.ANALYST) else ""
    units = {row["unit_id"]: row["unit_name"] for row in rows if row.get("unit_name")}
    shown = [row for row in rows if can_see_case(user, row)]
    if len(shown) != len(rows):
        log.warning("board: %d row(s) visible in SQL but refused by access rules for %s",
                    len(rows) - len(shown), user.username)
    out = [present(row, user, key, units, reveal) for row in shown]
    revealed = [(row["person_id"], row["id"]) for row, o in zip(shown, out) if o["person_revealed"]]
    if revealed:
        log_person_views(db, clock, user, revealed, "board")
    return BoardResult(out, total, page_no, pages, exact, len(rows) - len(shown))


def _page(r: Tx, clock: Clock, spec: board_repo.BoardSpec, codes: board_repo.BoardCodes,
          f: BoardFilters) -> tuple[int, list[dict], int, int]:
    """(total, rows, page, pages): one page and the exact count, as a rule in one statement
    (the count's query rides along as a column of the page's); asked again only when the
    page comes out short or lies past the end."""
    counting = board_repo.count_query(spec, codes)
    # free text: the count scans with the text's predicates too, and as a column of the page
    # query it ran no faster than alone (measured at 1M cases), so it is asked alone
    ride = counting if not (spec.text or spec.number_prefix) else None
    recent = None
    if f.sort == "created_at" and f.desc and not board_repo.is_small(codes):
        # Newest first: DuckDB's top-N still reads a whole row group (~120 000 rows); a lower
        # bound on the date lets it skip most of it. Exact: used only when the page comes out
        # full, else asked again without the bound.
        recent = naive_utc(clock.now()) - timedelta(days=RECENT_DAYS)
    offset = (f.page - 1) * f.page_size
    rows, total = board_repo.page_rows(r, spec, codes, sort=f.sort, descending=f.desc, limit=f.page_size,
                                       offset=offset, since=recent, counting=ride)
    if total is None:                    # not asked, or an empty page: it says nothing of the count
        total = board_repo.run_count(r, counting)
    pages = max(1, -(-total // f.page_size))
    page_no = min(f.page, pages)
    if page_no != f.page or len(rows) < min(f.page_size, total - offset):
        rows, _ = board_repo.page_rows(r, spec, codes, sort=f.sort, descending=f.desc,
                                       limit=f.page_size, offset=(page_no - 1) * f.page_size)
    return total, rows, page_no, pages


def _candidate_page(r: Tx, spec: board_repo.BoardSpec, codes: board_repo.BoardCodes,
                    f: BoardFilters) -> tuple[int, list[dict], int, int]:
    """(total, rows, page, pages) when the free text narrowed the board to a few candidates."""
    def fetch(page: int) -> tuple[int, list[dict]]:
        return board_repo.candidate_page(r, spec, codes, sort=f.sort, descending=f.desc,
                                         limit=f.page_size, offset=(page - 1) * f.page_size)
    total, rows = fetch(f.page)
    pages = max(1, -(-total // f.page_size))
    if f.page > pages:                   # asked past the end: the last page
        total, rows = fetch(pages)
    return total, rows, min(f.page, pages), pages


def log_person_views(db: Database, clock: Clock, user: User, pairs: list[tuple[str, str]],
                     purpose: str) -> None:
    """Every shown or exported personal identity number goes to the access log (X-2)."""
    with db.tx() as tx:
        board_repo.insert_accesses(tx, naive_utc(clock.now()), user.username,
                                   [p for p, _ in pairs], [c for _, c in pairs], purpose)


# ------------------------------------------------------------------ presenting a row


def pseudonym(key: str, person_id: str) -> str:
    """A stable pseudonym for analysts: the same person gets the same code in one database,
    and the code cannot be turned back into the number without the database's key."""
    digest = hmac.new(key.encode(), person_id.encode(), hashlib.sha256).hexdigest()
    return "P-" + digest[:10].upper()


# ------------------------------------------------------------------ what an analyst sees

# Besides the patient, what can point back to one: the staff on the case (user names, their
# display names, prescriber codes, contact names and phone numbers) and the numbers of the
# device and of its orders. Analysts see each as its pseudonym; a display name as the
# pseudonym of its user, so one person has one code on the board, in exports, on the case
# page and in the case log.
STAFF_USER_FIELDS = ("created_by", "assignee", "answered_by", "closed_by", "signed_by", "sent_by",
                     "voided_by", "deleted_by", "handled_by", "decided_by", "holder", "arrived_by",
                     "recorded_by", "reported_by", "assigned_by", "attached_by", "uploaded_by",
                     "updated_by", "username", "case_handler", "actor")
STAFF_NAME_FIELDS = {"created_by_name": "created_by", "assignee_name": "assignee",
                     "signed_by_name": "signed_by", "decided_by_name": "decided_by",
                     "holder_name": "holder", "arrived_by_name": "arrived_by",
                     "recorded_by_name": "recorded_by", "case_handler_name": "case_handler"}
TRACEABLE_FIELDS = ("contact_name", "contact_phone", "prescriber_code", "signed_by_prescriber_code",
                    "individual_no", "order_no", "delivery_note_no", "work_order_no")
# keys of the case log's before/after values that hold a user name
LOGGED_USER_KEYS = ("assignee", "responsible", "holder", "case_handler", "answered_by", "closed_by")


def sees_as_analyst(user: User, case: dict) -> bool:
    """Whether `user` sees `case` as an analyst: with the person, the staff and the device
    pseudonymised (an analyst who may not see the case's person)."""
    return user.has(Role.ANALYST) and not decide(user, Action.VIEW_PERSON_ID, case).allowed


def analyst_key(db: Database, user: User, case: dict) -> str | None:
    """The pseudonym key when `user` sees `case` as an analyst, else None (seen in clear)."""
    if not sees_as_analyst(user, case):
        return None
    with db.read() as r:
        return board_repo.pseudonym_key(r)


def pseudonymise(row: dict, key: str) -> dict:
    """`row` (a case, a step, a contact, a log entry …) as an analyst sees it: every field of
    STAFF_USER_FIELDS, STAFF_NAME_FIELDS and TRACEABLE_FIELDS that has a value replaced by its
    pseudonym (changed in place, and returned)."""
    # a display name's user: its own field, or a row's `username` (e.g. a ladder holder's row)
    users_of = {name: row.get(user_field) if user_field in row else row.get("username")
                for name, user_field in STAFF_NAME_FIELDS.items()}
    for field_name in (*STAFF_USER_FIELDS, *TRACEABLE_FIELDS):
        if row.get(field_name):
            row[field_name] = pseudonym(key, str(row[field_name]))
    for name, username in users_of.items():
        if name in row and (row[name] or username):
            row[name] = pseudonym(key, str(username or row[name]))
    return row


def pseudonymise_log(entries: list[dict], key: str) -> list[dict]:
    """A case log as an analyst sees it: actors, and user names among the logged values."""
    for entry in entries:
        pseudonymise(entry, key)
        for side in ("before_value", "after_value"):
            value = entry.get(side)
            if isinstance(value, dict):
                entry[side] = {k: (pseudonym(key, str(v)) if v and (k in LOGGED_USER_KEYS or k in STAFF_USER_FIELDS
                                                                    or k in TRACEABLE_FIELDS) else v)
                               for k, v in value.items()}
    return entries


def present(row: dict, user: User, key: str, units: dict[str, str], reveal: bool) -> dict:
    """A board row as this user may see it."""
    out = {k: row.get(k) for k in ("id", "kind", "subtype", "category", "status", "title", "unit_id",
                                   "created_by", "assignee", "queue", "article_no", "individual_no",
                                   "created_at", "updated_at", "closed_at")}
    if key and sees_as_analyst(user, row):
        pseudonymise(out, key)      # the staff and the device, as on the case page
    out["unit"] = units.get(row.get("unit_id") or "", row.get("unit_id") or "")
    out["waiting_for_me"] = (row.get("assignee") == user.username
                             or row.get("queue") in {r.value for r in user.roles})
    pid, name = row.get("person_id"), row.get("person_name")
    out["person"] = ""
    out["person_revealed"] = False
    out["person_masked"] = False
    if pid or name:
        if decide(user, Action.VIEW_PERSON_ID, row).allowed:
            if reveal:
                out["person"] = " ".join(x for x in (format_id(pid), name) if x)
                out["person_revealed"] = bool(pid)
            else:
                out["person"] = mask(pid) if pid else "•••"
                out["person_masked"] = True
        elif user.has(Role.ANALYST) and pid:
            out["person"] = pseudonym(key, pid)
            out["person_masked"] = True
        else:
            out["person"] = "•••"
            out["person_masked"] = True
    return out


# ------------------------------------------------------------------ labels


def kind_label(lang: str, kind: str) -> str:
    key = f"board.kind.{kind}"
    return i18n.t(lang, key) if i18n.has(key) else kind


def _prefix(kind: str) -> str:
    return "dev" if kind in ("deviation", "repair") else kind


def status_label(lang: str, kind: str, status: str) -> str:
    for key in (f"{_prefix(kind)}.status.{status}", f"board.status.{status}"):
        if i18n.has(key):
            return i18n.t(lang, key)
    return status or ""


def subtype_label(lang: str, kind: str, subtype: str | None) -> str:
    if not subtype or kind in board_repo.UNTYPED:
        return ""
    for key in (f"{_prefix(kind)}.event.{subtype}", f"{_prefix(kind)}.type.{subtype}",
                f"board.subtype.{subtype}"):
        if i18n.has(key):
            return i18n.t(lang, key)
    return subtype


# ------------------------------------------------------------------ export

EXPORT_COLUMNS = ("id", "kind", "subtype", "category", "status", "title", "unit", "created_at",
                  "updated_at", "closed_at", "person", "article_no", "individual_no")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Defuse spreadsheet formula injection: text starting with = + - @ (or tab / CR) gets a
    leading apostrophe, so Excel and LibreOffice show it as text instead of running it."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_rows(db: Database, clock: Clock, user: User, f: BoardFilters, lang: str,
                *, include_person: bool = False) -> tuple[list[str], list[list]]:
    """Every matching row (not only the page), as header + rows of display values."""
    header, rows = export_stream(db, clock, user, f, lang, include_person=include_person)
    return header, list(rows)


def export_stream(db: Database, clock: Clock, user: User, f: BoardFilters, lang: str,
                  *, include_person: bool = False) -> tuple[list[str], Iterator[list]]:
    """export_rows one batch at a time (Excel's million rows are never all in memory): the
    permission is checked at once, the rows are read as they are consumed, and revealed
    identity numbers are written to the access log when the last row has been read."""
    require(decide(user, Action.EXPORT))
    require(decide(user, Action.VIEW_BOARD))
    header = [i18n.t(lang, f"board.col.{c}") for c in EXPORT_COLUMNS]

    def rows() -> Iterator[list]:
        revealed: list[tuple[str, str]] = []
        with db.read() as r:
            codes = board_repo.codes_for(db, r)
            spec = build_spec(r, clock, user, f, codes)
            key = board_repo.pseudonym_key(r)
            units = board_repo.unit_names(r)
            for batch in board_repo.row_batches(r, spec, codes, sort=f.sort, descending=f.desc):
                for row in batch:
                    if not can_see_case(user, row):
                        continue
                    shown = present(row, user, key, units, include_person)
                    if shown["person_revealed"]:
                        revealed.append((row["person_id"], row["id"]))
                    yield _export_values(shown, lang, user.tz)
        if revealed:
            log_person_views(db, clock, user, revealed, "export")
    return header, rows()


def _local(value: object, tz: str) -> str:
    if not isinstance(value, datetime):
        return ""
    return to_local(value, tz).strftime("%Y-%m-%d %H:%M")


def _export_values(row: dict, lang: str, tz: str) -> list:
    values = {
        "id": row["id"], "kind": kind_label(lang, row["kind"]),
        "subtype": subtype_label(lang, row["kind"], row["subtype"]), "category": row["category"] or "",
        "status": status_label(lang, row["kind"], row["status"]), "title": row["title"] or "",
        "unit": row["unit"] or "", "created_at": _local(row["created_at"], tz),
        "updated_at": _local(row["updated_at"], tz), "closed_at": _local(row["closed_at"], tz),
        "person": row["person"], "article_no": row["article_no"] or "",
        "individual_no": row["individual_no"] or "",
    }
    return [safe_cell(values[c]) for c in EXPORT_COLUMNS]


def to_csv(header: list[str], rows: Iterable[list]) -> bytes:
    """UTF-8 with BOM and ';' between fields: what Excel expects in Swedish and Danish locales."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: Iterable[list], sheet: str = "Ärenden", *,
            progress: Callable[[int], None] | None = None, every: int = XLSX_PROGRESS_EVERY) -> bytes:
    """Every cell written as text (write_string): nothing in a cell is ever read as a formula.
    Streamed (xlsxwriter's constant_memory: each row goes to a temporary file when the next
    begins) and read back: ~35 MB at most for Excel's 1,048,575 rows (bench/run.py), where
    the whole workbook in memory took gigabytes. `progress(rows written)` every `every` rows
    and at the end."""
    import xlsxwriter

    with tempfile.TemporaryDirectory(prefix="casedesk-xlsx-") as tmp:
        path = Path(tmp) / "export.xlsx"
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": tmp,
                                               "strings_to_formulas": False, "strings_to_urls": False})
        try:
            ws = book.add_worksheet(sheet[:31])
            ws.freeze_panes(1, 0)
            bold = book.add_format({"bold": True})
            for c, h in enumerate(header):
                ws.write_string(0, c, str(h), bold)
            r = 0
            for r, row in enumerate(rows, start=1):
                if r > EXCEL_MAX_ROWS:
                    raise ValueError("board.export_too_many")
                for c, value in enumerate(row):
                    ws.write_string(r, c, "" if value is None else str(value))
                if progress is not None and r % every == 0:
                    progress(r)
        finally:
            book.close()
        if progress is not None:
            progress(r)
        return path.read_bytes()


# ------------------------------------------------------------------ filter choices


def facets(db: Database, user: User) -> list[dict]:
    """Kinds, subtypes and statuses to offer as filters: those of kinds the user may see
    some of (subtypes only of kinds whose subtype is a type, e.g. the deviation event types)."""
    with db.read() as r:
        codes = board_repo.codes_for(db, r)
        rows = db.cached("board_facets", lambda tx: board_repo.facets(tx, codes))
        hidden = {kind for kind, vis in board_repo.VISIBILITY.items() if vis.see(user, codes)[0] == "FALSE"}
    return [{**row, "subtype": None if row["kind"] in board_repo.UNTYPED else row["subtype"]}
            for row in rows if row["kind"] not in hidden]


def unit_choices(db: Database) -> dict[str, str]:
    """Unit id -> name, every unit (read again after each write: Database.cached)."""
    with db.read() as r:
        return dict(board_repo.codes_for(db, r).unit_names())
