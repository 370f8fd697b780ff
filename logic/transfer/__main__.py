"""Export everything, or restore an export into a new database, from the command line.

    python -m logic.transfer export  [--db data/casedesk.duckdb | postgresql://…] [--out data/exports] [--as USERNAME]
    python -m logic.transfer restore EXPORT.zip --db NEW.duckdb | postgresql://… [--admin USERNAME]
    python -m logic.transfer manifest EXPORT.zip
    python -m logic.transfer move --db data/casedesk.duckdb --to postgresql://…

--db takes the DuckDB file or a postgresql:// URL (default: CASEDESK_DATABASE_URL, else
data/casedesk.duckdb); on PostgreSQL the command opens the database itself, the app may run.

`export` works while the app runs (`make export`): DuckDB lets one process hold the file, so
the command leaves a request next to the database and the running app writes the export (as
`make backup` does, logic/backup.py); without a running app it opens the file itself. The
export is recorded for the administrator named with --as (default: the first active admin).

`restore` loads an export into a database with no cases and no users (a new file, or one made
by `make run DEMO=0` before anyone was created) — stop the app first. Users come back without
passwords; --admin USERNAME names an administrator of the export who is given a new password
(asked twice, or read from CASEDESK_ADMIN_PASSWORD), so someone can log in and give the others
theirs.
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from pathlib import Path

from logic import backup, users
from logic.clock import SystemClock
from logic.composition import wire
from logic.errors import Refused
from logic.i18n import Count, t
from logic.store.connect import BadDatabaseSetting, configured_url, is_url, open_database
from logic.store.db import Database
from logic.transfer import service
from logic.transfer.requests import _admin, serve_request  # noqa: F401  (serve_request: the app's watcher)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "casedesk.duckdb"
REQUEST, DONE = ".export-request", ".export-done"


def request_export(db_path: Path, username: str | None, out: Path) -> tuple[Path, Path]:
    """Leave an export request for the app that holds the file (whole, by a rename: the app
    must never read a half-written one); returns the request and the answer's path."""
    request = db_path.with_name(db_path.name + REQUEST)
    done = db_path.with_name(db_path.name + DONE)
    done.unlink(missing_ok=True)
    partial = request.with_name(request.name + ".partial")
    partial.write_text(json.dumps({"as": username, "out": str(out.resolve())}), encoding="utf-8")
    partial.replace(request)
    return request, done


def _open(target: str):
    try:
        return open_database(target)
    except BadDatabaseSetting as exc:
        raise SystemExit(str(exc)) from None


def _export_and_close(db, out: Path, username: str | None) -> Path:
    try:
        actor = _admin(db, username)
        if actor is None:
            raise SystemExit(t("en", "xfer.cli_no_admin"))
        return service.export(db, SystemClock(), actor, out, via="command line").path
    finally:
        db.close()


def export_cli(db_path: Path | str, out: Path, username: str | None, wait: float = 600.0) -> Path:
    if is_url(db_path):
        return _export_and_close(_open(str(db_path)), out, username)
    db_path = Path(db_path)
    if not db_path.exists():
        raise SystemExit(f"no database at {db_path}")
    if not backup._held_by_another_process(db_path):
        return _export_and_close(Database(db_path), out, username)
    request, done = request_export(db_path, username, out)
    deadline = time.time() + wait
    while time.time() < deadline:
        if done.exists():
            text = done.read_text(encoding="utf-8")
            done.unlink(missing_ok=True)
            if text.startswith("ERROR"):
                raise SystemExit(text)
            return Path(text)
        time.sleep(0.2)
    request.unlink(missing_ok=True)
    raise SystemExit("the running app did not answer the export request; is it casedesk?")


def _password(username: str) -> str:
    given = os.environ.get("CASEDESK_ADMIN_PASSWORD")
    if given is None:
        given = getpass.getpass(f"new password for {username}: ")
        if getpass.getpass("once more: ") != given:
            raise SystemExit(t("en", "first.passwords_differ"))
    if len(given) < users.MIN_PASSWORD_LENGTH:
        raise SystemExit(t("en", "users.password_too_short"))
    return given


def restore_cli(source: Path, db_path: Path | str, admin: str | None, lang: str = "en") -> service.RestoreResult:
    if not source.is_file():
        raise SystemExit(f"{source}: no such file")
    url = is_url(db_path)
    db_path = db_path if url else Path(db_path)
    new_file = not url and not db_path.exists()
    if not url and not new_file and backup._held_by_another_process(db_path):
        raise SystemExit("stop the app first (it holds the database)")
    password_hash = users.hash_password(_password(admin)) if admin else None
    db = _open(db_path) if url else Database(db_path)
    try:
        return service.restore(db, SystemClock(), source, admin=admin, password_hash=password_hash)
    except Refused as exc:
        db.close()
        if new_file:
            for leftover in (db_path, db_path.with_name(db_path.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise SystemExit(t(lang, exc.key, **exc.params)) from None
    finally:
        db.close()


def move_cli(db_path: Path, url: str | None) -> int:
    """`make move-to-postgres`: the DuckDB file into an empty PostgreSQL database, all of it."""
    from logic.store.pg import redact
    from logic.transfer.move import MoveRefused, move

    if not url or not is_url(url):
        raise SystemExit("name the PostgreSQL database: --to postgresql://… (or DATABASE_URL=… on the make line)")
    if not db_path.is_file():
        raise SystemExit(f"no database at {db_path}")
    if backup._held_by_another_process(db_path):
        raise SystemExit("stop the app first (it holds the DuckDB file)")
    started = time.perf_counter()
    source = Database(db_path)
    try:
        target = _open(url)
        try:
            result = move(source, target)
        except MoveRefused as exc:
            raise SystemExit(f"not moved: {exc}") from None
        finally:
            target.close()
    finally:
        source.close()
    print(f"moved {db_path} -> {redact(url)}: {len(result.tables)} tables, {result.rows} rows, "
          f"cases {result.tables.get('cases', 0)} ({time.perf_counter() - started:.1f} s)")
    print(f"serve it with CASEDESK_DATABASE_URL={redact(url)}; {db_path} is left as it was")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m logic.transfer", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export", help="one zip with every table (Parquet and CSV) and a manifest")
    e.add_argument("--db", default=None, help="the DuckDB file or a postgresql:// URL")
    e.add_argument("--out", type=Path, default=None, help="folder (default: exports/ next to the database)")
    e.add_argument("--as", dest="username", help="the administrator the export is recorded for")
    r = sub.add_parser("restore", help="load an export into an empty database")
    r.add_argument("file", type=Path)
    r.add_argument("--db", required=True, help="a new DuckDB file or an empty PostgreSQL database's URL")
    r.add_argument("--admin", help="an administrator of the export who is given a new password")
    r.add_argument("--lang", default="en", choices=["sv", "en", "da"])
    m = sub.add_parser("manifest", help="print an export's manifest")
    m.add_argument("file", type=Path)
    v = sub.add_parser("move", help="move a DuckDB installation into an empty PostgreSQL database")
    v.add_argument("--db", type=Path, default=DEFAULT_DB, help="the DuckDB file (the app on it stopped)")
    v.add_argument("--to", default=None, help="the PostgreSQL URL (default: CASEDESK_DATABASE_URL)")
    args = parser.parse_args(argv)
    wire()
    if args.cmd == "move":
        return move_cli(args.db, args.to or configured_url())
    if args.cmd == "export":
        args.db = args.db or configured_url() or DEFAULT_DB
        out = args.out or (DEFAULT_DB.parent if is_url(args.db) else Path(args.db).parent) / "exports"
        made = export_cli(args.db, out, args.username)
        print(f"export written: {made}")
        return 0
    if args.cmd == "manifest":
        try:
            print(json.dumps(service.read_manifest(args.file), ensure_ascii=False, indent=2))
        except Refused as exc:
            raise SystemExit(t("en", exc.key, **exc.params)) from None
        return 0
    result = restore_cli(args.file, args.db, args.admin, args.lang)
    print(t(args.lang, "xfer.restored", tables=len(result.tables), rows=Count(result.rows)))
    print(t(args.lang, "xfer.without_password", n=len(result.without_password),
            users=", ".join(result.without_password) or "-"))
    if result.with_password:
        print(t(args.lang, "xfer.with_password", users=", ".join(result.with_password)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
