"""One translation function for every string the user sees, refusal reasons included.

Catalogs are plain dicts in `logic/texts/` (one module per context), each entry
`key: {"sv": ..., "en": ..., "da": ...}`. Swedish is the default and the fallback.
"""
from __future__ import annotations

from functools import lru_cache

LANGUAGES = {"sv": "Svenska", "en": "English", "da": "Dansk"}
DEFAULT_LANG = "sv"


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    from logic.texts import merged

    return merged()


class Count(int):
    """A number shown with the language's digit grouping: 1 000 (sv), 1,000 (en), 1.000 (da)."""


_GROUPING = {"sv": "\u00a0", "en": ",", "da": "."}    # sv: a no-break space, never split over lines


def number(lang: str, n: int) -> str:
    return f"{int(n):,}".replace(",", _GROUPING.get(lang, _GROUPING[DEFAULT_LANG]))


def t(lang: str, key: str, **params: object) -> str:
    """`key` may be a `logic.errors.Msg`, which brings its own parameters."""
    carried = getattr(key, "params", None)
    if carried:
        params = {**carried, **params}
    params = {k: number(lang, v) if isinstance(v, Count) else v for k, v in params.items()}
    entry = catalog().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get(DEFAULT_LANG) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def has(key: str) -> bool:
    return key in catalog()


def pick(lang: str, sv: str | None, en: str | None = None, da: str | None = None) -> str | None:
    """A reference text stored once per language (a category's name_sv / name_en / name_da):
    the user's language, else Swedish (the default, as for `t`), else English."""
    return {"sv": sv, "en": en, "da": da}.get(lang) or sv or en


def pick_row(lang: str, row: dict, stem: str) -> str | None:
    """`pick` over a row's columns `<stem>_sv`, `<stem>_en`, `<stem>_da` (e.g. type_name_*)."""
    return pick(lang, row.get(f"{stem}_sv"), row.get(f"{stem}_en"), row.get(f"{stem}_da"))
