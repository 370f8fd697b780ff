"""Questions and answers with Försäkringskassan on a certificate (CERT-11)."""
from __future__ import annotations


import streamlit as st

from logic.access import PermissionDenied
from logic.certificates import services
from logic.certificates.model import QUESTION_TOPICS, CertAction
from logic.errors import FieldErrors, Refused
from ui import certificates as cu
from ui import feedback, forms
from ui.format import day, dt
from ui.i18n import reason, t
from ui.views.certificate_actions import _run
from ui.views.certificate_common import _prefix


PLACE = "cert_questions"      # where the questions' messages show (ui.feedback)


def _questions(p, cert: dict, unit_id: str | None, msg: feedback.Message | None = None) -> None:
    user, db, clock = p.user, p.db, p.clock
    d = cert["decisions"]
    P = _prefix(cert["id"])
    st.subheader(t("cert.qa_title"))
    feedback.at(msg, PLACE)
    if not d[CertAction.ANSWER] and cert["questions"]:
        st.caption(reason(d[CertAction.ANSWER]))
    if not cert["questions"]:
        st.caption(t("cert.qa_empty"))
    for q in cert["questions"]:
        incoming = q["direction"] == "incoming"
        with st.container(border=True):
            head = t("cert.qa_incoming") if incoming else t("cert.qa_sent")
            kind = t(f"cert.qkind.{q['kind']}")
            c1, c2, c3 = st.columns([4, 2, 2])
            topic = t("cert.topic." + q["topic"])
            with c1:
                cu.direction_badge(incoming, f"{head} · {kind} · {topic}")
            c2.caption(dt(q["created_at"], user.tz))
            if q.get("reply_by"):
                c3.caption(f"{t('cert.reply_by')}: {day(q['reply_by'])}")
            st.text(q["text"])
            if q.get("answered_with"):          # CERT-14: answered by a new version of the certificate
                st.caption(f"{t('cert.qa_answer')} · {dt(q['answered_at'], user.tz)}")
                cu.link(q["answered_with"], t("cert.qa_answered_with", case_id=q["answered_with"]),
                        key=f"{P}answered_with_{q['id']}")
            elif q.get("answer"):
                st.caption(f"{t('cert.qa_answer')} · {dt(q['answered_at'], user.tz)}")
                st.text(q["answer"])
            else:
                st.caption(t(f"cert.qstatus.{q['status']}"))
            if incoming and q["kind"] == "completion" and q["status"] == "waiting_for_care":
                _completion(p, cert, q, unit_id)        # CERT-13/15: Komplettera, or Kan ej komplettera
            elif incoming and q["status"] == "waiting_for_care" and d[CertAction.ANSWER]:
                check = forms.Check(f"{P}answer_{q['id']}_", {}, {"answer_text": t("cert.qa_write_answer")},
                                    required={"answer_text"})
                with st.form(f"{P}answer_{q['id']}"):
                    text = st.text_area(check.label("answer_text"), key=f"{P}answer_text_{q['id']}")
                    check.error("answer_text")
                    check.summary()
                    if st.form_submit_button(t("cert.qa_send_answer"), type="primary", on_click=check.attempt):
                        try:
                            services.answer_question(db, clock, user, q["id"], unit_id=unit_id or "", text=text)
                        except FieldErrors as e:      # at the field, the text kept (issue 16 item 6)
                            check.refused(e.errors)
                            st.rerun()
                        except (Refused, PermissionDenied) as e:
                            st.error(reason(e))
                        else:
                            feedback.flash(t("cert.qa_answered_ok"), place=PLACE)
                            st.rerun()
            hkey = f"{P}handled_{q['id']}"
            st.checkbox(t("cert.qa_handled"), value=q["handled_at"] is not None, key=hkey,
                        disabled=not d[CertAction.MARK_HANDLED],
                        on_change=_on_handled, args=(p, cert["id"], q["id"], unit_id or ""))
    if d[CertAction.ASK]:
        with st.expander(t("cert.qa_new"), icon=":material/forum:"):
            check = forms.Check(P + "ask_", {}, {"topic": t("cert.qa_topic"), "question_text": t("cert.qa_question_text")},
                                required={"topic", "question_text"})
            with st.form(P + "ask_form"):
                topics = [x for x in QUESTION_TOPICS if x != "completion"]
                topic = st.selectbox(check.label("topic"), topics, format_func=lambda x: t(f"cert.topic.{x}"),
                                     key=P + "ask_topic")
                check.error("topic")
                text = st.text_area(check.label("question_text"), key=feedback.fresh_key(P + "ask_text"))
                check.error("question_text")
                check.summary()
                if st.form_submit_button(t("cert.qa_send_question"), type="primary", on_click=check.attempt):
                    try:
                        services.ask_fk(db, clock, user, cert["id"], unit_id=unit_id or "", topic=topic, text=text)
                    except FieldErrors as e:      # at the field, the text kept (issue 16 item 6)
                        check.refused(e.errors)
                        st.rerun()
                    except (Refused, PermissionDenied) as e:
                        st.error(reason(e))
                    else:
                        feedback.clear(P + "ask_text")
                        feedback.flash(t("cert.qa_asked_ok"), place=PLACE)
                        st.rerun()


def _completion(p, cert: dict, q: dict, unit_id: str | None) -> None:
    """A completion request is answered the way Webcert does: Komplettera makes a new version of
    the certificate (opened at once); when it cannot be completed, a message says why."""
    P = _prefix(cert["id"])
    complete = cert["decisions"][CertAction.COMPLETE]
    if st.button(t("cert.complete_action"), key=f"{P}complete_{q['id']}__btn", type="primary", icon=":material/edit_note:",
                 disabled=not complete, help=t("cert.complete_help") if complete else reason(complete)):
        _run(cert["id"], lambda: services.complete(p.db, p.clock, p.user, cert["id"], unit_id=unit_id or ""),
             t("cert.complete_ok"), opens_new=True)
    if not complete:
        st.caption(reason(complete))
    if not cert["decisions"][CertAction.ANSWER]:
        return
    with st.expander(t("cert.cannot_complete"), icon=":material/block:"):
        with st.form(f"{P}cannot_{q['id']}"):
            text = st.text_area(t("cert.cannot_complete_text"), help=t("cert.cannot_complete_help"),
                                key=f"{P}cannot_text_{q['id']}")
            if st.form_submit_button(t("cert.qa_send_answer")):
                try:
                    services.cannot_complete(p.db, p.clock, p.user, q["id"], unit_id=unit_id or "", text=text)
                except FieldErrors as e:
                    st.error(t(next(iter(e.errors.values()))), icon=":material/error:")
                except (Refused, PermissionDenied) as e:
                    st.error(reason(e))
                else:
                    feedback.flash(t("cert.cannot_complete_ok"), place=PLACE)
                    st.rerun()


def _on_handled(p, case_id: str, question_id: int, unit_id: str) -> None:
    handled = bool(st.session_state.get(f"{_prefix(case_id)}handled_{question_id}"))
    try:
        services.set_handled(p.db, p.clock, p.user, question_id, unit_id=unit_id, handled=handled)
    except (Refused, PermissionDenied) as e:
        feedback.flash(reason(e), kind="error", place=PLACE)
    else:
        feedback.flash(t("cert.qa_handled_ok" if handled else "cert.qa_unhandled_ok"), place=PLACE)
