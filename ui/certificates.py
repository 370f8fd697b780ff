"""Streamlit helpers shared by the certificate pages: the unit the physician is logged in on,
labels for statuses, types and recipients, and links to a certificate."""
from __future__ import annotations

import streamlit as st

from logic import i18n
from logic.certificates import services
from logic.identity import format_id
from ui.format import dt
from ui.i18n import lang, t
from ui.links import case_link

CERT_PAGE = "pages/41_Intyg_utkast.py"
PATIENT_PAGE = "pages/40_Intyg.py"
UNIT_KEY = "cert_unit"           # plain session key: survives page switches
SELECT_KEY = "cert_unit_select"  # the sidebar's choice (a widget key)
STATUS_COLORS = {"empty": "gray", "draft": "blue", "locked": "orange", "signed": "green",
                 "sent": "green", "handed_to_police": "green", "voided": "red", "deleted": "gray"}


def active_unit(p, draw: bool = True) -> str | None:
    """The unit the physician works on (vårdenhet). With several units the choice is made in
    the sidebar and kept for the session; questions with Försäkringskassan are only possible
    on the unit where the certificate was created (CERT-11). `draw=False`: the same unit,
    without drawing anything (a page that may still refuse the case draws it afterwards)."""
    units = services.user_units(p.db, p.user)
    if not units:
        if draw:
            st.warning(t("cert.no_units"))
        return None
    ids = [u["id"] for u in units]
    label = {u["id"]: f"{u['code'] or ''} {u['name']}".strip() for u in units}
    current = st.session_state.get(UNIT_KEY)
    if st.session_state.get(SELECT_KEY) in ids:        # chosen in the sidebar, maybe in this run
        current = st.session_state[SELECT_KEY]
    if current not in ids:
        current = ids[0]
    if not draw:
        return current
    with st.sidebar:
        if len(ids) > 1:
            current = st.selectbox(t("cert.logged_in_unit"), ids, index=ids.index(current),
                                   format_func=label.get, key=SELECT_KEY,
                                   help=t("cert.logged_in_unit_help"))
        else:
            st.caption(f"{t('cert.logged_in_unit')}: {label[current]}")
    st.session_state[UNIT_KEY] = current
    return current


def header_row(widths: list[int], keys: tuple[str, ...]) -> None:
    """The captions above a certificate list drawn as rows of st.columns of these widths."""
    for col, key in zip(st.columns(widths), keys):
        col.caption(t(key))


def status_label(status: str) -> str:
    return t(f"certificate.status.{status}")


def status_badge(status: str) -> None:
    st.badge(status_label(status), color=STATUS_COLORS.get(status, "gray"))


def direction_badge(incoming: bool, label: str) -> None:
    """CERT-11: incoming (from Försäkringskassan, yellow in the record system) vs sent (blue)."""
    if incoming:
        st.badge(label, icon=":material/call_received:", color="orange")
    else:
        st.badge(label, icon=":material/call_made:", color="blue")


def type_name(row: dict) -> str:
    return i18n.pick_row(lang(), row, "type_name")


def recipient(row: dict) -> str:
    """Mottagare in the patient's list: the authority it went to, if it was sent."""
    if row.get("recipient"):
        return t(f"cert.authority.{row['recipient']}")
    return ""


def person(row: dict) -> str:
    """Pnr and name, as the work lists show them (only for users who may see them)."""
    if not row.get("patient_id"):
        return t("cert.person_hidden")
    return f"{format_id(row['patient_id'])} {row.get('patient_name') or ''}".strip()


def link(case_id: str, label: str | None = None, key: str | None = None) -> None:
    """A certificate's number (or a text naming it) as a link to its draft page, drawn like
    every case link (ui.links)."""
    case_link(case_id, label, page=CERT_PAGE, key=key)


def when(value, tz: str) -> str:
    return dt(value, tz)
