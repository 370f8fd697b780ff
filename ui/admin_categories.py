"""Admin editor for deviation categories per event type (DEV-6 reference data)."""
from __future__ import annotations

import streamlit as st

from logic.deviations import services
from logic.deviations.model import EventType
from logic.errors import FieldErrors
from logic.i18n import LANGUAGES
from ui.i18n import t


def editor(db, clock, user) -> None:
    rows = services.all_categories(db)
    names = {"name_sv": LANGUAGES["sv"], "name_en": LANGUAGES["en"], "name_da": LANGUAGES["da"]}
    st.dataframe([{t("dev.event_type"): t(f"dev.event.{r['event_type']}"), t("admin.code"): r["code"],
                   **{label: r.get(column) or "" for column, label in names.items()},
                   t("dev.delivery_note_no"): "✓" if r["requires_delivery_ref"] else "",
                   t("admin.active"): r["active"]} for r in rows], hide_index=True, width="stretch")
    with st.form("cat_form"):
        c1, c2 = st.columns(2)
        event = c1.selectbox(t("dev.event_type"), list(EventType), format_func=lambda e: t(f"dev.event.{e.value}"))
        code = c2.text_input(t("admin.code"))
        name_sv = c1.text_input("Svenska")
        name_en = c2.text_input("English")
        name_da = c1.text_input("Dansk")
        sort = c1.number_input(t("admin.sort"), min_value=0, max_value=999, value=100)
        needs_ref = c2.checkbox(t("dev.delivery_ref_required"))
        active = c2.checkbox(t("admin.active"), value=True)
        if st.form_submit_button(t("form.save")):
            try:
                services.save_category(db, clock, user, event_type=event, code=code, name_sv=name_sv,
                                       name_en=name_en, requires_delivery_ref=needs_ref, sort=int(sort),
                                       active=active, name_da=name_da)
                st.success(t("form.saved"))
            except FieldErrors as e:
                for field, key in e.errors.items():
                    st.error(f"{names.get(field) or t('admin.code')}: {t(key)}")
