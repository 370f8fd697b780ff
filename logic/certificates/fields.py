"""The fields of each certificate type, with their checks (CERT-4).

A draft keeps exactly what was typed (as JSON), so nothing is ever lost; `check` says, field
by field, what is wrong or missing. A draft may be signed only when `check` finds nothing.
Labels are `cert.field.<name>`, help texts `cert.help.<name>`, options
`cert.opt.<name>.<option>` in logic/texts/certificates.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from logic import inputs


class Kind(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    ICD10 = "icd10"        # a diagnosis code, ICD-10-SE
    DATE = "date"          # stored as ISO text
    CHOICE = "choice"
    PERIODS = "periods"    # sick leave: [{"degree": 25|50|75|100, "from": iso, "to": iso}]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool = True
    options: tuple[str, ...] = ()
    max_len: int | None = None
    not_future: bool = False
    pattern: str | None = None       # for TEXT: a regex the value must match
    pattern_error: str = "form.invalid"

    @property
    def limit(self) -> int:
        """Characters a typed value may have (X-7: longer is refused at the field, never cut)."""
        if self.max_len:
            return self.max_len
        return {Kind.TEXTAREA: 4000, Kind.ICD10: 10}.get(self.kind, 200)


YES_NO = ("yes", "no")
DEGREES = (100, 75, 50, 25)       # nedsättning av arbetsförmåga, as listed in the form
# ICD-10-SE: a letter, two digits, then optionally a dot and up to four more characters
# (F32.1, M54.5, S52.50, F438A).
ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,4})?$")

REQUIRED = "form.required"


def _basis() -> tuple[Field, ...]:
    return (Field("basis", Kind.CHOICE, options=("examination", "phone", "records", "other")),
            Field("basis_date", Kind.DATE, not_future=True))


def _diagnosis(required: bool = True) -> tuple[Field, ...]:
    return (Field("diagnosis_code", Kind.ICD10, required=required),
            Field("diagnosis_text", Kind.TEXT, required=required))


OTHER = Field("other_info", Kind.TEXTAREA, required=False)
IMPAIRMENT = Field("functional_impairment", Kind.TEXTAREA)
LIMITATION = Field("activity_limitation", Kind.TEXTAREA)
SICK_LEAVE = Field("sick_leave", Kind.PERIODS)
MEASURES = Field("proposed_measures", Kind.TEXTAREA)
LICENCE = Field("license_categories", Kind.TEXT, max_len=60,
                pattern=r"^(AM|A1|A2|A|B|BE|C1|C1E|C|CE|D1|D1E|D|DE|Taxi)([ ,]+(AM|A1|A2|A|B|BE|C1|C1E|C|CE|D1|D1E|D|DE|Taxi))*$",
                pattern_error="cert.err.licence")
TS_IDENTITY = Field("identity_checked", Kind.CHOICE,
                    options=("id_card", "passport", "driving_licence", "personally_known"))
TS_ASSESSMENT = Field("assessment", Kind.CHOICE, options=("fit", "unfit", "cannot_assess"))
DEATH_DATE = Field("death_date", Kind.DATE, not_future=True)
DEATH_PLACE = Field("death_place", Kind.TEXT, max_len=100)

FORMS: dict[str, tuple[Field, ...]] = {
    # Läkarintyg för sjukpenning — the full sick-pay form
    "lisjp": (*_basis(),
              Field("occupation", Kind.CHOICE,
                    options=("current_work", "job_seeking", "parental_leave", "studies")),
              *_diagnosis(), IMPAIRMENT, LIMITATION, SICK_LEAVE, MEASURES,
              Field("contact_fk", Kind.CHOICE, required=False, options=YES_NO), OTHER),
    # Läkarutlåtande för sjukersättning
    "luse": (*_basis(), *_diagnosis(), IMPAIRMENT, LIMITATION,
             Field("medical_treatment", Kind.TEXTAREA),
             Field("medical_prerequisites", Kind.TEXTAREA), OTHER),
    # Läkarutlåtande för aktivitetsersättning vid nedsatt arbetsförmåga
    "luae_na": (*_basis(), *_diagnosis(), IMPAIRMENT, LIMITATION,
                Field("medical_treatment", Kind.TEXTAREA),
                Field("medical_prerequisites", Kind.TEXTAREA), OTHER),
    # Läkarutlåtande för aktivitetsersättning vid förlängd skolgång
    "luae_fs": (*_basis(), *_diagnosis(), IMPAIRMENT,
                Field("schooling_impact", Kind.TEXTAREA), OTHER),
    # Transportstyrelsens läkarintyg (Bas)
    "ts_bas": (LICENCE, TS_IDENTITY, Field("vision_ok", Kind.CHOICE, options=YES_NO),
               Field("traffic_relevant_conditions", Kind.TEXTAREA), TS_ASSESSMENT, OTHER),
    # Transportstyrelsens läkarintyg Diabetes
    "ts_diabetes": (LICENCE, TS_IDENTITY,
                    Field("diabetes_type", Kind.CHOICE, options=("type1", "type2", "other")),
                    Field("diabetes_year", Kind.TEXT, max_len=4, pattern=r"^(19|20)[0-9]{2}$",
                          pattern_error="cert.err.year"),
                    Field("diabetes_treatment", Kind.CHOICE, options=("diet", "tablets", "insulin")),
                    Field("hypoglycaemia", Kind.TEXTAREA), TS_ASSESSMENT, OTHER),
    # Läkarintyg om arbetsförmåga – sjuklöneperiod dag 1–14 (diagnosis only with consent)
    "ag114": (*_diagnosis(required=False), Field("work_capacity", Kind.TEXTAREA), SICK_LEAVE,
              Field("contact_employer", Kind.CHOICE, required=False, options=YES_NO), OTHER),
    # Läkarintyg om arbetsförmåga – sjuklöneperiod dag 15 – framåt
    "ag7804": (*_basis(), *_diagnosis(), IMPAIRMENT, LIMITATION, SICK_LEAVE, MEASURES,
               Field("contact_employer", Kind.CHOICE, required=False, options=YES_NO), OTHER),
    # Dödsbevis (to Skatteverket, or on paper to the police — CERT-9)
    "db": (Field("identity_checked_death", Kind.CHOICE,
                 options=("id_band", "id_document", "personally_known", "other")),
           DEATH_DATE, Field("death_date_certain", Kind.CHOICE, options=YES_NO), DEATH_PLACE,
           Field("explosive_implant", Kind.CHOICE, options=YES_NO),
           Field("external_examination", Kind.CHOICE, options=YES_NO),
           Field("police_report", Kind.CHOICE, options=YES_NO)),
    # Dödsorsaksintyg (to Socialstyrelsen)
    "doi": (DEATH_DATE, DEATH_PLACE, Field("immediate_cause", Kind.TEXT),
            Field("underlying_cause_code", Kind.ICD10),
            Field("manner_of_death", Kind.CHOICE,
                  options=("disease", "accident", "suicide", "homicide", "unclear")),
            Field("autopsy", Kind.CHOICE, options=YES_NO)),
}


def form(type_code: str) -> tuple[Field, ...]:
    return FORMS[type_code]


def field(type_code: str, name: str) -> Field | None:
    return next((f for f in FORMS.get(type_code, ()) if f.name == name), None)


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_blank_period(p) for p in value)
    return False


def is_blank_period(p: Any) -> bool:
    return not isinstance(p, dict) or (not p.get("from") and not p.get("to"))


def parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def value_error(spec: Field, value: Any, today: date) -> str | None:
    """What is wrong with a non-blank value of `spec` (None: nothing)."""
    match spec.kind:
        case Kind.TEXT | Kind.TEXTAREA:
            text = str(value).strip()
            if len(text) > spec.limit:
                return inputs.too_long(text, spec.limit)
            if spec.pattern and not re.match(spec.pattern, text):
                return spec.pattern_error
        case Kind.ICD10:
            text = str(value).strip()
            if len(text) > spec.limit:
                return inputs.too_long(text, spec.limit)
            if not ICD10.match(text.upper()):
                return "cert.err.icd10"
        case Kind.DATE:
            day = parse_date(value)
            if day is None:
                return "cert.err.date"
            if spec.not_future and day > today:
                return "cert.err.future"
        case Kind.CHOICE:
            if value not in spec.options:
                return "form.invalid"
        case Kind.PERIODS:
            return periods_error(value)
    return None


def periods_error(periods: Any) -> str | None:
    """Sick-leave degree 25/50/75/100 % with periods that are complete, ordered and do not
    overlap one another (CERT-4)."""
    if not isinstance(periods, list):
        return "form.invalid"
    spans: list[tuple[date, date]] = []
    for p in periods:
        if is_blank_period(p):
            continue
        if p.get("degree") not in DEGREES:
            return "cert.err.period_degree"
        start, end = parse_date(p.get("from")), parse_date(p.get("to"))
        if start is None or end is None:
            return "cert.err.period_incomplete"
        if end < start:
            return "cert.err.period_order"
        spans.append((start, end))
    spans.sort()
    for (_, end), (next_start, _) in zip(spans, spans[1:]):
        if next_start <= end:
            return "cert.err.period_overlap"
    return None


def check(type_code: str, content: dict[str, Any], today: date) -> dict[str, str]:
    """{field: translation key} in form order: wrong values and missing required fields.
    Empty when the draft is complete enough to sign."""
    errors: dict[str, str] = {}
    for spec in form(type_code):
        value = content.get(spec.name)
        if is_blank(value):
            if spec.required:
                errors[spec.name] = REQUIRED
            continue
        problem = value_error(spec, value, today)
        if problem:
            errors[spec.name] = problem
    return errors


def started(content: dict[str, Any]) -> bool:
    """Tomt utkast until something has been entered (CERT-4)."""
    return any(not is_blank(v) for v in content.values())


def normalise(spec: Field, value: Any) -> Any:
    """What is stored for a typed value: exactly what was typed, in a JSON-friendly form."""
    if value is None:
        return None
    if spec.kind is Kind.DATE and isinstance(value, date):
        return value.isoformat()
    if spec.kind is Kind.PERIODS:
        out = []
        for p in value or []:
            if not isinstance(p, dict):
                continue
            out.append({"degree": p.get("degree"),
                        "from": p["from"].isoformat() if isinstance(p.get("from"), date) else p.get("from"),
                        "to": p["to"].isoformat() if isinstance(p.get("to"), date) else p.get("to")})
        return out
    if spec.kind is Kind.ICD10 and isinstance(value, str):
        return inputs.clean(value).strip().upper()
    if spec.kind in (Kind.TEXT, Kind.TEXTAREA) and isinstance(value, str):
        return inputs.clean(value, multiline=spec.kind is Kind.TEXTAREA)    # never a control character
    return value
