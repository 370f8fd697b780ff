"""The numbered migration files (logic/store/migrations/) and how they are read: a `.sql` file
split into statements, a `.py` file loaded as a module; Database.migrate applies them."""
from __future__ import annotations

import importlib.util
from pathlib import Path


def migration_files(folder: Path) -> list[Path]:
    """The numbered migrations in a folder, in the order they are applied."""
    return sorted(p for p in folder.glob("[0-9][0-9][0-9][0-9]_*.*") if p.suffix in (".sql", ".py"))


def migration_plan(folder: Path, dialect: str = "duckdb") -> list[tuple[str, Path]]:
    """(name recorded in schema_migrations, file to apply) in order. The numbered files are shared
    by both databases; for PostgreSQL a file of the same stem in `folder/postgres/` (.sql or .py)
    replaces one whose statements PostgreSQL does not share (the board's search index, DuckDB's
    macros). The recorded name is the shared file's, so both databases list the same migrations."""
    plan = []
    own = folder / dialect if dialect != "duckdb" else None
    for path in migration_files(folder):
        if own is not None:
            replaced = [p for p in (own / f"{path.stem}.sql", own / f"{path.stem}.py") if p.exists()]
            if replaced:
                plan.append((path.name, replaced[0]))
                continue
        plan.append((path.name, path))
    return plan


def python_migration(path: Path):
    spec = importlib.util.spec_from_file_location(f"casedesk_migration_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _strip_comments(sql: str) -> str:
    """Drop `-- …` comments outside string literals (DuckDB 2.0 flags `->` even in comments)."""
    out, in_string, i = [], False, 0
    while i < len(sql):
        ch = sql[i]
        if ch == "'":
            in_string = not in_string
        if not in_string and sql.startswith("--", i):
            end = sql.find("\n", i)
            i = len(sql) if end == -1 else end
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def sql_statements(sql: str) -> list[str]:
    """Split a migration into statements on ';' at line ends (no procedural code here)."""
    parts = _strip_comments(sql).split(";\n")
    return [p.strip().rstrip(";").strip() for p in parts if p.strip().rstrip(";").strip()]
