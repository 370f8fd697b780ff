"""Writing a history kind's plan (IMP-9, IMP-10): the new and changed rows as whole columns.

`save` is what a history Kind's `save` calls with the plan's writes (logic.history.table.Rows):
the kind turns its rows into `cases` rows and detail rows (`frames`, pandas over the whole
frame), and logic.store.history_repo writes them set-based, with

- one case-log entry per case: `imported` with {"file", "by", "status"} — shown as
  "imported from <file> by <user>" (texts log.action.imported) — or, for a changed row,
  `import_updated` with the changed columns' before -> after;
- the import record per case (imported_cases: file, SHA-256, who, when, the version left);
- the number series continued after the imported numbers (`pattern.series`);
- the board's index for exactly these cases (no rebuild).

`utc` and `joined_text` are what the kinds' `frames` build their columns with.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from logic.clock import Clock, naive_utc
from logic.history.base import NumberPattern
from logic.history.table import Rows
from logic.values import jsonable as _jsonable
from logic.masterdata.spec import CHANGED, NEW, Origin
from logic.store import history_repo
from logic.store.db import Tx

EVENTS = pa.schema([("case_id", pa.string()), ("action", pa.string()),
                    ("before_value", pa.string()), ("after_value", pa.string())])


def save(tx: Tx, clock: Clock, actor, writes: Rows, origin: Origin, *, kind: str, detail_table: str,
         frames: Callable[[pd.DataFrame, Any], tuple[pd.DataFrame, pd.DataFrame]], refs: Any,
         pattern: NumberPattern | None) -> None:
    frame = writes.frame
    frame = frame if isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 else frame.reset_index(drop=True)
    status = np.asarray(writes.status)
    cases, details = frames(frame, refs)
    new, changed = status == NEW, status == CHANGED
    series: list[tuple[str, int]] = []
    if pattern is not None:
        series = [s for s in map(pattern.series, cases["id"].tolist()) if s is not None]
    who = {"file": origin.file_name, "by": actor.username}
    after_new = [_json({**who, "status": st}) for st in cases["status"][new].tolist()]
    events = {"case_id": cases["id"][new].tolist(), "action": ["imported"] * int(new.sum()),
              "before_value": [None] * int(new.sum()), "after_value": after_new}
    for i in np.flatnonzero(changed):
        row = writes[int(i)]
        diff = row.changes()
        events["case_id"].append(cases["id"].iat[int(i)])
        events["action"].append("import_updated")
        events["before_value"].append(_json({k: b for k, (b, _) in diff.items()}))
        events["after_value"].append(_json({**who, **{k: a for k, (_, a) in diff.items()}}))
    pick = lambda f, m: f if m.all() else f[m]       # noqa: E731 - no copy when every row is it
    history_repo.write(
        tx, kind=kind, detail_table=detail_table,
        new_cases=pick(cases, new).assign(version=1), new_details=pick(details, new),
        changed_cases=pick(cases, changed), changed_details=pick(details, changed),
        events=pa.Table.from_pydict(events, schema=EVENTS), series=series,
        file_name=origin.file_name, sha256=origin.sha256, actor=actor.username, at=naive_utc(clock.now()))


def _json(value: Any) -> str:
    return json.dumps(_jsonable(value), ensure_ascii=False, sort_keys=True, default=str)


def joined_text(*columns: pd.Series) -> pd.Series:
    """The case's search text for whole columns: the parts that are there, joined by a
    space, lower-cased (as the services' _search_text), in Arrow."""
    arrays = []
    for c in columns:
        a = pa.array(c.astype("str").array)
        arrays.append(pc.if_else(pc.equal(a, ""), pa.scalar(None, a.type), a))
    arrays = [a.cast(pa.large_string()) for a in arrays]
    joined = pc.utf8_lower(pc.binary_join_element_wise(*arrays, pa.scalar(" ", pa.large_string()),
                                                        null_handling="skip"))
    return pd.Series(pd.array(joined, dtype="str"), index=columns[0].index)


def utc(s: pd.Series, zone: str) -> pd.Series:
    """Local times of the service's zone (naive) as the store keeps them (naive UTC): the
    earlier of an ambiguous hour (as zoneinfo's fold=0), a time in the spring gap moved on."""
    if s.isna().all():
        return s.astype("datetime64[us]")
    local = s.dt.tz_localize(zone, ambiguous=np.ones(len(s), dtype=bool), nonexistent="shift_forward")
    return local.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
