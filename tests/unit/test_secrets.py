"""Secrets (issue 7, X-1): the cookie key is generated per installation, kept private, never
overwritten and never in the repository."""
from __future__ import annotations

import re
import stat
import subprocess
import tomllib

from logic import bootstrap
from tests.conftest import ROOT


def test_x1_each_installation_generates_its_own_private_cookie_key(tmp_path):
    a, b = tmp_path / "a" / "secrets.toml", tmp_path / "b" / "secrets.toml"
    assert bootstrap.ensure_secrets(a) and bootstrap.ensure_secrets(b)
    key_a = tomllib.loads(a.read_text())["login_cookie"]["cookie_key"]
    key_b = tomllib.loads(b.read_text())["login_cookie"]["cookie_key"]
    assert key_a != key_b and len(key_a) >= 60            # 48 random bytes, url-safe
    assert stat.S_IMODE(a.stat().st_mode) == 0o600         # readable by the app's user only


def test_x1_an_existing_secrets_file_is_kept(tmp_path):
    path = tmp_path / "secrets.toml"
    bootstrap.ensure_secrets(path)
    before = path.read_text()
    assert bootstrap.ensure_secrets(path) is False
    assert path.read_text() == before                      # a rerun of `make run` logs nobody out


def test_x1_no_secret_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert ".streamlit/secrets.toml" not in tracked
    ignored = subprocess.run(["git", "check-ignore", ".streamlit/secrets.toml"], cwd=ROOT,
                             capture_output=True, text=True)
    assert ignored.returncode == 0, "secrets.toml must be git-ignored"
    key = re.compile(r"""cookie_key\s*=\s*["'][^"'{]{16,}["']""")
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".py", ".toml", ".md", ".cfg", ".ini", ".txt", ".yaml", ".yml", ""} and path.is_file():
            assert not key.search(path.read_text(encoding="utf-8", errors="ignore")), name
