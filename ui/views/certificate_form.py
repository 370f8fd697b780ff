"""The certificate's content: the self-saving draft form (CERT-4) with its sick-leave periods,
what is missing before signing, and the read-only content of a certificate that cannot be edited."""
from __future__ import annotations

from datetime import date

import streamlit as st

from logic.access import PermissionDenied
from logic.certificates import fields, services
from logic.certificates.fields import DEGREES, Kind
from logic.errors import Conflict, FieldErrors, Refused
from ui import case_document, forms
from ui.format import dt
from ui.i18n import t
from ui.views import certificate_fmb as fmb
from ui.views.certificate_common import _error_text, _prefix


def _widget_value(spec: fields.Field, value):
    if spec.kind is Kind.DATE:
        return fields.parse_date(value) if value else None
    if spec.kind is Kind.CHOICE:
        return value if value in spec.options else None
    return value or ""


def _autosave(p, case_id: str, name: str, value) -> None:
    P = _prefix(case_id)
    field_errors = st.session_state.setdefault(P + "_field_errors", {})
    try:
        version = services.save_field(p.db, p.clock, p.user, case_id, name, value, st.session_state[P + "_version"])
    except FieldErrors as e:
        field_errors.update(e.errors)        # at the field; what was typed stays in it
        return
    except (Conflict, Refused, PermissionDenied) as e:
        st.session_state[P + "_save_error"] = _error_text(e)
        return
    field_errors.pop(name, None)
    st.session_state[P + "_version"] = version
    st.session_state[P + "_saved_at"] = dt(p.clock.now(), p.user.tz, "%H:%M:%S")
    st.session_state[P + "_saved_field"] = name          # "saved" is said there too, where the user is
    st.session_state.pop(P + "_save_error", None)


def _on_field(p, case_id: str, spec: fields.Field) -> None:
    value = st.session_state.get(_prefix(case_id) + spec.name)
    if spec.kind is Kind.DATE and isinstance(value, date):
        value = value.isoformat()
    _autosave(p, case_id, spec.name, value)


def _periods_from_state(case_id: str) -> list[dict]:
    P = _prefix(case_id)
    out = []
    for degree in DEGREES:
        start, end = st.session_state.get(f"{P}sick_leave_{degree}_from"), st.session_state.get(f"{P}sick_leave_{degree}_to")
        if start or end:
            out.append({"degree": degree, "from": start.isoformat() if start else None,
                        "to": end.isoformat() if end else None})
    return out


def _on_periods(p, case_id: str) -> None:
    _autosave(p, case_id, "sick_leave", _periods_from_state(case_id))


def _forget_typed(case_id: str) -> None:
    """After a conflict: drop what this session typed and show what is stored (a callback, so
    it runs before any widget of the page exists)."""
    P = _prefix(case_id)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(P)]:
        del st.session_state[key]


def draft_check(cert: dict) -> forms.Check:
    """The draft's validation as every form does it (issue 16 item 6): required fields marked
    " *"; a wrong value (CERT-4's rules, `fields.check`, or a save refused by the service) at its
    field in words at once; what is missing only after the physician pressed "Signera" — then at
    each field and summed up at that button. Typing saves itself; nothing typed is lost."""
    P = _prefix(cert["id"])
    specs = fields.form(cert["type_code"])
    errors = {**cert["errors"], **(st.session_state.get(P + "_field_errors") or {})}
    return forms.Check(P + "draft_", errors, {s.name: t(f"cert.field.{s.name}") for s in specs},
                       required={s.name for s in specs if s.required})


def _draft_form(p, cert: dict) -> None:
    case_id = cert["id"]
    P = _prefix(case_id)
    st.session_state.setdefault(P + "_version", cert["version"])
    content = cert["content"]
    check = draft_check(cert)
    save_error = st.session_state.get(P + "_save_error")
    if save_error:
        st.error(save_error)
        st.button(t("cert.reload"), key=P + "_reload__btn", on_click=_forget_typed, args=(case_id,))
    saved = st.session_state.get(P + "_saved_at")
    saved_field = st.session_state.get(P + "_saved_field")
    _autosave_note(saved)
    for spec in fields.form(cert["type_code"]):
        label = check.label(spec.name)
        help_text = t(f"cert.help.{spec.name}")
        key = P + spec.name
        if spec.kind is Kind.PERIODS:
            _periods_widget(p, cert, label, help_text)
        else:
            # The value is passed on every run (never written into session_state): a browser
            # that missed an earlier run still shows what is stored, and a field being typed
            # in while another one saves is never overwritten by the server.
            current = st.session_state[key] if key in st.session_state else \
                _widget_value(spec, content.get(spec.name))
            kwargs = dict(key=key, help=help_text, on_change=_on_field, args=(p, case_id, spec))
            # No max_chars: a paste is taken whole and the field says when it is too long.
            if spec.kind is Kind.TEXTAREA:
                st.text_area(label, value=current, height=110, **kwargs)
            elif spec.kind in (Kind.TEXT, Kind.ICD10):
                st.text_input(label, value=current,
                              placeholder=t("cert.icd10_placeholder") if spec.kind is Kind.ICD10 else None,
                              **kwargs)
            elif spec.kind is Kind.DATE:
                st.date_input(label, value=current, **kwargs,
                              **forms.dates(p.clock, p.user.tz, years_ahead=0 if spec.not_future else 10,
                                            keep=current))
            elif spec.kind is Kind.CHOICE:
                st.radio(label, list(spec.options), index=spec.options.index(current) if current in spec.options
                         else None, horizontal=len(spec.options) <= 3,
                         format_func=lambda o, n=spec.name: t(f"cert.opt.{n}.{o}"), **kwargs)
        if spec.name == "diagnosis_code":      # CERT-17: the FMB link once a diagnosis is set
            fmb.link(content.get(spec.name), key=P + "fmb__btn")
        if check.message(spec.name) is not None:
            check.error(spec.name)
        elif saved and spec.name == saved_field:
            st.caption(t("cert.field_saved_at", time=saved), help=t("cert.autosave_help"))
    _autosave_note(saved)          # at the bottom of a long form as well as at its top


def _autosave_note(saved: str | None) -> None:
    """That the draft saves itself, and when it last did ("senast sparat")."""
    st.caption(t("cert.autosave_note") + (" · " + t("cert.saved_at", time=saved) if saved else ""),
               help=t("cert.autosave_help"))


def _periods_widget(p, cert: dict, label: str, help_text: str) -> None:
    case_id = cert["id"]
    P = _prefix(case_id)
    stored = {x.get("degree"): x for x in (cert["content"].get("sick_leave") or []) if isinstance(x, dict)}
    st.markdown(forms.bold(label), help=help_text)
    for degree in DEGREES:
        row = stored.get(degree, {})
        c1, c2, c3 = st.columns([1, 3, 3])
        c1.markdown(f"{t('cert.degree_row', degree=degree)}")
        for col, part, label_key in ((c2, "from", "cert.period_from"), (c3, "to", "cert.period_to")):
            key = f"{P}sick_leave_{degree}_{part}"
            current = st.session_state[key] if key in st.session_state else \
                (fields.parse_date(row.get(part)) if row.get(part) else None)
            col.date_input(t(label_key), value=current, key=key,
                           on_change=_on_periods, args=(p, case_id),
                           **forms.dates(p.clock, p.user.tz, years_ahead=10, keep=current))


def _completeness(cert: dict) -> None:
    """CERT-4: whether the draft is complete enough to sign, and what is missing."""
    errors = cert["errors"]
    if not errors:
        st.success(t("cert.complete"), icon=":material/task_alt:")
        return
    names = [t(f"cert.field.{f}") for f, key in errors.items() if key == fields.REQUIRED]
    wrong = [t(f"cert.field.{f}") for f, key in errors.items() if key != fields.REQUIRED]
    parts = []
    if names:
        parts.append(t("cert.missing", fields=", ".join(names)))
    if wrong:
        parts.append(t("cert.wrong", fields=", ".join(wrong)))
    st.info(" ".join(parts), icon=":material/pending:")


def _read_only(cert: dict) -> None:
    content = cert["content"]
    rows = []
    for spec in fields.form(cert["type_code"]):
        value = content.get(spec.name)
        if fields.is_blank(value):
            shown = ""
        elif spec.kind is Kind.CHOICE:
            shown = t(f"cert.opt.{spec.name}.{value}")
        elif spec.kind is Kind.PERIODS:
            shown = "; ".join(f"{x.get('degree')} %: {x.get('from') or '?'} – {x.get('to') or '?'}"
                              for x in value if not fields.is_blank_period(x))
        else:
            shown = str(value)
        rows.append((t(f"cert.field.{spec.name}"), shown))
    case_document.pairs(rows, t("cert.content"), key="case_details")
    fmb.link(content.get("diagnosis_code"), key=f"cert_{cert['id']}_fmb_ro__btn")      # CERT-17
