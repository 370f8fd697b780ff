"""The administration of pages/90_Admin.py: users (roles, units, passwords), deviation categories,
the security log."""
from __future__ import annotations

import streamlit as st

from logic import audit, users
from logic.access import Action, PermissionDenied, Role, decide
from logic.i18n import LANGUAGES
from ui import admin_categories, forms
from ui.format import dt
from ui.i18n import lang, reason, t


def show(db, clock, user) -> None:

    all_units = users.list_units(db)
    unit_label = {u["id"]: f"{u['code'] or ''} {u['name']}".strip() for u in all_units}
    role_values = list(Role)

    def user_form(prefix: str, existing: dict | None) -> None:
        e = existing or {}
        with st.form(f"{prefix}_form", clear_on_submit=False):
            c1, c2 = st.columns(2)
            username = c1.text_input(t("login.username"), value=e.get("username", ""),
                                     disabled=existing is not None, key=f"{prefix}_username")
            name = c2.text_input(t("users.name"), value=e.get("name", ""), key=f"{prefix}_name")
            email = c1.text_input(t("users.email"), value=e.get("email") or "", key=f"{prefix}_email")
            code = c2.text_input(t("users.prescriber_code"), value=e.get("prescriber_code") or "",
                                 key=f"{prefix}_code")
            title = c1.text_input(t("users.title_field"), value=e.get("title") or "", key=f"{prefix}_title")
            level = c2.number_input(t("users.authority_level"), min_value=0, max_value=6,
                                    value=int(e.get("authority_level") or 0), key=f"{prefix}_level")
            roles = forms.choose_many(st, t("roles"), role_values, default=[Role(r) for r in e.get("roles") or []],
                                   format_func=lambda r: t(f"role.{r.value}"), key=f"{prefix}_roles")
            units = forms.choose_many(st, t("units"), list(unit_label), default=list(e.get("units") or []),
                                   format_func=unit_label.get, key=f"{prefix}_units")
            c3, c4 = st.columns(2)
            langs = list(LANGUAGES)
            lang_code = c3.selectbox(t("language"), langs, index=langs.index(e.get("lang", "sv")),
                                     format_func=LANGUAGES.get, key=f"{prefix}_lang")
            zones = ["Europe/Stockholm", "Europe/Copenhagen"]
            tz = c4.selectbox(t("md.users.tz"), zones, index=zones.index(e.get("tz", "Europe/Stockholm"))
                              if e.get("tz", "Europe/Stockholm") in zones else 0, key=f"{prefix}_tz")
            password = None
            password_error = None
            if existing is None:
                password = st.text_input(t("login.password"), type="password", key=f"{prefix}_pw")
                password_error = st.empty()       # its message at the field, e.g. over 72 bytes
            if st.form_submit_button(t("form.save"), type="primary"):
                data = {"username": username or e.get("username", ""), "name": name, "email": email or None,
                        "password": password, "roles": roles, "units": units,
                        "prescriber_code": code or None, "title": title or None, "lang": lang_code, "tz": tz,
                        "authority_level": int(level) or None}
                model, errors = forms.build(users.UserInput, data)
                if errors:
                    for field, key in errors.items():
                        if field == "password" and password_error is not None:
                            password_error.error(t(key), icon=":material/error:")
                        else:
                            st.error(f"{field}: {t(key)}")
                    return
                try:
                    if existing is None:
                        users.create_user(db, clock, user, model)
                        st.success(t("users.created", username=model.username))
                    else:
                        users.update_user(db, clock, user, model)
                        st.success(t("users.updated"))
                except PermissionDenied as exc:
                    st.error(reason(exc))
                except ValueError as exc:
                    st.error(t(str(exc)))

    tab_users, tab_new, tab_cats, tab_log = st.tabs(
        [t("users.title"), t("users.new"), t("admin.categories"), t("users.security_log")])

    with tab_users:
        rows = users.list_users(db)
        st.dataframe([{
            t("login.username"): r["username"], t("users.name"): r["name"],
            t("roles"): ", ".join(t(f"role.{x}") for x in (r["roles"] or [])),
            t("units"): ", ".join(unit_label.get(x, x) for x in (r["units"] or [])),
            t("users.locked"): "🔒" if r["failed_logins"] >= users.MAX_FAILED_LOGINS else "",
        } for r in rows], hide_index=True, width="stretch")
        chosen = st.selectbox(t("users.edit"), [r["username"] for r in rows], index=None,
                              placeholder=t("form.choose"), key="admin_pick_user")
        if chosen:
            current = next(r for r in rows if r["username"] == chosen)
            user_form(f"edit_{chosen}", current)
            with st.form(f"reset_{chosen}"):
                new_pw = st.text_input(t("users.reset"), type="password", key=f"reset_pw_{chosen}")
                if st.form_submit_button(t("users.reset")):
                    try:
                        users.reset_password(db, clock, user, chosen, new_pw)
                        st.success(t("users.password_reset"))
                    except ValueError as exc:
                        st.error(t(str(exc)))

    with tab_new:
        user_form("new_user", None)

    with tab_cats:
        if decide(user, Action.ADMIN_REFERENCE):
            admin_categories.editor(db, clock, user)

    with tab_log:
        log = users.security_log(db, user)
        L = lang()       # events and their details in words, never codes (issue 16 item 4)
        st.dataframe([{t("messages.date"): dt(x["logged_at"], user.tz, "%Y-%m-%d %H:%M:%S"),
                       t("log.actor"): x["actor"], t("log.action"): audit.security_label(L, x["event"]),
                       t("log.detail"): audit.security_detail(L, x["detail"])}
                      for x in log], hide_index=True, width="stretch")
