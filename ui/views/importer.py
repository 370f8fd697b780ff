"""The import screen (IMP-1..7): choose what to import, download its template, upload a CSV or
xlsx file, map the headers that were not recognised, see the dry run (new / changed /
unchanged / refused, the changes per row, every refused cell with its reason), then import
all of it in one transaction — or fix the file and upload it again."""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from logic.access import User
from logic.clock import Clock
from logic.errors import Refused
from logic.i18n import Count, number
from logic.importer import read as reader
from logic.importer import service
from logic.registry import KINDS
from logic.masterdata.spec import Kind
from logic.store.db import Database
from ui.format import dt, md_escape
from ui.i18n import lang, t
from ui.views import masterdata

P = "imp_"
SHOWN_ROWS = 500          # rows of changes shown on screen; the error report holds them all


def view(db: Database, clock: Clock, user: User, kinds: tuple[Kind, ...] = KINDS,
         preselect: str | None = None) -> None:
    L = lang()
    names = [k.name for k in kinds]
    index = names.index(preselect) if preselect in names else 0
    name = st.selectbox(t("imp.what"), names, index=index, key=P + "kind",
                        format_func=lambda n: t(f"md.kind.{n}"))
    kind = next(k for k in kinds if k.name == name)
    _templates(kind, L)
    n = st.session_state.setdefault(P + "upload_n", 0)
    # no type filter on the widget: the browser would refuse in English; the reader refuses
    # what it cannot read in the user's language (IMP-7)
    upload = st.file_uploader(t("imp.file"), key=f"{P}file_{n}", help=t("imp.file_help"))
    if upload is None:
        _history(db, clock, user)
        return
    data = upload.getvalue()
    sha = hashlib.sha256(data).hexdigest()
    try:
        table = reader.read(data, upload.name)
    except Refused as exc:
        st.error(t(exc.key, **exc.params), icon=":material/error:")
        return
    st.caption(t("imp.read_as", rows=f"{table.n_rows:,}".replace(",", " "), encoding=table.encoding,
                 delimiter={";": ";", ",": ",", "\t": "tab", None: "xlsx"}[table.delimiter]))
    mapping = _mapping(kind, table, sha, L)
    missing_key = [c for c in kind.key if c not in {v for v in mapping.values() if v}]
    if missing_key:
        st.error(t("imp.key_not_mapped", columns=", ".join(kind.column(c).header(kind.name, L) for c in missing_key)))
        return
    state_key = P + "result"
    result = st.session_state.get(state_key)
    if result is not None and (result.sha256 != sha or result.kind != kind.name or result.mapping != mapping):
        result = None
        st.session_state.pop(state_key, None)
    if result is None or not result.dry_run:
        if result is not None and not result.dry_run:
            _done(result)
            return
        if st.button(t("imp.dry_run"), key=P + "dry", type="primary", icon=":material/fact_check:"):
            with st.status(t("imp.dry_running"), expanded=False) as status:
                try:
                    result = service.dry_run(db, clock, user, kind.name, data, upload.name, mapping, lang=L)
                except Refused as exc:
                    status.update(label=t(exc.key, **exc.params), state="error")
                    return
                status.update(label=t("imp.dry_done"), state="complete")
            st.session_state[state_key] = result
        else:
            return
    _show_plan(kind, result, L)
    if result.plan.refused:
        st.warning(t("imp.fix_and_retry", n=Count(len(result.plan.refused))), icon=":material/warning:")
        return
    if not result.plan.writes:
        st.info(t("imp.nothing_to_do"))
        return
    if st.button(t("imp.confirm", n=Count(len(result.plan.writes))), key=P + "confirm", type="primary",
                 icon=":material/upload:"):
        with st.status(t("imp.running"), expanded=False) as status:
            try:
                done = service.run(db, clock, user, kind.name, data, upload.name, mapping, result.fingerprint, lang=L)
            except Refused as exc:
                status.update(label=t(exc.key, **exc.params), state="error")
                st.session_state.pop(state_key, None)
                return
            status.update(label=t("imp.done_status"), state="complete")
        st.session_state[state_key] = done
        st.session_state[P + "upload_n"] = n + 1       # a fresh uploader: the file is not stored twice
        st.session_state[P + "last_done"] = done
        st.rerun()


def _templates(kind: Kind, L: str) -> None:
    with st.expander(t("imp.templates"), icon=":material/description:"):
        st.caption(t("imp.templates_help"))
        c1, c2, _ = st.columns([1, 1, 2])
        c1.download_button(t("imp.template_csv"), lambda: service.template(kind.name, L, "csv"),
                           file_name=f"{kind.name}.csv", mime="text/csv", key=P + "tpl_csv", on_click="ignore",
                           icon=":material/download:")
        c2.download_button(t("imp.template_xlsx"), lambda: service.template(kind.name, L, "xlsx"),
                           file_name=f"{kind.name}.xlsx", key=P + "tpl_xlsx", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/table_view:")
        help_rows = service.column_help(kind.name, L)
        st.dataframe(pd.DataFrame([{t("imp.report.column"): h["column"], t("imp.col_required"): "✓" if h["required"] else "",
                                    t("imp.col_values"): h["choices"], t("imp.col_example"): h["example"]}
                                   for h in help_rows]).astype("string"), hide_index=True, width="stretch")


def _mapping(kind: Kind, table: reader.Table, sha: str, L: str) -> dict[str, str | None]:
    matched = reader.match_headers(kind, table.headers)
    unmatched = [h for h, c in matched.items() if c is None]
    if not unmatched:
        return matched
    st.info(t("imp.mapping_help", n=len(unmatched)), icon=":material/swap_horiz:")
    taken = {c for c in matched.values() if c}
    options = [None] + [c.name for c in kind.columns if c.name not in taken]
    mapping = dict(matched)
    cols = st.columns(min(3, len(unmatched)))
    for i, header in enumerate(unmatched):
        mapping[header] = cols[i % len(cols)].selectbox(
            md_escape(header), options, key=f"{P}map_{sha[:12]}_{i}",
            format_func=lambda c: t("imp.ignore") if c is None else kind.column(c).header(kind.name, L))
    chosen = [c for c in mapping.values() if c]
    if len(chosen) != len(set(chosen)):
        st.error(t("imp.mapping_twice"))
    return mapping


def _show_plan(kind: Kind, result: service.ImportResult, L: str) -> None:
    c = result.counts
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("imp.new"), number(L, c["new"]))
    m2.metric(t("imp.changed"), number(L, c["changed"]))
    m3.metric(t("imp.unchanged"), number(L, c["unchanged"]))
    m4.metric(t("imp.refused"), number(L, c["refused"]))
    names = {col.name for col in kind.columns}
    if result.plan.refused:
        st.subheader(t("imp.refused_rows"))
        rows = [{t("imp.report.line"): r.line,
                 t("imp.report.column"): kind.column(e.column).header(kind.name, L) if e.column in names else (e.column or ""),
                 t("imp.report.value"): "" if e.value is None else str(e.value),
                 t("imp.report.reason"): t(e.key, **e.params)}
                for r in result.plan.refused[:SHOWN_ROWS] for e in r.errors][:SHOWN_ROWS]   # not all 100 000
        st.dataframe(pd.DataFrame(rows).astype("string"), hide_index=True, width="stretch")
        st.download_button(t("imp.error_report"), result.error_report or b"", file_name=f"{kind.name}-fel.csv",
                           mime="text/csv", key=P + "report", icon=":material/download:", on_click="ignore")
    if result.plan.notes:
        masterdata.show_notes(masterdata.notes(kind, result.plan, L))
    writes = result.plan.writes
    if writes:
        st.subheader(t("imp.changes"))
        rows = []
        for r in writes:
            for col, (before, after) in r.changes().items():
                rows.append({t("imp.report.line"): r.line, t("imp.key"): " / ".join(str(k) for k in r.key),
                             t("imp.status"): t(f"imp.{r.status}"),
                             t("imp.report.column"): kind.column(col).header(kind.name, L),
                             t("imp.before"): "" if before is None else str(before),
                             t("imp.after"): "" if after is None else str(after)})
                if len(rows) >= SHOWN_ROWS:
                    break
            if len(rows) >= SHOWN_ROWS:
                st.caption(t("imp.more_changes", n=SHOWN_ROWS))
                break
        st.dataframe(pd.DataFrame(rows).astype("string"), hide_index=True, width="stretch")


def _done(result: service.ImportResult) -> None:
    c = result.counts
    st.success(t("imp.done", new=Count(c["new"]), changed=Count(c["changed"]), unchanged=Count(c["unchanged"])),
               icon=":material/check_circle:")
    if result.plan.notes:
        masterdata.show_notes(masterdata.notes(next(k for k in KINDS if k.name == result.kind), result.plan, lang()))


def _history(db: Database, clock: Clock, user: User) -> None:
    done = st.session_state.pop(P + "last_done", None)
    if done is not None:
        _done(done)
    rows = service.imports(db, user, limit=50)
    if not rows:
        return
    st.subheader(t("imp.history"))
    st.dataframe(pd.DataFrame([{
        "#": r["id"], t("imp.when"): dt(r["imported_at"], user.tz), t("imp.who"): r["actor"],
        t("imp.what"): t(f"md.kind.{r['kind']}"), t("imp.file_name"): r["file_name"],
        t("imp.kind_of_run"): t("imp.was_dry_run") if r["dry_run"] else t("imp.was_import"),
        t("imp.new"): r["new_rows"], t("imp.changed"): r["changed_rows"],
        t("imp.unchanged"): r["unchanged_rows"], t("imp.refused"): r["refused_rows"],
        "SHA-256": r["sha256"][:16] + "…"} for r in rows]), hide_index=True, width="stretch")
    with_report = [r["id"] for r in rows if r["has_report"]]
    if with_report:
        c1, c2 = st.columns([1, 2])
        chosen = c1.selectbox(t("imp.report_of"), with_report, key=P + "report_pick")
        c2.download_button(t("imp.error_report"), lambda: service.stored_report(db, user, chosen, clock) or b"",
                           file_name=f"import-{chosen}-fel.csv", mime="text/csv", key=P + "report_again",
                           on_click="ignore", icon=":material/download:")
