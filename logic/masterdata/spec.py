"""What a kind of master data is (ADM-1): the shape every admin screen and every import shares.

A `Kind` names its natural key, its columns (with their headers in sv/en/da), a pydantic row
model that validates one row, and how to read the current rows and write the planned ones.
The admin screens (`st.data_editor` or forms) and the importer both go through
`logic.masterdata.plan`: rows in, a plan out (new / changed / unchanged / refused, per row),
nothing written until the plan is applied in one transaction.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from logic import i18n
from logic.values import norm as _norm
from logic.access import Action

if TYPE_CHECKING:
    from logic.access import User
    from logic.clock import Clock
    from logic.store.db import Tx

NEW, CHANGED, UNCHANGED, REFUSED = "new", "changed", "unchanged", "refused"


# where the product's texts for a coded column's values are (Column.choice_label)
CHOICE_TEXTS: dict[str, tuple[str, ...]] = {
    "roles": ("role.",), "event_type": ("dev.event.",), "level": ("org.level.",),
    "create_permission": ("urgent.permission.",), "entry": ("org.kind.",), "party": ("org.party.",),
    "history_deviations.status": ("dev.status.",), "history_org.status": ("org.status.",),
    "history_certificates.status": ("certificate.status.", "board.status."),
    "history_urgent.status": ("urgent.status.", "board.status."),
    "history_claims.status": ("claim.status.", "board.status."),
    "desired_action": ("dev.action.",), "device_return": ("dev.return.",),
    "manufacturer_report": ("dev.report.",), "mpa_report": ("dev.report.",),
}


@dataclass(frozen=True)
class Column:
    """One column of a kind: a field of its row model, and its header in every language."""
    name: str
    required: bool = False
    type: str = "text"              # text | int | bool | date | datetime | list (list: ';'-separated)
    example: str = ""               # what the template's example row shows
    aliases: tuple[str, ...] = ()   # other header spellings accepted (e.g. an old system's name)
    choices: tuple[str, ...] = ()   # closed set of values (shown in the editor and template help)
    # ADM-7: normalises a read cell before the key is formed (e.g. an identity number with or
    # without its hyphen is one key); raises ValueError(<translation key>) to refuse the cell
    parse: Callable[[Any], Any] | None = None
    not_future: bool = False        # a date (or time) after the admin's today is refused (ADM-6)
    person: bool = False            # an identity number: every one read goes into the access log

    def label_key(self, kind: str) -> str:
        return f"md.{kind}.{self.name}"

    def header(self, kind: str, lang: str) -> str:
        key = self.label_key(kind)
        return i18n.t(lang, key) if i18n.has(key) else self.name

    def choice_label(self, kind: str, value: object, lang: str) -> str:
        """A choice of this column as the grid shows it: its own text (`md.<kind>.<column>.<value>`)
        or the product's text for that code (a role, an event type, a level …); a choice
        nothing names — an id, a zone — as it is (issue 16 item 4)."""
        prefixes = CHOICE_TEXTS.get(f"{kind}.{self.name}", CHOICE_TEXTS.get(self.name, ()))
        for key in (f"{self.label_key(kind)}.{value}", *(f"{p}{value}" for p in prefixes)):
            if i18n.has(key):
                return i18n.t(lang, key)
        return i18n.LANGUAGES.get(str(value), str(value)) if self.name == "lang" else str(value)


@dataclass(frozen=True)
class CellError:
    """Why a row is refused: the column (None: the row as a whole), the value read and a
    translation key with its parameters (X-7: shown in the user's language)."""
    column: str | None
    value: Any
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Note:
    """What else a row's write does (ADM-10: "3 open ORG cases move to Anna Chef"), shown in
    the dry run and in the result of a save: a translation key and its parameters."""
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class RowPlan:
    line: int                        # the line in the file (header = 1) or the editor's row number
    key: tuple                       # the natural key
    status: str                      # NEW | CHANGED | UNCHANGED | REFUSED
    values: dict[str, Any]           # validated values (all columns, the current ones kept)
    before: dict[str, Any] | None    # the stored row, None when new
    errors: list[CellError] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)     # side effects of writing the row

    def changes(self) -> dict[str, tuple[Any, Any]]:
        """Column -> (before, after) for the columns this row changes."""
        if self.before is None:
            return {k: (None, v) for k, v in self.values.items() if v not in (None, "", [], ())}
        return {k: (self.before.get(k), v) for k, v in self.values.items()
                if _norm(self.before.get(k)) != _norm(v)}

    def refuse(self, column: str | None, value: Any, key: str, **params: Any) -> None:
        self.errors.append(CellError(column, value, key, params))
        self.status = REFUSED

    def note(self, key: str, **params: Any) -> None:
        self.notes.append(Note(key, params))

    def restatus(self) -> None:
        """After a kind's check normalised values: new / changed / unchanged again."""
        if self.status != REFUSED and self.before is not None:
            self.status = CHANGED if self.changes() else UNCHANGED


@dataclass(frozen=True)
class Origin:
    """The file an import's rows come from (a history kind's case log names it, IMP-10)."""
    file_name: str
    sha256: str


@dataclass(frozen=True)
class Kind:
    """One kind of master data (units, users, articles, …) as screens and imports see it."""
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    model: type[BaseModel]
    # the stored rows: those with the given keys (a kind may return more), or all when None
    load: Callable[["Tx", list[tuple] | None], list[dict[str, Any]]]
    save: Callable[["Tx", "Clock", "User", list[RowPlan]], None]
    # cross-row and database checks (unknown unit, a cycle in the tree …): refuse rows in place
    check: Callable[["Tx", list[RowPlan]], None] | None = None
    depends: tuple[str, ...] = ()    # kinds to import before this one (the empty start's order)
    # the cells read, before the key is taken: a kind whose key is stored normalised (lower-case
    # codes) says so here, so "Emballage" finds the stored "emballage" instead of a new row
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    action: Action = Action.ADMIN_REFERENCE
    optional_key: tuple[str, ...] = ()   # key parts that may be blank (ADM-6: a device without individual no)
    # columns holding personal identity numbers (ADM-7, X-2): masked on screen until revealed,
    # and every one shown or read from a file goes into the access log
    person_columns: tuple[str, ...] = ()
    # a kind of case history (IMP-9): imported only (no grid on the master-data page); its
    # save takes the import's Origin as a fifth argument, and its changes go to each case's
    # own log ("imported from <file> by <user>") instead of the settings log
    history: bool = False
    # planned column by column instead of row by row (history: 100 000 rows at once, IMP-11):
    # (tx, kind, rows — a DataFrame of text or a list of dicts —, lines, now) -> a plan with
    # the same face as logic.masterdata.plan.Plan (counts, refused, writes, fingerprint)
    plan_columns: Callable[..., Any] | None = None

    @property
    def title_key(self) -> str:
        return f"md.kind.{self.name}"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def key_of(self, values: dict[str, Any]) -> tuple:
        return tuple(_norm(values.get(k)) for k in self.key)


def header_token(text: str) -> str:
    """A header as matched: case, accents' composition, spaces and punctuation ignored."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return re.sub(r"[^0-9a-zåäöæøüé]+", "", text)
