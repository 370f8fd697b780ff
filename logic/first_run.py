"""An empty start (ADM-13): the first administrator, then the imports in a sensible order.

`make run DEMO=0` (or CASEDESK_DEMO=0) sets up a database without the demo world. While it has
no user at all, the start page asks for the first administrator: `create_first_admin` checks
the input with the user rules (logic/users.py) and creates the account in one transaction that
refuses when any user exists by then — so two browsers cannot both create one (writes are
serialised, logic/store/db.py). After login the administrator's start page lists the imports in
dependency order (`import_steps`), each with how many rows are there already.
"""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from logic import audit, i18n, inputs
from logic.access import Action, Role, User, decide, require
from logic.clock import Clock, naive_utc
from logic.errors import FieldErrors, Refused
from logic.registry import KINDS
from logic.masterdata.spec import Kind
from logic.store import setup_repo
from logic.store.db import Database
from logic.users import UserInput, hash_password

FIELDS = ("username", "name", "password", "password_again")


def needed(db: Database) -> bool:
    """Does the installation still need its first administrator (no user at all)?"""
    return db.cached("first_run_needed", lambda r: not setup_repo.has_users(r))


def check_first_admin(username: str, name: str, password: str, password_again: str,
                      lang: str = i18n.DEFAULT_LANG) -> UserInput:
    """The first administrator's input, checked with the user rules; FieldErrors otherwise
    ({field: translation key}, one per field, shown at the field)."""
    errors: dict[str, str] = {}
    raw = {"username": (username or "").strip(), "name": (name or "").strip(), "password": password or ""}
    for f, value in raw.items():
        if not value:
            errors[f] = inputs.REQUIRED
    try:
        model = UserInput(username=raw["username"], name=raw["name"], password=raw["password"] or None,
                          roles=[Role.ADMIN], lang=lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANG)
    except ValidationError as exc:
        model = None
        for f, key in inputs.field_errors(exc).items():
            errors.setdefault(f, key)
    if not password_again:
        errors.setdefault("password_again", inputs.REQUIRED)
    elif password and password_again != password:
        errors.setdefault("password_again", "first.passwords_differ")
    if errors or model is None:
        raise FieldErrors({f: errors[f] for f in FIELDS if f in errors} or {"username": "form.invalid"})
    return model


def create_first_admin(db: Database, clock: Clock, username: str, name: str, password: str,
                       password_again: str, lang: str = i18n.DEFAULT_LANG, rounds: int = 12) -> str:
    """Create the installation's first administrator; refused (`first.already_done`) as soon
    as any user exists — checked and written in one transaction. Returns the username."""
    data = check_first_admin(username, name, password, password_again, lang)
    hashed = hash_password(password, rounds)             # slow on purpose: outside the write lock
    with db.tx() as tx:
        if setup_repo.has_users(tx):
            raise Refused("first.already_done")
        setup_repo.insert_admin(tx, data.username, data.name, hashed, data.lang, naive_utc(clock.now()))
        audit.security(tx, clock, data.username, "first_admin_created", data.username)
    return data.username


@dataclass(frozen=True)
class Step:
    kind: str
    depends: tuple[str, ...]
    rows: int

    @property
    def filled(self) -> bool:
        return self.rows > 0


def ordered(kinds: tuple[Kind, ...] = KINDS) -> list[Kind]:
    """The kinds in an order that imports each after the kinds it depends on (the registry's
    order where that already holds; a dependency outside the list is ignored)."""
    names = {k.name for k in kinds}
    done: list[Kind] = []
    placed: set[str] = set()
    pending = list(kinds)
    while pending:
        for k in pending:
            if all(d in placed or d not in names for d in k.depends):
                done.append(k)
                placed.add(k.name)
                pending.remove(k)
                break
        else:                               # a cycle: keep the registry's order for the rest
            done.extend(pending)
            break
    return done


def import_steps(db: Database, actor: User, kinds: tuple[Kind, ...] = KINDS) -> list[Step]:
    """What the administrator imports, in order, with the rows each kind holds already
    (read again only after a write: Database.cached)."""
    require(decide(actor, Action.ADMIN_USERS))
    chosen = ordered(kinds)

    def load(r) -> list[Step]:
        return [Step(k.name, tuple(k.depends), len(k.load(r, None))) for k in chosen]

    return db.cached("first_run_steps:" + ",".join(k.name for k in chosen), load)
