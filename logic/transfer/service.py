"""Export everything (ADM-11) and restore an export into an empty installation (ADM-12).

An export is one zip: every table as Parquet (`parquet/<table>.parquet`, the values as stored,
what a restore reads) and as CSV (`csv/<table>.csv`: UTF-8 with BOM, `;`, formula cells
neutralised with `logic.exports.safe_cell`, for people and spreadsheets), plus `manifest.json`
(logic/transfer/manifest.py). All tables are read in one snapshot (a read transaction: writers
are not held up). Left out: password hashes (blank), the pseudonym key, login sessions, and the
derived tables (board and search index), which a restore rebuilds. An export holds identity
numbers: each one goes into the access log (purpose "export"), the export itself into the
security log.

A restore loads an export into an installation with no cases and no users but, at most, the
administrator who restores: every table in one transaction, the numbering sequences moved past
the numbers loaded (new cases and log rows continue after them), the derived tables rebuilt.
Users come back without passwords; the restoring administrator keeps theirs, or one named
administrator of the export is given one.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from logic import audit
from logic.access import Action, User, decide, require
from logic.exports import safe_cell
from logic.clock import Clock, naive_utc
from logic.errors import Refused
from logic.store import transfer_repo
from logic.store.db import Database, Tx
from logic.transfer import manifest as mf

PURPOSE = "export"          # access_log.purpose of an export's identity numbers
CHUNK = 1 << 20


@dataclass
class ExportResult:
    path: Path
    sha256: str
    manifest: dict[str, Any]
    persons: int                        # identity numbers written to the access log

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.manifest["tables"].values())


@dataclass
class RestoreResult:
    tables: dict[str, int]
    manifest: dict[str, Any]
    with_password: list[str] = field(default_factory=list)
    without_password: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# ------------------------------------------------------------------------------ export


def export(db: Database, clock: Clock, actor: User, out_dir: Path, *, via: str = "app") -> ExportResult:
    """Write an export of the whole database into out_dir; returns the zip and its manifest."""
    require(decide(actor, Action.ADMIN_USERS))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    now = clock.now()
    target = _free_name(out_dir, f"casedesk-export-{naive_utc(now):%Y%m%dT%H%M%SZ}", ".zip")
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".export-") as tmp:
        work = Path(tmp)
        with db.snapshot() as r:                    # one snapshot for every table
            all_tables = transfer_repo.tables(r)
            migrations = transfer_repo.migrations(r)
            tables = {name: _export_table(r, name, work) for name in mf.exported(all_tables)}
            persons = transfer_repo.identity_numbers(r)
        manifest = mf.build(tables=tables, all_tables=all_tables, migrations=migrations,
                            created_at=now, created_by=actor.username)
        partial = target.with_name(target.name + ".partial")
        with zipfile.ZipFile(partial, "w", allowZip64=True) as zf:
            zf.writestr(mf.NAME, mf.dumps(manifest), compress_type=zipfile.ZIP_DEFLATED)
            for name in sorted(tables):
                zf.write(work / mf.parquet_path(name), mf.parquet_path(name), compress_type=zipfile.ZIP_STORED)
                zf.write(work / mf.csv_path(name), mf.csv_path(name), compress_type=zipfile.ZIP_DEFLATED)
    partial.replace(target)
    sha = _sha256_file(target)
    try:
        with db.tx() as tx:
            transfer_repo.log_bulk_access(tx, naive_utc(now), actor.username, persons, PURPOSE)
            audit.security(tx, clock, actor.username, "export",
                           f"{target.name} sha256={sha} tables={len(tables)}"
                           f" rows={sum(t['rows'] for t in tables.values())} persons={len(persons)} via={via}")
    except BaseException:
        target.unlink(missing_ok=True)        # not logged: not handed out
        raise
    return ExportResult(target, sha, manifest, len(persons))


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    candidate, n = folder / f"{stem}{suffix}", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}{suffix}"
    return candidate


def _export_table(r: Tx, name: str, work: Path) -> dict[str, Any]:
    blank = mf.BLANKED.get(name, {})
    parquet = work / mf.parquet_path(name)
    parquet.parent.mkdir(parents=True, exist_ok=True)
    transfer_repo.write_parquet(r, name, parquet, blank)
    target = work / mf.csv_path(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = write_csv(transfer_repo.batches(r, name, blank), [c["name"] for c in transfer_repo.columns(r, name)],
                     target)
    return {"rows": rows, "files": {"parquet": _file_entry(parquet, mf.parquet_path(name)),
                                    "csv": _file_entry(target, mf.csv_path(name))}}


def _file_entry(path: Path, arcname: str) -> dict[str, Any]:
    return {"path": arcname, "sha256": _sha256_file(path), "bytes": path.stat().st_size}


def csv_cell(value: Any) -> str:
    """One value as a CSV cell (manifest.CSV_FORMAT): text through safe_cell, numbers as they
    are (a negative number is not a formula), times ISO, lists as JSON, bytes as base64."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (list, tuple, dict)):
        return safe_cell(json.dumps(value, ensure_ascii=False, default=str))
    return str(value)


def write_csv(batches, header: list[str], target: Path) -> int:
    """Arrow record batches as one CSV file (UTF-8 with BOM, ';', CRLF); returns the rows."""
    rows = 0
    with open(target, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow([safe_cell(h) for h in header])
        for batch in batches:
            columns = [[csv_cell(v) for v in batch.column(i).to_pylist()] for i in range(batch.num_columns)]
            writer.writerows(zip(*columns))
            rows += batch.num_rows
    return rows


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ------------------------------------------------------------------------------ restore


def restorable(db: Database, actor: User | None) -> bool:
    """May an export be restored here: no cases, and no users but (at most) the actor."""
    with db.read() as r:
        return _empty(r, actor)


def _empty(r: Tx, actor: User | None) -> bool:
    allowed = {actor.username} if actor is not None else set()
    return not transfer_repo.has_cases(r) and set(transfer_repo.usernames(r)) <= allowed


def left_out(db: Database) -> list[dict[str, str]]:
    """What an export of this database leaves out, and why (manifest.left_out)."""
    with db.read() as r:
        return mf.left_out(transfer_repo.tables(r))


def migrations(db: Database) -> list[str]:
    """The migrations applied to this database (an export made by a newer casedesk has more)."""
    with db.read() as r:
        return transfer_repo.migrations(r)


def read_manifest(source: Path | bytes | IO[bytes]) -> dict[str, Any]:
    """The manifest of an export (Refused when the file is not one)."""
    with _open_zip(source) as zf:
        return _manifest_of(zf)


def restore(db: Database, clock: Clock, source: Path | bytes | IO[bytes], *, actor: User | None = None,
            admin: str | None = None, password_hash: str | None = None) -> RestoreResult:
    """Load an export into this (empty) installation in one transaction.

    `actor`: the administrator restoring from the app (keeps their account and password).
    `admin` + `password_hash`: an administrator of the export who gets that password (the
    command line, where nobody is logged in). Every other user comes back without one."""
    if actor is not None:
        require(decide(actor, Action.ADMIN_USERS))
    with db.read() as r:
        known = transfer_repo.migrations(r)
        if not _empty(r, actor):
            raise Refused("xfer.not_empty")
    with _open_zip(source) as zf, tempfile.TemporaryDirectory(prefix="casedesk-restore-") as tmp:
        manifest = _manifest_of(zf)
        mf.check(manifest, known)
        files = _extract(zf, manifest, Path(tmp))
        with db.tx() as tx:
            if not _empty(tx, actor):                 # checked again under the write lock
                raise Refused("xfer.not_empty")
            target_tables = set(transfer_repo.tables(tx))
            keep = transfer_repo.user_snapshot(tx, actor.username) if actor is not None else None
            loaded: dict[str, int] = {}
            for name in sorted(manifest["tables"]):
                if name not in target_tables or name in mf.LEFT_OUT_TABLES:
                    raise Refused("xfer.unknown_table", table=name)
                have = {c["name"] for c in transfer_repo.columns(tx, name)}
                extra = [c for c in transfer_repo.parquet_columns(tx, files[name]) if c not in have]
                if extra:
                    raise Refused("xfer.unknown_columns", table=name, columns=", ".join(extra))
                loaded[name] = transfer_repo.replace_table(tx, name, files[name])
                if loaded[name] != manifest["tables"][name]["rows"]:
                    raise Refused("xfer.damaged", file=mf.parquet_path(name))
            transfer_repo.clear_table(tx, "session_revocations")
            transfer_repo.blank_passwords(tx)         # whatever the file held: no hash is taken over
            with_password: list[str] = []
            if keep is not None:
                transfer_repo.put_back_user(tx, keep)
                with_password.append(actor.username)
            if admin:
                active, is_admin = transfer_repo.admin_roles(tx, admin)
                if not (active and is_admin):
                    raise Refused("xfer.admin_unknown", field="admin", username=admin)
                transfer_repo.set_password_hash(tx, admin, password_hash or "")
                with_password.append(admin)
            transfer_repo.advance_sequences(tx)
            transfer_repo.rebuild_board(tx, files.get("cases"))
            audit.security(tx, clock, actor.username if actor is not None else admin, "restore",
                           f"created_at={manifest.get('created_at')} created_by={manifest.get('created_by')}"
                           f" tables={len(loaded)} rows={sum(loaded.values())}")
            everyone = transfer_repo.usernames(tx)
    return RestoreResult(loaded, manifest, sorted(set(with_password)),
                         [u for u in everyone if u not in set(with_password)])


def _open_zip(source: Path | bytes | IO[bytes]) -> zipfile.ZipFile:
    try:
        if isinstance(source, (bytes, bytearray)):
            return zipfile.ZipFile(io.BytesIO(source))
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused("xfer.not_an_export") from None


def _manifest_of(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        data = zf.read(mf.NAME)
    except KeyError:
        raise Refused("xfer.not_an_export") from None
    return mf.loads(data)


def _extract(zf: zipfile.ZipFile, manifest: dict[str, Any], folder: Path) -> dict[str, Path]:
    """Each table's Parquet file into folder (named by the table, never by the zip's paths),
    every listed file checked against its SHA-256 and size on the way."""
    out: dict[str, Path] = {}
    for name, entry in sorted(manifest["tables"].items()):
        for form, spec in sorted((entry.get("files") or {}).items()):
            if form not in ("parquet", "csv") or not isinstance(spec, dict):
                raise Refused("xfer.not_an_export")
            expected = mf.parquet_path(name) if form == "parquet" else mf.csv_path(name)
            if spec.get("path") != expected:
                raise Refused("xfer.not_an_export")
            sink = folder / f"{name}.parquet" if form == "parquet" else None
            _copy_checked(zf, expected, spec, sink)
            if sink is not None:
                out[name] = sink
    return out


def _copy_checked(zf: zipfile.ZipFile, arcname: str, spec: dict[str, Any], sink: Path | None) -> None:
    limit = spec.get("bytes")
    digest, size = hashlib.sha256(), 0
    try:
        with zf.open(arcname) as src, (open(sink, "wb") if sink else _Null()) as dst:
            for chunk in iter(lambda: src.read(CHUNK), b""):
                size += len(chunk)
                if isinstance(limit, int) and size > limit:
                    raise Refused("xfer.damaged", file=arcname)
                digest.update(chunk)
                dst.write(chunk)
    except KeyError:
        raise Refused("xfer.missing_file", file=arcname) from None
    except (zipfile.BadZipFile, EOFError, zlib.error):
        raise Refused("xfer.damaged", file=arcname) from None
    if digest.hexdigest() != spec.get("sha256") or (isinstance(limit, int) and size != limit):
        raise Refused("xfer.damaged", file=arcname)


class _Null:
    def __enter__(self) -> "_Null":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, data: bytes) -> None:
        return None
