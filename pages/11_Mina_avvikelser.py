"""'Sök avvikelse/reklamation' (DEV-13): period, service site, prescriber code (own
preselected), number prefix; rows show number, type, date, orderer, status and open the case."""
from __future__ import annotations

import streamlit as st

from logic.access import Action
from logic.deviations import services
from logic.errors import FieldErrors
from ui import forms, shell
from ui.format import dt
from ui.i18n import t
from ui.case_table import case_table

p = shell.page(Action.SEARCH_DEVIATIONS, "dev.search_title")
user, db, clock = p.user, p.db, p.clock

sites = services.search_sites(db, user)
site_options = [None] + [s["id"] for s in sites]
site_label = {s["id"]: f"{s['code']} {s['name']}" for s in sites}
periods = list(services.PERIODS)
with st.form("dev_search_form"):
    c1, c2, c3, c4 = st.columns(4)
    period = c1.selectbox(t("dev.period"), periods, format_func=lambda k: t(f"dev.period.{k}"),
                          key="dev_search_period")
    site = c2.selectbox(t("dev.service_site_id"), site_options, key="dev_search_site",
                        format_func=lambda s: site_label.get(s, t("dev.all_sites")))
    code = c3.text_input(t("users.prescriber_code"), value=user.prescriber_code or "", key="dev_search_code")
    prefix = c4.text_input(t("dev.number_prefix"), key="dev_search_prefix", help=t("dev.number_prefix_help"))
    try:
        rows = services.search_mine(db, clock, user, period=period, site_id=site, prescriber_code=code,
                                    number_prefix=prefix)
    except FieldErrors as e:         # at the field, the text kept in it
        for column, name in ((c3, "prescriber_code"), (c4, "number_prefix")):
            with column:
                forms.field_error(e.errors, name)
        rows = None
    st.form_submit_button(t("form.search"), type="primary", icon=":material/search:")
if rows is None:
    st.stop()
st.write(t("dev.hits_one") if len(rows) == 1 else t("dev.hits", n=len(rows)))
if rows:
    table = [{
        t("dev.number"): r["id"],
        t("dev.case_title"): r["title"] or "",
        t("dev.type"): t(f"dev.kind.{r['kind']}"),
        t("dev.registered"): dt(r["created_at"], user.tz, "%Y-%m-%d"),
        t("dev.orderer"): r["orderer"] or r["created_by"],
        t("dev.status"): t(f"dev.status.{r['status']}"),
    } for r in rows]
    case_table(table, [r["id"] for r in rows], key="dev_search_table", back_page="pages/11_Mina_avvikelser.py",
               back_label="dev.back_to_search")
