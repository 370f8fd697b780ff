"""The insurer's normal case on its case page (kind 'claim'), as seed 004's case view shows it:
Sagstiltag (Sæt i bero / Genoptag, Luk, Slet sagen), Erstatningsbeslutning (Accepter, Afvis,
Yderligere info nødvendig) and Sagsbehandler (Rediger) — URG-14 … URG-18. What cannot be undone,
and each state change, asks first (`ui.confirm`); a reason is typed before the question. What
the user may do comes from `logic` (`case["claim_actions"]`); the services check it again."""
from __future__ import annotations

import streamlit as st

from logic import inputs
from logic.access import PermissionDenied
from logic.errors import Conflict, FieldErrors, Refused
from logic.i18n import Count
from logic.urgent import services
from logic.urgent.model import REASON_MAX, ClaimDecision
from ui import confirm, feedback, forms
from ui.format import dt, md_escape
from ui.i18n import reason, t

PLACE = "claim_actions"        # where the actions' messages show (ui.feedback)
F = "claim_"                   # the panel's session keys


def panel(p, case: dict, msg: feedback.Message | None = None) -> None:
    """The state banner and the three rows of actions, with the form or question open now."""
    _state_banner(p, case)
    acts = case["claim_actions"]
    mode_key = f"{F}mode_{case['id']}"
    with st.container(border=True, key="claim_panel"):
        _actions_row(case, acts, mode_key)
        _decision_row(p, case, acts, mode_key)
        _handler_row(case, acts, mode_key)
    feedback.at(msg, PLACE)
    mode = st.session_state.get(mode_key)
    if mode == "delete" and acts.get("delete"):
        _reason_form(p, case, mode_key, "delete")
    elif mode in {d.value for d in ClaimDecision} and acts.get("decide"):
        _reason_form(p, case, mode_key, mode)
    elif mode == "handler" and acts.get("change_handler"):
        _handler_form(p, case, mode_key)
    _questions(p, case, mode_key)


def _name(case: dict, what: str) -> str:
    """A confirmation's name: the action on this case (a question left open on one case never
    shows on another)."""
    return f"{F}{what}_{case['id']}"


def _state_banner(p, case: dict) -> None:
    status = case["status"]
    if status == "on_hold":
        st.warning(t("urgent.on_hold_banner"), icon=":material/pause_circle:")
    elif status == "closed":
        st.info(t("urgent.closed_banner"), icon=":material/lock:")
    elif status == "deleted":
        st.error(t("urgent.deleted_banner", name=case.get("deleted_by_name") or case.get("deleted_by") or "–",
                   when=dt(case.get("deleted_at"), p.user.tz), reason=case.get("deleted_reason") or ""),
                 icon=":material/delete:")


def _label(text: str) -> None:
    st.markdown(f"**{md_escape(text)}:**")


def _actions_row(case: dict, acts: dict, mode_key: str) -> None:
    """Sagstiltag: the buttons the user may use now (none on a closed case, or for a partner)."""
    if not any(acts.get(a) for a in ("hold", "resume", "close", "delete")):
        return
    _label(t("urgent.actions"))
    with st.container(horizontal=True, gap="small"):
        if acts.get("hold"):
            if st.button(t("urgent.hold"), key=F + "hold_btn", icon=":material/pause:"):
                confirm.request(_name(case, "hold"), case["id"])
        if acts.get("resume"):
            if st.button(t("urgent.resume"), key=F + "resume_btn", icon=":material/play_arrow:"):
                confirm.request(_name(case, "resume"), case["id"])
        if acts.get("close"):
            if st.button(t("urgent.close"), key=F + "close_btn", icon=":material/lock:"):
                confirm.request(_name(case, "close"), case["id"])
        if acts.get("delete"):
            if st.button(t("urgent.delete"), key=F + "delete_btn", icon=":material/delete:"):
                st.session_state[mode_key] = "delete"


def _decision_row(p, case: dict, acts: dict, mode_key: str) -> None:
    """Erstatningsbeslutning: the decision with who and when (its reason under it), and the
    three buttons while the case is open."""
    _label(t("urgent.decision"))
    if case.get("decision"):
        st.markdown(t("urgent.decision_made", decision=t(f"claim.decision.{case['decision']}"),
                      name=case.get("decision_by_name") or case.get("decision_by") or "–",
                      when=dt(case.get("decision_at"), p.user.tz)))
        st.text(case.get("decision_reason") or "")
    else:
        st.caption(t("urgent.decision_none"))
    if acts.get("decide"):
        with st.container(horizontal=True, gap="small"):
            for d, icon in ((ClaimDecision.ACCEPTED, ":material/check:"), (ClaimDecision.REJECTED, ":material/block:"),
                            (ClaimDecision.MORE_INFO, ":material/help:")):
                if st.button(t(f"urgent.decide.{d.value}"), key=f"{F}decide_{d.value}_btn", icon=icon):
                    st.session_state[mode_key] = d.value


def _handler_row(case: dict, acts: dict, mode_key: str) -> None:
    _label(t("urgent.case_handler"))
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.markdown(md_escape(case.get("case_handler_name") or t("urgent.unassigned")))
        if acts.get("change_handler") and st.button(t("urgent.edit"), key=F + "handler_btn", icon=":material/edit:"):
            st.session_state[mode_key] = "handler"


def _reason_form(p, case: dict, mode_key: str, what: str) -> None:
    """A reason, typed before the question: for Slet sagen ("delete") or a claim decision."""
    base = f"{F}reason_{what}"
    check = forms.Check(base + "_", {}, {"reason": t("urgent.reason")}, {"reason"})
    title = t("urgent.delete_title") if what == "delete" else \
        t("urgent.decision_title", decision=t(f"urgent.decide.{what}"))
    with st.form(f"{F}form_{what}", border=True):
        st.subheader(title)
        if what == "delete":
            st.caption(t("urgent.delete_help"))
        text = st.text_area(check.label("reason") + " " + t("urgent.max_chars", n=Count(REASON_MAX)),
                            key=feedback.fresh_key(base), height=100)
        check.error("reason")
        check.summary()
        c1, c2, _ = st.columns([1, 1, 3])
        go = c1.form_submit_button(t("urgent.continue"), type="primary", on_click=check.attempt)
        cancel = c2.form_submit_button(t("urgent.cancel"))
    if cancel:
        _done(mode_key, check.key)
        st.rerun()
    if go:
        try:
            cleaned = inputs.text(text, REASON_MAX, field="reason", required=True, multiline=True)
        except FieldErrors as e:
            check.refused(e.errors)
            st.rerun()
        confirm.request(_name(case, "delete" if what == "delete" else "decide"), (what, cleaned))


def _handler_form(p, case: dict, mode_key: str) -> None:
    handlers = {u["username"]: u["name"] for u in case["case_handlers"]}
    check = forms.Check(F + "handler_", {}, {"case_handler": t("urgent.case_handler")}, {"case_handler"})
    with st.form(F + "handler_form", border=True):
        st.subheader(t("urgent.handler_title"))
        chosen = st.selectbox(check.label("case_handler"), list(handlers), format_func=handlers.get,
                              index=forms.pick_index(handlers, case.get("case_handler")), key=F + "handler_pick",
                              placeholder=t("form.choose"))
        check.error("case_handler")
        check.summary()
        c1, c2, _ = st.columns([1, 1, 3])
        save = c1.form_submit_button(t("form.save"), type="primary", on_click=check.attempt)
        cancel = c2.form_submit_button(t("urgent.cancel"))
    if cancel:
        _done(mode_key, check.key)
        st.session_state.pop(F + "handler_pick", None)
        st.rerun()
    if save:
        try:
            services.change_handler(p.db, p.clock, p.user, case["id"], chosen, case["version"])
        except FieldErrors as e:
            check.refused(e.errors)
            st.rerun()
        except (Conflict, PermissionDenied, Refused) as e:
            st.error(t(e.key) if isinstance(e, Conflict) else reason(e), icon=":material/error:")
        else:
            _done(mode_key, check.key)
            st.session_state.pop(F + "handler_pick", None)
            _ok(t("urgent.handler_changed_ok"))


def _questions(p, case: dict, mode_key: str) -> None:
    """The confirmations: each says what will happen; only its yes runs the service."""
    cid = case["id"]
    confirm.dialog(_name(case, "hold"), title=t("urgent.hold_confirm_title"), text=t("urgent.hold_confirm_text", case_id=cid),
                   yes=t("urgent.hold_confirm_yes"),
                   on_yes=lambda _: _act(lambda: services.put_on_hold(p.db, p.clock, p.user, cid, case["version"]),
                                         t("urgent.held_ok", case_id=cid), mode_key))
    confirm.dialog(_name(case, "resume"), title=t("urgent.resume_confirm_title"),
                   text=t("urgent.resume_confirm_text", case_id=cid), yes=t("urgent.resume_confirm_yes"),
                   on_yes=lambda _: _act(lambda: services.resume(p.db, p.clock, p.user, cid, case["version"]),
                                         t("urgent.resumed_ok", case_id=cid), mode_key))
    confirm.dialog(_name(case, "close"), title=t("urgent.close_confirm_title"), text=t("urgent.close_confirm_text", case_id=cid),
                   warnings=[t(w) for w in case["close_warnings"]], yes=t("urgent.close_confirm_yes"),
                   on_yes=lambda _: _act(lambda: services.close(p.db, p.clock, p.user, cid, case["version"]),
                                         t("urgent.closed_ok", case_id=cid), mode_key))
    held = st.session_state.get(confirm.KEY)
    if confirm.pending(_name(case, "delete")):
        why = held[1][1]
        files = sum(1 for a in case["attachments"] if a.get("erased_at") is None)
        confirm.dialog(_name(case, "delete"), title=t("urgent.delete_confirm_title"), danger=True,
                       text=t("urgent.delete_confirm_text", case_id=cid, reason=why, files=files),
                       yes=t("urgent.delete_confirm_yes"),
                       on_yes=lambda payload: _act(
                           lambda: services.delete(p.db, p.clock, p.user, cid, payload[1], case["version"]),
                           t("urgent.deleted_ok", case_id=cid), mode_key, clear=f"{F}reason_delete"))
    if confirm.pending(_name(case, "decide")):
        what, why = held[1]
        confirm.dialog(_name(case, "decide"), title=t("urgent.decide_confirm_title"),
                       text=t("urgent.decide_confirm_text", case_id=cid, decision=t(f"claim.decision.{what}"), reason=why),
                       yes=t("urgent.decide_confirm_yes"),
                       on_yes=lambda payload: _act(
                           lambda: services.decide_claim(p.db, p.clock, p.user, cid, payload[0], payload[1],
                                                         case["version"]),
                           t("urgent.decided_ok"), mode_key, clear=f"{F}reason_{what}"))


def _act(action, ok: str, mode_key: str, *, clear: str | None = None) -> None:
    """Run a confirmed action: on success the form closes, empties and says so; a refusal is
    shown in the dialog, which stays open with it."""
    try:
        action()
    except FieldErrors as e:
        st.error(forms.error_text(next(iter(e.errors.values()))), icon=":material/error:")
    except Conflict as e:
        st.error(t(e.key), icon=":material/error:")
    except (PermissionDenied, Refused) as e:
        st.error(reason(e), icon=":material/error:")
    else:
        if clear:
            feedback.clear(clear)
            _done(mode_key, clear + "_")
        st.session_state.pop(mode_key, None)
        _ok(ok)


def _ok(text: str) -> None:
    feedback.flash(text, place=PLACE)
    st.rerun()


def _done(mode_key: str, check_key: str) -> None:
    for key in (mode_key, check_key + "tried__", check_key + "refused__"):
        st.session_state.pop(key, None)


def log_detail(event: dict, case: dict) -> str | None:
    """What a claim action's Grand log line adds, as markdown (its words escaped): the decision
    and its reason, the deletion's reason and what it did, the case handler before → after."""
    after, before = event.get("after_value") or {}, event.get("before_value") or {}
    if not isinstance(after, dict):
        return None
    if event["action"] == "claim_decided" and after.get("decision"):
        return t("urgent.log.decided", decision=t(f"claim.decision.{after['decision']}"),
                 reason=after.get("reason") or "")
    if event["action"] == "claim_deleted":
        return t("urgent.log.deleted", reason=after.get("reason") or "",
                 tasks=after.get("tasks_cancelled", 0), files=after.get("files_erased", 0))
    if event["action"] == "case_handler_changed":
        names = {u["username"]: u["name"] for u in case.get("case_handlers") or ()}
        who = [md_escape(names.get(x, x)) if x else t("urgent.unassigned")
               for x in ((before if isinstance(before, dict) else {}).get("case_handler"), after.get("case_handler"))]
        return f"{who[0]} → {who[1]}"
    return None
