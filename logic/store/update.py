"""The one guarded UPDATE every repository's `update_<detail>` goes through.

Only columns from the repository's fixed whitelist may be set (anything else is a programming
error: ValueError with the offending names, nothing written); the table, key and column names
come from the repository, never from input, and every value is a bound parameter. With
`expected_version` the update is optimistic: it happens only while the row still has the version
the user saw, and bumps it.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from logic.store.db import Tx


def check_columns(fields: Mapping[str, Any], allowed: Collection[str]) -> None:
    """ValueError naming every field outside the whitelist."""
    bad = set(fields) - set(allowed)
    if bad:
        raise ValueError(sorted(bad))


def guarded_update(tx: Tx, table: str, key: str, key_value: Any, fields: Mapping[str, Any],
                   allowed: Collection[str], *, expected_version: int | None = None) -> bool:
    """UPDATE `table` SET the fields WHERE `key` = key_value (AND version = expected_version,
    bumping it); True when a row was updated. The answer comes from the UPDATE itself
    (RETURNING), not from reading the version afterwards: a row another writer already moved
    from `expected_version` to `expected_version + 1` is refused, not taken for our own update.
    Nothing to set and no version to bump: no statement at all (True: nothing was refused)."""
    check_columns(fields, allowed)
    assignments = [f"{column} = ?" for column in fields]     # names from the whitelist above
    params: list[Any] = list(fields.values())
    where = f"{key} = ?"
    params.append(key_value)
    if expected_version is not None:
        assignments.append("version = version + 1")
        where += " AND version = ?"
        params.append(expected_version)
    if not assignments:
        return True
    return bool(tx.rows(f"UPDATE {table} SET {', '.join(assignments)} WHERE {where} RETURNING {key}", params))
