"""The project's set-up: the two scripts of the README, CI's entry point, pinned requirements."""

import os
import re
import subprocess

import pytest
from helpers import ROOT

SCRIPTS = ["scripts/run-dashboard.sh", "scripts/run-tests.sh"]
PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[A-Za-z0-9.+!_-]+$")


def readme_commands() -> list[str]:
    """The non-comment lines of README.md's fenced code blocks, in order."""
    commands, in_block = [], False
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_block = not in_block
        elif in_block and line.strip() and not line.lstrip().startswith("#"):
            commands.append(line.strip())
    return commands


def test_ci_runs_the_test_script() -> None:
    ci = ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK)
    lines = [ln.strip() for ln in ci.read_text(encoding="utf-8").splitlines()]
    assert lines[0].startswith("#!") and "bash" in lines[0]
    assert any(ln.startswith(("exec scripts/run-tests.sh", "scripts/run-tests.sh"))
               for ln in lines)


def test_readme_starts_with_the_two_scripts() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# ")
    assert readme_commands()[:2] == SCRIPTS


@pytest.mark.parametrize("script", [*SCRIPTS, ".ci/run"])
def test_scripts_are_executable_bash(script: str) -> None:
    path = ROOT / script
    assert path.is_file()
    assert os.access(path, os.X_OK), f"{script} is not executable"
    assert path.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    subprocess.run(["bash", "-n", str(path)], check=True)


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-test.txt"])
def test_requirements_are_pinned(name: str) -> None:
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line == "-r requirements.txt":
            continue
        assert PINNED.match(line), f"{name}: {line!r} is not pinned with =="


def test_only_the_ui_package_imports_streamlit() -> None:
    pattern = re.compile(r"^\s*(import streamlit|from streamlit[\s.])", re.MULTILINE)
    package = ROOT / "iro_metrics"
    offenders = [
        str(path.relative_to(ROOT))
        for path in package.rglob("*.py")
        if package / "ui" not in path.parents and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
