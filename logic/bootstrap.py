"""Set up an installation: database with migrations, reference data, demo data when the
database is new, and generated secrets; the search index sorted when cases were indexed
since it last was (search_compact.compact; nobody is using the app yet). Safe to run again: it
reuses what exists.

    python -m logic.bootstrap [--db data/casedesk.duckdb | --db postgresql://…] [--no-demo]

The database is the one the app opens: `--db`, else CASEDESK_DATABASE_URL, else `database_url`
under [casedesk] in .streamlit/secrets.toml (PostgreSQL, issue 18), else data/casedesk.duckdb.
A database that cannot be used (a wrong URL, the server refusing) is one line on stderr naming
the setting — never a traceback, never the password — and exit status 2.

`--no-demo`, or CASEDESK_DEMO=0 in the environment (`make run DEMO=0`), starts empty: no demo
world, and the app's first page asks for the first administrator (ADM-13).
"""
from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

import demo
from logic import login_settings, reference
from logic.clock import SystemClock
from logic.composition import wire
from logic.store import search_compact, setup_repo
from logic.store.connect import URL_SETTING, BadDatabaseSetting, configured_url, is_url, open_database
from logic.store.db import Store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "casedesk.duckdb"
SECRETS = ROOT / ".streamlit" / "secrets.toml"


def ensure_secrets(path: Path = SECRETS) -> bool:
    """Write a per-installation cookie key if there is none. Never committed (.gitignore)."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(login_settings.new_secrets_text(DEFAULT_DB.relative_to(ROOT).as_posix()),
                    encoding="utf-8")
    path.chmod(0o600)
    return True


def secrets_notes(path: Path = SECRETS) -> list[str]:
    """What `make run` says about an existing secrets file (ADM-15): cookie settings still in
    [auth] (generated before issue 14; they keep working), a directory login configured wrongly
    (the login page then offers none), or which directory login is offered."""
    try:
        parsed = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as problem:
        return [f"{path.name}: cannot be read ({problem})"]
    notes = []
    if login_settings.legacy_cookie_section(parsed):
        notes.append(f"{path.name}: the login cookie's settings are in [auth] (written before the "
                     "directory login existed); they keep working — move them to "
                     f"[{login_settings.LOGIN_COOKIE}] before you add a directory login (README)")
    try:
        directory = login_settings.directory_settings(parsed)
    except login_settings.LoginSettingsError as problem:
        notes.append(f"{path.name}: directory login NOT offered: {problem}")
    else:
        if directory is None and login_settings.DIRECTORY in parsed:
            notes.append(f"{path.name}: [{login_settings.DIRECTORY}] is there, but [auth] configures no "
                         "provider: directory login NOT offered")
        if directory is not None:
            what = directory.label or f"provider {directory.provider or 'default'}"
            notes.append(f"{path.name}: directory login offered ({what}), users matched on "
                         f"{directory.match} by the claim {directory.claim!r}")
    return notes


def setup(db_path: Path | str, with_demo: bool = True) -> dict:
    """Migrate, load reference data (and the demo world into a new database) and sort the search
    index: `db_path` is a DuckDB file or a PostgreSQL URL (logic.store.connect.open_database)."""
    wire()
    db = open_database(db_path)
    try:
        loaded = reference.load_all(db)
        demo_loaded = False
        if with_demo and _is_empty(db):
            demo.load(db, SystemClock())
            demo_loaded = True
        # the DuckDB file's own search postings; PostgreSQL searches by its pg_trgm indexes
        compacted = search_compact.compact_if_due(db) if db.dialect == "duckdb" else False
        if db.dialect == "duckdb":
            db.checkpoint()         # PostgreSQL checkpoints by itself (and a managed one forbids it)
        return {"reference": loaded, "demo": demo_loaded, "compacted": compacted, "empty": _is_empty(db)}
    finally:
        db.close()


def configured_database(secrets_path: Path = SECRETS) -> str | Path:
    """What the app opens when no --db is given: CASEDESK_DATABASE_URL, else `database_url` under
    [casedesk] in secrets.toml, else the DuckDB file (`database` there, or data/casedesk.duckdb)."""
    url = configured_url()
    if url:
        return url
    try:
        section = tomllib.loads(secrets_path.read_text(encoding="utf-8")).get("casedesk", {})
    except (OSError, tomllib.TOMLDecodeError):
        section = {}
    if section.get("database_url"):
        return str(section["database_url"])
    return ROOT / section["database"] if section.get("database") else DEFAULT_DB


def _is_empty(db: Store) -> bool:
    """No user at all yet: a new database (the demo goes in) or an empty start (ADM-13)."""
    with db.read() as r:
        return not setup_repo.has_users(r)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=None,
                        help=f"a DuckDB file or a postgresql:// URL (default: {URL_SETTING}, "
                             "secrets.toml, data/casedesk.duckdb)")
    parser.add_argument("--no-demo", action="store_true", default=not demo_wanted(),
                        help="start empty (also CASEDESK_DEMO=0)")
    args = parser.parse_args()
    target = args.db or configured_database()
    target = str(target) if "://" in str(target) else Path(target)
    made = ensure_secrets()
    for note in secrets_notes():
        print(note)
    try:
        result = setup(target, with_demo=not args.no_demo)
    except BadDatabaseSetting as problem:      # one line naming the setting; no password
        print(f"casedesk: {problem}", file=sys.stderr)
        raise SystemExit(2) from None
    shown = redact(str(target)) if is_url(str(target)) else target
    print(f"secrets: {'generated' if made else 'kept'}; database: {shown}; "
          f"demo data: {'loaded' if result['demo'] else 'kept' if not result['empty'] else 'none'}; "
          f"search index: {'sorted' if result['compacted'] else 'already sorted'}")
    if result["empty"]:
        print("empty start: the first page asks for the first administrator")
    elif args.no_demo and not result["demo"]:
        print(f"{shown} already has users (the demo?): for an empty start give another file, "
              "e.g. make run DEMO=0 DB=data/pilot.duckdb")


def redact(url: str) -> str:
    from logic.store.pg import redact as without_password
    return without_password(url)


def demo_wanted() -> bool:
    """CASEDESK_DEMO=0 (or no/false/off) starts without the demo world."""
    return os.environ.get("CASEDESK_DEMO", "1").strip().lower() not in ("0", "no", "false", "off")


if __name__ == "__main__":
    main()
