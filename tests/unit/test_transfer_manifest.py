"""ADM-11/12/13 without a database: the export's manifest, its checks, CSV cells, import order."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from decimal import Decimal

import pytest

from logic.errors import Refused
from logic.first_run import ordered
from logic.transfer import manifest as mf
from logic.transfer.service import csv_cell

SHA = "a" * 64
ALL = ["board_codes", "board_counts", "board_index", "cases", "case_events", "pseudonym_key",
       "schema_migrations", "search_bits", "search_codes", "search_postings", "search_words",
       "session_revocations", "units", "users",
       "board_tracked_words", "board_word_counts",        # PostgreSQL's (postgres/0024)
       "board_kind_bits", "board_word_bits"]              # ... and postgres/0026


def _entry(name: str, rows: int) -> dict:
    return {"rows": rows, "files": {"parquet": {"path": mf.parquet_path(name), "sha256": SHA, "bytes": 10},
                                    "csv": {"path": mf.csv_path(name), "sha256": SHA, "bytes": 5}}}


def _manifest(**over) -> dict:
    tables = {name: _entry(name, n) for name, n in (("cases", 3), ("case_events", 7), ("units", 2), ("users", 4))}
    base = mf.build(tables=tables, all_tables=ALL, migrations=["0001_core.sql", "0002_deviations.sql"],
                    created_at=datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc), created_by="admin",
                    version="9.9.9")
    base.update(over)
    return base


def test_adm11_exported_tables_are_all_but_derived_secret_sessions_and_schema():
    assert mf.exported(ALL) == ["case_events", "cases", "units", "users"]
    for derived in ("board_index", "board_codes", "board_counts", "search_words", "search_codes",
                    "search_postings", "search_bits"):
        assert mf.LEFT_OUT_TABLES[derived] == "derived"
    assert mf.LEFT_OUT_TABLES["pseudonym_key"] == "secret"


def test_adm11_manifest_names_version_migrations_counts_hashes_time_and_who():
    m = _manifest()
    assert (m["format"], m["format_version"], m["app_version"]) == ("casedesk-export", 1, "9.9.9")
    assert m["created_at"] == "2026-11-20T12:00:00Z" and m["created_by"] == "admin"
    assert m["schema_migrations"] == ["0001_core.sql", "0002_deviations.sql"]
    assert {n: e["rows"] for n, e in m["tables"].items()} == {"case_events": 7, "cases": 3, "units": 2, "users": 4}
    assert m["tables"]["cases"]["files"]["csv"] == {"path": "csv/cases.csv", "sha256": SHA, "bytes": 5}
    assert mf.loads(mf.dumps(m)) == m


def test_adm11_manifest_states_what_is_left_out_and_why():
    left = _manifest()["left_out"]
    by_table = {(x.get("table"), x.get("column")): x["reason"] for x in left if "table" in x}
    assert by_table[("pseudonym_key", None)] == "secret"
    assert by_table[("users", "password_hash")] == "password_hash"
    assert by_table[("session_revocations", None)] == "sessions"
    assert {t for (t, c), r in by_table.items() if r == "derived"} == set(mf.DERIVED)
    assert any(x.get("file") == ".streamlit/secrets.toml" for x in left)
    assert all(x["why"] for x in left)
    assert any("without passwords" in n for n in _manifest()["notes"])


def test_adm11_left_out_names_only_tables_the_database_has():
    assert [x.get("table") for x in mf.left_out(["cases", "users"])] == ["users", None]


def test_adm11_app_version_is_the_projects():
    import tomllib

    from tests.conftest import ROOT

    assert mf.app_version() == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@pytest.mark.parametrize(("change", "key"), [
    ({"format": "something-else"}, "xfer.not_an_export"),
    ({"tables": []}, "xfer.not_an_export"),
    ({"format_version": 2}, "xfer.newer_format"),
    ({"format_version": "1"}, "xfer.newer_format"),
    ({"schema_migrations": ["0001_core.sql", "0099_future.sql"]}, "xfer.newer_schema"),
    ({"tables": {"cases; DROP TABLE users": _entry("cases", 1)}}, "xfer.not_an_export"),
    ({"tables": {"cases": {**_entry("cases", 1), "files": {"parquet": {"path": "../../etc/passwd",
                                                                       "sha256": SHA}}}}}, "xfer.not_an_export"),
    ({"tables": {"cases": {**_entry("cases", 1), "rows": "1"}}}, "xfer.not_an_export"),
    ({"tables": {"cases": {"rows": 1, "files": {"parquet": {"path": "parquet/cases.parquet",
                                                            "sha256": "nothex"}}}}}, "xfer.not_an_export"),
])
def test_adm12_check_refuses_what_cannot_be_restored_here(change, key):
    with pytest.raises(Refused) as exc:
        mf.check(_manifest(**change), ["0001_core.sql", "0002_deviations.sql", "0003_board.sql"])
    assert exc.value.key == key


def test_adm12_check_accepts_an_export_from_an_older_schema():
    mf.check(_manifest(), ["0001_core.sql", "0002_deviations.sql", "0003_board.sql"])


def test_adm12_loads_refuses_what_is_not_json():
    for data in (b"\xff\xfe", b"[1, 2]", b"{not json"):
        with pytest.raises(Refused) as exc:
            mf.loads(data)
        assert exc.value.key == "xfer.not_an_export"


@pytest.mark.parametrize(("value", "cell"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+46 70", "'+46 70"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("Rullstol", "Rullstol"), (None, ""), (-5, "-5"), (Decimal("-12.50"), "-12.50"), (3.5, "3.5"),
    (True, "true"), (False, "false"),
    (datetime(2026, 7, 25, 3, 40, 23, 35708), "2026-07-25 03:40:23.035708"),
    (date(2026, 7, 25), "2026-07-25"), (time(8, 0), "08:00:00"),
    (b"%PDF-1.4", base64.b64encode(b"%PDF-1.4").decode()),
    (["organisation", "=x"], '["organisation", "=x"]'),
])
def test_adm11_csv_cells_neutralise_text_formulas_and_keep_numbers(value, cell):
    assert csv_cell(value) == cell


@dataclass(frozen=True)
class FakeKind:
    name: str
    depends: tuple[str, ...] = ()


def test_adm13_import_order_puts_every_kind_after_what_it_depends_on():
    kinds = (FakeKind("history", ("devices", "users")), FakeKind("units"), FakeKind("devices", ("units",)),
             FakeKind("users", ("units",)), FakeKind("offices", ("elsewhere",)))
    names = [k.name for k in ordered(kinds)]
    assert names == ["units", "devices", "users", "history", "offices"]
    for k in kinds:
        assert all(names.index(d) < names.index(k.name) for d in k.depends if d in names)


def test_adm13_import_order_of_the_registry_respects_depends():
    from logic.registry import KINDS

    names = [k.name for k in ordered(KINDS)]
    assert sorted(names) == sorted(k.name for k in KINDS) and names[:2] == ["units", "users"]
    for k in KINDS:
        assert all(names.index(d) < names.index(k.name) for d in k.depends if d in names)
