"""X-7: user text and URL values shown inside markdown show as typed — `ui.i18n.t` escapes its
parameters, `ui.format.md_escape` also keeps a bare address from becoming a link."""
from __future__ import annotations

import re
from datetime import date

import pytest

from logic.errors import Refused
from ui.format import WORD_JOINER, Markdown, md_escape
from ui.i18n import reason, t

# GitHub-flavoured markdown's bare-address links (mdast-util-gfm-autolink-literal), found in the
# text after backslash escapes are resolved; JavaScript's \w is ASCII
AUTOLINK = re.compile(r"(?i)(https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.ASCII)


def shown(markdown: str) -> str:
    """The text a markdown source stands for (backslash escapes resolved)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


@pytest.mark.parametrize("value", ["[Logga in](https://ev.il/a)", "$x^2$", "**b**", "<b>", ":red[x]",
                                   "www.ev.il", "x@ev.il", "# rubrik", "`kod`", "~~s~~", "a_b_c"])
def test_x7_a_text_parameter_is_escaped_and_links_nothing(value):
    text = t("case.not_found", case_id=value)
    assert md_escape(value) in text                            # every markdown character escaped
    assert shown(text).replace(WORD_JOINER, "") == f"Det finns inget ärende {value} som du kan öppna."
    assert not AUTOLINK.search(shown(text))                    # no bare address either


def test_x7_numbers_dates_and_markdown_pass_as_they_are():
    assert t("board.per_page", n=25) == "25 per sida"
    assert t("cert.locked_banner", day=date(2026, 11, 20)).startswith("Utkastet är låst sedan 2026-11-20:")
    name = md_escape("Anna_Berg *")                            # escaped once, by the caller
    assert t("signed_in_as", name=name) == "Inloggad som **Anna\\_Berg \\***"
    inner = t("dash.grain.month")                              # a translation inside another
    assert t("dash.per_period", grain=inner) == "Registrerade per månad och händelsetyp"
    assert isinstance(t("dash.grain.month"), Markdown) and isinstance(name, Markdown)


def test_x7_refusal_parameters_are_escaped_too():
    text = reason(Refused("case.not_found", case_id="[x](https://ev.il)"))
    assert "[x](" not in text and not AUTOLINK.search(shown(text))
