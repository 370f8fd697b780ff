"""DEV-5: personal identity numbers — 12 digits YYYYMMDDNNNN with a valid check digit;
samordningsnummer (day + 60); a 10-digit number is refused (the century is unknown);
reserve numbers only where the caller allows them."""
from __future__ import annotations

from datetime import date

import pytest

from logic.identity import (
    IdentityError,
    IdKind,
    format_id,
    luhn_check_digit,
    mask,
    parse_person_id,
)

# Published test identities (Skatteverket's test numbers; fictional people).
ACCEPTED = [
    # raw input, canonical digits, kind, birth date
    ("191212121212", "191212121212", IdKind.PERSONNUMMER, date(1912, 12, 12)),
    ("19121212-1212", "191212121212", IdKind.PERSONNUMMER, date(1912, 12, 12)),
    ("19121212+1212", "191212121212", IdKind.PERSONNUMMER, date(1912, 12, 12)),
    (" 19121212 1212 ", "191212121212", IdKind.PERSONNUMMER, date(1912, 12, 12)),
    ("194001019274", "194001019274", IdKind.PERSONNUMMER, date(1940, 1, 1)),
    ("198112189876", "198112189876", IdKind.PERSONNUMMER, date(1981, 12, 18)),
    ("200002292381", "200002292381", IdKind.PERSONNUMMER, date(2000, 2, 29)),   # leap day
    # samordningsnummer: day + 60 (Skatteverket's example 701063-2391)
    ("197010632391", "197010632391", IdKind.SAMORDNINGSNUMMER, date(1970, 10, 3)),
    ("19701063-2391", "197010632391", IdKind.SAMORDNINGSNUMMER, date(1970, 10, 3)),
]


@pytest.mark.parametrize("raw, digits, kind, born", ACCEPTED)
def test_dev5_accepts_valid_twelve_digit_numbers(raw, digits, kind, born):
    pid = parse_person_id(raw)
    assert pid.digits == digits
    assert pid.kind is kind
    assert pid.birth_date == born


REFUSED = [
    # raw input, translation key of the reason shown at the field
    ("", "identity.empty"),
    ("   ", "identity.empty"),
    (None, "identity.empty"),
    ("1212121212", "identity.needs_century"),        # 10 digits: century unknown
    ("121212-1212", "identity.needs_century"),
    ("121212+1212", "identity.needs_century"),
    ("19121212121", "identity.length"),              # 11 digits
    ("1912121212122", "identity.length"),            # 13 digits
    ("191212121213", "identity.check_digit"),        # wrong check digit
    ("194001019275", "identity.check_digit"),
    ("197010632392", "identity.check_digit"),        # samordningsnummer, wrong check digit
    ("191213121212", "identity.bad_date"),           # month 13
    ("191200121212", "identity.bad_date"),           # month 00
    ("191212001212", "identity.bad_date"),           # day 00
    ("191202301212", "identity.bad_date"),           # 30 February
    ("190002291234", "identity.bad_date"),           # 1900 was no leap year
    ("191212451212", "identity.bad_date"),           # day 45: neither a date nor day + 60
    ("191212921212", "identity.bad_date"),           # day 92 = 32 + 60
    ("180001011234", "identity.bad_date"),           # before 1850
    ("19121212121X", "identity.not_digits"),
    ("ÅÅÅÅMMDDNNNN", "identity.not_digits"),
    ("19121212121²", "identity.not_digits"),         # superscript two is a Unicode "digit"
    ("１９１２１２１２１２１２", "identity.not_digits"),  # full-width digits
    ("19800101-T123", "identity.not_digits"),        # reserve number where none is allowed
]


@pytest.mark.parametrize("raw, key", REFUSED)
def test_dev5_refuses_with_a_reason(raw, key):
    with pytest.raises(IdentityError) as caught:
        parse_person_id(raw)
    assert caught.value.key == key


RESERVE = [
    ("19800101-T123", "19800101T123"),
    ("19800101t123", "19800101T123"),
    ("RV9912345", "RV9912345"),
]


@pytest.mark.parametrize("raw, normalised", RESERVE)
def test_dev5_reserve_numbers_only_when_allowed(raw, normalised):
    pid = parse_person_id(raw, allow_reserve=True)
    assert pid.kind is IdKind.RESERVNUMMER
    assert pid.digits == normalised
    assert pid.birth_date is None
    with pytest.raises(IdentityError):
        parse_person_id(raw)


@pytest.mark.parametrize("raw, key", [("T12", "identity.not_digits"),
                                      ("1980-01-01-T123-XYZW", "identity.not_digits")])
def test_dev5_malformed_reserve_numbers_refused_even_when_allowed(raw, key):
    with pytest.raises(IdentityError) as caught:
        parse_person_id(raw, allow_reserve=True)
    assert caught.value.key == key


def test_dev5_allowing_reserve_numbers_does_not_weaken_the_check_digit():
    with pytest.raises(IdentityError) as caught:
        parse_person_id("191212121213", allow_reserve=True)
    assert caught.value.key == "identity.check_digit"


@pytest.mark.parametrize("nine, check", [("121212121", 2), ("400101927", 4), ("701063239", 1),
                                         ("811218987", 6), ("000000000", 0)])
def test_dev5_luhn_check_digit(nine, check):
    assert luhn_check_digit(nine) == check


def test_dev5_formatting_and_masking():
    pid = parse_person_id("191212121212")
    assert pid.formatted == "19121212-1212"
    assert pid.masked == "19121212-****"
    assert format_id("191212121212") == "19121212-1212"
    assert mask("191212121212") == "19121212-****"
    assert mask("19800101T123") == "********"
    assert mask(None) == "" and format_id(None) == ""
    reserve = parse_person_id("19800101-T123", allow_reserve=True)
    assert reserve.formatted == "19800101T123" and reserve.masked == "********"
