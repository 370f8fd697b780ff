"""Issue 15: the shape is checked, not hoped for. The import contracts in pyproject.toml
([tool.importlinter]) are run here, so `make test` fails when a change breaks a layer."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " BROKEN" not in done.stdout and "Contracts: " in done.stdout


PAGE_LINES = 60
SQL = re.compile(r"""(?:"|')\s*(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (?:TABLE|INDEX|SEQUENCE)"""
                 r"""|BEGIN|ROLLBACK|CHECKPOINT)\b""")          # the code base writes SQL in capitals


def test_pages_are_thin():
    """A page is its guard and a call into ui/views (issue 15 §3)."""
    pages = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    long = {p.name: n for p in pages if (n := len(p.read_text(encoding="utf-8").splitlines())) > PAGE_LINES}
    assert not long, long


def test_sql_lives_in_the_store():
    """SQL statements are written only in logic/store/ (issue 15 §4): a string literal that
    starts a statement anywhere else in logic/ or ui/ is a finding."""
    found = []
    for path in [*sorted((ROOT / "logic").rglob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]:
        if (ROOT / "logic" / "store") in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        for m in SQL.finditer(text):          # \s spans lines: a statement in a triple-quoted string too
            line = text.count("\n", 0, m.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {m.group(0).strip()}")
    assert not found, "\n".join(found)


def test_every_kind_a_context_owns_has_its_case_page_view():
    """The case page's explicit table (ui/case_views.py) covers exactly the kinds the composition
    root wires (logic/composition.py): a new kind without a view, or a view for a kind no context
    owns, is caught here rather than by a user meeting "unknown kind" (issue 15 §1)."""
    from logic.composition import POLICIES
    from ui.case_views import VIEWS

    owned = {kind for policy in POLICIES for kind in policy.kinds}
    assert set(VIEWS) == owned
    assert all(callable(view) for view in VIEWS.values())
