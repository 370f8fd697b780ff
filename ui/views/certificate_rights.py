"""The CERT-2 prerequisites of pages/48_Intygsbehorighet.py: per physician the protected title, the
care assignment per unit and "Använda Webcert"; per unit the workplace code."""
from __future__ import annotations

import streamlit as st

from logic import users
from logic.access import PermissionDenied
from logic.certificates import rules, services
from logic.errors import FieldErrors, Refused
from ui import feedback, forms
from ui.i18n import reason, t
from ui.views import masterdata


def show(db, clock, user) -> None:
    msg = feedback.take()         # issue 16 item 2: "Sparat." survives the rerun, shown by the form
    units = users.list_units(db)
    unit_label = {u["id"]: f"{u['code'] or ''} {u['name']}".strip() for u in units}

    tab_people, tab_units, tab_table = st.tabs([t("cert.admin_physicians"), t("cert.admin_units"), t("md.as_table")])

    with tab_people:
        rows = services.rights_overview(db, user)
        st.dataframe([{
            t("login.username"): r["username"], t("users.name"): r["name"],
            t("cert.pre.col_title"): r["protected_title"] or "",
            t("users.prescriber_code"): r["prescriber_code"] or "",
            t("cert.pre.col_webcert"): "✓" if r["webcert"] else "",
            t("cert.pre.col_care"): ", ".join(unit_label.get(u, u) for u in (r["care_units"] or [])),
        } for r in rows], hide_index=True, width="stretch")
        names = [r["username"] for r in rows]
        chosen = st.selectbox(t("users.edit"), names, index=None, placeholder=t("form.choose"), key="certa_user")
        if chosen:
            row = next(r for r in rows if r["username"] == chosen)
            titles = [""] + list(rules.PROTECTED_TITLES)
            # issue 16 item 6: each problem (rules.rights_errors) at its field by name, a summary at the button
            check = forms.Check(f"certa_{chosen}_", {}, {"protected_title": t("cert.pre.col_title"),
                                                         "webcert": t("cert.pre.col_webcert"),
                                                         "care_units": t("cert.pre.col_care")})
            with st.form(f"certa_form_{chosen}"):
                title = st.selectbox(check.label("protected_title"), titles,
                                     index=titles.index(row["protected_title"]) if row["protected_title"] in titles else 0,
                                     format_func=lambda x: x or t("cert.pre.none"), key=f"certa_{chosen}_title")
                check.error("protected_title")
                webcert = st.checkbox(check.label("webcert"), value=bool(row["webcert"]), key=f"certa_{chosen}_webcert")
                care = forms.choose_many(st, check.label("care_units"), list(row["units"] or []),
                                         default=[u for u in (row["care_units"] or []) if u in (row["units"] or [])],
                                         format_func=lambda u: unit_label.get(u, u), help=t("cert.pre.care_help"),
                                         key=f"certa_{chosen}_care")
                check.error("care_units")
                check.summary()
                if st.form_submit_button(t("form.save"), type="primary", on_click=check.attempt):
                    try:
                        services.set_rights(db, clock, user, chosen, protected_title=title or None, webcert=webcert,
                                            care_units=care)
                    except FieldErrors as e:
                        check.refused(e.errors)
                        st.rerun()
                    except (Refused, PermissionDenied) as e:
                        st.error(reason(e))
                    else:
                        feedback.flash(t("form.saved"), place="people")
                        st.rerun()
            feedback.at(msg, "people")

    with tab_units:
        contracts = services.service_contracts(db, user)
        st.dataframe([{t("cert.unit"): unit_label[u["id"]], t("cert.workplace_code"): u["workplace_code"] or "",
                       t("cert.service_contract"): "✓" if contracts.get(u["id"]) else ""}
                      for u in units], hide_index=True, width="stretch")
        check = forms.Check("certa_unit_", {}, {"unit": t("cert.unit"), "workplace_code": t("cert.workplace_code")},
                            required={"unit"})
        with st.form("certa_unit_form"):
            unit_id = st.selectbox(check.label("unit"), list(unit_label), format_func=unit_label.get, key="certa_unit")
            code = st.text_input(check.label("workplace_code"), key="certa_code")
            check.error("workplace_code")
            check.summary()
            if st.form_submit_button(t("form.save"), type="primary", on_click=check.attempt):
                try:
                    services.set_workplace_code(db, clock, user, unit_id, code)
                except FieldErrors as e:
                    check.refused(e.errors)
                    st.rerun()
                except (Refused, PermissionDenied) as e:
                    st.error(reason(e))
                else:
                    feedback.flash(t("form.saved"), place="units")
                    st.rerun()
        feedback.at(msg, "units")
        _contract_form(db, clock, user, unit_label, contracts, msg)

    with tab_table:       # ADM-9: the same data as a master-data grid, saved through the same rule, importable
        masterdata.embedded(db, clock, user, "cert_rights")
        st.caption(t("md.cert_rights.elsewhere"))


def _contract_form(db, clock, user, unit_label: dict[str, str], contracts: dict[str, bool], msg) -> None:
    """CERT-18: whether the unit's HSA-id is connected to the service contract (shown as stored
    for the chosen unit; saved on its own, so the workplace code is never touched by it)."""
    st.subheader(t("cert.service_contract"))
    feedback.at(msg, "cert_contract")
    unit_id = st.selectbox(t("cert.unit"), list(unit_label), format_func=unit_label.get, key="certa_contract_unit")
    with st.form(f"certa_contract_form_{unit_id}"):
        connected = st.checkbox(t("cert.service_contract"), value=bool(contracts.get(unit_id)),
                                help=t("cert.service_contract_help"), key=f"certa_contract_{unit_id}")
        if st.form_submit_button(t("form.save"), type="primary"):
            try:
                services.set_service_contract(db, clock, user, unit_id, connected)
            except (Refused, PermissionDenied) as e:
                st.error(reason(e))
            else:
                feedback.flash(t("form.saved"), place="cert_contract")
                st.rerun()
