"""Consistent backups of the DuckDB file, also while the app runs.

DuckDB lets only one process open the file, so a backup taken from the command line while
the app runs is made *by the app*: `make backup` drops a request file next to the database,
the app's watcher thread takes the write lock (no transaction can be in flight), runs
CHECKPOINT (the WAL is folded into the file) and copies the file. Writers wait for the lock
for the length of a file copy (well under a second for the demo; about a second per
100 MB). When no app holds the file, `make backup` opens it and does the same itself.

    python -m logic.backup backup  [--db data/casedesk.duckdb] [--out data/backups]
    python -m logic.backup restore FILE [--db data/casedesk.duckdb]   (app stopped)

On PostgreSQL (--db a postgresql:// URL, or CASEDESK_DATABASE_URL when --db is not given; issue
18) a backup is PostgreSQL's own: `pg_dump -Fc` into data/backups/<database>-<stamp>.dump, a
consistent snapshot taken while the app runs; `restore` is `pg_restore --clean --if-exists` in
one transaction (stop every app process first: it refuses while others are connected), then
newer migrations are applied. The password never goes on a command line (PGPASSWORD).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from collections.abc import Callable
from pathlib import Path

import duckdb

from logic.store import backup_repo
from logic.store.connect import BadDatabaseSetting, configured_url, is_url, open_database
from logic.store.db import Database

REQUEST_SUFFIX = ".backup-request"
DONE_SUFFIX = ".backup-done"


def backup_to(db: Database, target_dir: Path) -> Path:
    """Copy a consistent image of the open database into target_dir; returns the file."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = target_dir / f"{Path(db.path).stem}-{stamp}.duckdb"
    db.copy_to(target)                         # CHECKPOINT and copy under the write lock
    return target


def verify(path: Path) -> dict[str, int]:
    """Open a backup on its own and count its rows per table (proves it is readable)."""
    return backup_repo.table_counts(path)


def request_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + REQUEST_SUFFIX)


def done_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + DONE_SUFFIX)


def start_watcher(db: Database, target_dir: Path, interval: float = 1.0,
                  export: Callable[[Database, str], Path] | None = None) -> threading.Thread:
    """In the app process: serve backup requests dropped by `make backup`, and — when the app
    hands over `export` (logic.transfer.requests.serve_request) — export requests dropped by
    `make export` the same way, since the export must be read by the process that holds the file."""
    db_path = Path(db.path)
    handlers = [(request_path(db_path), done_path(db_path), lambda _text: backup_to(db, target_dir))]
    if export is not None:
        handlers.append((db_path.with_name(db_path.name + ".export-request"),
                         db_path.with_name(db_path.name + ".export-done"), lambda text: export(db, text)))

    def loop() -> None:
        while True:
            for req, done, handle in handlers:
                if not req.exists():
                    continue
                try:
                    made = handle(req.read_text(encoding="utf-8"))
                    done.write_text(str(made), encoding="utf-8")
                except Exception as exc:  # noqa: BLE001 - reported to the waiting command
                    done.write_text(f"ERROR {exc}", encoding="utf-8")
                finally:
                    req.unlink(missing_ok=True)
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="casedesk-backup", daemon=True)
    thread.start()
    return thread


def _held_by_another_process(db_path: Path) -> bool:
    try:
        duckdb.connect(str(db_path)).close()
        return False
    except duckdb.IOException:
        return True


def backup_cli(db_path: Path, out: Path, wait: float = 60.0) -> Path:
    if not db_path.exists():
        raise SystemExit(f"no database at {db_path}")
    if not _held_by_another_process(db_path):
        db = Database(db_path)
        try:
            return backup_to(db, out)
        finally:
            db.close()
    done_path(db_path).unlink(missing_ok=True)
    request_path(db_path).write_text("backup", encoding="utf-8")
    deadline = time.time() + wait
    while time.time() < deadline:
        done = done_path(db_path)
        if done.exists():
            text = done.read_text(encoding="utf-8")
            done.unlink(missing_ok=True)
            if text.startswith("ERROR"):
                raise SystemExit(text)
            return Path(text)
        time.sleep(0.2)
    request_path(db_path).unlink(missing_ok=True)
    raise SystemExit("the running app did not answer the backup request; is it casedesk?")


def restore_cli(source: Path, db_path: Path) -> None:
    """Put a backup in place (the app must be stopped). The current file is kept aside."""
    if _held_by_another_process(db_path) if db_path.exists() else False:
        raise SystemExit("stop the app first (make run holds the database)")
    verify(source)
    if db_path.exists():
        aside = db_path.with_name(db_path.name + f".before-restore-{int(time.time())}")
        shutil.move(db_path, aside)
        print(f"previous database kept as {aside}")
    wal = db_path.with_name(db_path.name + ".wal")
    wal.unlink(missing_ok=True)
    shutil.copyfile(source, db_path)
    Database(db_path).close()   # applies any newer migrations
    print(f"restored {source} -> {db_path}")


# ------------------------------------------------------------------ PostgreSQL: pg_dump / pg_restore


def _pg_command(url: str) -> tuple[str, str, dict[str, str]]:
    """(the connection string without its password, the database's name, the environment with
    PGPASSWORD when the URL holds one): what pg_dump/pg_restore are given."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    return make_conninfo(**params), str(params.get("dbname") or "postgres"), env


def _pg_program(name: str) -> str:
    from logic.store.pg_local import bin_dir

    return str(bin_dir() / name)


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    from logic.store.pg import redact

    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed: {redact(done.stderr.strip())[-2000:]}")


def pg_backup(url: str, out: Path) -> Path:
    """`pg_dump -Fc` of the database into out/<database>-<stamp>.dump (one consistent snapshot;
    the app may run meanwhile)."""
    conninfo, name, env = _pg_command(url)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = out / f"{name}-{stamp}.dump"
    partial = target.with_name(target.name + ".partial")
    _run([_pg_program("pg_dump"), "-Fc", "-f", str(partial), "-d", conninfo], env, "pg_dump")
    partial.replace(target)
    return target


def pg_verify(path: Path) -> list[str]:
    """The tables whose rows a dump holds (pg_restore --list reads the whole table of contents)."""
    done = subprocess.run([_pg_program("pg_restore"), "--list", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{path} is not a PostgreSQL dump: {done.stderr.strip()[-500:]}")
    return sorted({line.split()[-2] for line in done.stdout.splitlines()
                   if " TABLE DATA " in line and not line.startswith(";")})


def pg_restore(source: Path, url: str) -> None:
    """Put a dump in place of the database's contents, in one transaction (every app process
    stopped first: refused while anyone else is connected), then newer migrations."""
    from logic.store.pg import redact

    if not source.is_file():
        raise SystemExit(f"{source}: no such file")
    pg_verify(source)
    import psycopg

    try:
        others = backup_repo.other_connections(url, wait=5.0)
    except psycopg.Error as exc:
        raise SystemExit(f"cannot connect to {redact(url)}: {type(exc).__name__}") from None
    if others:
        raise SystemExit(f"stop the app first: {others} other connection(s) to {redact(url)}")
    conninfo, _name, env = _pg_command(url)
    _run([_pg_program("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--no-owner",
          "-d", conninfo, str(source)], env, "pg_restore")
    try:
        open_database(url).close()          # applies any newer migrations
    except BadDatabaseSetting as exc:
        raise SystemExit(str(exc)) from None
    print(f"restored {source} -> {redact(url)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("backup")
    b.add_argument("--db", default=None, help="the DuckDB file or a postgresql:// URL (default: "
                   "CASEDESK_DATABASE_URL, else data/casedesk.duckdb)")
    b.add_argument("--out", type=Path, default=Path("data/backups"))
    r = sub.add_parser("restore")
    r.add_argument("file", type=Path)
    r.add_argument("--db", default=None, help="as for backup")
    args = parser.parse_args(argv)
    target = args.db or configured_url() or "data/casedesk.duckdb"
    if is_url(target):
        from logic.store.pg import redact

        if args.cmd == "backup":
            made = pg_backup(target, args.out)
            print(f"backup written: {made} ({len(pg_verify(made))} tables) of {redact(target)}")
        else:
            pg_restore(args.file, target)
        return
    args.db = Path(target)
    if args.cmd == "backup":
        made = backup_cli(args.db, args.out)
        counts = verify(made)
        print(f"backup written: {made} ({sum(counts.values())} rows in {len(counts)} tables)")
    else:
        restore_cli(args.file, args.db)


if __name__ == "__main__":
    main(sys.argv[1:])
