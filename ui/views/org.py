"""The ORG case page (kinds org and care): where the case stands on the ladder (ORG-6), the
steps with each level's decision, who, when and outcome, the linked case (ORG-7), contacts
with the collaboration party and the unit meeting (ORG-5), and — for the current handler and
the levels above it — forwarding (ORG-4), escalation and closing."""
from __future__ import annotations

import streamlit as st

from logic import i18n
from logic.access import PermissionDenied
from logic.errors import Refused
from logic.org import services
from logic.org.model import CONTACT_PARTIES, LADDER, Entry, Level, Status, StepMove
from ui import case_document, case_log, confirm, feedback, forms
from ui.format import day, dt, md_escape
from ui.i18n import lang, reason, t
from ui.links import case_link

PLACE = "org_actions"      # where the actions' messages show (ui.feedback)


def show(p, case_id: str) -> None:
    user, db, clock = p.user, p.db, p.clock
    try:
        case = services.get_case(db, clock, user, case_id)
    except (PermissionDenied, Refused) as e:
        st.error(reason(e))
        return
    msg = feedback.take()      # the last action's message: a toast, and in place below
    feedback.at(msg)
    entry = Entry(case["kind"])
    language = lang()
    st.header(f"{case['id']} · {t('org.kind.' + entry.value)}")
    st.markdown(f"**{md_escape(case['title'])}**")
    facts = [(t("org.status"), t(f"org.status.{case['status']}")),
             (t("org.level"), t(f"org.level.{case['level']}")),
             (t("org.handler"), case.get("assignee_name") or case.get("assignee") or ""),
             (t("org.reported"), dt(case["created_at"], user.tz, "%Y-%m-%d"))]
    case_document.facts(facts)

    if case.get("linked"):
        linked = case["linked"]
        case_link(linked["id"], t(f"org.linked_case.{linked['kind']}", case_id=linked["id"])
                  if linked["kind"] in ("org", "care") else linked["id"])
    if case.get("outcome"):
        with st.container(border=True):
            st.markdown(f"**{t('org.outcome')}**")
            st.text(case["outcome"])

    _ladder(case)
    grounds = {g["code"]: i18n.pick_row(language, g, "name") for g in services.grounds(db, active_only=False)}
    _details(case, user.tz, language, grounds)
    _steps(case, user.tz)
    _contacts(case)
    if case["may_act"]:
        _actions(p, case, msg, grounds)
    else:
        feedback.at(msg, PLACE)      # the action moved the case on: say so where it was taken
    if not case["may_act"] and case["status"] != Status.CLOSED.value:
        st.caption(reason(case["act_refusal"]) if case["act_refusal"].reason != "access.role_missing"
                   else t("org.read_only"))
    case_log.show(db, case_id, user)


# ------------------------------------------------------------------ display


# Streamlit stacks a horizontal container on a narrow screen: keep the ladder's steps in a
# wrapping row there too (a few short lines on a phone, not four boxes one under the other).
# Constant CSS, no user text.
_LADDER_CSS = ("<style>@media (max-width: 640px) { .st-key-org_ladder"
               " { flex-direction: row !important; flex-wrap: wrap !important; } }</style>")


def _ladder(case: dict) -> None:
    """ORG-6: the ladder with where the case stands — one compact step per level (mark, name,
    holder) in a row that wraps, the current one marked; a case the ladder does not apply to
    shows its one level and says why (issue 16, item 8: usable on a phone)."""
    st.subheader(t("org.ladder"))
    current = Level(case["level"]).rank
    levels = LADDER if case["ladder"] else LADDER[:1]
    reached: dict[str, str] = {}
    for step in case["steps"]:
        reached[step["level"]] = step.get("holder_name") or step["holder"]
    st.html(_LADDER_CSS)
    with st.container(horizontal=True, gap="small", key="org_ladder"):
        for i, level in enumerate(levels):
            name = md_escape(t("org.level." + level.value))
            if i < current or (i == current and case["status"] == Status.CLOSED.value):
                mark = f":green[✓ **{name}**] · " + t("org.passed")
            elif i == current:
                mark = f":blue[**● {name}** · {t('org.here')}]"
            else:
                mark = f"○ **{name}** · " + t("org.not_reached")
            holder = reached.get(level.value)
            if holder is None and level is not Level.MANAGER:
                h = case["holders"].get(level.value)
                holder = (h.get("holder_name") or h["username"]) if h else t("org.no_holder_short")
            with st.container(border=True, width="content", gap=None, key=f"org_ladder_{level.value}"):
                st.markdown(mark)
                if holder:
                    st.caption(md_escape(holder))
    if not case["ladder"]:
        st.caption(t("org.ladder_not_applicable_long"))


def _when(value, tz: str) -> str:
    """The event's date, with the time when one was given (00:00 local means 'not given')."""
    shown = dt(value, tz)
    return shown[:10] if shown.endswith(" 00:00") else shown


def _details(case: dict, tz: str, language: str, grounds: dict[str, str]) -> None:
    area = i18n.pick_row(language, case, "area")
    kind = i18n.pick_row(language, case, "deficiency")
    party = t("org.party." + case["party"]) if case.get("party") else ""
    if case.get("party_other"):
        party = f"{party}: {case['party_other']}"
    case_document.pairs([
        (t("org.reporter"), case.get("created_by_name") or case["created_by"]),
        (t("org.reporter_unit"), case.get("reporter_unit_name")),
        (t("org.routed_unit"), case.get("routed_unit_name")),
        (t("org.area"), area), (t("org.deficiency"), kind),
        *([(t("org.grounds"), ", ".join(grounds.get(g, g) for g in case.get("grounds") or [])
            or t("org.grounds_none"))] if case["ladder"] else []),          # ORG-8
        (t("org.occurred_date"), _when(case["occurred_at"], tz)),
        (t("org.location"), case.get("location")),
        (t("org.what_happened"), case.get("what_happened")),
        (t("org.affected"), ", ".join(t("org.affected." + a) for a in case.get("affected") or [])),
        (t("org.party"), party),
        (t("org.patient_harmed"), t("form.yes") if case.get("patient_harmed") else t("form.no")),
        (t("org.harm_description"), case.get("harm_description")),
        (t("org.unit_meeting_on"), day(case.get("unit_meeting_on"))),
        (t("org.unit_meeting_note"), case.get("unit_meeting_note")),
    ], t("org.details"), key="case_details")


def _steps(case: dict, tz: str) -> None:
    """Each level's decision, who, when and outcome (ORG-6), oldest first."""
    st.subheader(t("org.steps"))
    for s in case["steps"]:
        with st.container(border=True):
            holder = md_escape(s.get("holder_name") or s["holder"])
            level = t("org.level." + s["level"])
            arrival = t("org.arrival." + s["arrival"])
            st.markdown(f"**{level}** · {holder} · {t('org.arrived').lower()} "
                        f"{dt(s['arrived_at'], tz)} · {arrival}")
            if s.get("arrival_note"):
                st.markdown(f"{t('org.reason')}: {md_escape(s['arrival_note'])}")
            if s.get("decision"):
                who = md_escape(s.get("decided_by_name") or s.get("decided_by") or "")
                decision = t("org.decision." + s["decision"])
                st.markdown(f"{t('org.decision')}: **{decision}** · {who} · {dt(s.get('decided_at'), tz)}")
                if s.get("outcome") and s["decision"] in ("learning", "close"):
                    st.markdown(f"{t('org.outcome')}: {md_escape(s['outcome'])}")
            else:
                st.caption(t("org.pending"))


def _contacts(case: dict) -> None:
    st.subheader(t("org.contacts"))
    if not case["contacts"]:
        st.caption(t("org.no_contacts"))
        return
    st.dataframe([{
        t("org.contacted_on"): day(k["contacted_on"]),
        t("org.contact_party"): t(f"org.party.{k['party']}"),
        t("org.contact_role"): k["contact_role"] + (f" ({t('org.register.role.' + k['register_role'])})"
                                                    if k.get("register_role") else ""),
        t("org.contact_outcome"): k["outcome"],
        t("org.recorded_by"): k.get("recorded_by_name") or k["recorded_by"],
    } for k in case["contacts"]], hide_index=True, width="stretch")


# ------------------------------------------------------------------ acting


def _call(fn, *args, check: forms.Check, flash: str, clear: tuple[str, ...] = (), **kwargs) -> None:
    """Run a service; its field errors stand at their fields and are summed up at the button
    (`forms.Check`, the one way every form validates), others next to the button. On success
    the fields in `clear` are emptied and `flash` said (ui.feedback)."""
    if check.call(lambda: fn(*args, **kwargs))[0]:
        for name in (*clear, check.key + "tried__", check.key + "refused__"):
            st.session_state.pop(name, None)
        feedback.flash(flash, place=PLACE)
        st.rerun()


# the fields each decision asks for, and which of them must be filled in (logic/org/services/ladder.py)
NEEDS = {StepMove.FORWARD: ({"to", "reason"}, {"to", "reason"}),
         StepMove.ESCALATE: ({"reason"}, {"reason"}),
         StepMove.LEARNING: ({"outcome", "reason"}, {"outcome"}),
         StepMove.CLOSE: ({"outcome"}, {"outcome"})}


def _actions(p, case: dict, msg: feedback.Message | None = None, grounds: dict[str, str] | None = None) -> None:
    cid, version = case["id"], case["version"]
    K = f"orgc_{cid}_"
    st.subheader(t("org.handle"))
    feedback.at(msg, PLACE)
    decisions: list[StepMove] = case["decisions"]
    tabs = st.tabs([t("org.decide"), t("org.contact_tab"), t("org.unit_meeting")]
                   + ([t("org.grounds_tab")] if case["ladder"] else []))
    tab_decide, tab_contact, tab_meeting = tabs[:3]
    if case["ladder"]:
        with tabs[3]:
            _grounds_form(p, case, {c: n for c, n in (grounds or {}).items()
                                    if c in _active_grounds(p.db) or c in (case.get("grounds") or [])})

    with tab_decide:
        choice = st.radio(t("org.decision"), decisions, key=K + "decision", horizontal=True,
                          format_func=lambda d: t(f"org.do.{d.value}"))
        fields, required = NEEDS.get(choice, (set(), set()))
        check = forms.Check(K + "dec_", {}, {
            "to": t("org.forward_to"), "outcome": t("org.outcome_input"),
            "reason": t("org.learning_reason") if choice is StepMove.LEARNING else t("org.reason_input")},
            required)
        if choice is StepMove.FORWARD:
            options = [m for m in services.managers(p.db) if m["username"] != case["assignee"]]
            names = {m["username"]: m["name"] + (f" ({m['title']})" if m.get("title") else "") for m in options}
            st.selectbox(check.label("to"), list(names), key=K + "to", index=None,
                         format_func=names.get, placeholder=t("form.choose"))
            check.error("to")
        lift_to = ""
        if choice in (StepMove.ESCALATE, StepMove.LEARNING):
            target = Level(case["level"]).next
            holder = case["holders"].get(target.value) if target else None
            lift_to = t("org.lift_to", level=t(f"org.level.{target.value}"),
                        name=md_escape((holder or {}).get("holder_name") or t("org.no_holder_short")))
            st.caption(lift_to)
        if choice in (StepMove.LEARNING, StepMove.CLOSE):
            st.text_area(check.label("outcome"), key=K + "outcome", help=t("org.outcome_help"))
            check.error("outcome")
        if choice in (StepMove.FORWARD, StepMove.ESCALATE, StepMove.LEARNING):
            st.text_area(check.label("reason"), key=K + "reason")
            check.error("reason")
        if choice is StepMove.CLOSE and case["level"] == Level.MANAGER.value and not case.get("unit_meeting_on"):
            st.caption(t("org.unit_meeting_missing"))
        s = st.session_state
        args = (p.db, p.clock, p.user, cid)
        common = {"check": check, "expected_version": version,
                  "clear": (K + "to", K + "reason", K + "outcome")}
        run = {
            StepMove.FORWARD: lambda: _call(services.forward, *args, to=s.get(K + "to"), reason=s.get(K + "reason"),
                                            flash=t("org.done.forward"), **common),
            StepMove.ESCALATE: lambda: _call(services.escalate, *args, reason=s.get(K + "reason"),
                                             flash=t("org.done.escalate"), **common),
            StepMove.LEARNING: lambda: _call(services.lift_for_learning, *args, outcome=s.get(K + "outcome"),
                                             reason=s.get(K + "reason"), flash=t("org.done.learning"), **common),
            StepMove.CLOSE: lambda: _call(services.close, *args, outcome=s.get(K + "outcome"),
                                          flash=t("org.done.close"), **common),
        }
        check.summary(fields)
        if st.button(t(f"org.do.{choice.value}") if choice else t("org.decide"), key=K + "decide__btn",
                     type="primary", disabled=choice is None):
            if choice is StepMove.FORWARD:
                run[choice]()
            else:            # escalating, lifting and closing cannot be undone: asked first
                confirm.request(K + choice.value)
        for move in (StepMove.ESCALATE, StepMove.LEARNING, StepMove.CLOSE):
            confirm.dialog(K + move.value, title=t(f"org.do.{move.value}"),
                           text=t(f"org.confirm.{move.value}", case_id=cid) + (f" {lift_to}" if lift_to else ""),
                           yes=t("org.confirm.yes"), on_yes=lambda _, move=move: run[move]())

    with tab_contact:
        _contact_form(p, case, K, version)

    with tab_meeting:
        check = forms.Check(K + "meeting_", {}, {
            "unit_meeting_on": t("org.unit_meeting_on"), "unit_meeting_note": t("org.unit_meeting_note")},
            {"unit_meeting_on"})
        st.date_input(check.label("unit_meeting_on"), key=K + "m_on", value=case.get("unit_meeting_on"),
                      **forms.dates(p.clock, p.user.tz, keep=(K + "m_on", case.get("unit_meeting_on"))))
        check.error("unit_meeting_on")
        st.text_area(check.label("unit_meeting_note"), key=K + "m_note", value=case.get("unit_meeting_note") or "")
        check.error("unit_meeting_note")
        check.summary()
        if st.button(t("form.save"), key=K + "meeting__btn"):
            s = st.session_state
            _call(services.record_unit_meeting, p.db, p.clock, p.user, cid, held_on=s.get(K + "m_on"),
                  note=s.get(K + "m_note"), expected_version=version, check=check,
                  flash=t("org.done.meeting"))


def _active_grounds(db) -> set[str]:
    return {g["code"] for g in services.grounds(db)}


def _grounds_form(p, case: dict, names: dict[str, str]) -> None:
    """ORG-9: the handler corrects the grounds for reporting (ORG-8); logged."""
    cid = case["id"]
    K = f"orgc_{cid}_g_"
    check = forms.Check(K, {}, {"grounds": t("org.grounds")}, {"grounds"})
    st.caption(t("org.grounds_edit_help"))
    forms.choose_many(st, check.label("grounds"), list(names), key=K + "grounds",
                      default=[g for g in case.get("grounds") or [] if g in names], format_func=names.get)
    check.error("grounds")
    check.summary()
    if st.button(t("form.save"), key=K + "save__btn"):
        _call(services.set_grounds, p.db, p.clock, p.user, cid, st.session_state.get(K + "grounds"),
              expected_version=case["version"], check=check, flash=t("org.done.grounds"),
              clear=(K + "grounds",))


def _person(r: dict) -> str:
    """A register entry as one line: name – role, party · phone · e-mail."""
    reach = " · ".join(x for x in (r.get("phone"), r.get("email")) if x)
    line = (f"{r['name']} – {t('org.register.role.' + r['role'])}, {t('org.party.' + r['party'])}"
            + (f" · {reach}" if reach else ""))
    return line if not r.get("unit_name") else f"{line} ({r['unit_name']})"


def _contact_form(p, case: dict, K: str, version: int) -> None:
    """ORG-5 with ORG-12: the routine's order as guidance; the person picked from the contact
    register of the case's unit (and the units above it), or typed."""
    s = st.session_state
    # the fields start empty after a saved contact: each saved contact moves them to fresh keys
    # (feedback.fresh_key's generation; the first generation keeps the keys "…c_party" etc.)
    gen = feedback.fresh_key(K + "contact").rsplit("__", 1)[1]
    G = K + ("c_" if gen == "0" else f"c{gen}_")
    register = {r["id"]: r for r in case.get("register") or []}
    picked = s.get(G + "register") if s.get(G + "register") in register else None
    typed = {"contact_party", "contact_role"} if picked is None else set()
    check = forms.Check(K + "contact_", {}, {
        "contact_register": t("org.register.pick"),
        "contact_party": t("org.contact_party"), "contact_role": t("org.contact_role"),
        "contacted_on": t("org.contacted_on"), "contact_outcome": t("org.contact_outcome")},
        typed | {"contacted_on", "contact_outcome"})
    st.info(t("org.contact_guidance"), icon=":material/format_list_numbered:")
    if register:
        st.selectbox(check.label("contact_register"), list(register), key=G + "register", index=None,
                     format_func=lambda i: _person(register[i]), placeholder=t("form.choose"),
                     help=t("org.register.pick_help"))
        check.error("contact_register")
    else:
        st.caption(t("org.register.none_for_case"))
    if picked is None:
        st.selectbox(check.label("contact_party"), CONTACT_PARTIES, key=G + "party", index=None,
                     format_func=lambda o: t(f"org.party.{o.value}"), placeholder=t("form.choose"))
        check.error("contact_party")
        st.text_input(check.label("contact_role"), key=G + "role", placeholder=t("org.contact_role_help"))
        check.error("contact_role")
    st.date_input(check.label("contacted_on"), key=G + "on", value=None,
                  **forms.dates(p.clock, p.user.tz, keep=G + "on"))
    check.error("contacted_on")
    st.text_area(check.label("contact_outcome"), key=G + "outcome")
    check.error("contact_outcome")
    check.summary()
    if st.button(t("org.add_contact"), key=K + "contact__btn"):
        def save() -> None:
            services.add_contact(p.db, p.clock, p.user, case["id"], party=s.get(G + "party"),
                                 contact_role=s.get(G + "role"), contacted_on=s.get(G + "on"),
                                 outcome=s.get(G + "outcome"), expected_version=version, register_id=picked)
            feedback.clear(K + "contact")

        _call(save, check=check, flash=t("org.done.contact"))
