"""An import process for the kill test (IMP-11): imports a history file through the command
line's code path (dry run, then the import) and, once the import has written its cases and
detail rows and is about to index them, says "writing" and waits — to be killed there."""
from __future__ import annotations

import sys
import time

from logic.importer import __main__ as cli
from logic.store import history_repo

_index = history_repo._index


def _index_slowly(tx, new_ids, changed_ids, *args, **kwargs):
    case_ids = list(new_ids) + list(changed_ids)
    with_rows = tx.scalar("SELECT count(*) FROM cases WHERE id IN (SELECT unnest(?::VARCHAR[]))", [case_ids])
    print(f"writing {with_rows}", flush=True)      # the cases are in (uncommitted): kill now
    time.sleep(120)
    return _index(tx, new_ids, changed_ids, *args, **kwargs)


if __name__ == "__main__":
    history_repo._index = _index_slowly
    sys.exit(cli.main(sys.argv[1:]))
