"""The report form of both ORG entries (ORG-1): "Miljön – säkerhet, miljö och organisation"
(pages/30) and "Patienten – vårdavvikelse" (pages/32). Classification with its guidance
(ORG-2, ORG-3), the event, who was affected, the collaboration party, patient harm and the
offer to register the linked deviation of the other entry (ORG-7). What is typed survives
reruns and navigation (`forms.keep`); every problem is shown at its field."""
from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from logic import i18n
from logic.access import PermissionDenied
from logic.errors import FieldErrors, Refused
from logic.org import rules, services
from logic.org.model import Affected, Entry, OrgDraft, Party
from ui import feedback, forms
from ui.format import md_escape
from ui.i18n import lang, reason, t
from ui.links import case_link


def render(p, entry: Entry) -> None:
    user, db, clock = p.user, p.db, p.clock
    P = f"org_{entry.value}_"       # session-state prefix of this form
    forms.keep(P)
    labels = {f: t(f"org.{f}") for f in (
        "unit_id", "area", "deficiency", "grounds", "title", "what_happened", "occurred_date", "occurred_time",
        "location", "affected", "party", "party_other", "patient_harmed", "harm_description",
        "create_linked", "linked_area", "linked_deficiency")}
    labels["create_linked"] = t(f"org.create_linked.{entry.other.value}")

    done = st.session_state.get(P + "receipt")
    if done:
        _receipt(P, entry, done)
        return

    units = services.reporter_units(db, user)
    if not units:
        st.warning(t("org.no_units"))
        return
    unit_ids = [u["id"] for u in units]
    unit_label = {u["id"]: f"{u['code'] or ''} {u['name']}".strip() for u in units}
    forms.defaults({P + "unit_id": unit_ids[0] if len(unit_ids) == 1 else None})

    data = {f: st.session_state.get(P + f) for f in OrgDraft.model_fields if f != "entry"}
    draft, errors = forms.build(OrgDraft, {**data, "entry": entry})
    judged = draft if draft is not None else forms.rest(OrgDraft, {**data, "entry": entry}, errors)
    if judged is not None:      # the rules still judge the other fields while one is refused
        errors.update({k: v for k, v in services.check_draft(db, clock, user, judged).items()
                       if k not in errors})
    nodes = services.classification(db)
    check = forms.Check(P, errors, labels, required=_required(db, clock, user, entry, data))
    err, label = check.error, check.label

    # -- where the report belongs, and who gets it (ORG-4)
    if len(unit_ids) > 1:
        st.selectbox(label("unit_id"), unit_ids, key=P + "unit_id", index=None,
                     format_func=unit_label.get, placeholder=t("form.choose"), help=t("org.unit_help"))
    else:
        st.text_input(label("unit_id"), value=unit_label[unit_ids[0]], disabled=True)
    err("unit_id")
    route = services.route_preview(db, user, st.session_state.get(P + "unit_id"))
    if route:
        st.caption(t("org.routes_to_self") if route["to_self"]
                   else t("org.routes_to", name=md_escape(route["name"] or route["manager"])))

    # -- classification (ORG-2) with its guidance (ORG-3)
    st.subheader(t("org.classify"))
    if entry is Entry.ENVIRONMENT:
        st.info(t("org.guidance_insurance"), icon=":material/info:")
    _classification(P, nodes, entry, "area", "deficiency", label, err)
    if _is_ladder(nodes, st.session_state.get(P + "deficiency")):
        _grounds(P, db, label, err)

    # -- the event
    st.subheader(t("org.event"))
    st.text_input(label("title"), key=P + "title", placeholder=t("org.title_help"))
    err("title")
    st.text_area(label("what_happened"), key=P + "what_happened", height=140,
                 help=t("org.what_happened_help"))
    err("what_happened")
    c1, c2 = st.columns(2)
    c1.date_input(label("occurred_date"), key=P + "occurred_date", value=None,
                  **forms.dates(clock, user.tz, keep=P + "occurred_date"))
    c2.time_input(label("occurred_time"), key=P + "occurred_time", value=None, step=300)
    with c1:                  # under its own field, also when a phone stacks the two
        err("occurred_date")
    with c2:
        err("occurred_time")
    st.text_input(label("location"), key=P + "location", placeholder=t("org.location_help"))
    err("location")
    forms.choose_many(st, label("affected"), list(Affected), key=P + "affected",
                   format_func=lambda a: t(f"org.affected.{a.value}"), placeholder=t("form.choose"))
    err("affected")
    create_linked = bool(st.session_state.get(P + "create_linked"))
    if entry is Entry.ENVIRONMENT or create_linked:
        st.radio(label("party"), list(Party), key=P + "party", index=None, horizontal=True,
                 format_func=lambda o: t(f"org.party.{o.value}"))
        err("party")
        if st.session_state.get(P + "party") is Party.OTHER:
            st.text_input(label("party_other"), key=P + "party_other")
            err("party_other")

    # -- patient harm and the linked deviation (ORG-7)
    st.radio(label("patient_harmed"), [True, False], key=P + "patient_harmed", index=None,
             horizontal=True, format_func=lambda o: t("form.yes") if o else t("form.no"))
    err("patient_harmed")
    if st.session_state.get(P + "patient_harmed"):
        st.text_area(label("harm_description"), key=P + "harm_description")
        err("harm_description")
        with st.container(border=True):
            st.markdown(t(f"org.linked_offer.{entry.value}"))
            st.checkbox(label("create_linked"), key=P + "create_linked")
            err("create_linked")
            if st.session_state.get(P + "create_linked"):
                _classification(P, nodes, entry.other, "linked_area", "linked_deficiency", label, err)
                if (not _is_ladder(nodes, st.session_state.get(P + "deficiency"))
                        and _is_ladder(nodes, st.session_state.get(P + "linked_deficiency"))):
                    _grounds(P, db, label, err)
    elif st.session_state.get(P + "create_linked"):
        st.session_state[P + "create_linked"] = False

    st.divider()
    check.summary()
    if st.button(t("org.submit"), key=P + "submit__btn", type="primary", on_click=check.attempt):
        if check.blocks() or draft is None:
            return                          # the problems stand at their fields and at the button
        try:
            reg = services.register(db, clock, user, draft)
        except FieldErrors as e:
            check.refused(e.errors)
            st.rerun()
        except (Refused, PermissionDenied) as e:
            st.error(reason(e))
        else:
            keep_unit = st.session_state.get(P + "unit_id")
            forms.clear(P)
            st.session_state[P + "receipt"] = {"case_id": reg.case_id, "linked_id": reg.linked_id,
                                               "holder": reg.holder_name or reg.holder,
                                               "to_self": reg.to_self}
            st.session_state[P + "unit_id"] = keep_unit
            feedback.flash(t("org.receipt"))      # a toast too: the receipt replaces the form
            st.rerun()


def _classification(P: str, nodes: dict, entry: Entry, area_field: str, type_field: str,
                    label, err) -> None:
    """Area first, then the deficiency types of that area; the chosen node's guidance."""
    language = lang()
    area_nodes = rules.areas(nodes, entry)
    codes = [n.code for n in area_nodes]
    if st.session_state.get(P + area_field) not in codes:
        st.session_state[P + area_field] = None
    st.selectbox(label(area_field), codes, key=P + area_field, index=None,
                 format_func=lambda c: nodes[c].name(language), placeholder=t("form.choose"))
    err(area_field)
    area = st.session_state.get(P + area_field)
    kinds = rules.types_of(nodes, area)
    kind_codes = [n.code for n in kinds]
    if st.session_state.get(P + type_field) not in kind_codes:
        st.session_state[P + type_field] = None
    st.selectbox(label(type_field), kind_codes, key=P + type_field, index=None,
                 format_func=lambda c: nodes[c].name(language), placeholder=t("form.choose"),
                 disabled=area is None)
    err(type_field)
    chosen = nodes.get(st.session_state.get(P + type_field) or "") or nodes.get(area or "")
    if chosen is not None and chosen.guidance(language):
        st.caption(md_escape(chosen.guidance(language)))


def _is_ladder(nodes: dict, code: str | None) -> bool:
    """An insurance-medicine type (the ladder applies, ORG-6): its report gives grounds (ORG-8)."""
    node = nodes.get(code or "")
    return node is not None and node.ladder


def _grounds(P: str, db, label, err) -> None:
    """ORG-8: the grounds for reporting (seed 002), one or more, in the reference data's order."""
    language = lang()
    names = {g["code"]: i18n.pick_row(language, g, "name") for g in services.grounds(db)}
    chosen = [c for c in st.session_state.get(P + "grounds") or [] if c in names]
    if chosen != (st.session_state.get(P + "grounds") or []):
        st.session_state[P + "grounds"] = chosen
    forms.choose_many(st, label("grounds"), list(names), key=P + "grounds", format_func=names.get,
                      help=t("org.grounds_help"))
    err("grounds")


# Choices that decide which other fields the form asks for.
_DECIDING = ("unit_id", "deficiency", "party", "patient_harmed", "create_linked", "linked_deficiency")


def _required(db, clock, user, entry: Entry, data: dict) -> set[str]:
    """The fields the rules require, filled in or not: the rules judge an empty report and one
    that holds only the deciding choices (so a field stays marked * once it is filled)."""
    required: set[str] = set()
    for kept in ({}, {f: data.get(f) for f in _DECIDING}):
        try:
            bare = OrgDraft.model_validate({**kept, "entry": entry})
        except ValidationError:
            continue
        required |= {k for k, v in services.check_draft(db, clock, user, bare).items() if v == rules.REQUIRED}
    return required


def _receipt(P: str, entry: Entry, done: dict) -> None:
    feedback.take()
    st.success(t("org.receipt"), icon=":material/check_circle:")
    case_link(done["case_id"], t(f"org.receipt_number.{entry.value}", case_id=done["case_id"]))
    if done.get("linked_id"):
        case_link(done["linked_id"], t(f"org.receipt_linked.{entry.other.value}", case_id=done["linked_id"]))
    st.info(t("org.receipt_to_self") if done["to_self"]
            else t("org.receipt_to", name=md_escape(done["holder"])))
    if st.button(t("org.new"), key=P + "again__btn"):
        forms.clear(P)
        st.rerun()
