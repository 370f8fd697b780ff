"""ORG admin, tab "Kontaktregister" (ORG-11): each unit's contacts at the collaboration parties —
the unit's contact person at Försäkringskassan, insurance investigators, managers at the
authority — with phone and e-mail. A row is changed by selecting it; without a selected row the
form adds a person. Cases pick their contacts from here (ORG-12, ui/views/org.py)."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.errors import FieldErrors
from logic.org import services
from logic.org.model import CONTACT_PARTIES, RegisterRole
from ui import feedback, forms
from ui.i18n import reason, t

K = "org_reg_"
FIELDS = ("role", "party", "name", "phone", "email", "note")


def show(db, clock, user) -> None:
    st.caption(t("org.register.help"))
    units = services.register_units(db, user)
    names = {u["id"]: f"{u.get('code') or ''} {u['name']}".strip() for u in units}
    unit_id = st.selectbox(t("org.register.unit"), list(names), key=K + "unit", index=None,
                           format_func=names.get, placeholder=t("form.choose"))
    if not unit_id:
        return
    people = services.register_of(db, user, unit_id)
    if not people:
        st.caption(t("org.register.empty"))
        edit = None
    else:
        st.caption(t("org.register.pick_row"))
        picked = st.dataframe([{
            t("org.register.role"): t(f"org.register.role.{r['role']}"), t("org.register.name"): r["name"],
            t("org.contact_party"): t(f"org.party.{r['party']}"), t("org.register.phone"): r.get("phone") or "",
            t("org.register.email"): r.get("email") or "", t("org.register.active"): bool(r["active"]),
        } for r in people], hide_index=True, width="stretch", key=f"{K}table_{unit_id}",
            on_select="rerun", selection_mode="single-row")
        rows = picked.selection.rows if picked is not None else []
        edit = people[rows[0]] if rows and rows[0] < len(people) else None
    _form(db, clock, user, unit_id, edit)


def _form(db, clock, user, unit_id: str, edit: dict | None) -> None:
    F = f"{K}{unit_id}_{edit['id'] if edit else 'new'}_"          # one set of fields per person
    forms.defaults({F + f: (edit or {}).get(f) for f in FIELDS} | {F + "active": True if edit is None
                                                                    else bool(edit["active"])})
    if edit:
        forms.defaults({F + "role": RegisterRole(edit["role"]), F + "party": next(
            (p for p in CONTACT_PARTIES if p.value == edit["party"]), None)})
    labels = {f: t(f"org.register.{f}") for f in FIELDS if f != "party"} | {"party": t("org.contact_party")}
    check = forms.Check(F, {}, labels, {"role", "party", "name"})
    st.markdown(f"**{t('org.register.edit', name=edit['name'])}**" if edit
                else f"**{t('org.register.new')}**")
    # row by row (role and party, name, phone and e-mail): a phone stacks them in that order
    c1, c2 = st.columns(2)
    with c1:
        st.selectbox(check.label("role"), list(RegisterRole), key=F + "role", index=None,
                     format_func=lambda r: t(f"org.register.role.{r.value}"), placeholder=t("form.choose"))
        check.error("role")
    with c2:
        st.selectbox(check.label("party"), CONTACT_PARTIES, key=F + "party", index=None,
                     format_func=lambda o: t(f"org.party.{o.value}"), placeholder=t("form.choose"))
        check.error("party")
    st.text_input(check.label("name"), key=F + "name")
    check.error("name")
    c1, c2 = st.columns(2)
    with c1:
        st.text_input(check.label("phone"), key=F + "phone")
        check.error("phone")
    with c2:
        st.text_input(check.label("email"), key=F + "email")
        check.error("email")
    st.text_area(check.label("note"), key=F + "note", height=80)
    check.error("note")
    st.checkbox(t("org.register.active"), key=F + "active")
    check.summary()
    if st.button(t("form.save"), key=F + "save__btn", type="primary", on_click=check.attempt):
        s = st.session_state
        row = {f: s.get(F + f) for f in FIELDS} | {"unit_id": unit_id, "active": s.get(F + "active")}
        row["role"] = row["role"].value if row["role"] else None
        row["party"] = row["party"].value if row["party"] else None
        try:
            services.save_register_contact(db, clock, user, edit["id"] if edit else None, row)
        except FieldErrors as e:
            check.refused(e.errors)
            st.rerun()
        except PermissionDenied as e:
            st.error(reason(e))
        else:
            forms.clear(F)
            feedback.flash(t("org.register.saved"))
            st.rerun()
