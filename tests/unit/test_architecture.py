"""Issue 15: the shape is checked, not hoped for. The import contracts in pyproject.toml
([tool.importlinter]) are run here, so `make test` fails when a change breaks a layer."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " BROKEN" not in done.stdout and "Contracts: " in done.stdout
