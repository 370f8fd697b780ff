"""SQL for a user's own settings (table user_settings): one JSON value per user and key."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from logic.store.db import Tx


def user_setting(tx: Tx, username: str, key: str) -> Any:
    """The stored value (decoded JSON), or None when the user has not chosen."""
    value = tx.scalar("SELECT value FROM user_settings WHERE username = ? AND key = ?", [username, key])
    return None if value is None else json.loads(value)


def set_user_setting(tx: Tx, username: str, key: str, value: Any, at: datetime) -> None:
    tx.execute("INSERT INTO user_settings (username, key, value, updated_at) VALUES (?, ?, ?, ?)"
               " ON CONFLICT (username, key) DO UPDATE SET value = excluded.value,"
               " updated_at = excluded.updated_at",
               [username, key, json.dumps(value), at])
