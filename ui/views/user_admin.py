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

    labels = {"username": t("login.username"), "name": t("users.name"), "email": t("users.email"),
              "prescriber_code": t("users.prescriber_code"), "title": t("users.title_field"),
              "authority_level": t("users.authority_level"), "roles": t("roles"), "units": t("units"),
              "lang": t("language"), "tz": t("md.users.tz"), "password": t("login.password")}

    def user_form(prefix: str, existing: dict | None) -> None:
        e = existing or {}
        # issue 16: one way to validate — required marked, the problem at its field by name, a
        # summary at the button; a press with problems reruns with them in place, nothing typed lost
        check = forms.Check(f"{prefix}_", {}, labels,
                            required=forms.required_of(users.UserInput) | ({"password"} if existing is None else set()))
        with st.form(f"{prefix}_form", clear_on_submit=False):
            c1, c2 = st.columns(2)
            username = c1.text_input(check.label("username"), value=e.get("username", ""),
                                     disabled=existing is not None, key=f"{prefix}_username")
            with c1:
                check.error("username")
            name = c2.text_input(check.label("name"), value=e.get("name", ""), key=f"{prefix}_name")
            with c2:
                check.error("name")
            email = c1.text_input(check.label("email"), value=e.get("email") or "", key=f"{prefix}_email")
            with c1:
                check.error("email")
            code = c2.text_input(check.label("prescriber_code"), value=e.get("prescriber_code") or "",
                                 key=f"{prefix}_code")
            with c2:
                check.error("prescriber_code")
            title = c1.text_input(check.label("title"), value=e.get("title") or "", key=f"{prefix}_title")
            with c1:
                check.error("title")
            level = c2.number_input(check.label("authority_level"), min_value=0, max_value=6,
                                    value=int(e.get("authority_level") or 0), key=f"{prefix}_level")
            with c2:
                check.error("authority_level")
            roles = forms.choose_many(st, check.label("roles"), role_values,
                                      default=[Role(r) for r in e.get("roles") or []],
                                      format_func=lambda r: t(f"role.{r.value}"), key=f"{prefix}_roles")
            check.error("roles")
            units = forms.choose_many(st, check.label("units"), list(unit_label), default=list(e.get("units") or []),
                                      format_func=unit_label.get, key=f"{prefix}_units")
            check.error("units")
            c3, c4 = st.columns(2)
            langs = list(LANGUAGES)
            lang_code = c3.selectbox(t("language"), langs, index=langs.index(e.get("lang", "sv")),
                                     format_func=LANGUAGES.get, key=f"{prefix}_lang", placeholder=t("form.choose"))
            zones = ["Europe/Stockholm", "Europe/Copenhagen"]
            tz = c4.selectbox(t("md.users.tz"), zones, index=zones.index(e.get("tz", "Europe/Stockholm"))
                              if e.get("tz", "Europe/Stockholm") in zones else 0, key=f"{prefix}_tz",
                              placeholder=t("form.choose"))
            password = None
            if existing is None:
                password = st.text_input(check.label("password"), type="password", key=f"{prefix}_pw")
                check.error("password")       # its message at the field, e.g. over 72 bytes
            check.summary()
            if st.form_submit_button(t("form.save"), type="primary", on_click=check.attempt):
                data = {"username": username or e.get("username", ""), "name": name, "email": email or None,
                        "password": password or None, "roles": roles, "units": units,
                        "prescriber_code": code or None, "title": title or None, "lang": lang_code, "tz": tz,
                        "authority_level": int(level) or None}
                model, errors = forms.build(users.UserInput, data)
                if existing is None and not password:
                    errors.setdefault("password", forms.REQUIRED)
                if errors:
                    check.refused(errors)
                    st.rerun()
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
        st.caption(t("users.pick_in_grid"))
        grid = st.dataframe([{
            t("login.username"): r["username"], t("users.name"): r["name"],
            t("roles"): ", ".join(t(f"role.{x}") for x in (r["roles"] or [])),
            t("units"): ", ".join(unit_label.get(x, x) for x in (r["units"] or [])),
            t("users.locked"): "🔒" if r["failed_logins"] >= users.MAX_FAILED_LOGINS else "",
        } for r in rows], hide_index=True, width="stretch", key="admin_users_grid",
            on_select="rerun", selection_mode="single-row",       # issue 16: pick the row to edit it
            height=38 + 35 * len(rows) + 3)                        # every row, the page scrolls (not the grid)
        picked = [rows[i] for i in grid.selection.rows if i < len(rows)]
        if picked:
            current = picked[0]
            chosen = current["username"]
            st.subheader(t("users.edit_one", name=current["name"] or chosen))
            user_form(f"edit_{chosen}", current)
            # issue 16 item 6: the one way to validate — marked, the problem at the field by name
            reset = forms.Check(f"reset_{chosen}_", {}, {"password": t("users.new_password")}, {"password"})
            with st.form(f"reset_{chosen}"):
                new_pw = st.text_input(reset.label("password"), type="password", key=f"reset_pw_{chosen}",
                                       autocomplete="new-password")
                reset.error("password")
                reset.summary()
                if st.form_submit_button(t("users.reset"), on_click=reset.attempt):
                    try:
                        users.reset_password(db, clock, user, chosen, new_pw)
                    except ValueError as exc:
                        if str(exc) == "users.not_found":
                            st.error(t(str(exc)))
                        else:                      # users.password_problem's key: at the field
                            reset.refused({"password": forms.REQUIRED if not new_pw else str(exc)})
                            st.rerun()
                    else:
                        forms.clear(reset.key)
                        st.success(t("users.password_reset"))

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
