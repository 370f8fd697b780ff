"""Swedish personal identity numbers (personnummer), co-ordination numbers
(samordningsnummer, day + 60) and reserve numbers (reservnummer) — DEV-5, CERT-8.

The canonical form is 12 digits, YYYYMMDDNNNN. Input may carry a hyphen or plus
(YYYYMMDD-NNNN) but must carry the century: a 10-digit number is refused because the
century cannot be known for certain.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class IdKind(StrEnum):
    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    RESERVNUMMER = "reservnummer"


class IdentityError(ValueError):
    """Carries a translation key so the UI can show the reason at the field."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class PersonId:
    digits: str  # 12 digits, or the reserve number as entered (normalised)
    kind: IdKind

    @property
    def birth_date(self) -> date | None:
        if self.kind is IdKind.RESERVNUMMER:
            return None
        day = int(self.digits[6:8])
        if self.kind is IdKind.SAMORDNINGSNUMMER:
            day -= 60
        return date(int(self.digits[0:4]), int(self.digits[4:6]), day)

    @property
    def formatted(self) -> str:
        if self.kind is IdKind.RESERVNUMMER:
            return self.digits
        return f"{self.digits[:8]}-{self.digits[8:]}"

    @property
    def masked(self) -> str:
        """Shown to roles that must not see the full number: birth date only."""
        if self.kind is IdKind.RESERVNUMMER:
            return "********"
        return f"{self.digits[:8]}-****"


_SEP = re.compile(r"[\s\-+]")
_DIGITS = re.compile(r"^[0-9]+$")   # ASCII only: str.isdigit() also accepts "²" and "１"
# Reserve numbers differ between regions; a common form has letters in the serial part,
# e.g. 19800101-T123 or a region prefix. We recognise "has letters" as reserve.
_RESERVE = re.compile(r"^(?=.*[A-Za-z])[0-9A-Za-z]{8,14}$")


def luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for i, ch in enumerate(nine_digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


def parse_person_id(raw: str, *, allow_reserve: bool = False) -> PersonId:
    """Parse and validate. Raises IdentityError with a translation key on bad input."""
    text = _SEP.sub("", (raw or "").strip())
    if not text:
        raise IdentityError("identity.empty")
    if not _DIGITS.match(text):
        if allow_reserve and _RESERVE.match(text):
            return PersonId(text.upper(), IdKind.RESERVNUMMER)
        raise IdentityError("identity.not_digits")
    if len(text) == 10:
        raise IdentityError("identity.needs_century")
    if len(text) != 12:
        raise IdentityError("identity.length")
    year, month, day = int(text[0:4]), int(text[4:6]), int(text[6:8])
    kind = IdKind.PERSONNUMMER
    if day > 60:
        kind = IdKind.SAMORDNINGSNUMMER
        day -= 60
    try:
        date(year, month, day)
    except ValueError:
        raise IdentityError("identity.bad_date") from None
    if year < 1850:
        raise IdentityError("identity.bad_date")
    if luhn_check_digit(text[2:11]) != int(text[11]):
        raise IdentityError("identity.check_digit")
    return PersonId(text, kind)


def mask(digits: str | None) -> str:
    if not digits:
        return ""
    if len(digits) == 12 and digits.isdigit():
        return f"{digits[:8]}-****"
    return "********"


def format_id(digits: str | None) -> str:
    if not digits:
        return ""
    if len(digits) == 12 and digits.isdigit():
        return f"{digits[:8]}-{digits[8:]}"
    return digits
