"""Process-wide resources: the one database connection, the clock, the login settings."""
from __future__ import annotations

import logging
import os
import secrets as pysecrets
from datetime import datetime
from pathlib import Path

import streamlit as st

from logic import backup, login_settings
from logic.clock import Clock, FixedClock, SystemClock
from logic.store import connect
from logic.store.db import Store
from logic.transfer import requests
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


def database_url() -> str | None:
    """PostgreSQL's URL when one is configured: CASEDESK_DATABASE_URL, else `database_url` under
    [casedesk] in .streamlit/secrets.toml (issue 18); None: the DuckDB file (db_path)."""
    url = connect.configured_url()
    if url:
        return url
    try:
        return st.secrets["casedesk"]["database_url"] or None
    except (KeyError, FileNotFoundError, AttributeError):
        return None


@st.cache_resource(show_spinner=False)
def _database(target: str) -> Store:
    database = connect.open_database(target)
    if database.dialect == "duckdb":
        # Serves `make backup` while the app holds the file (see logic/backup.py); PostgreSQL is
        # backed up by pg_dump from outside (make backup).
        backup.start_watcher(database, Path(target).parent / "backups", export=requests.serve_request)
    memprobe.start(database)          # only when CASEDESK_MEMPROBE names a file (load test)
    return database


def get_db() -> Store:
    return _database(database_url() or str(db_path()))


def get_clock() -> Clock:
    """System time, unless CASEDESK_NOW pins it (browser tests and demos of office hours)."""
    fixed = os.environ.get("CASEDESK_NOW")
    if fixed:
        return FixedClock(datetime.fromisoformat(fixed))
    return SystemClock()


@st.cache_resource(show_spinner=False)
def _ephemeral_key() -> str:
    return pysecrets.token_urlsafe(48)


def secrets() -> dict:
    """.streamlit/secrets.toml as a dict; {} without one (a test run)."""
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, AttributeError, KeyError):
        return {}


def cookie_settings() -> dict:
    """casedesk's login cookie, from [login_cookie] of the generated .streamlit/secrets.toml
    (or [auth] in one generated before issue 14, logic.login_settings); a test run without one
    gets a random key."""
    found = login_settings.cookie_settings(secrets())
    if found is not None:
        return found.as_dict()
    return {"cookie_name": login_settings.DEFAULT_COOKIE_NAME, "cookie_key": _ephemeral_key(),
            "cookie_expiry_days": login_settings.DEFAULT_COOKIE_DAYS}


def directory() -> login_settings.DirectorySettings | None:
    """The directory login (st.login) when secrets.toml configures it; None otherwise, and
    when it is configured wrongly (said in the server's log; `make run` says it too)."""
    try:
        return login_settings.directory_settings(secrets())
    except login_settings.LoginSettingsError as problem:
        _warn_once(str(problem))
        return None


@st.cache_resource(show_spinner=False)
def _warn_once(problem: str) -> None:
    logging.getLogger("casedesk").warning("directory login not offered: %s", problem)
