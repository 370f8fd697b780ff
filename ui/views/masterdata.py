"""The admin screen of one kind of master data (ADM-2): a grid to edit in place, rows added at
the bottom, saved through the same plan as an import — every refused cell named with its
reason and the edits kept until they are fixed; nothing written while one row is refused.
Rows are never deleted here: a unit or a user is made inactive (their history stays)."""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from logic import i18n
from logic.access import User
from logic.clock import Clock
from logic.masterdata import persons
from logic.masterdata import plan as planner
from logic.masterdata import reads
from logic.masterdata.spec import Kind
from logic.store.db import Database
from ui.format import dt
from ui.i18n import lang, t


def _shown(kind: Kind, value: Any, col_type: str) -> Any:
    if col_type == "list":
        return "; ".join(str(v) for v in value or [])
    if col_type == "bool":
        return bool(value) if value is not None else None
    if col_type == "text" and value is None:
        return ""                # an empty cell, not the word "None" in the grid (blank and None are one)
    return value


def _column_config(kind: Kind, L: str) -> dict[str, Any]:
    cfg: dict[str, Any] = {}
    for c in kind.columns:
        label = c.header(kind.name, L) + (" *" if c.required else "")
        help_text = t("md.list_help") if c.type == "list" else None
        if c.type == "bool":
            cfg[c.name] = st.column_config.CheckboxColumn(label, default=True if c.name == "active" else False)
        elif c.choices and c.type != "list":
            cfg[c.name] = st.column_config.SelectboxColumn(label, options=list(c.choices), required=c.required,
                                                           format_func=lambda v, c=c: c.choice_label(kind.name, v, L))
        elif c.type == "int":
            cfg[c.name] = st.column_config.NumberColumn(label, step=1, format="%d")
        elif c.type == "date":
            cfg[c.name] = st.column_config.DateColumn(label, format=i18n.DATE_WIDGET_FORMATS.get(L, "YYYY-MM-DD"))
        else:
            cfg[c.name] = st.column_config.TextColumn(label, help=help_text)
    return cfg


def editor(db: Database, clock: Clock, user: User, kind: Kind) -> None:
    L = lang()
    version_key = f"md_version_{kind.name}"
    version = st.session_state.setdefault(version_key, 0)
    stored = reads.stored_rows(db, user, kind)
    shown = stored
    if kind.person_columns:        # ADM-7, X-2: identity numbers masked until revealed; each reveal logged
        reveal = st.toggle(t("md.reveal_ids"), key=f"md_reveal_{kind.name}", help=t("md.reveal_ids_help"))
        logged_key = f"md_logged_{kind.name}"
        shown, st.session_state[logged_key] = persons.for_screen(db, clock, user, kind, stored, reveal,
                                                                  st.session_state.get(logged_key))
    frame = pd.DataFrame([{c.name: _shown(kind, r.get(c.name), c.type) for c in kind.columns} for r in shown],
                         columns=[c.name for c in kind.columns])
    for c in kind.columns:
        if c.type == "text" or c.type == "list":
            frame[c.name] = frame[c.name].astype("string")
    key = f"md_grid_{kind.name}_{version}"
    st.caption(t("md.grid_help", n=len(stored)))
    st.data_editor(frame, key=key, num_rows="add", hide_index=True, width="stretch",
                   column_config=_column_config(kind, L), height=min(38 + 35 * (len(stored) + 2), 640))
    state = st.session_state.get(key) or {}
    edited: dict = state.get("edited_rows") or {}
    added: list = state.get("added_rows") or []
    n_changes = len(edited) + len([a for a in added if a])
    c1, c2 = st.columns([1, 3])
    save = c1.button(t("md.save", n=n_changes), key=f"md_save_{kind.name}", type="primary",
                     disabled=n_changes == 0, icon=":material/save:")
    if c2.button(t("md.discard"), key=f"md_discard_{kind.name}", disabled=n_changes == 0):
        st.session_state[version_key] = version + 1
        st.rerun()
    errors_key = f"md_errors_{kind.name}"
    if save:
        rows, lines, expected, fixed = _rows(kind, stored, edited, added)
        if fixed:
            st.session_state[errors_key] = [(line, kind.column(col).header(kind.name, L), val, t("md.key_fixed"))
                                            for line, col, val in fixed]
        else:
            plan = planner.save_rows(db, clock, user, kind, rows, expected=expected, lines=lines)
            if plan.refused:
                st.session_state[errors_key] = _error_rows(kind, plan, L)
            else:
                st.session_state.pop(errors_key, None)
                st.session_state[version_key] = version + 1
                st.session_state[f"md_notes_{kind.name}"] = notes(kind, plan, L)
                st.toast(t("md.saved", new=plan.count("new"), changed=plan.count("changed")), icon=":material/check:")
                st.rerun()
    done = st.session_state.pop(f"md_notes_{kind.name}", None)
    if done:
        show_notes(done)
    errors = st.session_state.get(errors_key)
    if errors:
        st.error(t("md.not_saved", n=len({e[0] for e in errors})), icon=":material/error:")
        st.dataframe(pd.DataFrame(errors, columns=[t("md.row"), t("imp.report.column"), t("imp.report.value"),
                                                   t("imp.report.reason")]).astype("string"),
                     hide_index=True, width="stretch")
    with st.expander(t("md.change_log"), icon=":material/history:"):
        change_log(db, user, kind, L)


def change_log(db: Database, user: User, kind: Kind, L: str) -> None:
    """ADM-3: who changed what in this kind, when, before → after (identity numbers masked)."""
    names = [c.name for c in kind.columns]
    rows = []
    for e in reads.change_log(db, user, kind):
        before, after = e["before_value"] or {}, e["after_value"] or {}
        for col in sorted(set(before) | set(after), key=lambda c: names.index(c) if c in names else len(names)):
            rows.append({t("md.log.when"): dt(e["logged_at"], user.tz), t("md.log.who"): e["actor"],
                         t("imp.key"): e["key"], t("imp.status"): t(f"imp.{e['action']}"),
                         t("imp.report.column"): kind.column(col).header(kind.name, L) if col in names else col,
                         t("imp.before"): _text(before.get(col)), t("imp.after"): _text(after.get(col)),
                         t("md.log.source"): t("md.log.import") if e["source"].startswith("import")
                         else t("md.log.screen")})
    if not rows:
        st.caption(t("md.change_log_empty"))
        return
    st.dataframe(pd.DataFrame(rows).astype("string"), hide_index=True, width="stretch")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _rows(kind: Kind, stored: list[dict], edited: dict, added: list):
    """The editor's changes as rows for the plan: an edited row carries its key and what
    changed (and the row as shown, for the optimistic check); an added row what was typed."""
    rows, lines, expected, fixed = [], [], {}, []
    for idx, changes in sorted(edited.items(), key=lambda kv: int(kv[0])):
        original = stored[int(idx)]
        for k in kind.key:
            if k in changes and str(changes[k] or "") != str(original.get(k) or ""):
                fixed.append((int(idx) + 1, k, changes[k]))
        row = {k: original.get(k) for k in kind.key}
        row.update({c: v for c, v in changes.items() if c not in kind.key})
        rows.append(row)
        lines.append(int(idx) + 1)
        expected[kind.key_of(original)] = original
    for j, new in enumerate(added):
        if not new:
            continue
        rows.append(dict(new))
        lines.append(len(stored) + j + 1)
    return rows, lines, expected, fixed


def _error_rows(kind: Kind, plan: planner.Plan, L: str) -> list[tuple]:
    names = {c.name for c in kind.columns}
    out = []
    for r in plan.refused:
        for e in r.errors:
            column = kind.column(e.column).header(kind.name, L) if e.column in names else (e.column or "")
            out.append((r.line, column, "" if e.value is None else str(e.value), t(e.key, **e.params)))
    return out


def notes(kind: Kind, plan: planner.Plan, L: str) -> list[tuple]:
    """ADM-10: what else the rows' writes do (open cases re-routed …), per row, in words."""
    return [(r.line, " / ".join(str(k) for k in r.key), t(n.key, **n.params)) for r, n in plan.notes]


def show_notes(rows: list[tuple]) -> None:
    st.info(t("md.notes"), icon=":material/alt_route:")
    st.dataframe(pd.DataFrame(rows, columns=[t("md.row"), t("imp.key"), t("md.notes")]).astype("string"),
                 hide_index=True, width="stretch")


def embedded(db: Database, clock: Clock, user: User, kind_name: str) -> None:
    """The same grid on an older admin screen (ADM-9), with the way to its import."""
    from logic.registry import kind

    st.page_link("pages/93_Import.py", label=t("md.import_this"), icon=":material/upload_file:",
                 query_params={"kind": kind_name})
    editor(db, clock, user, kind(kind_name))
