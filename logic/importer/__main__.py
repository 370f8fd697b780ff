"""Import a file from the command line (IMP-8), for scripts:

    python -m logic.importer KIND FILE [--dry-run] [--db data/casedesk.duckdb|postgresql://…] [--as USERNAME] [--memory 256MB]

Exit 0 when every row was accepted (and, without --dry-run, written); 1 when rows were refused
(nothing is written then) or the file cannot be read — the error report (CSV) on stdout, the
counts (and how long the dry run and the import took) on stderr. --db is the DuckDB file or a
PostgreSQL URL (default: CASEDESK_DATABASE_URL when set, else data/casedesk.duckdb). On the
DuckDB file stop the app first: DuckDB lets one process hold the file; its memory is limited to
--memory (IMP-11: 100 000 historical cases into a million stay under 1 GB in all).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pyarrow as pa

from logic.access import Role
from logic.clock import SystemClock
from logic.composition import wire
from logic.errors import Refused
from logic.i18n import t
from logic.importer import service
from logic.registry import KINDS
from logic.store import masterdata_repo
from logic.store.connect import BadDatabaseSetting, configured_url, open_database
from logic.store.db import Database, Store
from logic.users import load_user

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "casedesk.duckdb"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m logic.importer", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=[k.name for k in KINDS])
    parser.add_argument("file", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    parser.add_argument("--db", default=None, help="the DuckDB file or a postgresql:// URL (default: "
                        "CASEDESK_DATABASE_URL, else data/casedesk.duckdb)")
    parser.add_argument("--as", dest="username", help="the administrator the import is recorded for "
                        "(default: the first active admin)")
    parser.add_argument("--lang", default="sv", choices=["sv", "en", "da"])
    parser.add_argument("--memory", default="256MB", help="DuckDB's memory limit (default 256MB)")
    args = parser.parse_args(argv)
    wire()
    if not args.file.is_file():
        print(f"{args.file}: no such file", file=sys.stderr)
        return 1
    # Arrow's buffers from the system allocator: freed ones go back to the system (its default
    # pool keeps them), so reading a large file leaves less behind (IMP-11)
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        db = open_database(args.db or configured_url() or DEFAULT_DB)
    except BadDatabaseSetting as exc:                 # one line naming the setting, no password
        print(exc, file=sys.stderr)
        return 1
    try:
        if isinstance(db, Database):
            db.limit_memory(args.memory)
        actor = _actor(db, args.username)
        if actor is None:
            print(t(args.lang, "imp.cli_no_admin"), file=sys.stderr)
            return 1
        data = args.file.read_bytes()
        timings: list[str] = []
        try:
            started = time.perf_counter()
            result = service.dry_run(db, SystemClock(), actor, args.kind, data, args.file.name, lang=args.lang)
            timings.append(f"dry run {time.perf_counter() - started:.1f} s")
            if not result.plan.refused and not args.dry_run:
                mapping, fingerprint = result.mapping, result.fingerprint
                result = None        # not kept while the import plans again: half the memory (IMP-11)
                started = time.perf_counter()
                result = service.run(db, SystemClock(), actor, args.kind, data, args.file.name,
                                     mapping, fingerprint, lang=args.lang)
                timings.append(f"import {time.perf_counter() - started:.1f} s")
        except Refused as exc:
            print(t(args.lang, exc.key, **exc.params), file=sys.stderr)
            return 1
        c = result.counts
        ignored = [h for h, col in result.mapping.items() if col is None]
        print(f"{args.kind}: {result.plan.rows and len(result.plan.rows)} rows read ({result.encoding}); "
              f"new {c['new']}, changed {c['changed']}, unchanged {c['unchanged']}, refused {c['refused']}"
              + (" — dry run, nothing written" if args.dry_run or c["refused"] else " — written")
              + (f"; columns ignored: {', '.join(ignored)}" if ignored else "")
              + f" ({', '.join(timings)})", file=sys.stderr)
        for row, note in result.plan.notes:          # what else the rows do (ADM-10: cases re-routed …)
            print(f"  {row.line}: {t(args.lang, note.key, **note.params)}", file=sys.stderr)
        if result.error_report:
            sys.stdout.write(result.error_report.decode("utf-8-sig"))
            return 1
        return 0
    finally:
        db.close()


def _actor(db: Store, username: str | None):
    if username:
        user = load_user(db, username)
        return user if user is not None and user.has(Role.ADMIN) else None
    with db.read() as r:
        first = masterdata_repo.first_admin(r)
    return load_user(db, first) if first else None


if __name__ == "__main__":
    sys.exit(main())
