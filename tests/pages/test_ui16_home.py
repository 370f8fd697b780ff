"""Issue 16, items 8–10 on the start page and Meddelanden (AppTest): "Mitt arbete" one compact
row per case, the first ten and the rest on request; Meddelanden 20 a page with newer/older,
"mark all as read", the sender a person's name or the system's; case numbers drawn as links."""
from __future__ import annotations

from datetime import date

import pytest

from tests.pages.conftest import read
from tests.pages.test_ui16_layout import blocks
from tests.pages.test_urgent_pages import MONDAY_EVENING, _fill

pytestmark = pytest.mark.both_backends

START = "app.py"
MESSAGES = "pages/80_Meddelanden.py"
CASE_PAGE = "Arende"


def case_links(at) -> list[str]:
    """The case numbers linked in the main area (not the sidebar), in order."""
    sidebar = {id(x) for x in at.sidebar.get("page_link")}
    return [x.proto.query_string.removeprefix("id=") for x in at.get("page_link")
            if id(x) not in sidebar and x.proto.page == CASE_PAGE]


def test_ui16_home_my_work_shows_ten_rows_then_all_on_request(open_page):
    at = open_page(START, "reporter")
    assert not at.exception
    first = case_links(at)
    assert len(first) == 10
    more = at.button(key="start_more")
    assert more.label == "Visa alla 25"
    more.click().run()
    every = case_links(at)
    assert len(every) == 25 and every[:10] == first
    assert at.button(key="start_more").label == "Visa färre"


def test_ui16_home_each_work_row_is_one_row_with_status_and_title(open_page):
    at = open_page(START, "reporter")
    rows = [b for b in blocks(at.main) if "-work_" in str(getattr(b.proto, "id", ""))]   # in its column
    assert len(rows) == 10
    for row in rows:            # one flowing row (wraps on a phone), not four columns
        assert row.proto.flex_container.direction == 1 or row.proto.flex_container.wrap
        bodies = [str(x.value) for x in row.markdown]
        assert bodies[0].startswith(":blue-badge[") and len(bodies[0]) > len(":blue-badge[]")
        assert bodies[1]                                                   # the title
        assert read(row.caption[0].value).startswith("ändrad 2026-")      # when it changed
        assert len(row.get("page_link")) == 1                             # the number, a link


def test_ui16_messages_twenty_a_page_newest_first_with_newer_and_older(open_page):
    at = open_page(MESSAGES, "reporter")
    assert not at.exception
    assert len(at.expander) == 20
    assert "Sida 1 av 5" in [read(c.value) for c in at.caption]
    assert at.button(key="msg_newer").disabled
    first = [e.label for e in at.expander]
    at.button(key="msg_older").click().run()
    assert "Sida 2 av 5" in [read(c.value) for c in at.caption]
    assert not set(first) & {e.label for e in at.expander}
    for _ in range(3):
        at.button(key="msg_older").click().run()
    assert "Sida 5 av 5" in [read(c.value) for c in at.caption]
    assert at.button(key="msg_older").disabled
    assert len(at.expander) == 94 - 4 * 20


def test_ui16_messages_mark_all_read_empties_the_unread_count(open_page):
    at = open_page(MESSAGES, "reporter")
    assert "Meddelanden (3 olästa)" in [x.value for x in at.sidebar.get("page_link")]
    assert sum(read(e.label).startswith("●") for e in at.expander) == 3
    at.button(key="msg_mark_all").click().run()
    assert "Meddelanden" in [x.value for x in at.sidebar.get("page_link")]
    assert not any(read(e.label).startswith("●") for e in at.expander)
    assert "0 olästa av 94" in [read(c.value) for c in at.caption]
    assert at.button(key="msg_mark_all").disabled
    assert "3 meddelanden markerade som lästa." in [read(x.proto.body) for x in at.get("toast")]


def test_ui16_messages_sender_is_the_person_or_the_system(open_page):
    at = open_page(MESSAGES, "reporter")
    senders = {read(c.value) for e in at.expander for c in e.caption}
    assert "Från casedesk" in senders                              # the system
    assert any(s.startswith("Från ") and s != "Från casedesk" and " " in s[5:] for s in senders), senders
    assert not senders & {"Från tekniker", "Från handlaggare", "Från "}     # never a username


def test_ui16_messages_the_system_sender_is_the_name_from_settings(open_page):
    at = open_page(MESSAGES, "reporter")
    at.secrets["casedesk"] = {"name": "Hjälpmedelscentrum Syd"}
    at.run()
    senders = {read(c.value) for e in at.expander for c in e.caption}
    assert "Från Hjälpmedelscentrum Syd" in senders and "Från casedesk" not in senders


def test_ui16_messages_a_case_is_a_link_inside_its_message(open_page):
    at = open_page(MESSAGES, "reporter")
    linked = case_links(at)
    assert linked and all(x.startswith(("AV", "OA", "RE")) for x in linked)


def _case_links_and_their_look(node, inside: bool = False, found=None) -> list[tuple[str, bool]]:
    """(query string, drawn as a case link) for every link to a case or certificate in the tree."""
    found = [] if found is None else found
    block_id = str(getattr(getattr(node, "proto", None), "id", "") or "")
    inside = inside or "-caselink_" in block_id
    if getattr(node, "type", None) == "page_link" and node.proto.query_string.startswith("id="):
        found.append((node.proto.query_string, inside))
    for child in getattr(node, "children", {}).values():
        _case_links_and_their_look(child, inside, found)
    return found


def assert_case_numbers_look_like_links(at, at_least: int = 1) -> None:
    links = _case_links_and_their_look(at.main)
    assert len(links) >= at_least, links
    assert [q for q, drawn in links if not drawn] == []


def test_ui16_links_case_numbers_on_work_lists_look_like_links(open_page):
    assert_case_numbers_look_like_links(open_page(START, "reporter"), 10)
    assert_case_numbers_look_like_links(open_page(MESSAGES, "reporter"), 5)
    assert_case_numbers_look_like_links(open_page("pages/42_Arbetslistor.py", "lakare"), 2)


def test_ui16_links_the_receipt_number_looks_like_a_link(open_page, monkeypatch):
    monkeypatch.setenv("CASEDESK_NOW", MONDAY_EVENING)
    at = open_page("pages/51_Ny_akutsag.py", "partner")
    _fill(at, street="Irlandsvej 80", postcode="2300", town="København S", customer="Kaj Kunde",
          contact_name="Kaj Kunde", contact_phone="+45 11 22 33 44", contact_email="kaj@example.invalid",
          short_description="Vand i kælder")
    at.date_input(key="urg_new_damage_date").set_value(date(2026, 11, 23))
    at.selectbox(key="urg_new_first_aid_office").set_value("skybrud-service-aps-kobenhavn")
    at.button[0].click().run()
    assert read(at.success[0].value) == "Akutsag AKUT-26-0007 er oprettet."
    assert_case_numbers_look_like_links(at, 1)
