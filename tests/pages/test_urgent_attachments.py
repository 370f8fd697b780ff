"""URG-7 attachments on an insurer's case page (AppTest, demo database): a page run lists them
from their metadata and reads no file; the bytes are read — with the permission checked
again — only when the download button is clicked (a deferred download)."""
from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from logic.store import urgent_repo
from logic.store.connect import open_database
from logic.urgent import services
from tests.pages.conftest import read

pytestmark = pytest.mark.both_backends


@pytest.fixture
def reads(monkeypatch):
    """Every read of an attachment's bytes, by attachment id."""
    seen: list[int] = []
    real = urgent_repo.attachment

    def counted(tx, attachment_id):
        seen.append(attachment_id)
        return real(tx, attachment_id)
    monkeypatch.setattr(urgent_repo, "attachment", counted)
    return seen


@pytest.fixture
def deferred(monkeypatch):
    """The callables download buttons hand to Streamlit for a click, by file name."""
    found: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        found[file_name] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name, **kw)
    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return found


def test_urg7_a_page_run_reads_no_attachment_only_the_click_does(open_page, demo_db_path, reads, deferred):
    db = open_database(demo_db_path)
    try:
        with db.read() as r:
            stored = r.row("SELECT id, case_id, content FROM task_attachments WHERE filename = 'loft.png'")
    finally:
        db.close()
    at = open_page("pages/12_Arende.py", "forsikring", {"id": stored["case_id"]})
    assert not at.exception
    at.run()                                                          # another page run
    assert reads == []                                                # nothing read on the runs
    button = next(b for b in at.get("download_button") if read(b.proto.label).startswith("loft.png"))
    assert button.proto.deferred_file_id and button.proto.ignore_rerun
    assert deferred["loft.png"]() == bytes(stored["content"])         # the click reads it
    assert reads == [stored["id"]]


def test_urg7_the_case_lists_attachments_without_their_bytes(demo_db):
    from logic.clock import SystemClock
    from logic.users import load_user

    with demo_db.read() as r:
        case_id = r.scalar("SELECT case_id FROM task_attachments WHERE filename = 'loft.png'")
    case = services.get_case(demo_db, SystemClock(), load_user(demo_db, "forsikring"), case_id)
    assert [a["filename"] for a in case["attachments"]] == ["loft.png"]
    assert all("content" not in a for a in case["attachments"])
