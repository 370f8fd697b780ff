"""The entry screens of seeds 000/001 that lead into the registration wizard with the subject
filled in: 'Mottagare' (DEV-20, pages/13), 'Individkort' (DEV-21, pages/14) and 'Dina
uppgifter' with the buffer stock, the other starts and 'Sök arbetsorder' (DEV-22, DEV-23,
pages/15). Each row's "Avvikelse/Reklamation" calls `deviation_wizard.start`.

Their session keys begin with the wizard's prefix, so the wizard's Avbryt and Stäng (DEV-24)
leave nothing of them behind either."""
from __future__ import annotations

import streamlit as st

from logic.deviations import services
from logic.deviations.model import RegistrationPath
from logic.errors import FieldErrors, Refused
from ui import case_document, forms
from ui.format import day, md_escape
from ui.i18n import t
from ui.views import deviation_wizard
from ui.views.deviation_wizard import P

R = P + "rcp_"       # Mottagare
CARD = P + "ind_"    # Individkort
W = P + "my_"        # Dina uppgifter


def _report_button(begin: services.Start, key: str) -> None:
    """The row's "Avvikelse/Reklamation": into the wizard with this subject."""
    if st.button(t("dev.report_on_row"), key=key, icon=":material/report:", type="primary"):
        deviation_wizard.start(begin)


def _search_form(prefix: str, label: str, help_text: str | None = None, placeholder: str | None = None) -> bool:
    """A search box with its button (Enter searches too); True when it was sent."""
    with st.form(prefix + "form", border=False, enter_to_submit=True):
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        c1.text_input(label, key=prefix + "q", help=help_text, placeholder=placeholder)
        return c2.form_submit_button(t("form.search"), icon=":material/search:")


def _device_title(article_no: str | None, name: str | None, individual: str | None) -> str:
    words = " ".join(str(md_escape(w)) for w in (article_no, name) if w)
    return f"**{words}**" + (f" · {md_escape(individual)}" if individual else "")


def _search(prefix: str, field: str, label: str, run) -> None:
    """Run a search on its press; keep its result (or its refusal at the field) for the reruns."""
    try:
        st.session_state[prefix + "hits"] = run(st.session_state.get(prefix + "q"))
        st.session_state.pop(prefix + "errors", None)
    except FieldErrors as e:
        st.session_state[prefix + "errors"] = dict(e.errors)
        st.session_state.pop(prefix + "hits", None)
    st.session_state[prefix + "tried__"] = True


def _field_problem(prefix: str, field: str, label: str) -> None:
    check = forms.Check(prefix, st.session_state.get(prefix + "errors") or {}, {field: label})
    check.error(field)


# ------------------------------------------------------------------ DEV-20 Mottagare

def recipient(db, clock, user) -> None:
    st.caption(t("dev.scope_note"))
    label = t("dev.recipient_search")
    if _search_form(R, label, placeholder="ÅÅÅÅMMDDNNNN"):
        try:
            found, devices = services.recipient_screen(db, clock, user, st.session_state.get(R + "q") or "")
            st.session_state[R + "found"] = {"recipient": found, "devices": devices}
        except Refused as e:
            st.session_state[R + "found"] = {"error": e.key}
    found = st.session_state.get(R + "found")
    if not found:
        return
    if found.get("error"):
        st.error(t("form.field_problem", field=label, problem=t(found["error"])), icon=":material/error:")
        return
    person = found["recipient"]
    if person is None:
        st.error(t("dev.recipient_not_found"), icon=":material/error:")
        return
    with st.container(border=True):
        st.markdown(f"**{md_escape(person['name'])}**")
        st.caption(f"{t('dev.recipient_kind.' + person['kind'])} · {md_escape(person['shown_id'])}")
    st.subheader(t("dev.recipient_devices"))
    if not found["devices"]:
        st.info(t("dev.no_devices"))
        return
    for d in found["devices"]:
        with st.container(border=True):
            c1, c2 = st.columns([3, 1], vertical_alignment="center")
            c1.markdown(_device_title(d["article_no"], d["article_name"], d["individual_no"]))
            dates = (t("dev.row_dates", ordered=day(d["ordered"]) or "–", delivered=day(d["delivered"]))
                     if d["delivered"] else t("dev.row_not_delivered", ordered=day(d["ordered"]) or "–"))
            c1.caption(f"{dates} · {t('dev.row_components')}" if d["has_components"] else dates)
            with c2:
                _report_button(services.start_for_device(person["id"], d["id"]), R + f"row_{d['id']}__btn")


# ------------------------------------------------------------------ DEV-21 Individkort

def individual_card(db, clock, user) -> None:
    st.caption(t("dev.scope_note"))
    label = t("dev.individual_no")
    if _search_form(CARD, label, help_text=t("dev.individual_help"), placeholder="CFH…"):
        _search(CARD, "individual_no", label, lambda q: services.individual_cards(db, clock, user, q))
    _field_problem(CARD, "individual_no", label)
    hits: services.Hits | None = st.session_state.get(CARD + "hits")
    if hits is None:
        return
    if not hits.rows:
        st.info(t("dev.individual_none"))
    for row in hits.rows:
        with st.container(border=True):
            c1, c2 = st.columns([3, 1], vertical_alignment="center")
            c1.markdown(_device_title(row["article_no"], row["article_name"], row["individual_no"]))
            if row["place"] == "stock":
                c1.caption(t("dev.on_stock_at", unit=row["unit_name"] or "–"))
            else:
                c1.caption(t("dev.on_recipient", name=row["recipient_name"] or "–", number=row["shown_id"]))
            with c2:
                _report_button(row["start"], CARD + f"row_{row['place']}_{row['stock_item_id'] or row['device_id']}__btn")
    if hits.more:
        st.caption(t("dev.hits_more", n=len(hits.rows)))


# ------------------------------------------------------------------ DEV-22, DEV-23 Dina uppgifter

def my_details(db, clock, user) -> None:
    """The user's details, then the seed's Avvikelse/Reklamation column below them (one column:
    the rows and their buttons keep their room at 1400 px as on a phone)."""
    sites = services.user_sites(db, user)
    case_document.pairs([
        (t("dev.my.name"), user.name), (t("dev.my.title"), user.title),
        (t("dev.my.prescriber_code"), user.prescriber_code),
        (t("dev.my.sites"), "\n".join(f"{s['code']} {s['name']}" for s in sites)),
        (t("dev.my.email"), user.email)], key="dev_my_details")
    st.page_link("pages/11_Mina_avvikelser.py", label=t("dev.my.search"), icon=":material/search:")
    st.subheader(t("dev.my.report"))
    st.caption(t("dev.scope_note"))
    with st.expander(t("dev.my.stock"), expanded=True, icon=":material/inventory_2:"):
        for item in services.buffer_stock(db, user):
            with st.container(border=True):
                c1, c2 = st.columns([3, 1], vertical_alignment="center")
                c1.markdown(_device_title(item["article_no"], item["article_name"], None))
                c1.caption(t("dev.my.quantity", n=item["quantity"], unit=item["unit_name"] or "–"))
                with c2:
                    _report_button(item["start"], W + f"stock_{item['id']}__btn")
    with st.expander(t("dev.my.work_orders"), expanded=True, icon=":material/handyman:"):
        _work_orders(db, clock, user)
    with st.expander(t("dev.my.other"), expanded=True, icon=":material/more_horiz:"):
        for path in (RegistrationPath.UNREGISTERED_DEVICE, RegistrationPath.SERVICE_NO_ORDER):
            if st.button(t(f"dev.path.{path.value}"), key=W + f"path_{path.value}__btn",
                         icon=":material/report:"):
                deviation_wizard.start(services.start_on_path(path))


def _work_orders(db, clock, user) -> None:
    label = t("dev.work_order_no")
    if _search_form(W + "wo_", label, help_text=t("dev.my.work_order_help"), placeholder="AO-26"):
        _search(W + "wo_", "work_order_no", label, lambda q: services.work_orders(db, user, q))
    _field_problem(W + "wo_", "work_order_no", label)
    hits: services.Hits | None = st.session_state.get(W + "wo_hits")
    if hits is None:
        return
    if not hits.rows:
        st.info(t("dev.work_order_none"))
    for row in hits.rows:
        with st.container(border=True):
            c1, c2 = st.columns([3, 1], vertical_alignment="center")
            c1.markdown(f"**{md_escape(row['no'])}** {md_escape(row['description'] or '')}")
            c1.caption(t("dev.work_order_row",
                         performed=day(row["performed"]) if row["performed"] else t("dev.work_order_not_performed"),
                         recipient=row["recipient_name"] or "–"))
            with c2:
                _report_button(row["start"], W + f"wo_row_{row['no']}__btn")
    if hits.more:
        st.caption(t("dev.hits_more", n=len(hits.rows)))
