"""The page shell: every page starts with `shell.page(Action.X)`.

It logs the user in (form or cookie, or the organisation's directory through st.login when
secrets.toml configures it), loads the user from the database, checks the
permission in logic/, draws the sidebar with only permitted pages, and st.stop()s with a
clear message otherwise — so a deep link can never pass it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit_authenticator.utilities.exceptions import LoginError

from logic import directory as directory_login
from logic import i18n, messages, users
from logic.access import Action, User, decide
from logic.clock import Clock
from logic.composition import wire
from logic.login_settings import DirectorySettings
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
    wire()      # the composition root, before the login loads the user's scopes (once per process)
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
        st.html(_TITLE_CSS)
        st.title(t(title_key))
    return Page(user=user, db=db, clock=clock)


# on a phone a page title such as "Ny avvikelse/reklamation" was hyphenated mid-word at Streamlit's
# size: a smaller title that breaks only between words (issue 16, item 8)
_TITLE_CSS = ("<style>@media (max-width: 640px) { [data-testid='stMain'] h1 {"
              " font-size: 1.9rem; hyphens: manual; overflow-wrap: normal; word-break: normal; } }</style>")


# ------------------------------------------------------------------ the end of a session
# streamlit-authenticator 0.4.2 keeps its state in session keys `name`, `username`,
# `authentication_status`, `email`, `roles`, `logout` (and `password_hint`, unused here), its
# login form and cookie components ("init", "set", "delete") in widget state. Every one of them
# but `logout` it creates again when missing (Authenticate.__init__, the widgets on their next
# draw). `logout` must outlive the session: while it is True the authenticator does not log in
# with the cookie that the browser sent when the tab connected — st.context.cookies keeps that
# cookie for the whole connection, after the cookie component has deleted it in the browser.
# So a session's end clears all but `logout`, sets it as the authenticator's own logout would,
# and deletes the cookie with the authenticator's component (_forget_cookie).
AUTH_KEEP = frozenset({"logout"})


def _request_logout() -> None:
    st.session_state["_logout_requested"] = True


def _clear_session() -> None:
    """Every session value but AUTH_KEEP, whichever page or form set it (ASVS V3: all session
    data goes with the session), and the URL's parameters (a search term, a case number, a page).
    Called before anything is drawn in the run."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        # Every widget's value, keyless ones too (st.session_state lists only keyed ones): what
        # Streamlit does at the end of a run for the widgets it did not draw — but a run that
        # ends with st.stop(), as every run of the login page does, skips that, and a keyless
        # widget drawn again on the same page (same generated id) showed the last user's text.
        ctx.session_state.on_script_finished(frozenset())
    for key in list(st.session_state.keys()):
        if key not in AUTH_KEEP:
            del st.session_state[key]
    st.query_params.clear()


def _end_session(db: Database, clock: Clock, event: str | None) -> tuple:
    """The one way a session ends — logout, idle expiry, a login that is refused (the user
    deactivated, a void cookie): the login cookie revoked, every session key cleared, the
    cookie deleted in the browser (_forget_cookie). Returns the authenticator that draws the
    login form in this same run (never st.rerun here: the cookie component's call would be
    lost)."""
    if event and st.session_state.get("authentication_status"):
        users.revoke_sessions(db, clock, st.session_state.get("username") or "", time.time(), event)
    _clear_session()
    st.session_state["logout"] = True          # what the authenticator's own logout sets
    st.session_state["_cookie_to_delete"] = True
    if event == "logout" and _identity() is not None:
        # The directory's session ends with ours (ADM-16): Streamlit forgets the identity in
        # this session at once and sends the browser to /auth/logout, which deletes its
        # identity cookie and passes on to the directory's end-session page when it has one.
        # (Idle expiry and a refusal leave it for the page that says why: _directory_page.)
        st.logout()
    return _authenticator(db)


def _forget_cookie(auth: stauth.Authenticate, slot) -> None:
    """After a session has ended: the authenticator's cookie component that deletes the login
    cookie, drawn in every run until the browser reports the cookie gone, and always at the same
    place (`slot`) — the other cookie component ("init", which reports the browser's cookies)
    starts a rerun at once, and a component that is not drawn again in that rerun is removed,
    often before it has run (the cookie then survived the logout)."""
    if not st.session_state.get("_cookie_to_delete"):
        return
    name = context.cookie_settings()["cookie_name"]
    manager = auth.cookie_controller.cookie_model.cookie_manager
    if manager.cookies and name not in manager.cookies:     # reported by the browser: gone
        del st.session_state["_cookie_to_delete"]
        return
    with slot:
        # the component CookieManager.delete draws, without its edit of the reported cookies
        manager.cookie_manager(method="delete", cookie=name, key="delete", default=False)


def _session_ended(db: Database, clock: Clock) -> tuple | None:
    """Ends the session when it is over; then the authenticator built for the login form (its
    cookie component may be drawn once per run)."""
    now = time.time()
    last = st.session_state.get("_last_seen")
    st.session_state["_last_seen"] = now
    if not st.session_state.get("authentication_status"):
        if st.session_state.pop("_logout_requested", False) and _identity() is not None:
            # "Back to the login" under a refused or ended directory identity (_directory_page)
            _clear_session()
            st.session_state["logout"] = True
            st.logout()
            return _authenticator(db)
        if not st.session_state.get("logout") and _cookie_void(db):
            return _end_session(db, clock, None)    # a logged-out or deactivated user's cookie
        return None
    if st.session_state.pop("_logout_requested", False):
        return _end_session(db, clock, "logout")
    if last is not None and now - last > users.IDLE_TIMEOUT_MINUTES * 60:
        built = _end_session(db, clock, "session_expired")
        st.session_state["_expired"] = True
        return built
    # read again only after a write (Database.cached)
    if users.load_user(db, st.session_state.get("username") or "") is None:
        return _end_session(db, clock, None)        # deactivated or removed since the login
    return None


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
    count_overlong_passwords(auth)
    return auth, creds, user


def count_overlong_passwords(auth: stauth.Authenticate) -> None:
    """bcrypt 5 raises on a password over 72 bytes, and streamlit-authenticator 0.4.2's
    check_credentials swallows that without counting a failed attempt. Such a password is
    refused here before bcrypt sees it (no stored password is that long) and counted like any
    wrong one, so the lockout and the security log see it."""
    model = auth.authentication_controller.authentication_model
    check = model.check_credentials

    def checked(username: str, password: str) -> bool | None:
        known = model.credentials["usernames"].get(username)
        if known is not None and users.password_too_long(password or ""):
            known["failed_login_attempts"] = known.get("failed_login_attempts", 0) + 1
            return False
        return check(username, password)

    model.check_credentials = checked


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(context.cookie_settings()["cookie_name"])
    except Exception:  # noqa: BLE001 - no HTTP request (e.g. AppTest)
        return None
    return token if isinstance(token, str) else None


def _cookie_void(db: Database) -> bool:
    """Was the presented login cookie issued before its user's last logout/expiry, or is its
    user no longer active?"""
    token = _cookie_token()
    if not token:
        return False
    cookie = context.cookie_settings()
    try:
        claims = jwt.decode(token, cookie["cookie_key"], algorithms=["HS256"])
        issued = float(claims["exp_date"]) - cookie["cookie_expiry_days"] * 86400
        username = str(claims["username"])
        return users.cookie_is_void(db, username, issued) or users.load_user(db, username) is None
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return True


def _login(db: Database, clock: Clock) -> User | None:
    ended = _session_ended(db, clock)
    if ended is not None or not st.session_state.get("authentication_status"):
        directory = context.directory()
        if directory is not None and _identity() is not None:
            return _directory_login(db, clock, directory, ended)
        return _login_form(db, clock, ended, directory)
    # Logged in: no authenticator in this run. Its cookie component is only needed to set the
    # cookie at login and delete it at logout (the login cookie is read from the HTTP request);
    # rendered on every page it re-mounts and echoes a second run of the page, 40 % of all runs
    # under load (bench/load.py). _end_session builds it again for the run that logs out.
    return users.load_user(db, st.session_state.get("username") or "")   # checked just now


def _login_form(db: Database, clock: Clock, built: tuple | None = None,
                directory: DirectorySettings | None = None) -> User | None:
    auth, creds, known = built or _authenticator(db)
    cookie_slot = st.empty()             # the same place in every run (_forget_cookie)
    before = {u: c["failed_login_attempts"] for u, c in creds["usernames"].items()}
    if not st.session_state.get("authentication_status"):
        st.title(t("app.title"))
        st.caption(t("app.tagline"))
        if st.session_state.pop("_expired", False):
            st.warning(t("login.expired"))
        if directory is not None:
            _directory_button(directory)
            st.caption(t("login.local_or"))
    try:
        auth.login(location="main", max_login_attempts=users.MAX_FAILED_LOGINS, fields={
            "Form name": t("login.title"), "Username": t("login.username"),
            "Password": t("login.password"), "Login": t("login.button")})
    except LoginError:
        st.error(t("login.locked"))
    for username, c in creds["usernames"].items():
        if c["failed_login_attempts"] != before[username]:
            users.record_login_attempts(db, clock, username, c["failed_login_attempts"],
                                        before=before[username])
    if not st.session_state.get("authentication_status"):
        _forget_cookie(auth, cookie_slot)      # never in the run that sets a new one
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error(t("login.failed"))
        return None
    if not status:
        st.info(t("login.required"))
        return None
    username = st.session_state.get("username") or ""
    user = known if known is not None and known.username == username else users.load_user(db, username)
    if user is None:  # deactivated or removed in this very run: a session just begun, empty
        st.session_state["authentication_status"] = None
        st.session_state["logout"] = True
        st.error(t("login.required"))
        return None
    return user


# ------------------------------------------------------------------ the directory login (ADM-14)
# Streamlit's st.login runs the OpenID Connect flow and keeps the identity in its own cookie,
# read when a session starts (st.user). A session that is not logged in to casedesk and has an
# identity asks logic.directory who it is: a casedesk user — the session starts as that user,
# with the same keys a form login sets, so everything above (idle expiry, logout, deactivation,
# _end_session) holds for it too — or a refusal, shown on a page of its own whose only way on
# ends the directory's session too (never a casedesk session beside a refused identity).


def _identity() -> dict | None:
    """The directory identity of this session (st.user's claims), or None."""
    try:
        info = st.user.to_dict()
    except Exception:  # noqa: BLE001 - no script run context
        return None
    return info if info.get("is_logged_in") is True else None


def _directory_name(directory: DirectorySettings) -> str:
    return md_escape(directory.label) if directory.label else t("login.directory_default_name")


def _directory_button(directory: DirectorySettings) -> None:
    if st.button(t("login.directory", name=_directory_name(directory)), key="shell_directory_login",
                 type="primary", icon=":material/badge:"):
        try:
            st.login(directory.provider)            # the browser goes to the directory
        except Exception:  # noqa: BLE001 - StreamlitAuthError, Authlib missing
            st.error(t("login.directory.unavailable", name=_directory_name(directory)))


def _directory_login(db: Database, clock: Clock, directory: DirectorySettings,
                     built: tuple | None) -> User | None:
    """A session with a directory identity and no casedesk login: log in as the user the
    identity is (logic.directory.sign_in), or show why not. Decided once per session: the
    refusal is kept until the session ends (and logged once)."""
    refusal = st.session_state.get("_directory_refusal")
    if st.session_state.pop("_expired", False):       # idle expiry just ended the session
        refusal = st.session_state["_directory_refusal"] = {"reason": "login.expired", "params": {}}
    if refusal is None:
        lifetime = context.cookie_settings()["cookie_expiry_days"] * 86400
        outcome = directory_login.sign_in(db, clock, directory, _identity() or {}, time.time(), lifetime)
        if outcome.user is not None:
            user = outcome.user
            st.session_state.update({"authentication_status": True, "username": user.username,
                                     "name": user.name, "email": user.email,
                                     "roles": sorted(r.value for r in user.roles)})
            return user
        refusal = {"reason": outcome.reason, "params": outcome.params}
        st.session_state["_directory_refusal"] = refusal
    _directory_page(db, directory, built, refusal)
    return None


def _directory_page(db: Database, directory: DirectorySettings, built: tuple | None,
                    refusal: dict) -> None:
    """Why this directory identity is not logged in to casedesk; the one way on ends the
    directory's session too (st.logout, in the next run: _session_ended)."""
    cookie_slot = st.empty()
    st.title(t("app.title"))
    st.caption(t("app.tagline"))
    if refusal["reason"] == "login.expired":
        st.warning(t("login.expired"))
    else:
        params = {k: md_escape(str(v)) for k, v in refusal["params"].items()}
        st.error(t(refusal["reason"], name=_directory_name(directory), **params))
    st.button(t("login.directory.back"), key="shell_directory_back", on_click=_request_logout)
    if st.session_state.get("_cookie_to_delete"):   # a local login cookie still to go
        _forget_cookie((built or _authenticator(db))[0], cookie_slot)


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
                              format_func=lambda c: i18n.LANGUAGES[c], key="_lang_select",
                              placeholder=t("form.choose"))   # not Streamlit's English
        if chosen != current:
            st.session_state["lang"] = chosen
            users.set_language(db, user, chosen)
            st.rerun()
        # the next run ends the session before it draws anything (_session_ended): nothing of
        # this page is drawn again; every cookie issued before then is void (_cookie_void)
        st.button(t("logout"), key="shell_logout_button", on_click=_request_logout)
