"""The `podspec-validate` hook of .pre-commit-hooks.yaml, run by pre-commit itself.

pre-commit builds the hook's environment the way a user's machine does (`pip install .`
at the repository root plus the hook's additional_dependencies, from PyPI), from a
snapshot of this working tree, and runs it in a fresh repository holding one valid and
one invalid manifest. Building the environment needs the package index: when pip cannot
reach it, the test is skipped with a warning rather than passed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOOK = "podspec-validate"
OFFLINE = (
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
)

VALID = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
"""
INVALID = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolice: Always
"""


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _snapshot(target: Path) -> Path:
    """This working tree as it would be committed (tracked and new files, not ignored
    ones), as a repository of its own: try-repo on the tree itself would leave out
    files not yet added."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "snapshot")
    return target


def _try_repo(hook_repo: Path, project: Path, home: Path, *files: str) -> str:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), NO_COLOR="1")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), HOOK]
    done = subprocess.run(
        [*command, "--color", "never", "--verbose", "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = done.stdout + done.stderr
    log = home / "pre-commit.log"
    if log.is_file():
        out += log.read_text(encoding="utf-8", errors="replace")
    if any(sign in out for sign in OFFLINE):
        warnings.warn(
            f"pre-commit could not reach the package index: {out[-800:]}", stacklevel=2
        )
        pytest.skip("pre-commit could not build the hook's environment offline")
    return f"exit {done.returncode}\n{out}"


def test_manifest_declares_the_hook() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == HOOK
    assert hook["entry"] == "podspec validate"
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]


def test_hook_passes_valid_and_fails_invalid_manifests(tmp_path: Path) -> None:
    hook_repo = _snapshot(tmp_path / "hook")
    project = tmp_path / "project"
    (project / "k8s").mkdir(parents=True)
    (project / "k8s" / "valid.yaml").write_text(VALID, encoding="utf-8")
    (project / "k8s" / "invalid.yaml").write_text(INVALID, encoding="utf-8")
    (project / "notes.txt").write_text("not yaml: [", encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    home = tmp_path / "pre-commit-home"

    both = _try_repo(hook_repo, project, home, "k8s/valid.yaml", "k8s/invalid.yaml")
    assert both.startswith("exit 1\n") and "Traceback" not in both, both
    assert "k8s/invalid.yaml:15:" in both, both
    assert "imagePullPolice" in both, both
    assert "k8s/valid.yaml:" not in both, both

    valid = _try_repo(hook_repo, project, home, "k8s/valid.yaml", "notes.txt")
    assert valid.startswith("exit 0\n"), valid
    assert "Passed" in valid, valid
