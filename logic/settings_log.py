"""The settings log (ADM-3) for changes made outside the master-data plan: the older admin
screens (urgent-case office settings and hours, deviation categories, the ORG tree and ladder,
certificate prerequisites) save through their own services, and record here what they changed
in the same shape as the plan does — kind, natural key, only the changed columns before →
after — so one log shows every change, whichever screen or import made it."""
from __future__ import annotations

from typing import Any

from logic.clock import Clock, naive_utc
from logic.values import jsonable, norm
from logic.store import masterdata_repo
from logic.store.db import Tx


def record(tx: Tx, clock: Clock, actor: str, kind: str, key: tuple | str, before: dict[str, Any] | None,
           after: dict[str, Any], source: str) -> bool:
    """One entry when something changed (False, and nothing written, when nothing did)."""
    if before is None:
        changed = {k: (None, v) for k, v in after.items() if norm(v) is not None}
    else:
        changed = {k: (before.get(k), v) for k, v in after.items() if norm(before.get(k)) != norm(v)}
    if not changed:
        return False
    masterdata_repo.insert_settings_log(tx, [{
        "logged_at": naive_utc(clock.now()), "actor": actor, "kind": kind,
        "key": key if isinstance(key, str) else "/".join(str(k) for k in key),
        "action": "new" if before is None else "changed",
        "before_value": None if before is None else jsonable({k: b for k, (b, _) in changed.items()}),
        "after_value": jsonable({k: a for k, (_, a) in changed.items()}), "source": source}])
    return True
