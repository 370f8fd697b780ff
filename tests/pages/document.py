"""Reading a case page drawn by `ui.case_document` in AppTest: its key facts and its
label/value pairs, as the reader sees them."""
from __future__ import annotations

from tests.pages.conftest import read

DETAILS_KEY = "case_details"


def walk(node):
    """Every element and block under `node`, in the order they are drawn."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def details_block(at):
    return next(n for n in walk(at.main) if getattr(n, "key", None) == DETAILS_KEY)


def details(at) -> dict[str, str]:
    """The document's label/value pairs (label -> whole value)."""
    block = details_block(at)
    labels = [read(m.value).strip("*") for m in block.markdown]
    values = [x.value for x in block.text]
    assert len(labels) == len(values)
    return dict(zip(labels, values))


def facts(at) -> list[str]:
    """The values of the fact tiles at the top (bold markdown), as read."""
    return [read(m.value).strip("*") for m in at.main.markdown if m.value.startswith("**")]


def log_actions(log) -> list[str]:
    """What each entry of the case log (an expander) says happened, oldest first."""
    return [x.value.split(" · ", 2)[2] for x in log.text if x.value.count(" · ") >= 2
            and x.value[:4].isdigit()]
