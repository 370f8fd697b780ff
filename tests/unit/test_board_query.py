"""X-4 case board: the filter -> SQL builder, the URL form of the filters, the search terms
and the export's cell defusing — pure, no database."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from logic import clauses, exports
from logic.board import permissions, present
from logic.access import Role, User
from logic.board.filters import DATE_MAX, DATE_MIN, PAGE_SIZES, BoardFilters, Period, created_range
from logic.search import is_code, number_prefix, parse_query, stable_hash, term_id, tokens
from logic.store import board_query, board_visibility
from logic.store.board_codes import BoardCodes
from logic.store.board_query import BoardSpec, where

KNOWN = {("kind", "deviation"): 1, ("kind", "repair"): 2, ("kind", "gadget"): 3, ("kind", "widget"): 9,
         ("status", "planned"): 11, ("status", "investigating"): 12, ("unit", "site-1"): 21,
         ("user", "rita"): 31, ("user", "hanna"): 32, ("role", "reporter"): 41, ("role", "handler"): 42,
         ("role", "analyst"): 43}


def codes() -> BoardCodes:
    """Codes as the database would hand them out, without a database."""
    return BoardCodes(None, KNOWN)


def a_user(username="rita", roles=(Role.REPORTER,), units=("site-1",)) -> User:
    return User(username=username, name=username.title(), roles=frozenset(roles), units=tuple(units))


# ------------------------------------------------------------------ tokenisation


@pytest.mark.parametrize("text, expected", [
    ("Böjd länkhjulsgaffel på rullstol", ["böjd", "länkhjulsgaffel", "på", "rullstol"]),
    ("CFH229181; art.nr 49506", ["cfh229181", "art", "nr", "49506"]),
    ("Rullstol Cross B42,5 Dj46", ["rullstol", "cross", "b42", "5", "dj46"]),
    ("ÅSA Ödegård æble_skive", ["åsa", "ödegård", "æble", "skive"]),
    ("  ", []),
    (None, []),
    ("pump pump PUMP", ["pump"]),
])
def test_x4_tokens_are_lowercased_runs_of_letters_and_digits(text, expected):
    assert tokens(text) == expected


def test_x4_query_terms_words_by_substring_codes_by_prefix_short_words_exact():
    terms = {t.text: t for t in parse_query("Infusionspump CFH2291 i")}
    assert not terms["infusionspump"].code and not terms["infusionspump"].exact
    assert terms["cfh2291"].code
    assert terms["i"].exact                      # one letter would match nearly every word
    assert [t.text for t in parse_query("a b a b c")] == ["a", "b", "c"]
    assert len(parse_query(" ".join(f"w{i}x" for i in range(20)))) == 8


@pytest.mark.parametrize("q, expected", [
    ("AV2607", "AV2607"), ("av26070002", "AV26070002"), (" RE2612 ", "RE2612"),
    ("AKUT23011264", "AKUT23011264"), ("rullstol", None), ("2607", None), ("AV 2607", None), ("", None),
])
def test_x4_number_prefix_recognises_case_numbers(q, expected):
    assert number_prefix(q) == expected


def test_x4_codes_are_tokens_with_a_digit():
    assert is_code("cfh229181") and is_code("49506") and not is_code("rullstol")


def test_x4_stable_hash_is_md5_based_and_separates_person_terms():
    import hashlib

    assert stable_hash("deviation") == int(hashlib.md5(b"deviation").hexdigest()[:15], 16)
    assert stable_hash("deviation") == stable_hash("deviation") and stable_hash(None) is None
    assert term_id("tolvan", True) != term_id("tolvan", False)
    assert 0 <= stable_hash("x") < 2 ** 60


# ------------------------------------------------------------------ filters <-> URL


def test_x4_filters_round_trip_through_the_url_query_string():
    f = BoardFilters(q="pump", kinds=["deviation", "repair"], subtypes=["tillbud"], statuses=["planned"],
                     units=["site-1012"], state="open", period=Period.CUSTOM, date_from=date(2026, 1, 1),
                     date_to=date(2026, 2, 1), mine=True, waiting=True, sort="title", desc=False, page=3,
                     page_size=25)
    q = f.to_query()
    assert q == {"q": "pump", "kind": "deviation,repair", "type": "tillbud", "status": "planned",
                 "unit": "site-1012", "state": "open", "period": "custom", "from": "2026-01-01",
                 "to": "2026-02-01", "mine": "1", "waiting": "1", "sort": "title", "dir": "asc",
                 "page": "3", "size": "25"}
    assert BoardFilters.from_query(q) == f


def test_x4_default_filters_make_an_empty_query_string():
    assert BoardFilters().to_query() == {}
    assert BoardFilters.from_query({}) == BoardFilters()


@pytest.mark.parametrize("params", [
    {"period": "forever"}, {"sort": "password_hash"}, {"page": "-4"}, {"page": "x"},
    {"from": "2026-13-45", "period": "custom"}, {"size": "100000"}, {"state": "deleted"},
    {"q": "x" * 5000},
])
def test_x4_bad_url_values_are_dropped_never_an_error(params):
    f = BoardFilters.from_query(params)
    assert f.sort in board_query.SORTABLE and f.page >= 1 and f.page_size in PAGE_SIZES
    assert f.state in ("", "open", "closed") and len(f.q) <= 200


# ------------------------------------------------------------------ filters -> SQL


def test_x4_where_binds_every_value_as_integer_codes():
    spec = BoardSpec(visibility=board_visibility.visibility(a_user("hanna", (Role.HANDLER,)), codes()),
                     kinds=("deviation",), statuses=("planned", "investigating"), units=("site-1",),
                     state="open", created_from=datetime(2026, 1, 1), created_to=datetime(2026, 2, 1),
                     mine="rita", waiting=("rita", ("reporter",)))
    sql, params = where(spec, codes())
    assert sql == ("((b.kind_c = ?)) AND (b.status_c >= ? AND b.status_c <= ?) AND b.unit_c = ?"
                   " AND b.closed_at IS NULL AND b.created_at >= ? AND b.created_at < ?"
                   " AND (b.creator_c = ? OR b.assignee_c = ?) AND (b.assignee_c = ? OR b.queue_c = ?)")
    assert params == [1, 11, 12, 21, datetime(2026, 1, 1), datetime(2026, 2, 1), 31, 31, 31, 41]


@pytest.mark.parametrize("codes_in, sql", [
    ([5], "c = ?"),
    ([3, 4, 5], "(c >= ? AND c <= ?)"),
    ([3, 5, 9], "(c >= ? AND c <= ? AND c <> ? AND c <> ? AND c <> ? AND c <> ?)"),
    ([3, 9], "c IN (?, ?)"),
    ([1, 100], "c IN (?, ?)"),
    ([], "FALSE"),
])
def test_x4_code_sets_become_predicates_duckdb_evaluates_in_the_scan(codes_in, sql):
    """An IN list is evaluated after the scan, row by row; a range with its holes left out
    inside it (clauses.in_codes). Both must select exactly the same rows, NULL included."""
    import duckdb

    got_sql, params = clauses.in_codes("c", codes_in)
    assert got_sql == sql
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT CASE WHEN i % 17 = 0 THEN NULL ELSE i % 120 END AS c FROM range(2000) r(i)")
    got = con.execute(f"SELECT count(*), sum(c) FROM t WHERE {got_sql}", params).fetchone()
    want = [v for v in con.execute("SELECT c FROM t").fetchall() if v[0] in set(codes_in)]
    assert got == (len(want), sum(v[0] for v in want) if want else None)


def test_x4_values_never_seen_match_nothing():
    sql, params = where(BoardSpec(kinds=("deviation", "nonexistent"), units=("site-9",)), codes())
    assert sql == "((b.kind_c = ?)) AND FALSE" and params == [1]


def test_x4_hostile_filter_values_stay_parameters():
    evil = "x') OR 1=1 --"
    sql, params = where(BoardSpec(kinds=(evil,), units=(evil,), mine=evil, number_prefix=evil), codes())
    assert evil not in sql and sql.count("?") == len(params) and evil in params


def test_x4_text_terms_and_number_prefix_are_or_ed():
    spec = BoardSpec(text=(("(t1 = ?)", [1]), ("(t2 = ?)", [2])), number_prefix="AV26")
    sql, params = where(spec, codes())
    assert sql == "((b.case_id >= ? AND b.case_id < ?) OR ((t1 = ?) AND (t2 = ?)))"
    assert params == ["AV26", "AV27", 1, 2]


def test_x4_order_by_whitelists_columns():
    assert board_query.order_by("title", False).startswith("b.title ASC")
    assert board_query.order_by("'; DROP TABLE cases; --", True).startswith("b.created_at DESC")


# ------------------------------------------------------------------ visibility in SQL


def test_x4_visibility_reporter_sees_own_and_unit_deviations_only():
    vis = board_visibility.visibility(a_user(), codes())
    assert dict(vis.by_kind) == {
        1: ("(b.creator_c = ? OR b.unit_c = ?)", [31, 21]),
        2: ("(b.creator_c = ? OR b.unit_c = ?)", [31, 21]),
        3: ("(b.creator_c = ? OR b.assignee_c = ? OR b.queue_c = ?)", [31, 31, 41]),   # fallback
        9: ("(b.creator_c = ? OR b.assignee_c = ? OR b.queue_c = ?)", [31, 31, 41])}
    sql, params = vis.clause()
    assert sql == ("(((b.kind_c >= ? AND b.kind_c <= ?) AND (b.creator_c = ? OR b.unit_c = ?))"
                   " OR (b.kind_c IN (?, ?) AND (b.creator_c = ? OR b.assignee_c = ? OR b.queue_c = ?)))")
    assert params == [1, 2, 31, 21, 3, 9, 31, 31, 41]


def test_x4_any_of_splits_into_disjoint_branches_for_counting():
    clause = clauses.AnyOf([("b.creator_c", [31]), ("b.unit_c", [21, 22])])
    assert clause == ("(b.creator_c = ? OR (b.unit_c >= ? AND b.unit_c <= ?))", [31, 21, 22])
    assert clause.branches() == [
        ("b.creator_c = ?", [31]),
        ("b.unit_c = ? AND (b.creator_c IS NULL OR b.creator_c NOT IN (?))", [21, 31]),
        ("b.unit_c = ? AND (b.creator_c IS NULL OR b.creator_c NOT IN (?))"
         " AND (b.unit_c IS NULL OR b.unit_c NOT IN (?))", [22, 31, 21])]
    assert clauses.AnyOf([("b.creator_c", [])]) == clauses.FALSE


def test_x4_visibility_handler_sees_all_deviations_analyst_no_persons():
    handler = a_user("hanna", (Role.HANDLER,), ("centre",))
    analyst = a_user("anja", (Role.ANALYST,), ())
    assert board_visibility.visibility(handler, codes()).clause()[0].startswith("(((b.kind_c >= ? AND b.kind_c <= ?))")
    assert board_visibility.visibility(handler, codes(), persons=True).clause() == (
        "(((b.kind_c >= ? AND b.kind_c <= ?)))", [1, 2])
    assert board_visibility.visibility(analyst, codes(), persons=True).clause() == clauses.FALSE
    assert board_visibility.visibility(analyst, codes()).clause()[0].startswith("(((b.kind_c >= ? AND b.kind_c <= ?))")
    assert not permissions.may_search_persons(analyst) and permissions.may_search_persons(handler)


def test_x4_visibility_registry_takes_a_new_kind(monkeypatch):
    monkeypatch.setitem(board_visibility.VISIBILITY, "widget", clauses.KindVisibility(
        see=lambda u, c: clauses.TRUE, person=lambda u, c: clauses.FALSE))
    vis = board_visibility.visibility(a_user(), codes())
    assert dict(vis.by_kind)[9] == clauses.TRUE and not vis.complete


# ------------------------------------------------------------------ presenting and exporting


def test_x4_person_ids_masked_pseudonymised_or_shown_by_permission():
    row = {"id": "AV26070001", "kind": "deviation", "created_by": "rita", "unit_id": "site-1",
           "person_id": "191212121212", "person_name": "Tolvan Tolvansson", "status": "planned"}
    reporter, analyst = a_user(), a_user("anja", (Role.ANALYST,), ())
    manager = a_user("maja", (Role.MANAGER,), ("site-1",))
    assert present.present(row, reporter, "k", {}, reveal=False)["person"] == "19121212-****"
    shown = present.present(row, reporter, "k", {}, reveal=True)
    assert shown["person"] == "19121212-1212 Tolvan Tolvansson" and shown["person_revealed"]
    pseudo = present.present(row, analyst, "k", {}, reveal=True)["person"]
    assert pseudo.startswith("P-") and "1212" not in pseudo and "Tolvan" not in pseudo
    assert present.present(row, analyst, "k", {}, reveal=True)["person"] == pseudo   # stable
    assert present.present(row, manager, "k", {}, reveal=True)["person"] == "•••"


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("+46 70", "'+46 70"),
    ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("Rullstol", "Rullstol"),
    ("", ""), (5, 5), (None, None),
])
def test_x4_export_defuses_formula_injection(value, expected):
    assert exports.safe_cell(value) == expected


def test_x4_csv_has_bom_semicolons_and_defused_cells():
    data = exports.to_csv(["Nummer", "Rubrik"], [["AV1", exports.safe_cell("=cmd|' /C calc'!A0")]])
    text = data.decode("utf-8")
    assert text.startswith("\ufeffNummer;Rubrik\r\n")
    assert "AV1;'=cmd|' /C calc'!A0" in text


def test_x4_created_range_of_periods(monkeypatch):
    from logic.clock import FixedClock

    clock = FixedClock(datetime(2026, 2, 12, 9, 0, tzinfo=timezone.utc))
    assert created_range(BoardFilters(period=Period.WEEK), clock, "Europe/Stockholm") == \
        (datetime(2026, 2, 5, 9, 0), None)
    start, end = created_range(BoardFilters(period=Period.CUSTOM, date_from=date(2026, 2, 1),
                                                  date_to=date(2026, 2, 1)), clock, "Europe/Stockholm")
    assert (start, end) == (datetime(2026, 1, 31, 23, 0), datetime(2026, 2, 1, 23, 0))


@pytest.mark.parametrize("params", [
    {"period": "custom", "from": "0001-01-01"}, {"period": "custom", "to": "9999-12-31"},
    {"period": "custom", "from": "0001-01-01", "to": "9999-12-31"}, {"period": "custom", "from": "1899-12-31"},
    {"period": "custom", "to": "2200-01-01"},
])
def test_x7_dates_from_a_link_outside_a_sane_range_are_dropped_never_an_error(params):
    """A crafted link (/Arenden?period=custom&from=0001-01-01) gave an OverflowError traceback."""
    from logic.clock import FixedClock

    f = BoardFilters.from_query(params)
    assert f.period is Period.CUSTOM and f.date_from is None and f.date_to is None
    clock = FixedClock(datetime(2026, 2, 12, 9, 0, tzinfo=timezone.utc))
    for tz in ("Europe/Stockholm", "Europe/Copenhagen"):
        assert created_range(f, clock, tz) == (None, None)
    # the model itself keeps them out, whoever builds it
    assert BoardFilters(period=Period.CUSTOM, date_from=date(1, 1, 1), date_to=date(9999, 12, 31)).date_to is None


def test_x7_dates_at_the_edges_of_the_range_are_kept_and_computed():
    from logic.clock import FixedClock

    f = BoardFilters.from_query({"period": "custom", "from": DATE_MIN.isoformat(),
                                 "to": DATE_MAX.isoformat()})
    assert (f.date_from, f.date_to) == (DATE_MIN, DATE_MAX)
    clock = FixedClock(datetime(2026, 2, 12, 9, 0, tzinfo=timezone.utc))
    start, end = created_range(f, clock, "Europe/Stockholm")
    assert start < datetime(1900, 1, 1, 1) and end > datetime(2199, 12, 31, 22)


def test_x4_tokens_queries_and_the_board_query_are_in_composed_form():
    """"la\u030asknapp": å typed as a + combining ring must be the same word as "låsknapp"."""
    assert tokens("La\u030asknapp A\u030aSA") == tokens("Låsknapp ÅSA") == ["låsknapp", "åsa"]
    assert [t.text for t in parse_query("la\u030asknapp")] == ["låsknapp"]
    assert BoardFilters(q=" la\u030asknapp ").q == BoardFilters.from_query({"q": "la\u030asknapp"}).q == "låsknapp"
    assert number_prefix("A\u030aK2607") == "ÅK2607"
