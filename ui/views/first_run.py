"""The empty start on screen (ADM-13): the first administrator before anyone can log in, and
the administrator's list of imports in order on the start page."""
from __future__ import annotations

import streamlit as st

from logic import first_run, i18n, transfer
from logic.access import Action, User, decide
from logic.clock import Clock
from logic.errors import FieldErrors, Refused
from logic.store.db import Database
from ui import context, forms
from ui.i18n import lang, t

P = "first_"
IMPORT_PAGE = "pages/93_Import.py"
EXPORT_PAGE = "pages/94_Export.py"


def gate() -> None:
    """Called by app.py before the page shell: while the database has no user at all, ask
    for the first administrator and stop; afterwards say so above the login form."""
    db = context.get_db()
    if st.session_state.get("authentication_status"):       # logged in: the note has done its work
        st.session_state.pop(P + "created", None)
        st.session_state.pop(P + "refused", None)
    # kept until the login: the login page's cookie component reruns the page at once
    created = st.session_state.get(P + "created")
    refused = st.session_state.get(P + "refused")
    if not first_run.needed(db):
        if created:
            st.success(t("first.created", username=created), icon=":material/check_circle:")
        elif refused:
            st.warning(t(refused), icon=":material/info:")
        return
    st.set_page_config(page_title="casedesk", layout="centered", page_icon=":material/assignment:")
    codes = list(i18n.LANGUAGES)
    chosen = st.selectbox(t("language"), codes, index=codes.index(lang()) if lang() in codes else 0,
                          format_func=i18n.LANGUAGES.get, key=P + "lang")
    st.session_state["lang"] = chosen
    st.title(t("first.title"))
    st.caption(t("first.intro"))
    st.subheader(t("first.form"))
    labels = {"username": t("login.username"), "name": t("users.name"),
              "password": t("login.password"), "password_again": t("first.password_again")}
    # issue 16 item 6: the one way to validate — every field required and marked, the problem at
    # its field by name, a summary at the button (the errors are first_run.create_first_admin's)
    check = forms.Check(P, {}, labels, required=labels)
    for name in labels:
        st.text_input(check.label(name), key=P + name, type="password" if name.startswith("password") else "default",
                      autocomplete="new-password" if name.startswith("password") else "off")
        check.error(name)
    check.summary()
    st.button(t("first.create"), type="primary", key=P + "create", on_click=_create,
              args=(db, context.get_clock()), icon=":material/person_add:")
    st.stop()


def _create(db: Database, clock: Clock) -> None:
    s = st.session_state
    try:
        username = first_run.create_first_admin(
            db, clock, s.get(P + "username") or "", s.get(P + "name") or "", s.get(P + "password") or "",
            s.get(P + "password_again") or "", lang())
    except FieldErrors as exc:
        forms.Check(P, {}, {}).refused(exc.errors)     # shown at the fields in this run
        return
    except Refused as exc:
        _forget(s)
        s[P + "refused"] = exc.key
        return
    _forget(s)
    s[P + "created"] = username


def _forget(s) -> None:
    """What was typed into the form (passwords too) goes once it is done with (X-1: a session
    keeps nothing it no longer needs)."""
    for name in ("tried__", "refused__", "username", "name", "password", "password_again"):
        s.pop(P + name, None)


def admin_start(db: Database, user: User) -> None:
    """On the administrator's start page: the imports in order (units → users → registers →
    history), each a link to the import page with how many rows are there, and the restore."""
    if not decide(user, Action.ADMIN_USERS):
        return
    steps = first_run.import_steps(db, user)
    restorable = transfer.restorable(db, user)
    with st.expander(t("setup.title"), expanded=restorable or not all(s.filled for s in steps),
                     icon=":material/checklist:"):
        for n, step in enumerate(steps, start=1):
            c1, c2 = st.columns([3, 2])
            with c1:
                st.page_link(IMPORT_PAGE, label=f"{n}. {t(f'md.kind.{step.kind}')}", query_params={"kind": step.kind},
                             icon=":material/check_circle:" if step.filled else ":material/radio_button_unchecked:")
            note = t("setup.rows", n=i18n.number(lang(), step.rows)) if step.filled else t("setup.empty")
            if step.depends:
                note += " · " + t("setup.after", kinds=", ".join(t(f"md.kind.{d}") for d in step.depends))
            c2.caption(note)
        if restorable:
            st.page_link(EXPORT_PAGE, label=t("setup.restore"), icon=":material/settings_backup_restore:")
