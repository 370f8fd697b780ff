"""AppTest helpers: open a page as a logged-in user on a copy of the demo database."""
from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def serve_demo(demo_db_path, monkeypatch) -> None:
    """The app of this test serves the demo copy — a DuckDB file (CASEDESK_DB) or a PostgreSQL
    database (CASEDESK_DATABASE_URL, tests/backends.py) — at the demo's pinned clock."""
    if isinstance(demo_db_path, str):
        monkeypatch.setenv("CASEDESK_DATABASE_URL", demo_db_path)
        monkeypatch.delenv("CASEDESK_DB", raising=False)
    else:
        monkeypatch.setenv("CASEDESK_DB", str(demo_db_path))
        monkeypatch.delenv("CASEDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("CASEDESK_NOW", "2026-11-20T12:00:00+01:00")


@pytest.fixture
def open_page(demo_db_path, monkeypatch):
    """open_page("pages/10_Ny_avvikelse.py", "reporter", query={"id": ...}) -> AppTest after run."""
    serve_demo(demo_db_path, monkeypatch)
    st.cache_resource.clear()

    def _open(page: str, username: str | None, query: dict | None = None) -> AppTest:
        """Logged in: start at app.py and switch page, as a user navigates. Without a
        user: open the page file directly, as a deep link would."""
        if username is None:
            at = AppTest.from_file(str(ROOT / page), default_timeout=30)
            at.run()
            return at
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["name"] = username
        at.run()
        if page != "app.py":
            at.switch_page(page)
        for k, v in (query or {}).items():
            at.query_params[k] = v
        at.run()
        return at

    yield _open
    close_app_database(demo_db_path)


def close_app_database(demo_db_path) -> None:
    """The app's PostgreSQL store closed before its database is dropped: else its pool and its
    notice listener try to reconnect to the dropped database for the rest of the session."""
    if isinstance(demo_db_path, str):
        from ui import context

        context.get_db().close()
    st.cache_resource.clear()


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(markdown: str) -> str:
    """The text markdown source stands for: a backslash-escaped punctuation character is the
    character (CommonMark), e.g. in `ui.i18n.t`'s escaped parameters."""
    return _ESCAPED.sub(r"\1", markdown)


def read(markdown: str) -> str:
    """Markdown source as the reader sees it (also without md_escape's invisible word joiners)."""
    return unescape(markdown).replace("\u2060", "")


def texts(at: AppTest) -> str:
    """Everything a user can read on the page, joined (for 'shows nothing of the data')."""
    parts = []
    for kind in ("markdown", "text", "caption", "error", "warning", "info", "success", "title",
                 "header", "subheader", "metric"):
        for el in getattr(at, kind, []):
            value = str(getattr(el, "value", ""))
            parts.append(value if kind in ("text", "metric") else read(value))
    for expander in at.expander:                  # a collapsed expander's label is read too
        parts.append(read(str(expander.label)))
    for df in at.dataframe:
        parts.append(df.value.to_csv())
    return "\n".join(parts)
