"""The manifest of an export (ADM-11): what the zip holds and what it leaves out, so the
receiving side can check the files and knows what to rebuild.

    {"format": "casedesk-export", "format_version": 1, "app_version": "0.1.0",
     "created_at": "2026-11-20T11:00:00Z", "created_by": "admin",
     "schema_migrations": ["0001_core.sql", …],
     "tables": {"cases": {"rows": 126, "files": {"parquet": {"path": "parquet/cases.parquet",
                "sha256": "…", "bytes": 1234}, "csv": {…}}}, …},
     "left_out": [{"table": "pseudonym_key", "reason": "secret", "why": "…"}, …],
     "csv": {…how the CSV files are written…}, "notes": […]}

Pure: no database, no files. `build` makes one, `check` refuses one that cannot be restored
here (another format, a newer format version, migrations this installation does not have).
"""
from __future__ import annotations

import json
import re
import tomllib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from logic.errors import Refused

FORMAT = "casedesk-export"
FORMAT_VERSION = 1
NAME = "manifest.json"
ROOT = Path(__file__).resolve().parents[2]

# Derived from `cases` and rebuilt on restore (search_compact.rebuild): the board's index, its
# codes and counts, the search vocabulary, postings and bits (PostgreSQL: the kept counts of
# frequent words and their bitmaps instead, postgres/0024 and 0026).
DERIVED = ("board_codes", "board_counts", "board_index", "board_kind_bits", "board_tracked_words",
           "board_word_bits", "board_word_counts", "search_bits", "search_codes", "search_postings", "search_words")
# Tables never exported, with the reason (a code; its text in the user's language is
# `xfer.left_out.<reason>`). A new table holding a secret must be named here.
LEFT_OUT_TABLES: dict[str, str] = {
    **{t: "derived" for t in DERIVED},
    "pseudonym_key": "secret",          # the key of analysts' pseudonyms (X-5)
    "session_revocations": "sessions",  # login sessions of this installation only
    "schema_migrations": "schema",      # listed as `schema_migrations` in the manifest instead
}
# Columns exported blank: table -> {column: the value written instead}.
BLANKED: dict[str, dict[str, str]] = {"users": {"password_hash": ""}}
WHY = {
    "derived": "derived from the cases; rebuilt on restore (search index, board index, codes, counts)",
    "secret": "the key behind analysts' pseudonyms; the receiving installation makes its own, so "
              "pseudonyms differ there",
    "sessions": "login sessions of this installation; its login cookies are not valid anywhere else",
    "schema": "the database schema; the applied migrations are listed under schema_migrations",
    "password_hash": "password hashes are never exported: users come back without a password and are "
                     "given a new one (or log in through the directory)",
    "secrets_file": "nothing from .streamlit/secrets.toml (cookie key, directory login settings) is "
                    "read or exported",
}
CSV_FORMAT = {
    "encoding": "utf-8 with BOM", "delimiter": ";", "line_end": "CRLF", "header": True,
    "null": "empty cell", "times": "UTC, ISO 8601 (YYYY-MM-DD HH:MM:SS[.ffffff])",
    "formula_cells": "a text cell starting with = + - @, tab or CR gets a leading apostrophe "
                     "(logic.board.safe_cell); the Parquet files hold the values as stored",
    "lists": "JSON arrays", "binary": "base64",
}
NOTES = [
    "Restore: python -m logic.transfer restore EXPORT.zip --db NEW.duckdb (into an empty installation)",
    "Users come back without passwords: give them new ones (Administration) or let them log in through "
    "the directory.",
    "Analysts' pseudonyms are made with the receiving installation's own key and differ from these.",
    "The cases are listed in the order the case board had indexed them (its order between equal times); "
    "a restore indexes them in that order.",
]
_SHA = re.compile(r"^[0-9a-f]{64}$")
_TABLE = re.compile(r"^[a-z_][a-z0-9_]*$")


def app_version() -> str:
    try:
        return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def exported(all_tables: list[str]) -> list[str]:
    """The tables an export holds: every table but those left out."""
    return sorted(t for t in all_tables if t not in LEFT_OUT_TABLES)


def left_out(all_tables: list[str]) -> list[dict[str, str]]:
    """What an export of a database with these tables leaves out, and why."""
    out = [{"table": t, "reason": r, "why": WHY[r]} for t, r in sorted(LEFT_OUT_TABLES.items())
           if t in all_tables]
    out += [{"table": t, "column": c, "reason": "password_hash", "why": WHY["password_hash"]}
            for t, cols in sorted(BLANKED.items()) if t in all_tables for c in sorted(cols)]
    out.append({"file": ".streamlit/secrets.toml", "reason": "secrets_file", "why": WHY["secrets_file"]})
    return out


def build(*, tables: dict[str, dict[str, Any]], all_tables: list[str], migrations: list[str],
          created_at: datetime, created_by: str, version: str | None = None) -> dict[str, Any]:
    """`tables`: name -> {"rows": n, "files": {"parquet": {"path", "sha256", "bytes"}, "csv": {…}}}."""
    stamp = created_at.astimezone(timezone.utc) if created_at.tzinfo else created_at.replace(tzinfo=timezone.utc)
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "app_version": version or app_version(),
        "created_at": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), "created_by": created_by,
        "schema_migrations": list(migrations),
        "tables": {name: tables[name] for name in sorted(tables)},
        "left_out": left_out(all_tables),
        "csv": CSV_FORMAT, "notes": NOTES,
    }


def dumps(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def loads(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Refused("xfer.not_an_export") from None
    if not isinstance(manifest, dict):
        raise Refused("xfer.not_an_export")
    return manifest


def check(manifest: dict[str, Any], known_migrations: list[str] | set[str]) -> None:
    """Refuse an export this installation cannot restore: not ours, a newer format, a schema
    this installation does not have (made by a newer casedesk), or a malformed file list."""
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("tables"), dict):
        raise Refused("xfer.not_an_export")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise Refused("xfer.newer_format", version=str(version))
    unknown = sorted(set(manifest.get("schema_migrations") or []) - set(known_migrations))
    if unknown:
        raise Refused("xfer.newer_schema", migrations=", ".join(unknown))
    for name, entry in manifest["tables"].items():
        if not (isinstance(name, str) and _TABLE.match(name)) or not isinstance(entry, dict):
            raise Refused("xfer.not_an_export")
        files = entry.get("files") or {}
        parquet = files.get("parquet") if isinstance(files, dict) else None
        if not isinstance(parquet, dict) or parquet.get("path") != parquet_path(name) \
                or not _SHA.match(str(parquet.get("sha256", ""))) or not isinstance(entry.get("rows"), int):
            raise Refused("xfer.not_an_export")


def parquet_path(table: str) -> str:
    return f"parquet/{table}.parquet"


def csv_path(table: str) -> str:
    return f"csv/{table}.csv"
