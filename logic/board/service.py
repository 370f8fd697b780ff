"""The case board, Ärenden (X-4): the service entry points.

`search` plans the query (logic.board.planning) and returns one page plus the exact total.
The permission questions are asked once per search and once per row (logic.board.permissions):
every shown row is checked again (VIEW_CASE) and shown as logic.board.present says (identity
numbers masked, pseudonyms for analysts; shown in full only when the user asks, and then every
shown number is written to the access log, X-2). `export_rows` / `export_stream` give all
matching rows for the writers in logic.exports; `facets` and `unit_choices` what the board
offers as filters.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from logic import i18n
from logic.access import User
from logic.board.filters import BoardFilters
from logic.board.permissions import BoardAccess, RowAccess
from logic.board.planning import build_spec
from logic.board.present import EXPORT_COLUMNS, export_values, present
from logic.clock import Clock, naive_utc
from logic.search import id_letters
from logic.store import board_codes, board_query, board_reads, board_visibility
from logic.store.db import Database, Tx

log = logging.getLogger(__name__)

RECENT_DAYS = 14              # newest first: look at the last two weeks first (see search)


@dataclass
class BoardResult:
    rows: list[dict]
    total: int
    page: int
    pages: int
    exact: str | None = None          # q is exactly the number of a case the user may open
    hidden: int = 0                   # rows the SQL showed but access.can_see_case refused
    person_columns: bool = field(default=False)


def _exact(tx: Tx, access: BoardAccess, q: str, codes: board_codes.BoardCodes) -> tuple[dict | None, RowAccess]:
    """(the case whose number q is exactly, what the user may see of it): asked only when
    some case number starts the way q does, then one look-up by the unique case number."""
    nothing = RowAccess(see=False, person=False)
    text = (q or "").strip().upper()
    if not text or len(text) > 40 or " " in text or codes.one("idprefix", id_letters(text)) is None:
        return None, nothing
    row = board_reads.case_row(tx, text, codes.unit_names())
    if row is None:
        return None, nothing
    return row, access.row(row)


def search(db: Database, clock: Clock, user: User, f: BoardFilters, *, reveal: bool = False) -> BoardResult:
    """One page of the board and the total number of matches."""
    access = BoardAccess.of(user)
    with db.read() as r:
        codes = board_codes.codes_for(db, r)
        found, seen = _exact(r, access, f.q, codes) if f.q else (None, RowAccess(see=False, person=False))
        exact = found["id"] if found is not None and seen.see else None
        if exact is not None:            # an exact number: that case, straight away
            rows, answers, total, pages, page_no = [found], [seen], 1, 1, 1
        elif found is not None:          # someone else's case: nothing (not even that it exists)
            rows, answers, total, pages, page_no = [], [], 0, 1, 1
        else:
            spec = build_spec(r, clock, user, f, codes, access)
            if spec.candidates is not None:
                total, rows, page_no, pages = _candidate_page(r, spec, codes, f)
            else:
                total, rows, page_no, pages = _page(r, clock, spec, codes, f)
            answers = [access.row(row) for row in rows]
        key = board_reads.pseudonym_key(r) if access.analyst else ""
    units = {row["unit_id"]: row["unit_name"] for row in rows if row.get("unit_name")}
    shown = [(row, answer) for row, answer in zip(rows, answers) if answer.see]
    if len(shown) != len(rows):
        log.warning("board: %d row(s) visible in SQL but refused by access rules for %s",
                    len(rows) - len(shown), user.username)
    out = [present(row, user, key, units, reveal, person=answer.person) for row, answer in shown]
    revealed = [(row["person_id"], row["id"]) for (row, _), o in zip(shown, out) if o["person_revealed"]]
    if revealed:
        log_person_views(db, clock, user, revealed, "board")
    return BoardResult(out, total, page_no, pages, exact, len(rows) - len(shown))


def _page(r: Tx, clock: Clock, spec: board_query.BoardSpec, codes: board_codes.BoardCodes,
          f: BoardFilters) -> tuple[int, list[dict], int, int]:
    """(total, rows, page, pages): one page and the exact count, as a rule in one statement
    (the count's query rides along as a column of the page's); asked again only when the
    page comes out short or lies past the end."""
    counting = board_query.count_query(spec, codes)
    # free text: the count scans with the text's predicates too, and as a column of the page
    # query it ran no faster than alone (measured at 1M cases), so it is asked alone
    ride = counting if not (spec.text or spec.number_prefix) else None
    recent = None
    if f.sort == "created_at" and f.desc and not board_query.is_small(codes):
        # Newest first: DuckDB's top-N still reads a whole row group (~120 000 rows); a lower
        # bound on the date lets it skip most of it. Exact: used only when the page comes out
        # full, else asked again without the bound.
        recent = naive_utc(clock.now()) - timedelta(days=RECENT_DAYS)
    offset = (f.page - 1) * f.page_size
    rows, total = board_query.page_rows(r, spec, codes, sort=f.sort, descending=f.desc, limit=f.page_size,
                                       offset=offset, since=recent, counting=ride)
    if total is None:                    # not asked, or an empty page: it says nothing of the count
        total = board_query.run_count(r, counting)
    pages = max(1, -(-total // f.page_size))
    page_no = min(f.page, pages)
    if page_no != f.page or len(rows) < min(f.page_size, total - offset):
        rows, _ = board_query.page_rows(r, spec, codes, sort=f.sort, descending=f.desc,
                                       limit=f.page_size, offset=(page_no - 1) * f.page_size)
    return total, rows, page_no, pages


def _candidate_page(r: Tx, spec: board_query.BoardSpec, codes: board_codes.BoardCodes,
                    f: BoardFilters) -> tuple[int, list[dict], int, int]:
    """(total, rows, page, pages) when the free text narrowed the board to a few candidates."""
    def fetch(page: int) -> tuple[int, list[dict]]:
        return board_query.candidate_page(r, spec, codes, sort=f.sort, descending=f.desc,
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
        board_reads.insert_accesses(tx, naive_utc(clock.now()), user.username,
                                   [p for p, _ in pairs], [c for _, c in pairs], purpose)


# ------------------------------------------------------------------ export


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
    access = BoardAccess.of(user, export=True)
    header = [i18n.t(lang, f"board.col.{c}") for c in EXPORT_COLUMNS]
    names = subtype_names(db)

    def rows() -> Iterator[list]:
        revealed: list[tuple[str, str]] = []
        with db.read() as r:
            codes = board_codes.codes_for(db, r)
            spec = build_spec(r, clock, user, f, codes, access)
            key = board_reads.pseudonym_key(r)
            units = board_codes.unit_names(r)
            for batch in board_query.row_batches(r, spec, codes, sort=f.sort, descending=f.desc):
                for row in batch:
                    answer = access.row(row)
                    if not answer.see:
                        continue
                    shown = present(row, user, key, units, include_person, person=answer.person)
                    if shown["person_revealed"]:
                        revealed.append((row["person_id"], row["id"]))
                    yield export_values(shown, lang, user.tz, names)
        if revealed:
            log_person_views(db, clock, user, revealed, "export")
    return header, rows()


# ------------------------------------------------------------------ filter choices


def facets(db: Database, user: User) -> list[dict]:
    """Kinds, subtypes and statuses to offer as filters: those of kinds the user may see
    some of (subtypes only of kinds whose subtype is a type, e.g. the deviation event types)."""
    with db.read() as r:
        codes = board_codes.codes_for(db, r)
        rows = db.cached("board_facets", lambda tx: board_reads.facets(tx, codes))
        hidden = {kind for kind, vis in board_visibility.VISIBILITY.items() if vis.see(user, codes)[0] == "FALSE"}
    return [{**row, "subtype": None if row["kind"] in board_visibility.UNTYPED else row["subtype"]}
            for row in rows if row["kind"] not in hidden]


def subtype_names(db: Database) -> dict[str, dict[str, dict]]:
    """kind -> code -> its names (name_sv/_en/_da), for the kinds whose subtypes are reference
    data (board_visibility.SUBTYPE_NAMES); read again after a write of their table."""
    return {kind: db.cached(f"board_subtype_names_{kind}", load)
            for kind, load in board_visibility.SUBTYPE_NAMES.items()}


def unit_choices(db: Database) -> dict[str, str]:
    """Unit id -> name, every unit (read again after each write: Database.cached)."""
    with db.read() as r:
        return dict(board_codes.codes_for(db, r).unit_names())
