"""SQL of the empty start (ADM-13): is there anyone yet, and the first administrator."""
from __future__ import annotations

from datetime import datetime

from logic.store.db import Tx


def has_users(tx: Tx) -> bool:
    """Any user at all (active or not): then the installation has been started."""
    return tx.scalar("SELECT EXISTS (SELECT 1 FROM users)") is True


def insert_admin(tx: Tx, username: str, name: str, password_hash: str, lang: str, at: datetime) -> None:
    tx.execute("INSERT INTO users (username, name, password_hash, lang, created_at) VALUES (?, ?, ?, ?, ?)",
               [username, name, password_hash, lang, at])
    tx.execute("INSERT INTO user_roles VALUES (?, 'admin')", [username])
