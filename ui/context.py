"""Process-wide resources: the one database connection, the clock, the login settings."""
from __future__ import annotations

import logging
import os
import secrets as pysecrets
from datetime import datetime
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from logic import backup, login_settings
from logic.clock import Clock, FixedClock, SystemClock
from logic.store import connect
from logic.store.db import Store
from logic.store.pg import DatabaseUnavailable
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
    """The process's database. A setting that cannot be used (a wrong URL, the server refusing)
    is one clear line on the page, not a traceback, and never the password; the next page run
    tries again (a failed open is not cached), so no restart is needed once it is fixed."""
    _say_when_unavailable()
    try:
        return _database(database_url() or str(db_path()))
    except connect.BadDatabaseSetting as problem:
        from ui.i18n import t
        logging.getLogger("casedesk").error("%s", problem)
        st.error(t("db.bad_setting"))
        st.code(str(problem), language=None)
        st.button(t("db.retry"), key="_db_retry")
        st.stop()


def database_unavailable(ex: BaseException) -> bool:
    """Did this error come from the database server being out of reach (down, restarting)?"""
    seen: set[int] = set()
    while ex is not None and id(ex) not in seen:
        if isinstance(ex, DatabaseUnavailable):
            return True
        seen.add(id(ex))
        ex = ex.__cause__ or ex.__context__
    return False


def _unavailable_page(ex: Exception) -> bool:
    """Streamlit's handler of an error a page run did not catch: while PostgreSQL is briefly out
    of reach (pg.DatabaseUnavailable), a short message instead of a traceback; the next run
    (the user's next click, or "Try again") works again once the server is back."""
    if not database_unavailable(ex):
        return False
    from ui.i18n import t
    st.warning(t("db.unavailable"), icon=":material/cloud_off:")
    st.button(t("db.retry"), key="_db_unavailable_retry")
    return True


def _say_when_unavailable() -> None:
    """Hand this session's page runs the handler above (Streamlit asks it about any error a run
    did not catch; `streamlit run` sets none of its own)."""
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.on_script_error is None:
        ctx.on_script_error = _unavailable_page


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
    if database_url():          # several processes share PostgreSQL: each would sign with its own key
        _warn_cookie_key_once()
    return {"cookie_name": login_settings.DEFAULT_COOKIE_NAME, "cookie_key": _ephemeral_key(),
            "cookie_expiry_days": login_settings.DEFAULT_COOKIE_DAYS}


@st.cache_resource(show_spinner=False)
def _warn_cookie_key_once() -> None:
    logging.getLogger("casedesk").warning(
        "no [login_cookie] cookie_key in .streamlit/secrets.toml: this process signs login cookies "
        "with a key of its own, so a user moved to another app process must log in again — give "
        "every process the same secrets.toml (docs/OPERATIONS.md)")


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
