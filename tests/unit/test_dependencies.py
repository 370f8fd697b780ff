"""The dependencies are declared and locked reproducibly (issue 13, section 6).

pyproject.toml declares every package the code imports; `make lock` writes requirements.lock
(what the app runs on) and requirements-test.lock (the same pins plus the test tools), every
line pinned and hash-checked, pip included; the Makefile installs them with --require-hashes and
redoes the environment when either lock changes."""
from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCAL = {"app", "logic", "ui", "pages", "demo", "bench", "ops", "tests"}


def _name(req: str) -> str:
    return re.split(r"[\s\[<>=!~;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pins(reqs: list[str]) -> dict[str, str]:
    out = {}
    for req in reqs:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", req.strip())
        assert m, f"not pinned exactly: {req}"
        out[_name(m.group(1))] = m.group(2)
    return out


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _lock(name: str) -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (version, hashes); a package split by markers must have one version."""
    text = (ROOT / name).read_text(encoding="utf-8").replace("\\\n", " ")
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        assert not line.startswith("-"), f"{name}: unexpected option line {line!r}"
        m = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", line)
        assert m, f"{name}: not pinned exactly: {line!r}"
        hashes = frozenset(re.findall(r"--hash=(sha256:[0-9a-f]{64})", line))
        assert hashes, f"{name}: {m.group(1)} has no hash"
        key = _name(m.group(1))
        if key in out:
            assert out[key][0] == m.group(2) or "python" in line, f"{name}: {key} twice"
            continue
        out[key] = (m.group(2), hashes)
    return out


def _imports(paths: list[Path]) -> dict[str, set[str]]:
    """Top-level modules imported by the files -> the files that import them."""
    found: dict[str, set[str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods = [node.module]
            else:
                continue
            for mod in mods:
                top = mod.split(".")[0]
                if top not in LOCAL and top not in sys.stdlib_module_names and top != "__future__":
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _files(*parts: str) -> list[Path]:
    out: list[Path] = []
    for part in parts:
        p = ROOT / part
        out.extend([p] if p.is_file() else sorted(p.rglob("*.py")))
    return out


def _undeclared(paths: list[Path], declared: set[str]) -> dict[str, set[str]]:
    dists = importlib.metadata.packages_distributions()
    missing = {}
    for mod, where in _imports(paths).items():
        names = {_name(d) for d in dists.get(mod, [mod])}
        if not names & declared:
            missing[f"{mod} ({', '.join(sorted(names))})"] = where
    return missing


def test_deps_app_imports_only_declared_runtime_packages():
    """The app's code imports only packages declared in [project] dependencies (PyJWT in
    ui/shell.py was only there through streamlit-authenticator) — not test tools."""
    runtime = set(_pins(_pyproject()["project"]["dependencies"]))
    missing = _undeclared(_files("app.py", "logic", "ui", "pages", "demo"), runtime)
    assert not missing, f"imported but not declared in [project] dependencies: {missing}"


def test_deps_tests_and_bench_import_only_declared_packages():
    """bench/ and tests/ may also use the `test` extra (websockets for bench/stclient.py)."""
    project = _pyproject()["project"]
    declared = set(_pins(project["dependencies"])) | set(_pins(project["optional-dependencies"]["test"]))
    missing = _undeclared(_files("bench", "tests"), declared)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_deps_locks_hold_the_pyproject_pins_with_hashes():
    project = _pyproject()
    runtime, test = _lock("requirements.lock"), _lock("requirements-test.lock")
    install = _pins(project["dependency-groups"]["install"])
    assert "pip" in install, "pip itself is pinned"
    for name, version in {**_pins(project["project"]["dependencies"]), **install}.items():
        assert runtime.get(name, ("missing",))[0] == version, f"requirements.lock: {name}"
    for name, version in {**_pins(project["project"]["optional-dependencies"]["test"]), **install}.items():
        assert test.get(name, ("missing",))[0] == version, f"requirements-test.lock: {name}"


def test_deps_test_lock_keeps_every_runtime_pin_and_test_tools_stay_out_of_the_runtime_lock():
    runtime, test = _lock("requirements.lock"), _lock("requirements-test.lock")
    for name, (version, hashes) in runtime.items():
        assert test.get(name) == (version, hashes), f"{name} differs between the locks"
    for tool in ("playwright", "pytest", "pytest-xdist", "hypothesis"):
        assert tool in test
        assert tool not in runtime, f"{tool} is a test tool, not in requirements.lock"


def test_deps_make_installs_the_locks_hash_checked_and_redoes_them_when_a_lock_changes():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes" in make
    rules = dict(re.findall(r"^(\S+):\s*([^\n=]*)$", make, flags=re.M))
    assert "requirements.lock" in rules["$(VENV)/.installed-run"].split()
    assert {"requirements.lock", "requirements-test.lock"} <= set(rules["$(VENV)/.installed-test"].split())
    assert "$(VENV)/.installed-run" in rules["setup"].split()
    for target in ("test", "e2e", "bench"):
        assert "$(VENV)/.installed-test" in rules[target].split(), target
    assert "pip freeze" not in make, "the lock comes from pyproject.toml, not from an environment"
