"""IMP-9, IMP-11: a history file's cells read column by column the way plan.cell and the row
models read them one by one — the same values, the same refusals with the same keys."""
from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime

import pandas as pd
import pytest

from logic.history import base
from logic.history.columns import Errors, HColumn, person_numbers, read_column, words
from logic.identity import IdentityError, luhn_check_digit, parse_person_id
from logic.masterdata.cells import cell


def _read(col: HColumn, cells: list) -> tuple[list, dict[int, set[str]]]:
    raw = pd.Series(cells, dtype="str")
    errs = Errors(len(cells))
    out = read_column(col, raw, errs)
    keys: dict[int, set[str]] = {}
    for i, _, _, key, _ in errs.items:
        keys.setdefault(i, set()).add(key)
    values = [None if v is None or v is pd.NaT or (isinstance(v, float) and v != v) else v for v in out.tolist()]
    return values, keys


def _samples(n: int) -> list[str]:
    rng = random.Random(7)
    out = []
    for _ in range(n):
        y, m, d = rng.randint(1840, 2025), rng.randint(0, 13), rng.randint(0, 93)
        serial = f"{rng.randint(0, 999):03d}"
        nine = f"{y % 100:02d}{m:02d}{d:02d}{serial}"
        good = str(luhn_check_digit(nine))
        check = good if rng.random() < 0.6 else str((int(good) + rng.randint(1, 9)) % 10)
        s = f"{y:04d}{m:02d}{d:02d}{serial}{check}"
        shape = rng.random()
        if shape < 0.1:
            s = s[2:]                                  # without the century
        elif shape < 0.15:
            s = s[:-1]                                 # a digit missing
        elif shape < 0.2:
            s = s[:8] + "-" + s[8:]                    # with a dash
        elif shape < 0.23:
            s = s[:6] + "x" + s[7:]                    # a letter
        out.append(s)
    return out + ["191212121212", "19121212-1212", "196408233234", "198001810000", "", "  "]


def test_imp9_identity_numbers_are_read_as_parse_person_id_reads_them():
    samples = _samples(3000)
    raw = pd.Series(samples, dtype="str")
    errs = Errors(len(samples))
    got = person_numbers(raw.where(raw.str.strip() != ""), raw, "recipient_id", errs).tolist()
    keys = {i: key for i, _, _, key, _ in errs.items}
    assert len(keys) == len(errs.items)                  # one reason per cell, as parse_person_id
    for i, s in enumerate(samples):
        if not s.strip():
            assert i not in keys and got[i] != got[i]
            continue
        try:
            expected = parse_person_id(s).digits
        except IdentityError as e:
            assert keys.get(i) == e.key, s
            assert got[i] != got[i]                      # no value
        else:
            assert i not in keys and got[i] == expected, s
    assert len({k for k in keys.values()}) >= 4          # every kind of refusal was met


def test_imp9_dates_and_times_read_as_plan_cell_reads_them():
    col = HColumn("at", type="datetime")
    cells = ["2026-02-10 09:30", "2026-02-10", "10.02.2026 09:30", "10/02/2026", "20260210", "2026-02-10T09:30:15",
             "31.02.2026", "igår", "=NOW()", "", None]
    values, keys = _read(col, cells)
    for i, c in enumerate(cells):
        try:
            expected = cell("datetime", c)
        except ValueError as e:
            assert keys[i] == {str(e)} and values[i] is None
        else:
            assert i not in keys
            assert (values[i].to_pydatetime() if values[i] is not None else None) == expected
    day, day_keys = _read(HColumn("on", type="date"), ["2026-02-10", "10.02.2026", "2026-02-10 09:30"])
    assert [d.date() if d is not None else None for d in day] == [date(2026, 2, 10), date(2026, 2, 10), None]
    assert day_keys == {2: {"md.bad_date"}}


def test_imp9_text_cells_cleaned_and_refused_like_the_row_models():
    col = HColumn("t", max_len=10)
    decomposed = unicodedata.normalize("NFD", "Åsa Öberg")
    values, keys = _read(col, ["  rullstol ", decomposed, "ab\x07c", "=1+1", "  =A1", "x" * 11, "", "+46 70"])
    assert values[0] == "rullstol" and values[1] == "Åsa Öberg" and values[7] == "+46 70"
    assert keys == {2: {"md.control_character"}, 3: {"md.formula"}, 4: {"md.formula"}, 5: {"md.too_long"}}
    assert values[6] is None


def test_imp9_closed_sets_take_the_words_old_systems_use():
    col = HColumn("status", synonyms=words(("closed", ("avslutad", "afsluttet")), ("planned", ("planerad",))),
                  choices=("closed", "planned"), bad_choice="imp.hist.bad_status")
    values, keys = _read(col, ["Avslutad", "CLOSED", " planerad ", "afsluttet", "parkerad"])
    assert values == ["closed", "closed", "planned", "closed", None]
    assert keys == {4: {"imp.hist.bad_status"}}


def test_imp9_case_numbers_follow_their_kinds_pattern():
    pattern = base.weekly("AV")
    col = HColumn("number", pattern=pattern, bad_pattern="imp.hist.bad_number_av")
    values, keys = _read(col, ["AV26070002", "av 2607 0003", "AV26540001", "AV26070000", "RE26070001", "AV2607001"])
    assert values[:2] == ["AV26070002", "AV26070003"]
    assert set(keys) == {2, 3, 4, 5}
    assert pattern.series("AV26070002") == ("AV2607", 2)
    assert base.yearly("AKUT").series("AKUT-26-0042") == ("AKUT-26", 42)
    assert base.yearly("AKUT").match("AKUT-26-0000") is None


@pytest.mark.parametrize("cells,key", [(["1", "x"], "md.bad_int"), (["ja", "kanske"], "md.bad_bool")])
def test_imp9_numbers_and_yes_no(cells, key):
    typ = "int" if key == "md.bad_int" else "bool"
    values, keys = _read(HColumn("c", type=typ), cells)
    assert values[0] == cell(typ, cells[0]) and keys == {1: {key}}


def test_imp9_a_time_after_now_is_refused_in_the_services_zone():
    assert base.SWEDEN == "Europe/Stockholm"
    assert isinstance(datetime(2026, 1, 1), datetime)


@pytest.mark.parametrize("lang", ["sv", "en", "da"])
def test_imp2_every_kinds_templates_read_back_with_their_headers(lang):
    from logic.importer import read, service
    from logic.registry import KINDS

    for kind in KINDS:
        headers = [c.header(kind.name, lang) for c in kind.columns]
        for fmt, name in (("csv", "t.csv"), ("xlsx", "t.xlsx")):
            table = read.read(service.template(kind.name, lang, fmt), name)
            assert table.headers == headers, (kind.name, fmt)
            assert set(read.match_headers(kind, table.headers).values()) == {c.name for c in kind.columns}
