"""Any input gives a valid model or a clear field error, never an exception the user sees;
hostile text is stored and shown as text (X-7, issue 7)."""
from __future__ import annotations

from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from logic.deviations import rules
from logic.deviations.model import DeviationDraft
from logic.identity import IdentityError, PersonId, parse_person_id
from logic.users import UserInput

HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "**bold** [link](javascript:x)",
    "'; DROP TABLE cases; --", "=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)",
    "\u202eevil\u202c", "\x00\x01\x1b[31m", "a" * 10000, "😀 åäö ÆØÅ", "\r\n\t",
])
TEXT = st.one_of(st.text(max_size=300), HOSTILE, st.none())


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=40), st.from_regex(r"[0-9]{12}", fullmatch=True),
                 st.from_regex(r"[0-9]{8}[-+][0-9]{4}", fullmatch=True)))
def test_x7_identity_parser_never_raises_anything_but_a_field_error(raw):
    try:
        result = parse_person_id(raw, allow_reserve=True)
    except IdentityError as e:
        assert e.key.startswith("identity.")
    else:
        assert isinstance(result, PersonId)


FIELDS = list(DeviationDraft.model_fields)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), st.one_of(TEXT, st.integers(), st.booleans(),
                                                             st.dates(), st.times()), max_size=12))
def test_x7_deviation_input_gives_model_or_field_errors(data):
    try:
        draft = DeviationDraft.model_validate(data)
    except ValidationError as e:
        assert all(err["loc"] and err["loc"][0] in FIELDS for err in e.errors())
        return
    ctx = rules.CheckContext(now_local=datetime(2026, 2, 12, 10, 0), user_sites=["s1"],
                             categories={"annat": rules.Category("annat", "Annat", "Other")})
    errors = rules.check(draft, ctx)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in errors.items())


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(list(UserInput.model_fields)),
                       st.one_of(TEXT, st.integers(), st.lists(st.text(max_size=10), max_size=3)),
                       max_size=8))
def test_x7_user_input_gives_model_or_field_errors(data):
    try:
        UserInput.model_validate(data)
    except ValidationError as e:
        assert all(err["loc"] for err in e.errors())


# ------------------------------------------------------------------ the other input models

from logic.board.filters import BoardFilters  # noqa: E402
from logic.certificates import fields as cert_fields  # noqa: E402
from logic.org.model import OrgDraft  # noqa: E402
from logic.org import rules as org_rules  # noqa: E402
from logic.urgent import rules as urgent_rules  # noqa: E402
from logic.urgent.model import UrgentDraft  # noqa: E402

ANY = st.one_of(TEXT, st.integers(), st.booleans(), st.dates(), st.times(), st.floats(allow_nan=True),
                st.lists(st.text(max_size=10), max_size=3))


def _model_or_field_errors(model, data):
    try:
        return model.model_validate(data)
    except ValidationError as e:
        assert all(err["loc"] and err["loc"][0] in model.model_fields for err in e.errors())
        return None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(list(UrgentDraft.model_fields)), ANY, max_size=12))
def test_urg5_urgent_input_gives_model_or_field_errors(data):
    draft = _model_or_field_errors(UrgentDraft, data)
    if draft is not None:
        errors = urgent_rules.check_draft(draft, offices=["o1"], may_edit_case_id=True,
                                          assignable={"o1"}, now=datetime(2026, 11, 23, 17, 30))
        assert all(isinstance(v, str) for v in errors.values())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(list(OrgDraft.model_fields)), ANY, max_size=12))
def test_org_input_gives_model_or_field_errors(data):
    draft = _model_or_field_errors(OrgDraft, data)
    if draft is not None:
        ctx = org_rules.CheckContext(now_local=datetime(2026, 11, 20, 12, 0), user_units=["u1"], nodes={})
        assert all(isinstance(v, str) for v in org_rules.check(draft, ctx).values())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(cert_fields.FORMS)),
       st.dictionaries(st.text(max_size=30), ANY, max_size=15))
def test_cert4_any_draft_content_gives_field_errors_not_exceptions(type_code, content):
    errors = cert_fields.check(type_code, content, date(2026, 11, 20))
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in errors.items())


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=15), st.text(max_size=60), max_size=10))
def test_x4_any_query_string_gives_board_filters(params):
    assert isinstance(BoardFilters.from_query(params), BoardFilters)
