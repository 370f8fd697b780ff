"""Export everything (ADM-11) and restore an export into an empty installation (ADM-12)."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from logic import transfer
from logic.access import PermissionDenied, User
from logic.clock import Clock
from logic.errors import Refused
from logic.i18n import Count
from logic.store.db import Database
from logic.transfer import manifest as mf
from ui.format import md_escape
from ui.i18n import reason, t

P = "xfer_"


ROOT = Path(__file__).resolve().parents[2]


def export_dir(db: Database) -> Path:
    """Exports are kept next to the database file, as backups are (data/exports); on PostgreSQL
    in the app's data/exports — or where CASEDESK_EXPORT_DIR names, on either."""
    configured = os.environ.get("CASEDESK_EXPORT_DIR")
    if configured:
        return Path(configured)
    if db.dialect == "postgres":
        return ROOT / "data" / "exports"
    return Path(db.path).parent / "exports"


def view(db: Database, clock: Clock, user: User) -> None:
    _export(db, clock, user)
    st.divider()
    _restore(db, clock, user)


def _export(db: Database, clock: Clock, user: User) -> None:
    st.subheader(t("xfer.export_title"))
    st.caption(t("xfer.export_help"))
    if st.button(t("xfer.export_button"), key=P + "export", type="primary", icon=":material/archive:"):
        try:
            with st.spinner(t("xfer.exporting")):
                made = transfer.export(db, clock, user, export_dir(db))
        except PermissionDenied as exc:
            st.error(reason(exc))
            return
        st.session_state[P + "made"] = {"path": str(made.path), "sha256": made.sha256,
                                        "tables": {n: e["rows"] for n, e in made.manifest["tables"].items()},
                                        "rows": made.rows, "persons": made.persons}
    made = st.session_state.get(P + "made")
    if made and Path(made["path"]).is_file():
        path = Path(made["path"])
        st.success(t("xfer.exported", tables=len(made["tables"]), rows=Count(made["rows"]),
                     persons=Count(made["persons"])),
                   icon=":material/check_circle:")
        st.download_button(t("xfer.download"), lambda: path.read_bytes(), file_name=path.name,
                           mime="application/zip", key=P + "download", on_click="ignore",
                           icon=":material/download:")
        st.caption(f"SHA-256 {made['sha256']}")
        st.dataframe(pd.DataFrame([{t("xfer.col.table"): n, t("xfer.col.rows"): r}
                                   for n, r in made["tables"].items()]), hide_index=True, width="stretch")
    with st.expander(t("xfer.left_out_title"), icon=":material/visibility_off:"):
        st.dataframe(pd.DataFrame([{
            t("xfer.col.what"): item.get("file") or (f"{item['table']}.{item['column']}" if item.get("column")
                                                     else item["table"]),
            t("xfer.col.why"): t(f"xfer.left_out.{item['reason']}")} for item in transfer.left_out(db)]),
            hide_index=True, width="stretch")


def _refusal(exc: Refused) -> str:
    """A refusal whose parameters may come from the uploaded file: escaped for markdown."""
    return t(exc.key, **{k: md_escape(str(v)) for k, v in exc.params.items()})


def _restore(db: Database, clock: Clock, user: User) -> None:
    st.subheader(t("xfer.restore_title"))
    done = st.session_state.get(P + "restored")
    if done:
        st.success(t("xfer.restored", tables=done["tables"], rows=Count(done["rows"])), icon=":material/check_circle:")
        if done["without_password"]:
            st.warning(t("xfer.without_password", n=len(done["without_password"]),
                         users=md_escape(", ".join(done["without_password"]))), icon=":material/key_off:")
        st.caption(t("xfer.with_password", users=md_escape(", ".join(done["with_password"]))))
        return
    if not transfer.restorable(db, user):
        st.info(t("xfer.restore_only_empty"), icon=":material/info:")
        return
    st.caption(t("xfer.restore_help"))
    n = st.session_state.setdefault(P + "upload_n", 0)
    upload = st.file_uploader(t("xfer.restore_file"), key=f"{P}file_{n}")   # the content is checked
    if upload is None:
        return
    data = upload.getvalue()
    try:
        found = transfer.read_manifest(data)
        mf.check(found, transfer.migrations(db))
    except Refused as exc:
        st.error(_refusal(exc), icon=":material/error:")
        return
    tables = found["tables"]
    st.caption(t("xfer.export_of", created_at=md_escape(str(found.get("created_at"))),
                 created_by=md_escape(str(found.get("created_by"))), version=md_escape(str(found.get("app_version"))),
                 tables=len(tables), rows=Count(sum(int(e.get("rows") or 0) for e in tables.values()))))
    if not st.button(t("xfer.restore_button"), key=P + "restore", type="primary",
                     icon=":material/settings_backup_restore:"):
        return
    with st.status(t("xfer.restoring"), expanded=False) as status:
        try:
            result = transfer.restore(db, clock, data, actor=user)
        except Refused as exc:
            status.update(label=_refusal(exc), state="error")
            return
        except PermissionDenied as exc:
            status.update(label=reason(exc), state="error")
            return
        status.update(label=t("xfer.restored", tables=len(result.tables), rows=Count(result.rows)), state="complete")
    st.session_state[P + "restored"] = {"tables": len(result.tables), "rows": result.rows,
                                        "with_password": result.with_password,
                                        "without_password": result.without_password}
    st.session_state[P + "upload_n"] = n + 1
    st.rerun()
