"""One translation function for every string the user sees, refusal reasons included.

Catalogs are plain dicts in `logic/texts/` (one module per context), each entry
`key: {"sv": ..., "en": ..., "da": ...}`. Swedish is the default and the fallback.
"""
from __future__ import annotations

from functools import lru_cache

LANGUAGES = {"sv": "Svenska", "en": "English", "da": "Dansk"}
DEFAULT_LANG = "sv"


def from_locale(locale: str | None) -> str:
    """The language for a browser's locale ("da-DK" -> "da"): the login page speaks it before
    anyone is logged in (issue 16 item 3); Swedish for every other locale."""
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANG


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    from logic.texts import merged

    return merged()


class Count(int):
    """A number shown with the language's digit grouping: 1 000 (sv), 1,000 (en), 1.000 (da)."""


_GROUPING = {"sv": "\u00a0", "en": ",", "da": "."}    # sv: a no-break space, never split over lines


# One way to write a date per language (issue 16 item 10): ISO in Swedish (SS-ISO 8601, as
# Swedish forms write it) and English, day.month.year in Danish — on screens, in date fields
# (DATE_WIDGET_FORMATS, Streamlit's own notation) and in files made for a reader.
DATE_FORMATS = {"sv": "%Y-%m-%d", "en": "%Y-%m-%d", "da": "%d.%m.%Y"}
DATE_WIDGET_FORMATS = {"sv": "YYYY-MM-DD", "en": "YYYY-MM-DD", "da": "DD.MM.YYYY"}
_DATE_PATTERNS = ("%Y-%m-%d", "%d.%m.%Y")


def date_format(lang: str, fmt: str = "%Y-%m-%d") -> str:
    """`fmt` (a strftime pattern, e.g. "%Y-%m-%d %H:%M") with its date part written the
    language's way."""
    wanted = DATE_FORMATS.get(lang, DATE_FORMATS[DEFAULT_LANG])
    for pattern in _DATE_PATTERNS:
        fmt = fmt.replace(pattern, wanted)
    return fmt


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
