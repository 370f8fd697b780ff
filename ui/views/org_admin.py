"""ORG administration, pages/39_Org_admin.py: who holds each level of the escalation ladder (ORG-6)
and the classification tree of areas and deficiency types (ORG-2), both without code."""
from __future__ import annotations

import streamlit as st

from logic.access import PermissionDenied
from logic.errors import FieldErrors
from logic.org import rules, services
from logic.org.model import HELD_LEVELS, Entry
from ui import feedback, forms
from ui.format import md_escape
from ui.i18n import lang, reason, t
from ui.views import masterdata, org_register


def show(db, clock, user) -> None:
    language = lang()

    feedback.at(feedback.take())      # the last action's message: a toast, and here
    tab_ladder, tab_tree, tab_register, tab_table = st.tabs(
        [t("org.admin.ladder"), t("org.admin.tree"), t("org.register.tab"), t("md.as_table")])
    with tab_register:                 # ORG-11 (issue 17)
        org_register.show(db, clock, user)

    with tab_ladder:
        st.caption(t("org.admin.ladder_help"))
        current = services.holders(db)
        eligible = services.eligible_holders(db)
        names = {u["username"]: u["name"] + (f" ({u['title']})" if u.get("title") else "") for u in eligible}
        st.dataframe([{
            t("org.level"): t(f"org.level.{lv.value}"),
            t("org.admin.holder"): (current.get(lv.value) or {}).get("holder_name") or "—",
            t("org.admin.holder_title"): (current.get(lv.value) or {}).get("title") or "",
        } for lv in HELD_LEVELS], hide_index=True, width="stretch")
        holder_labels = {"username": t("org.admin.holder"), "title": t("org.admin.holder_title")}
        for lv in HELD_LEVELS:
            held = current.get(lv.value) or {}
            # issue 16 item 6: the one way to validate — required marked, the problem at its field
            # by name, a summary at the button, nothing chosen lost
            check = forms.Check(f"org_holder_{lv.value}_", {}, holder_labels, {"username"})
            with st.form(f"org_holder_{lv.value}"):
                st.markdown(f"**{t(f'org.level.{lv.value}')}**")
                c1, c2 = st.columns(2)
                options = list(names)
                who = c1.selectbox(check.label("username"), options, key=f"org_holder_user_{lv.value}",
                                   index=options.index(held["username"]) if held.get("username") in options else None,
                                   format_func=names.get, placeholder=t("form.choose"))
                title = c2.text_input(check.label("title"), value=held.get("title") or "",
                                      key=f"org_holder_title_{lv.value}")
                with c1:
                    check.error("username")
                with c2:
                    check.error("title")
                check.summary()
                if st.form_submit_button(t("form.save"), on_click=check.attempt):
                    try:
                        moved = services.set_holder(db, clock, user, lv, who, title)
                    except FieldErrors as e:
                        check.refused(e.errors)
                        st.rerun()
                    except PermissionDenied as e:
                        st.error(reason(e))
                    else:
                        forms.clear(check.key)
                        feedback.flash(t("org.admin.saved", n=moved))
                        st.rerun()

    with tab_tree:
        st.caption(t("org.admin.tree_help"))
        nodes = services.classification(db, active_only=False)
        areas_all = sorted((n for n in nodes.values() if n.parent_code is None), key=lambda n: (n.entry, n.sort))
        table, row_codes = [], []
        for area in areas_all:
            table.append({t("org.admin.entry"): t(f"org.kind.{area.entry}"), t("org.col.area"): area.name(language),
                          t("org.col.deficiency"): "", t("org.admin.code"): area.code,
                          t("org.admin.ladder_flag"): "", t("org.admin.active"): area.active})
            row_codes.append(area.code)
            for kind in rules.types_of(nodes, area.code):
                table.append({t("org.admin.entry"): "", t("org.col.area"): "", t("org.col.deficiency"): kind.name(language),
                              t("org.admin.code"): kind.code, t("org.admin.ladder_flag"): "✓" if kind.ladder else "",
                              t("org.admin.active"): kind.active})
                row_codes.append(kind.code)
        # a node is edited by selecting its row (issue 16 item 10), not by picking its code from a list
        st.caption(t("org.admin.pick_row"))
        picked = st.dataframe(table, hide_index=True, width="stretch", key="org_node_table",
                              on_select="rerun", selection_mode="single-row")
        rows = picked.selection.rows if picked is not None else []
        edit = row_codes[rows[0]] if rows and rows[0] < len(row_codes) else None
        st.markdown(f"**{t('org.admin.edit')}: {md_escape(edit)} · {md_escape(nodes[edit].name(language))}**"
                    if edit else f"**{t('org.admin.new_node_title')}**")
        node = nodes.get(edit or "")
        area_codes = [a.code for a in areas_all if a.code != edit]
        node_labels = {"code": t("org.admin.code"), "parent_code": t("org.admin.parent"),
                       "entry": t("org.admin.entry"), "sort": t("org.admin.sort"),
                       "name_sv": t("org.admin.name_sv"), "name_en": t("org.admin.name_en"),
                       "name_da": t("org.admin.name_da"),
                       "guidance_sv": t("org.admin.guidance") + " (sv)",
                       "guidance_en": t("org.admin.guidance") + " (en)",
                       "guidance_da": t("org.admin.guidance") + " (da)",
                       "ladder": t("org.admin.ladder_flag"), "active": t("org.admin.active")}
        # issue 16 item 6: the one way to validate (the rules of logic.org.reference_rules)
        K = f"org_node_{edit or 'new'}_"
        check = forms.Check(K, {}, node_labels, {"name_sv"} | ({"code"} if node is None else set()))
        err = check.error
        with st.form(f"org_node_form_{edit or 'new'}"):
            c1, c2 = st.columns(2)
            code = c1.text_input(check.label("code"), value=node.code if node else "",
                                 disabled=node is not None, help=t("org.admin.code_help"))
            parent = c2.selectbox(check.label("parent_code"), [None] + area_codes,
                                  index=([None] + area_codes).index(node.parent_code)
                                  if node and node.parent_code in area_codes else 0,
                                  format_func=lambda c: nodes[c].name(language) if c else t("org.admin.is_area"))
            with c1:
                err("code")
            with c2:
                err("parent_code")
            entries = list(Entry)
            entry = c1.selectbox(check.label("entry"), entries,
                                 index=entries.index(Entry(node.entry)) if node else 0,
                                 format_func=lambda e: t(f"org.kind.{e.value}"), help=t("org.admin.entry_help"))
            sort = c2.number_input(check.label("sort"), min_value=0, max_value=999,
                                   value=node.sort if node else 100)
            with c1:
                err("entry")
            with c2:
                err("sort")
            name_sv = c1.text_input(check.label("name_sv"), value=node.name_sv if node else "")
            name_en = c2.text_input(check.label("name_en"), value=node.name_en if node else "")
            with c1:
                err("name_sv")
            with c2:
                err("name_en")
            name_da = c1.text_input(check.label("name_da"), value=(node.name_da or "") if node else "")
            with c1:
                err("name_da")
            guidance_sv = c1.text_area(check.label("guidance_sv"), value=(node.guidance_sv or "") if node else "")
            guidance_en = c2.text_area(check.label("guidance_en"), value=(node.guidance_en or "") if node else "")
            with c1:
                err("guidance_sv")
            with c2:
                err("guidance_en")
            guidance_da = c1.text_area(check.label("guidance_da"), value=(node.guidance_da or "") if node else "")
            with c1:
                err("guidance_da")
            ladder = c1.checkbox(check.label("ladder"), value=node.ladder if node else False,
                                 help=t("org.admin.ladder_flag_help"))
            active = c2.checkbox(check.label("active"), value=node.active if node else True)
            with c1:
                err("ladder")
            check.summary()
            if st.form_submit_button(t("form.save"), type="primary", on_click=check.attempt):
                try:
                    services.save_node(db, clock, user, code=node.code if node else code, parent_code=parent,
                                       entry=entry, name_sv=name_sv, name_en=name_en, guidance_sv=guidance_sv,
                                       guidance_en=guidance_en, ladder=ladder, sort=int(sort), active=active,
                                       name_da=name_da, guidance_da=guidance_da)
                except FieldErrors as e:
                    check.refused(e.errors)
                    st.rerun()
                except PermissionDenied as e:
                    st.error(reason(e))
                else:
                    forms.clear(K)          # the press's flags (the widgets show what is stored)
                    feedback.flash(t("form.saved"))
                    st.rerun()

    with tab_table:       # ADM-9: the same data as master-data grids, saved through the same rules, importable
        st.subheader(t("md.kind.org_ladder"))
        masterdata.embedded(db, clock, user, "org_ladder")
        st.subheader(t("md.kind.org_classification"))
        masterdata.embedded(db, clock, user, "org_classification")
