"""IMP-3..8: dry run first (nothing written), then all or nothing; idempotent; each import
recorded with its file's SHA-256 and its error report; the same from the command line."""
from __future__ import annotations

import hashlib

import pytest

from logic.access import PermissionDenied, Role
from logic.errors import Refused
from logic.importer import service
from tests.conftest import add_user

pytestmark = pytest.mark.both_backends

UNITS_CSV = ("Enhets-id;Namn;Typ av enhet;Överordnad enhet;Ort\r\n"
             "top;Regionen;org_unit;;Västerby\r\n"
             "1012;Rehab;service_site;top;Västerby\r\n").encode("utf-8-sig")


@pytest.fixture
def admin(db):
    return add_user(db, "admin", [Role.ADMIN])


def _units(db):
    with db.read() as r:
        return {u["id"]: u for u in r.rows("SELECT * FROM units")}


def test_imp3_dry_run_writes_nothing_then_the_import_writes_it_all(db, clock, admin):
    dry = service.dry_run(db, clock, admin, "units", UNITS_CSV, "enheter.csv")
    assert dry.counts == {"new": 2, "changed": 0, "unchanged": 0, "refused": 0}
    assert dry.encoding == "utf-8-sig" and dry.delimiter == ";"
    assert _units(db) == {}
    done = service.run(db, clock, admin, "units", UNITS_CSV, "enheter.csv", dry.mapping, dry.fingerprint)
    assert done.counts["new"] == 2
    assert _units(db)["1012"]["parent_id"] == "top"


def test_imp5_the_same_file_twice_changes_nothing(db, clock, admin):
    dry = service.dry_run(db, clock, admin, "units", UNITS_CSV, "enheter.csv")
    service.run(db, clock, admin, "units", UNITS_CSV, "enheter.csv", dry.mapping, dry.fingerprint)
    again = service.dry_run(db, clock, admin, "units", UNITS_CSV, "enheter.csv")
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2, "refused": 0}
    service.run(db, clock, admin, "units", UNITS_CSV, "enheter.csv", again.mapping, again.fingerprint)
    from logic.masterdata import reads

    assert len(reads.settings_log(db, admin, "units")) == 2     # only the first import changed anything


def test_imp3_a_refused_row_means_nothing_is_written_and_a_report_says_why(db, clock, admin):
    data = UNITS_CSV + "1020;=cmd|' /C calc'!A0;service_site;nowhere;x\r\n".encode("utf-8")
    dry = service.dry_run(db, clock, admin, "units", data, "enheter.csv", lang="sv")
    assert dry.counts["refused"] == 1
    with pytest.raises(Refused):
        service.run(db, clock, admin, "units", data, "enheter.csv", dry.mapping, dry.fingerprint)
    assert _units(db) == {}
    report = dry.error_report.decode("utf-8-sig").splitlines()
    assert report[0] == "Rad;Kolumn;Värde;Orsak"
    assert report[1].startswith("4;Namn;'=cmd")       # line 4 of the file, value defused
    assert "formel" in report[1]


def test_imp6_each_import_is_recorded_with_the_files_hash_and_its_report(db, clock, admin):
    data = UNITS_CSV + b"1020;;service_site;;\r\n"
    dry = service.dry_run(db, clock, admin, "units", data, "enheter.csv")
    rows = service.imports(db, admin)
    assert rows[0]["sha256"] == hashlib.sha256(data).hexdigest()
    assert rows[0]["dry_run"] is True and rows[0]["refused_rows"] == 1 and rows[0]["new_rows"] == 2
    assert rows[0]["actor"] == "admin" and rows[0]["file_name"] == "enheter.csv"
    assert service.stored_report(db, admin, dry.import_id) == dry.error_report


def test_imp2_a_mapping_names_columns_the_headers_do_not(db, clock, admin):
    data = "Kst;Benämning;Sort\n1012;Rehab;service_site\n".encode()
    with pytest.raises(Refused) as exc:
        service.dry_run(db, clock, admin, "units", data, "kst.csv")
    assert exc.value.key == "imp.key_not_mapped"
    dry = service.dry_run(db, clock, admin, "units", data, "kst.csv",
                          mapping={"Kst": "id", "Benämning": "name", "Sort": "kind"})
    assert dry.counts["new"] == 1


def test_imp7_only_admin_may_import(db, clock):
    handler = add_user(db, "hanna", [Role.HANDLER])
    with pytest.raises(PermissionDenied):
        service.dry_run(db, clock, handler, "units", UNITS_CSV, "enheter.csv")


def test_imp2_templates_have_the_headers_in_the_users_language_and_read_back():
    for lang, first in (("sv", "Enhets-id"), ("en", "Unit id"), ("da", "Enheds-id")):
        csv_bytes = service.template("units", lang)
        assert csv_bytes.decode("utf-8-sig").splitlines()[0].split(";")[0] == first
        from logic.importer import read
        from logic.registry import kind

        table = read.read(service.template("units", lang, "xlsx"), "t.xlsx")
        assert all(read.match_headers(kind("units"), table.headers).values())


def test_imp8_command_line_dry_run_and_import(db, tmp_path, admin, capsys):
    from logic.importer.__main__ import main

    path = tmp_path / "enheter.csv"
    path.write_bytes(UNITS_CSV + b"1020;;service_site;;\r\n")
    db_path = getattr(db, "url", db.path)        # the DuckDB file or the PostgreSQL URL
    db.close()
    assert main(["units", str(path), "--dry-run", "--db", db_path]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines()[0] == "Rad;Kolumn;Värde;Orsak" and "refused 1" in out.err
    path.write_bytes(UNITS_CSV)
    assert main(["units", str(path), "--dry-run", "--db", db_path]) == 0
    assert main(["units", str(path), "--db", db_path]) == 0
    assert "new 2" in capsys.readouterr().err
    assert main(["units", str(path), "--db", db_path]) == 0
    assert "unchanged 2" in capsys.readouterr().err
