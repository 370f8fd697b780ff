"""The append-only case log and access log (X-2)."""
from __future__ import annotations

import re
from typing import Any

from logic.clock import Clock, naive_utc
from logic.store import core_repo
from logic.store.db import Database, Tx


def record(tx: Tx, clock: Clock, actor: str, case_id: str, action: str,
           before: Any = None, after: Any = None) -> None:
    core_repo.insert_event(tx, case_id, naive_utc(clock.now()), actor, action, before, after)


def record_access(tx: Tx, clock: Clock, actor: str, person_id: str, case_id: str | None,
                  purpose: str) -> None:
    core_repo.insert_access(tx, naive_utc(clock.now()), actor, person_id, case_id, purpose)


def log_person_view(db: Database, clock: Clock, actor: str, person_id: str,
                    case_id: str | None, purpose: str) -> None:
    """Every view of a personal identity number is logged, in its own transaction."""
    with db.tx() as tx:
        record_access(tx, clock, actor, person_id, case_id, purpose)


def security(tx: Tx, clock: Clock, actor: str | None, event: str, detail: str = "") -> None:
    core_repo.insert_security(tx, naive_utc(clock.now()), actor, event, detail)


def case_log(db: Database, case_id: str, viewer: Any = None) -> list[dict]:
    """The case's log, oldest first; for a `viewer` (a User) who sees the case as an analyst,
    with the people in it pseudonymised as everywhere else (logic.board.present.pseudonymise_log)."""
    from logic.board import present

    with db.read() as r:
        rows = core_repo.events(r, case_id)
        case = core_repo.case(r, case_id) if viewer is not None else None
    key = present.analyst_key(db, viewer, case) if case is not None else None
    return present.pseudonymise_log(rows, key) if key is not None else rows


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only what changed: (before, after) restricted to differing keys."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def access_log_for(db: Database, clock: Clock, actor, raw_person_id: str, limit: int = 1000) -> list[dict]:
    """Who has seen this person's identity, when and why, newest first — for an authorised
    auditor (X-2). The auditor's own look-up is logged too, in the same transaction, so the
    log cannot be read without the reading being in it (and shows up in the next look-up)."""
    from logic.access import Action, decide, require
    from logic.identity import parse_person_id

    require(decide(actor, Action.READ_ACCESS_LOG))
    person = parse_person_id(raw_person_id, allow_reserve=True)
    with db.tx() as tx:
        rows = core_repo.access_entries(tx, person.digits, limit)
        record_access(tx, clock, actor.username, person.digits, None, "audit_access_log")
    return rows


def purpose_label(lang: str, purpose: str) -> str:
    """Why an identity number was seen, in the reader's language (the code if it has no text)."""
    from logic import i18n

    key = f"access.purpose.{purpose}"
    return i18n.t(lang, key) if i18n.has(key) else purpose


# Where a word of a security-log detail (a field name or a coded value) finds its text
_DETAIL_WORDS = ("security.field.", "org.level.", "urgent.permission.", "urgent.period.")
_WORD = re.compile(r"(?<![\w./@-])([a-z_]+|True|False)(?![\w./@-])")


def security_label(lang: str, event: str) -> str:
    """A security-log event in the reader's language (the code if it has no text)."""
    from logic import i18n

    key = f"security.event.{event}"
    return i18n.t(lang, key) if i18n.has(key) else event


def security_detail(lang: str, detail: str | None) -> str:
    """A security-log entry's detail as a person reads it: its field names and coded values
    ("title=", "webcert=True", "create never -> always") in the reader's language, lists
    without brackets and quotes; ids and names stay as they are (issue 16 item 4)."""
    from logic import i18n

    def word(m: re.Match) -> str:
        token = {"True": "yes", "False": "no"}.get(m.group(1), m.group(1))
        for prefix in _DETAIL_WORDS:
            if i18n.has(prefix + token):
                return i18n.t(lang, prefix + token)
        return m.group(1)

    text = re.sub(r"\[([^\]]*)\]", lambda m: m.group(1).replace("'", ""), detail or "")
    text = _WORD.sub(word, text)
    return text.replace("=", ": ").replace(" -> ", " → ")


def action_label(lang: str, action: str, after: Any = None) -> str | None:
    """A case-log action that has a text of its own (`log.action.<action>`, e.g. "Imported
    from <file> by <user>" for a case read from a file, IMP-10) in the reader's language,
    filled from the entry's after-value; None for an action without one."""
    from logic import i18n

    key = f"log.action.{action}"
    if not i18n.has(key):
        return None
    params = {k: str(v) for k, v in after.items()} if isinstance(after, dict) else {}
    return i18n.t(lang, key, **params)
