"""IMP-11: importing history in bulk — 100 000 historical deviations from CSV into the bench
database, dry run + import (board index included), timed and its peak memory measured.

    python -m bench.history --size 100k              # on a scratch copy of bench/cases-100k.duckdb
    python -m bench.history --size 1M --rows 100000  # the issue's figure (bench.run prints it too)

The file is what a team leaving another system brings: Swedish headers, ';', UTF-8 with BOM,
local times; the cases are from the two years before the generated history starts (their
numbers cannot collide with it), on the generated service sites, reporters and categories,
every one holding the word HISTORY_TERM (found by no generated case). The import runs in a
child process through the command line (`python -m logic.importer history_deviations FILE`:
the same service calls as the import screen — dry run, then the import with the dry run's
fingerprint — with DuckDB's memory limited by its --memory default); the parent takes its
wall time, its phases as it reports them, and its peak resident memory (the child's VmHWM,
written by a small wrapper as it exits: ru_maxrss from os.wait4 would not do, as a child started
by fork + exec inherits its parent's, and bench.run's parent has held a 1M database), and checks the board afterwards: HISTORY_TERM found exactly
`rows` times, the handler's total and the number of cases grown by `rows`, the number series
continued after the imported numbers.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from bench import generate
from bench.generate import SIZES, ensure_duck

ROOT = Path(__file__).resolve().parent
HISTORY_TERM = "hmsarkivet"
SEED = 1914


# runs `python -m logic.importer ARGS…` and, as it exits, writes its own peak RSS (kB) to argv[1]
_PEAK_WRAPPER = """
import atexit, runpy, sys
peak_file = sys.argv.pop(1)
def peak():
    with open("/proc/self/status", encoding="ascii") as status, open(peak_file, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(peak)
runpy.run_module("logic.importer", run_name="__main__", alter_sys=True)
"""


def history_csv(n: int, years_before: int, db_cases: int, seed: int = SEED) -> bytes:
    """n closed historical deviations, numbered AV+yy+ww+nnnn, ending where the generated
    history of `years_before` years (of `db_cases` cases) starts."""
    rng = np.random.default_rng(seed)
    world = generate.World(np.random.default_rng(generate.SEED), 1_000)      # sites, articles, patients
    end = generate.NOW_UTC - timedelta(days=int(years_before * 365.25) + 14)
    start = end - timedelta(days=730)
    span = int((end - start).total_seconds())
    created = np.sort(rng.integers(0, span, n))
    created = pd.Series(pd.to_datetime(start) + pd.to_timedelta(created, unit="s"))
    local = created.dt.tz_localize("UTC").dt.tz_convert("Europe/Stockholm").dt.tz_localize(None)
    numbers = generate._numbers(created, "AV")
    site_i = rng.integers(0, len(world.sites), n)
    per_site = max(5, db_cases // 400 // len(world.sites))       # the generated reporters per site (World)
    reporter = [f"r{(s * per_site + k):05d}" for s, k in zip(site_i, rng.integers(0, per_site, n))]
    events = np.array(list(generate.EVENT_SHARES))
    event = events[rng.choice(len(events), n, p=list(generate.EVENT_SHARES.values()))]
    cats = {ev: [c[0] for c in generate.CATEGORIES[ev]] for ev in generate.CATEGORIES}
    category = [cats[ev][k % len(cats[ev])] for ev, k in zip(event, rng.integers(0, 6, n))]
    art = rng.integers(0, len(world.articles), n)
    art_no = [world.articles[a][0] for a in art]
    art_name = [world.articles[a][1] for a in art]
    device = [generate.DEVICE_TYPES[world.articles[a][4]][0] for a in art]
    patient = rng.integers(0, len(world.patients), n)
    has_patient = rng.random(n) < 0.8
    fault = rng.integers(0, len(generate.FAULTS), n)
    close_h = np.exp(rng.normal(np.log(9 * 24), 1.0, n)).astype("int64") + 2
    closed = local + pd.to_timedelta(close_h, unit="h")
    answered = local + pd.to_timedelta(np.maximum(1, close_h // 2), unit="h")
    reported = np.where((event != "reklamation") & (rng.random(n) < 0.3), "reported", "not_needed")
    fmt = "%Y-%m-%d %H:%M"
    frame = pd.DataFrame({
        "number": numbers, "event_type": event, "category": category, "status": "closed",
        "registered_at": local.dt.strftime(fmt), "reported_by": reporter,
        "service_site": [world.sites[s] for s in site_i],
        "occurred_at": (local - pd.Timedelta(hours=3)).dt.strftime(fmt),
        "location": [generate.LOCATIONS[k % len(generate.LOCATIONS)] for k in fault],
        "concerns": [f"{generate.FAULTS[f][1]} {t}" for f, t in zip(fault, device)],
        "what_happened": [f"{t.capitalize()} {generate.FAULTS[f][0]}. Överförd från {HISTORY_TERM}."
                          for f, t in zip(fault, device)],
        "injury": "Ingen skada.",
        "recipient_id": np.where(has_patient, np.array(world.patients)[patient], ""),
        "recipient_name": np.where(has_patient, np.array(world.patient_names)[patient], ""),
        "article_no": art_no, "article_name": art_name, "individual_no": "",
        "answer": "Åtgärdat av tekniker.", "answered_by": "tekniker", "answered_at": answered.dt.strftime(fmt),
        "manufacturer_report": reported, "mpa_report": "not_needed",
        "closed_at": closed.dt.strftime(fmt), "closed_by": "handlaggare",
    })
    frame["closed_at"] = np.minimum(frame["closed_at"], (end + timedelta(days=13)).strftime(fmt))
    frame["answered_at"] = np.minimum(frame["answered_at"], frame["closed_at"])
    reported_on = pd.to_datetime(frame["closed_at"]).dt.strftime("%Y-%m-%d")
    frame.insert(frame.columns.get_loc("mpa_report"), "manufacturer_reported_on",
                 np.where(frame["manufacturer_report"] == "reported", reported_on, ""))
    from logic.registry import kind as kind_named

    kind = kind_named("history_deviations")        # the template's Swedish headers
    buf = io.StringIO()
    frame.rename(columns={c: kind.column(c).header(kind.name, "sv") for c in frame.columns}).to_csv(
        buf, sep=";", index=False, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def check(db_path: str, rows: int, before_total: int, cases_before: int) -> dict:
    """The board after the import: the imported term found `rows` times, the handler's total
    and the number of cases grown by `rows`, a registration in the last imported week
    numbered after the imported numbers (the series continue, DEV-10)."""
    from logic.board import service as board
    from logic.board.filters import BoardFilters
    from logic.clock import FixedClock
    from logic.store.db import Database
    from logic.users import load_user

    db = Database(db_path)
    try:
        clock = FixedClock(generate.NOW_UTC)
        handler = load_user(db, "handlaggare")
        total = board.search(db, clock, handler, BoardFilters()).total
        found = board.search(db, clock, handler, BoardFilters(q=HISTORY_TERM)).total
        with db.read() as r:
            cases = int(r.scalar("SELECT count(*) FROM cases"))
            last = r.row("SELECT c.id, s.last_value FROM cases c JOIN imported_cases i ON i.case_id = c.id"
                         " JOIN number_sequences s ON s.prefix = left(c.id, 6) ORDER BY c.id DESC LIMIT 1")
        return {"total": total, "found": found, "cases": cases,
                "board_ok": total == before_total + rows and cases == cases_before + rows,
                "search_ok": found == rows,
                "series_ok": last is not None and last["last_value"] >= int(last["id"][6:])}
    finally:
        db.close()


def measure(duck_path: str, rows: int, log=print) -> dict:
    """Import `rows` historical deviations into a scratch copy of `duck_path` with the command
    line (python -m logic.importer: dry run, then the import) in a child process; its wall
    time, its phases, its peak memory and the board's check."""
    from logic.board import service as board
    from logic.access import Role
    from logic.board.filters import BoardFilters
    from logic.clock import FixedClock
    from logic.store import core_repo
    from logic.store.db import Database
    from logic.users import load_user

    scratch = Path(duck_path).with_suffix(".history.duckdb")
    csv_path = Path(duck_path).with_suffix(f".history-{rows}.csv")
    for p in (scratch, scratch.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    shutil.copyfile(duck_path, scratch)
    db = Database(str(scratch))
    with db.read() as r:
        years, n_db = (int(x) for x in r.cur.execute("SELECT years, n FROM bench_meta").fetchone())
    with db.tx() as tx:                    # the administrator the import is recorded for
        core_repo.insert_user(tx, {"username": "bench-admin", "name": "Bench Admin", "password_hash": "x",
                                   "created_at": generate.NOW_UTC})
        core_repo.set_roles(tx, "bench-admin", [Role.ADMIN.value])
    before = board.search(db, FixedClock(generate.NOW_UTC), load_user(db, "handlaggare"), BoardFilters()).total
    with db.read() as r:
        cases_before = int(r.scalar("SELECT count(*) FROM cases"))
    db.close()
    if not csv_path.exists():
        log(f"  writing {rows:,} historical deviations to {csv_path.name} …")
        csv_path.write_bytes(history_csv(rows, years, n_db))
    log(f"  importing {csv_path.name} ({csv_path.stat().st_size / 1e6:.0f} MB) into a copy of {Path(duck_path).name} …")
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        peak_file = Path(tempfile.mkstemp(suffix=".peak")[1])
        proc = subprocess.Popen([sys.executable, "-c", _PEAK_WRAPPER, str(peak_file), "history_deviations",
                                 str(csv_path), "--db", str(scratch), "--as", "bench-admin"],
                                cwd=ROOT.parent, stdout=out, stderr=err, text=True)
        _, status, _usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    peak_kb = int(peak_file.read_text() or 0)
    peak_file.unlink(missing_ok=True)
    if proc.returncode != 0:
        sys.exit(f"the history import failed:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    summary = stderr.strip().splitlines()[-1]
    phases = {k: float(v) for k, v in re.findall(r"(dry run|import) ([0-9.]+) s", summary)}
    out = {"rows": rows, "wall_s": wall, "dry_run_s": phases.get("dry run"), "import_s": phases.get("import"),
           "peak_mb": peak_kb / 1024, "summary": summary, "before_total": before}
    out.update(check(str(scratch), rows, before, cases_before))
    for p in (scratch, scratch.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k", choices=["100k", "1M", "10M"])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    from logic.composition import wire

    wire()

    duck = ensure_duck(args.size, SIZES[args.size], lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(measure(duck, args.rows, lambda m: print(m, file=sys.stderr, flush=True)), indent=1))


if __name__ == "__main__":
    main()
