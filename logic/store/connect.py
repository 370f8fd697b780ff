"""Which database casedesk opens: PostgreSQL when a `postgresql://` URL is configured
(CASEDESK_DATABASE_URL, or `database_url` under [casedesk] in .streamlit/secrets.toml, read by
ui/context.py), else the DuckDB file as always. The services get a `Store` either way."""
from __future__ import annotations

import os
from pathlib import Path

from logic.store.db import Database, Store

URL_SETTING = "CASEDESK_DATABASE_URL"


class BadDatabaseSetting(ValueError):
    """The configured database cannot be used; the message names the setting (never a password)."""


def is_url(target: str | Path | None) -> bool:
    return isinstance(target, str) and target.split("://", 1)[0] in ("postgresql", "postgres")


def configured_url() -> str | None:
    """CASEDESK_DATABASE_URL when set (empty: not set)."""
    return os.environ.get(URL_SETTING) or None


def open_database(target: str | Path, **kwargs) -> Store:
    """A PostgreSQL URL opens PgDatabase; anything else is the path of a DuckDB file."""
    if is_url(target):
        from logic.store.pg import DatabaseUnavailable, PgDatabase, redact
        _probe(str(target))
        try:
            return PgDatabase(str(target), **kwargs)
        except DatabaseUnavailable as e:
            raise BadDatabaseSetting(f"{URL_SETTING}: {str(e).replace(f' ({URL_SETTING})', '')}") from e
        except Exception as e:  # noqa: BLE001 - a lost connection: one line, no traceback, no password
            import psycopg
            # only the connection's own failures (the probe has seen the URL work); a migration's
            # error is raised as it is, with its statement, to be fixed rather than hidden
            if isinstance(e, psycopg.OperationalError):
                raise BadDatabaseSetting(f"{URL_SETTING}: cannot use {redact(str(target))}: "
                                         f"{type(e).__name__}") from e
            raise
    if isinstance(target, str) and "://" in target:
        raise BadDatabaseSetting(f"{URL_SETTING}: only postgresql:// URLs are understood")
    return Database(target, **kwargs)


def _probe(url: str) -> None:
    """One direct connection first (5 s at most), so that a wrong URL or a server that refuses
    is said at once, with libpq's reason (refused, no such host, password authentication failed,
    no such database) — not after the pool's 10 s, and without the pool logging the URL."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    from logic.store.pg import redact
    try:
        password = str(conninfo_to_dict(url).get("password") or "")
    except psycopg.Error:
        password = ""
    try:
        psycopg.connect(url, connect_timeout=5, autocommit=True).close()
    except psycopg.Error as e:
        reason = redact((str(e).strip().splitlines() or [type(e).__name__])[0])
        if password:
            reason = reason.replace(password, "***")
        raise BadDatabaseSetting(f"{URL_SETTING}: cannot connect to {_shown(url)}: {reason}") from None


def _shown(url: str) -> str:
    """The URL for a message: without its password, and without any query part (it may hold one)."""
    from logic.store.pg import redact
    return redact(url.split("?", 1)[0])
