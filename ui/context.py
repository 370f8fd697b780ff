"""Process-wide resources: the one database connection, the clock, the cookie settings."""
from __future__ import annotations

import os
import secrets as pysecrets
from datetime import datetime
from pathlib import Path

import streamlit as st

from logic import backup
from logic.clock import Clock, FixedClock, SystemClock
from logic.store.db import Database
from ui import memprobe

ROOT = Path(__file__).resolve().parent.parent


def db_path() -> Path:
    env = os.environ.get("CASEDESK_DB")
    if env:
        return Path(env)
    try:
        return ROOT / st.secrets["casedesk"]["database"]
    except (KeyError, FileNotFoundError, AttributeError):
        return ROOT / "data" / "casedesk.duckdb"


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    database = Database(path)
    # Serves `make backup` while the app holds the file (see logic/backup.py).
    backup.start_watcher(database, Path(path).parent / "backups")
    memprobe.start(database)          # only when CASEDESK_MEMPROBE names a file (load test)
    return database


def get_db() -> Database:
    return _database(str(db_path()))


def get_clock() -> Clock:
    """System time, unless CASEDESK_NOW pins it (browser tests and demos of office hours)."""
    fixed = os.environ.get("CASEDESK_NOW")
    if fixed:
        return FixedClock(datetime.fromisoformat(fixed))
    return SystemClock()


@st.cache_resource(show_spinner=False)
def _ephemeral_key() -> str:
    return pysecrets.token_urlsafe(48)


def cookie_settings() -> dict:
    """From the generated .streamlit/secrets.toml; a test run without one gets a random key."""
    try:
        auth = st.secrets["auth"]
        return {"cookie_name": auth["cookie_name"], "cookie_key": auth["cookie_key"],
                "cookie_expiry_days": float(auth.get("cookie_expiry_days", 0.5))}
    except (KeyError, FileNotFoundError, AttributeError):
        return {"cookie_name": "casedesk_auth", "cookie_key": _ephemeral_key(),
                "cookie_expiry_days": 0.5}
