"""The checks over several columns or the database that history kinds share (IMP-9, IMP-10),
called from a kind's `check` with the plan's Context (logic.history.table): case numbers
against the store, units by id or code, known users, one time not before another. Each adds
its refusals to the plan's Errors."""
from __future__ import annotations

import numpy as np
import pandas as pd

from logic.history.table import Context, differs
from logic.store import history_repo


def refuse_numbers(ctx: Context, case_kinds: tuple[str, ...], status_changed: np.ndarray | None = None,
                   column: str = "number") -> None:
    """The case numbers against the store, for the whole column at once: a number
    registered in casedesk or imported as another kind is refused; an imported case changed
    in casedesk since its import is not overwritten."""
    keys = ctx.merged[column]
    live = keys.notna() & ~pd.Series(ctx.errs.refused, index=keys.index)
    found = history_repo.existing(ctx.tx, sorted(set(keys[live].tolist())))
    if not found:
        return
    info = pd.DataFrame.from_dict(found, orient="index")
    row = info.reindex(keys.where(live).tolist()).reset_index(drop=True)
    present = row["kind"].notna() & live.reset_index(drop=True)
    here = present & row["imported_version"].isna()
    ctx.errs.add(here, column, "imp.hist.registered_here", keys)
    other = present & ~here & ((row["import_kind"] != ctx.kind.name) | ~row["kind"].isin(case_kinds))
    ctx.errs.add(other, column, "imp.hist.other_kind", keys)
    changed = (differs(ctx.merged, ctx.before, {c.name: c for c in ctx.kind.columns})
               if status_changed is None else status_changed)
    moved = present & ~here & ~other & pd.Series(changed, index=keys.index) & \
        (row["version"] != row["imported_version"])
    ctx.errs.add(moved, column, "imp.hist.changed_here", keys,
                 params=lambda i: {"file": row["imported_file"].iat[i] or "",
                                   "at": row["imported_at"].iat[i].strftime("%Y-%m-%d")
                                   if row["imported_at"].iat[i] is not None else ""})


def unit_ids(ctx: Context, column: str, kinds: tuple[str, ...], wrong_kind: str) -> None:
    """A unit named by its id or its code, of one of `kinds`: replaced by its id."""
    s = ctx.merged[column]
    if s.notna().sum() == 0:
        return
    units = pd.DataFrame(history_repo.units(ctx.tx), columns=["id", "code", "kind", "parent_id", "active"])
    by_id = units.set_index("id")["kind"]
    code_to_id = units.dropna(subset=["code"]).drop_duplicates("code").set_index("code")["id"]
    resolved = s.where(s.isin(by_id.index), s.map(code_to_id))
    unknown = s.notna() & resolved.isna() & ~ctx.errs.failed(column)
    ctx.errs.add(unknown, column, "md.unknown_unit", s)
    kind = resolved.map(by_id)
    wrong = resolved.notna() & ~kind.isin(kinds)
    ctx.errs.add(wrong, column, wrong_kind, s)
    ctx.merged[column] = resolved.where(resolved.notna(), s).astype("str").where(s.notna())


def known_users(ctx: Context, columns: tuple[str, ...]) -> None:
    users = history_repo.usernames(ctx.tx)
    for name in columns:
        s = ctx.merged[name]
        ctx.errs.add(s.notna() & ~s.isin(users) & ~ctx.errs.failed(name), name, "imp.hist.unknown_user", s)


def not_before(ctx: Context, column: str, earlier: str, key: str = "imp.hist.before_registered") -> None:
    a, b = ctx.merged[column], ctx.merged[earlier]
    if a.dtype.kind == "M" and b.dtype.kind == "M":
        if ctx.kind.column(column).type == "date" or ctx.kind.column(earlier).type == "date":
            a, b = a.dt.normalize(), b.dt.normalize()
    ctx.errs.add((a < b).fillna(False), column, key, a)
