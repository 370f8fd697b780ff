"""An import process for the kill test (IMP-11): imports a history file through the command
line's code path (dry run, then the import) and, once the import has written its cases and
detail rows and is about to index them, says "writing" and waits — to be killed there."""
from __future__ import annotations

import sys
import time

from logic.importer import __main__ as cli
from logic.store import search_bulk

_index = search_bulk.index_cases


def _index_slowly(tx, case_ids, *args, **kwargs):
    with_rows = tx.scalar("SELECT count(*) FROM cases WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(case_ids)])
    print(f"writing {with_rows}", flush=True)      # the cases are in (uncommitted): kill now
    time.sleep(120)
    return _index(tx, case_ids, *args, **kwargs)


if __name__ == "__main__":
    search_bulk.index_cases = _index_slowly
    sys.exit(cli.main(sys.argv[1:]))
