"""Issue 16, item 7 (URG-11 Tilknyt): the rule that compares an urgent case's address with the
case it is to be linked into — the confirmation warns when they differ."""
from __future__ import annotations

import pytest

from logic.urgent import rules

HERE = {"street": "Strandvejen 12", "postcode": "2900", "town": "Hellerup"}


@pytest.mark.parametrize("other, same", [
    ({"street": "Strandvejen 12", "postcode": "2900", "town": "Hellerup"}, True),
    ({"street": "  strandvejen   12 ", "postcode": "2900"}, True),             # case and spacing
    ({"street": "Strandvejen 12.", "postcode": None}, True),                    # no postcode to compare
    ({"street": "Stengade 9", "postcode": "3000", "town": "Helsingør"}, False),
    ({"street": "Strandvejen 12", "postcode": "3000"}, False),                  # same street, other town
    ({"street": "Strandvejen 14", "postcode": "2900"}, False),
    ({"street": None, "postcode": "2900"}, None),                               # nothing to compare
    ({}, None),
])
def test_ui16_urg11_same_address(other, same):
    assert rules.same_address(HERE, other) is same


def test_ui16_urg11_same_address_in_another_unicode_form():
    assert rules.same_address({"street": "Nørregade 7"}, {"street": "No\u0308rregade 7".replace("o\u0308", "ø")})
    assert rules.same_address({"street": "Ærøvej 1"}, {"street": "ærøvej 1"})


def test_ui16_urg11_address_text():
    assert rules.address_text(HERE) == "Strandvejen 12, 2900 Hellerup"
    assert rules.address_text({"street": "Algade 3"}) == "Algade 3"
    assert rules.address_text({}) == ""
