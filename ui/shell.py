"""The page shell: every page starts with `shell.page(Action.X)`.

It logs the user in (form or cookie), loads the user from the database, checks the
permission in logic/, draws the sidebar with only permitted pages, and st.stop()s with a
clear message otherwise — so a deep link can never pass it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities.exceptions import LoginError

from logic import i18n, messages, users
from logic.access import Action, User, decide
from logic.clock import Clock
from logic.store.db import Database
from ui import context
from ui.format import md_escape
from ui.i18n import reason, t
from ui.nav import PAGES


@dataclass
class Page:
    user: User
    db: Database
    clock: Clock


def page(action: Action, title_key: str | None = None, *, layout: str = "wide") -> Page:
    st.set_page_config(page_title=t(title_key) if title_key else "casedesk", layout=layout,
                       page_icon=":material/assignment:")
    db = context.get_db()
    clock = context.get_clock()
    user = _login(db, clock)
    if user is None:
        st.stop()
    if "lang" not in st.session_state:
        st.session_state["lang"] = user.lang
    _sidebar(db, user)
    decision = decide(user, action)
    if not decision:
        st.error(reason(decision))
        st.stop()
    if title_key:
        st.title(t(title_key))
    return Page(user=user, db=db, clock=clock)


def _authenticator(db: Database) -> tuple[stauth.Authenticate, dict, User | None]:
    """The authenticator, its credentials and, for a logged-in session, the user: only that
    user's credentials then (one query), everyone's while the login form is shown."""
    username = st.session_state.get("username") if st.session_state.get("authentication_status") else None
    if username:
        creds, user = users.signed_in(db, username)
    else:
        creds, user = users.credentials(db), None
    cookie = context.cookie_settings()
    auth = stauth.Authenticate(creds, cookie["cookie_name"], cookie["cookie_key"],
                               cookie["cookie_expiry_days"], auto_hash=False, login_sleep_time=0)
    return auth, creds, user


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(context.cookie_settings()["cookie_name"])
    except Exception:  # noqa: BLE001 - no HTTP request (e.g. AppTest)
        return None
    return token if isinstance(token, str) else None


def _cookie_void(db: Database) -> bool:
    """Was the presented login cookie issued before its user's last logout/expiry?"""
    token = _cookie_token()
    if not token:
        return False
    cookie = context.cookie_settings()
    try:
        claims = jwt.decode(token, cookie["cookie_key"], algorithms=["HS256"])
        issued = float(claims["exp_date"]) - cookie["cookie_expiry_days"] * 86400
        return users.cookie_is_void(db, str(claims["username"]), issued)
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return True


def _expire_idle(db: Database, clock: Clock) -> tuple | None:
    """A session idle for IDLE_TIMEOUT_MINUTES is logged out (wall-clock time); then the
    authenticator built for it (its cookie component may be drawn once per run)."""
    now = time.time()
    last = st.session_state.get("_last_seen")
    st.session_state["_last_seen"] = now
    if st.session_state.get("authentication_status") and last is not None \
            and now - last > users.IDLE_TIMEOUT_MINUTES * 60:
        users.revoke_sessions(db, clock, st.session_state.get("username") or "", now, "session_expired")
        built = _authenticator(db)
        built[0].logout(location="unrendered")
        st.session_state["_expired"] = True
        return built
    return None


def _login(db: Database, clock: Clock) -> User | None:
    expired = _expire_idle(db, clock)
    if expired is not None or not st.session_state.get("authentication_status"):
        return _login_form(db, clock, expired)
    # Logged in: no authenticator in this run. Its cookie component is only needed to set the
    # cookie at login and delete it at logout (the login cookie is read from the HTTP request);
    # rendered on every page it re-mounts and echoes a second run of the page, 40 % of all runs
    # under load (bench/load.py). _sidebar builds it again for the logout button's run.
    username = st.session_state.get("username") or ""
    user = users.load_user(db, username)          # read again only after a write (Database.cached)
    if user is None:  # deactivated or removed since the cookie was issued
        st.session_state["authentication_status"] = None
        st.error(t("login.required"))
    return user


def _login_form(db: Database, clock: Clock, built: tuple | None = None) -> User | None:
    auth, creds, known = built or _authenticator(db)
    if not st.session_state.get("authentication_status") and _cookie_void(db):
        st.session_state["logout"] = True     # a logged-out session's cookie logs nobody in
    before = {u: c["failed_login_attempts"] for u, c in creds["usernames"].items()}
    if not st.session_state.get("authentication_status"):
        st.title(t("app.title"))
        st.caption(t("app.tagline"))
        if st.session_state.pop("_expired", False):
            st.warning(t("login.expired"))
    try:
        auth.login(location="main", max_login_attempts=users.MAX_FAILED_LOGINS, fields={
            "Form name": t("login.title"), "Username": t("login.username"),
            "Password": t("login.password"), "Login": t("login.button")})
    except LoginError:
        st.error(t("login.locked"))
    for username, c in creds["usernames"].items():
        if c["failed_login_attempts"] != before[username]:
            users.record_login_attempts(db, clock, username, c["failed_login_attempts"])
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error(t("login.failed"))
        return None
    if not status:
        st.info(t("login.required"))
        return None
    username = st.session_state.get("username") or ""
    user = known if known is not None and known.username == username else users.load_user(db, username)
    if user is None:  # deactivated or removed since the cookie was issued
        st.session_state["authentication_status"] = None
        st.error(t("login.required"))
        return None
    return user


def _sidebar(db: Database, user: User) -> None:
    with st.sidebar:
        st.markdown(t("signed_in_as", name=md_escape(user.name)))
        unread = messages.unread(db, user)
        for entry in PAGES:
            if not decide(user, entry.action):
                continue
            label = t(entry.label)
            if entry.label == "nav.messages" and unread:
                label = t("nav.messages_unread", n=unread)
            st.page_link(entry.path, label=label, icon=entry.icon or None)
        st.divider()
        codes = list(i18n.LANGUAGES)
        current = st.session_state.get("lang", user.lang)
        chosen = st.selectbox(t("language"), codes, index=codes.index(current) if current in codes else 0,
                              format_func=lambda c: i18n.LANGUAGES[c], key="_lang_select")
        if chosen != current:
            st.session_state["lang"] = chosen
            users.set_language(db, user, chosen)
            st.rerun()
        if st.button(t("logout"), key="shell_logout_button"):
            # the authenticator (and its cookie component, which deletes the login cookie)
            # only in this run; every cookie issued before now is void anyway (_cookie_void)
            users.revoke_sessions(db, context.get_clock(), user.username, time.time())
            auth, _, _ = _authenticator(db)
            auth.logout(location="unrendered")
            for key in ("lang", "_last_seen"):
                st.session_state.pop(key, None)
