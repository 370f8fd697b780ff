"""What every screen of a journey is checked for in the browser (issue 16): screenshots at
1400 px and at a 390 px phone, no English left on a Swedish or Danish screen, and a
confirmation where the user is looking (inside the viewport), not above it.

`STREAMLIT_OWN` lists the English strings that are inside Streamlit itself and cannot be set
from the app; each is written down in docs/ (see the docs' list of Streamlit's own strings).
A string found on a screen that is neither ours nor in that list fails the journey.
"""
from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.conftest import shot, wait_idle

DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}

# English that must not be on a Swedish or Danish screen (placeholders, widget chrome, labels)
ENGLISH = re.compile(
    r"\b(yyyy|mm\s*/\s*dd|dd\s*/\s*mm|HH\s*:\s*mm|Select all|Choose an option|Choose options|"
    r"Upload|per file|Time zone|No results|Browse files|Drag and drop|Press Enter|Clear all|"
    r"Search|Loading|Download|Submit|Cancel|Close|Delete|Edit)\b")
# inside Streamlit, not settable from the app (kept in step with the docs' list)
STREAMLIT_OWN: frozenset[str] = frozenset()


def screens(page, name: str) -> list[Path]:
    """Full-page screenshots at 1400 px and at a 390 px phone (the viewport is restored)."""
    before = page.viewport_size or DESKTOP
    paths = []
    for label, size in (("1400", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        wait_idle(page)
        paths.append(shot(page, f"{name}-{label}"))
    page.set_viewport_size(before)
    wait_idle(page)
    return paths


def shown_strings(page) -> list[str]:
    """The texts a user reads: the visible text of the page, and the placeholders and the
    accessible names of its fields."""
    text = page.inner_text("body")
    attrs = page.evaluate(
        "() => Array.from(document.querySelectorAll('input, textarea, [aria-label], [placeholder]'))"
        ".filter(e => e.offsetParent !== null)"
        ".flatMap(e => [e.getAttribute('placeholder'), e.getAttribute('aria-label')])"
        ".filter(Boolean)")
    return [text, *attrs]


def english_left(page) -> list[str]:
    """English words found on the screen that are not Streamlit's own (empty: none)."""
    found = {m.group(0) for s in shown_strings(page) for m in ENGLISH.finditer(s)}
    return sorted(found - STREAMLIT_OWN)


def in_viewport(page, locator) -> bool:
    """True when the element is (at least partly) inside the visible part of the page."""
    box = locator.bounding_box()
    if box is None:
        return False
    size = page.viewport_size or DESKTOP
    return box["y"] + box["height"] > 0 and box["y"] < size["height"]
