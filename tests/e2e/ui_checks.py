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

# English that must not be on a Swedish or Danish screen (placeholders, widget chrome, labels).
# Whole words only, so Swedish and Danish words that hold these letters do not count, and none
# of the words of the demo data (names of people, units and articles are Nordic): "Close",
# "Edit", "Delete" … would only be ours. The date/time segment words are matched alone.
ENGLISH = re.compile(
    r"\b(yyyy|HH|mm\s*/\s*dd|dd\s*/\s*mm|HH\s*:\s*mm|Select all|Select \d+ matches|Choose an option|"
    r"Choose options|Upload|per file|Time zone|No results|Browse files|Drag and drop|Press Enter|"
    r"Clear all|Search|Loading|Download|Submit|Cancel|Close|Delete|Edit|Add row|Fullscreen|Help for)\b")

# Inside Streamlit 1.67 and not settable from the app: (where it is read, the exact string).
# Each is written down, with why, in docs/STREAMLIT_STRINGS.md; tests/unit/test_ui16_widget_texts.py
# keeps this list and the docs' list the same, so none is added here without its reason.
STREAMLIT_OWN: frozenset[tuple[str, str]] = frozenset({
    ("text", "yyyy"),               # st.date_input: the empty field's segments (from `format`)
    ("text", "HH"),                 # st.time_input: the empty field's hour segment
    ("aria-label", "Download as CSV"),  # st.dataframe's toolbar (shown on hover)
    ("aria-label", "Search"),       # st.dataframe's toolbar (shown on hover)
    ("aria-label", "Fullscreen"),   # st.dataframe's toolbar (shown on hover)
    ("aria-label", "Add row"),      # st.data_editor's toolbar (num_rows="add"; shown on hover)
    ("aria-label", "Download plot as a PNG"),   # st.plotly_chart: plotly's mode bar (on hover)
    ("text", "Upload"),             # st.file_uploader's button
    ("text", "50MB per file"),      # st.file_uploader: server.maxUploadSize (.streamlit/config.toml)
    ("aria-label", "Close"),        # st.toast's and st.dialog's × button
    ("aria-label", "Clear all"),    # st.multiselect's × that empties a chosen list
    ("aria-label", "Help for …"),   # a widget's `help` icon: "Help for <the widget's label>"
})

HELP_ICON = re.compile(r"^Help for \S.*$")    # the help icon's name holds our label: one row for all


TALLEST = 9000      # px: a screenshot of a longer page stops here


def _content_height(page) -> int:
    """How tall the page's content is. Streamlit scrolls inside its own container, so the
    browser's "full page" is only the viewport: the container's scroll height says the rest."""
    return int(page.evaluate(
        "() => Math.max(document.body.scrollHeight, ...Array.from(document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stAppViewContainer], [data-testid=stSidebarContent]'))"
        ".map(e => e.scrollHeight))"))


def screens(page, name: str) -> list[Path]:
    """Whole-page screenshots at 1400 px and at a 390 px phone: the viewport is made as tall as
    the content (up to TALLEST), since Streamlit's own scrolling container would otherwise show
    only its first screen; the viewport is restored afterwards."""
    before = page.viewport_size or DESKTOP
    paths = []
    for label, size in (("1400", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        wait_idle(page)
        tall = min(max(_content_height(page), size["height"]), TALLEST)
        if tall > size["height"]:
            page.set_viewport_size({"width": size["width"], "height": tall})
            page.wait_for_timeout(300)
        paths.append(shot(page, f"{name}-{label}"))
    page.set_viewport_size(before)
    wait_idle(page)
    return paths


def shown_strings(page) -> list[tuple[str, str]]:
    """The texts a user reads, each with where it is read: the visible text of the page line by
    line ("text"), the placeholders of the empty fields ("placeholder": a field that holds a value
    does not show its placeholder — a selectbox with a choice keeps Streamlit's "Choose an option"
    in its attribute unseen), and the accessible names of the visible elements ("aria-label")."""
    lines = [("text", line.strip()) for line in page.inner_text("body").splitlines() if line.strip()]
    attrs = page.evaluate(
        "() => Array.from(document.querySelectorAll('input, textarea, [aria-label], [placeholder]'))"
        ".filter(e => e.offsetParent !== null)"
        ".flatMap(e => [['placeholder', (e.value === undefined || e.value === '') ? e.getAttribute('placeholder') : null],"
        " ['aria-label', e.getAttribute('aria-label')]])"
        ".filter(x => x[1])")
    return lines + [(where, "Help for …" if where == "aria-label" and HELP_ICON.match(text) else text)
                    for where, text in attrs]


def english_found(page) -> list[tuple[str, str]]:
    """(where, the whole string) of every string on the screen with English in it that is not
    Streamlit's own — what a failing check shows, so the string can be found."""
    return sorted({(where, text) for where, text in shown_strings(page)
                   if (where, text) not in STREAMLIT_OWN and ENGLISH.search(text)})


def english_left(page) -> list[str]:
    """English found on the screen that is not Streamlit's own (empty: none). Streamlit's own
    strings are allowed only where they are read, and only as the whole string."""
    return sorted({m.group(0) for _, text in english_found(page) for m in ENGLISH.finditer(text)})


def in_viewport(page, locator) -> bool:
    """True when the element is (at least partly) inside the visible part of the page."""
    box = locator.bounding_box()
    if box is None:
        return False
    size = page.viewport_size or DESKTOP
    return box["y"] + box["height"] > 0 and box["y"] < size["height"]
