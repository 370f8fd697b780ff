"""Crafted links (issue 13, section 8): the case page gives one answer for a case that does not
exist and for one the user may not see (X-1) and follows a link to another case; whatever a
link puts in any URL parameter of any page shows as typed, never as markdown or LaTeX (X-7)."""
from __future__ import annotations

import re
from datetime import date

import pytest
from google.protobuf.json_format import MessageToDict

from logic import i18n
from logic.access import Action, can_see_case, decide
from logic.board.filters import BoardFilters, Period
from logic.store.connect import open_database
from logic.users import load_user
from tests.conftest import ROOT
from tests.pages.conftest import read, unescape
from ui.format import md_escape

pytestmark = pytest.mark.both_backends

CASE = "pages/12_Arende.py"

# (kind, a demo user who may open case pages but is another party to some cases of that kind)
OUTSIDERS = [("deviation", "reporter2"), ("org", "reporter2"), ("care", "reporter2"),
             ("certificate", "lakare.psyk"), ("urgent", "forsikring2"), ("claim", "forsikring2"),
             ("urgent", "partner2")]


def _hidden_case(path, kind: str, username: str) -> tuple[str, str]:
    """A case of `kind` the user may not see, and a number of the same shape that no case has."""
    db = open_database(path)
    try:
        user = load_user(db, username)
        with db.read() as r:
            rows = r.rows("SELECT * FROM cases WHERE kind = ? ORDER BY id", [kind])
            ids = {row["id"] for row in r.rows("SELECT id FROM cases")}
    finally:
        db.close()
    hidden = next(row["id"] for row in rows if not can_see_case(user, row))
    unknown = hidden[:-3] + "999"
    assert unknown not in ids
    return hidden, unknown


def _shown(at, case_id: str) -> list:
    """Everything the page drew (main area and sidebar), the case number written as <ID>."""
    out = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is not None and not isinstance(proto, (int, str)):
            text = re.sub(r"\$\$ID-[0-9a-f]+-", "", str(MessageToDict(proto)))     # widget ids hash their key
            for shown_id in (case_id, md_escape(case_id).replace("\\", "\\\\")):    # as repr() writes it
                text = text.replace(shown_id, "<ID>")
            out.append((type(node).__name__, text))
    return out


@pytest.mark.parametrize("kind, username", OUTSIDERS)
def test_x1_the_case_page_answers_an_unknown_and_a_hidden_case_alike(open_page, demo_db_path, kind, username):
    hidden, unknown = _hidden_case(demo_db_path, kind, username)
    seen_hidden = open_page(CASE, username, {"id": hidden})
    seen_unknown = open_page(CASE, username, {"id": unknown})
    assert not seen_hidden.exception and not seen_unknown.exception
    [message] = [read(e.value) for e in seen_hidden.error]
    assert message in {i18n.t(lang, "case.not_found", case_id=hidden) for lang in i18n.LANGUAGES}
    assert _shown(seen_hidden, hidden) == _shown(seen_unknown, unknown)
    assert not seen_hidden.header and not seen_hidden.dataframe


def test_x4_the_case_page_follows_a_link_to_another_case(open_page):
    """A link from one case to another (a converted or linked case) in the same session opened
    the first case again: the number field kept the first number and sent the page back."""
    at = open_page(CASE, "oresund", {"id": "AKUT-26-0004"})
    assert at.header[0].value == "AKUT-26-0004 · Akutsag"
    at.query_params["id"] = "OF-2026-0501"
    at.run()
    assert not at.exception
    assert at.header[0].value == "OF-2026-0501 · Sag"
    assert at.query_params["id"] in ("OF-2026-0501", ["OF-2026-0501"])
    assert [el.value for el in at.text_input if el.label == "Gå til sag (nummer)"] == ["OF-2026-0501"]


# ------------------------------------------------------------------ markdown from the URL

PAYLOADS = ["[x](https://ev.il)", "$x^2$", "**b**", "<b>", ":red[x]", "www.ev.il", "x@ev.il"]
# what must not reach a text rendered as markdown: the payloads as typed ...
FORBIDDEN = [p.lower() for p in PAYLOADS] + ["](http"]
# ... nor a bare address, which GitHub-flavoured markdown links by itself in the text that the
# source stands for (mdast-util-gfm-autolink-literal's patterns; JavaScript's \w is ASCII)
AUTOLINK = re.compile(r"(?i)(https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.ASCII)
# proto fields Streamlit renders as markdown (message bodies, labels, help texts; radio options)
MARKDOWN_FIELDS = {"body", "label", "help", "caption", "title"}
PAGE_FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py")) + ["app.py"]


def _url_parameters() -> list[str]:
    """Every parameter a page reads from the URL: st.query_params in pages and ui, and the
    board's filters (all of them set, so each shows up in the query string)."""
    names: set[str] = set()
    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py"), ROOT / "app.py"]:
        names |= set(re.findall(r"query_params(?:\.get\(|\[)\"(\w+)\"", path.read_text(encoding="utf-8")))
    every = BoardFilters(q="x", kinds=["k"], subtypes=["t"], statuses=["s"], units=["u"], state="open",
                         period=Period.CUSTOM, date_from=date(2026, 1, 1), date_to=date(2026, 2, 1),
                         mine=True, waiting=True, sort="title", desc=False, page=2, page_size=25)
    return sorted(names | set(every.to_query()))


def _page_user(db_path, page: str) -> str:
    """A demo user who may use the page (the action its shell.page call names)."""
    action = Action[re.search(r"shell\.page\(Action\.(\w+)", (ROOT / page).read_text(encoding="utf-8"))[1]]
    db = open_database(db_path)
    try:
        return next(name for name in PREFERRED_USERS if decide(load_user(db, name), action).allowed)
    finally:
        db.close()


PREFERRED_USERS = ("handlaggare", "lakare", "forsikring", "partner3", "admin", "analytiker", "granskare",
                   "reporter", "chef", "sjukskoterska")


def _markdown_texts(at) -> list[str]:
    """Every text on the page that Streamlit renders as markdown (main area, sidebar, blocks)."""
    out: list[str] = []

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in MARKDOWN_FIELDS:
            out.append(value)

    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or isinstance(proto, (int, str)):
            continue
        data = MessageToDict(proto)
        walk(data)
        if type(node).__name__ == "Radio":
            out.extend(data.get("options", []))
    return out


def test_x7_the_scan_finds_the_url_parameters_pages_read():
    names = _url_parameters()
    assert {"id", "q", "kind", "status", "unit", "from", "to", "filter", "sort", "page"} <= set(names)


@pytest.mark.parametrize("page", PAGE_FILES)
def test_x7_markdown_and_latex_in_every_url_parameter_show_as_typed(open_page, demo_db_path, page):
    """/Arende?id=[Logga in](https://ev.il/a) showed an error box with a link to another site."""
    username = _page_user(demo_db_path, page)
    names = _url_parameters()
    at = open_page(page, username)
    for payload in PAYLOADS:
        for name in names:
            at.query_params[name] = payload
        at.run()
        assert not at.exception, (page, payload, at.exception)
        shown = _markdown_texts(at)
        assert shown, page
        for text in shown:
            assert not any(bad in text.lower() for bad in FORBIDDEN), (page, username, payload, text)
            linked = [m.group(0) for m in AUTOLINK.finditer(unescape(text))]
            assert not any("ev.il" in link.lower() for link in linked), (page, username, payload, text)
