"""The simulated Försäkringskassan of pages/49_FK_simulator.py (CERT-11): the certificates it
received, its questions and completion requests with a reply-by date, its answers to care's
questions. No patient data: it is the authority's side."""
from __future__ import annotations

from datetime import timedelta
import streamlit as st

from logic.access import PermissionDenied
from logic.certificates import rules, services
from logic.certificates.model import QUESTION_TOPICS, QuestionKind
from logic.errors import FieldErrors, Refused
from ui import feedback, forms
from ui.certificates import type_name
from ui.format import dt
from ui.i18n import reason, t


FK_FIELDS = {"case_id": "cert.col.number", "kind": "cert.fk_kind", "topic": "cert.qa_topic",
             "question_text": "cert.qa_question_text", "reply_by": "cert.reply_by"}


def show(db, clock, user) -> None:
    st.caption(t("cert.fk_intro"))
    feedback.at(feedback.take())      # the last action's message: a toast, and here

    received = services.fk_certificates(db, user)
    st.subheader(t("cert.fk_received"))
    if not received:
        st.caption(t("cert.fk_none"))
    else:
        st.dataframe([{t("cert.col.number"): r["id"], t("cert.col.form"): type_name(r),
                       t("cert.sent"): dt(r["sent_at"], user.tz), t("cert.fk_open_questions"): r["open_questions"],
                       t("cert.fk_completes"): r["completes"] or ""}
                      for r in received], hide_index=True, width="stretch")
        ids = [r["id"] for r in received]
        labels = {r["id"]: f"{r['id']} · {type_name(r)}" for r in received}
        st.subheader(t("cert.fk_new_question"))
        # issue 16 item 6: required marked, the service's problems at their fields, a summary at the button
        check = forms.Check("certfk_question_", {}, {name: t(key) for name, key in FK_FIELDS.items()},
                            required={"case_id", "kind", "topic", "question_text", "reply_by"})
        with st.form("certfk_question_form"):
            case_id = st.selectbox(check.label("case_id"), ids, format_func=labels.get,
                                   key="certfk_case")
            check.error("case_id")
            kind = st.radio(check.label("kind"), list(QuestionKind),
                            format_func=lambda k: t(f"cert.qkind.{k.value}"), horizontal=True, key="certfk_kind")
            topic = st.selectbox(check.label("topic"), list(QUESTION_TOPICS),
                                 format_func=lambda x: t(f"cert.topic.{x}"), key="certfk_topic")
            check.error("topic")
            text = st.text_area(check.label("question_text"), key="certfk_text")
            check.error("question_text")
            today = rules.today(clock.now())              # a reply-by date is never in the past
            reply_by = st.date_input(check.label("reply_by"), value=today + timedelta(days=14),
                                     key="certfk_reply_by", **forms.dates(clock, rules.ZONE, years_ahead=10,
                                                                          earliest=today, keep="certfk_reply_by"))
            check.error("reply_by")
            check.summary()
            if st.form_submit_button(t("cert.fk_send"), type="primary", on_click=check.attempt):
                try:
                    services.fk_send_question(db, clock, user, case_id, kind=kind, topic=topic, text=text,
                                              reply_by=reply_by)
                except FieldErrors as e:
                    check.refused(e.errors)
                    st.rerun()
                except (Refused, PermissionDenied) as e:
                    st.error(reason(e))
                else:
                    feedback.flash(t("cert.fk_sent_ok", case_id=case_id))
                    st.rerun()

    st.subheader(t("cert.fk_waiting"))
    waiting = services.fk_waiting(db, user)
    if not waiting:
        st.caption(t("cert.fk_waiting_none"))
    for q in waiting:
        with st.container(border=True):
            st.markdown(f"**{q['case_id']}** · {t('cert.topic.' + q['topic'])} · {dt(q['created_at'], user.tz)}")
            st.text(q["text"])
            check = forms.Check(f"certfk_answer_{q['id']}_", {}, {"answer_text": t("cert.qa_write_answer")},
                                required={"answer_text"})
            with st.form(f"certfk_answer_{q['id']}"):
                answer = st.text_area(check.label("answer_text"), key=f"certfk_answer_text_{q['id']}")
                check.error("answer_text")
                check.summary()
                if st.form_submit_button(t("cert.qa_send_answer"), on_click=check.attempt):
                    try:
                        services.fk_answer(db, clock, user, q["id"], answer)
                    except FieldErrors as e:
                        check.refused(e.errors)
                        st.rerun()
                    except (Refused, PermissionDenied) as e:
                        st.error(reason(e))
                    else:
                        feedback.flash(t("cert.fk_answered_ok"))
                        st.rerun()
