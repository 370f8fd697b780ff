"""The checks on ORG's reference data as admins edit it (the admin page and the master-data
kinds org_classification and org_ladder ask these same rules): a node of the classification
tree — its code, texts and place (ORG-2) — and the holder of a level of the ladder (ORG-6)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from logic import inputs
from logic.inputs import REQUIRED
from logic.org.model import CONTACT_PARTIES, LADDER, RegisterRole

PHONE = re.compile(r"^\+?[0-9][0-9 \-()]{4,24}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

NODE_CODE_MAX = 40
NODE_TEXTS = (("name_sv", True, 100), ("name_en", False, 100), ("name_da", False, 100),
              ("guidance_sv", False, 2000), ("guidance_en", False, 2000), ("guidance_da", False, 2000))


def node_fields(code: str | None, texts: Mapping[str, str | None]) -> tuple[dict[str, Any], dict[str, str]]:
    """ORG-2: a node's code (1–40 of a–z, digits, underscore; stored in lower case) and texts
    (Swedish name required; names at most 100, guidance at most 2000) — cleaned, with
    {field: translation key} for what is wrong. The admin form and the org_classification
    kind ask this one rule."""
    errors: dict[str, str] = {}
    code = (inputs.text(code, NODE_CODE_MAX, field="code", errors=errors, multiline=False) or "").lower()
    if "code" not in errors and not code:
        errors["code"] = REQUIRED
    elif "code" not in errors and (not code.replace("_", "").isalnum() or not code.isascii()):
        errors["code"] = "org.bad_code"
    values: dict[str, Any] = {"code": code}
    for name, required, max_len in NODE_TEXTS:
        values[name] = inputs.text(texts.get(name), max_len, field=name, errors=errors, required=required,
                                   multiline=name.startswith("guidance"))
    return values, errors


def node_place(code: str, parent_code: str | None, entry: str | None, ladder: bool,
               parent: Mapping[str, Any] | None, existing: Mapping[str, Any] | None,
               has_types: bool) -> tuple[dict[str, str], str | None]:
    """ORG-2: where a node may sit — a type under an area (never under a type, never under
    itself; it takes the area's entry), an area at the top with its entry (org | care). An area
    with types stays an area, a type stays a type, and only a type carries the ladder (ORG-6).
    Returns ({field: translation key}, the node's entry)."""
    if parent_code:
        if parent is None or parent.get("parent_code") is not None or parent_code == code:
            return {"parent_code": "org.parent_not_area"}, None
        if existing and existing.get("parent_code") is None and has_types:
            return {"parent_code": "org.area_has_types"}, None
        return {}, parent["entry"]
    if not entry:
        return {"entry": REQUIRED}, None
    if existing and existing.get("parent_code") is not None:
        return {"parent_code": "org.type_stays_type"}, None
    if ladder:
        return {"ladder": "org.ladder_only_types"}, None
    return {}, entry


def holder_errors(level: str | None, username: str | None, title: str | None,
                  eligible: set[str]) -> dict[str, str]:
    """ORG-6: a level above the manager (committee, forum, group) is held by an active user who
    may handle ORG cases (role org_ladder or manager); the title at most 100 characters. The
    admin form and the org_ladder kind ask this one rule."""
    errors: dict[str, str] = {}
    if level not in {lv.value for lv in LADDER[1:]}:
        errors["level"] = "form.invalid"
    inputs.text(title, 100, field="title", errors=errors, multiline=False)
    if not username:
        errors["username"] = REQUIRED
    elif username not in eligible:
        errors["username"] = "org.holder_needs_role"
    return errors


def register_fields(row: Mapping[str, Any], units: set[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """ORG-11: a person of a unit's contact register — the unit, a role of the register, the
    collaboration party, a name (at most 100), and a way to reach them: a phone number or an
    e-mail address (at least one; each in its form); a note at most 500. Cleaned values and
    {field: translation key} for what is wrong."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    unit_id = row.get("unit_id")
    if not unit_id:
        errors["unit_id"] = REQUIRED
    elif unit_id not in units:
        errors["unit_id"] = "form.invalid"
    values["unit_id"] = unit_id
    role, party = row.get("role"), row.get("party")
    if not role:
        errors["role"] = REQUIRED
    elif role not in {r.value for r in RegisterRole}:
        errors["role"] = "form.invalid"
    if not party:
        errors["party"] = REQUIRED
    elif party not in {p.value for p in CONTACT_PARTIES}:
        errors["party"] = "form.invalid"
    values["role"], values["party"] = (str(role) if role else None), (str(party) if party else None)
    values["name"] = inputs.text(row.get("name"), 100, field="name", errors=errors, required=True, multiline=False)
    values["phone"] = inputs.text(row.get("phone"), 40, field="phone", errors=errors, required=False,
                                  multiline=False)
    values["email"] = inputs.text(row.get("email"), 200, field="email", errors=errors, required=False,
                                  multiline=False)
    values["note"] = inputs.text(row.get("note"), 500, field="note", errors=errors, required=False)
    if values["phone"] and "phone" not in errors and not PHONE.match(values["phone"]):
        errors["phone"] = "form.bad_phone"
    if values["email"] and "email" not in errors and not EMAIL.match(values["email"]):
        errors["email"] = "form.bad_email"
    if not values["phone"] and not values["email"] and "phone" not in errors and "email" not in errors:
        errors["phone"] = "org.register.needs_reach"
    values["active"] = bool(row.get("active", True))
    return values, errors
