"""The CLI works on the project it is run in: found by walking up from the current
directory, overridden by flags (an --out that cannot be a folder is one line), falling
back to the checkout it was installed from."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, SPEC, TEMPLATES

from podspec_gen.commands.cli import main
from podspec_gen.commands.version import tool_version, version_line
from podspec_gen.write import existing_files

FOLDERS = ["--spec", str(SPEC), "--templates", str(TEMPLATES)]


def _podspec_gen(
    *args: str, cwd: Path, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH: the generator of this checkout, whichever folder the run starts in.
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "TMPDIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "podspec_gen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's spec and templates, with a folder to work in below it."""
    root = tmp_path / "project"
    shutil.copytree(SPEC, root / "spec")
    shutil.copytree(TEMPLATES, root / "templates")
    (root / "docs" / "notes").mkdir(parents=True)
    return root


def test_generate_in_a_subfolder_writes_that_projects_output(
    project: Path, tmp_path: Path
) -> None:
    here = project / "docs" / "notes"
    result = _podspec_gen("generate", cwd=here, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    out = project / "generated"
    assert result.stdout.endswith(f" changed in {out}\n")
    assert "python/podspec/__init__.py" in existing_files(out)
    assert existing_files(out) == existing_files(PROJECT / "generated")

    check = _podspec_gen("check", cwd=here, tmp_path=tmp_path)
    assert check.returncode == 0, check.stdout
    assert (
        check.stdout
        == f"podspec-gen: {out} is up to date ({len(existing_files(out))} files)\n"
    )


def test_the_projects_own_spec_is_the_one_read(project: Path, tmp_path: Path) -> None:
    spec = project / "spec" / "network.yaml"
    text = spec.read_text(encoding="utf-8")
    edited = text.replace(
        "description: IP address of the host file entry.",
        "description: The address of the host file entry, as the copy says.",
        1,
    )
    assert edited != text
    spec.write_text(edited, encoding="utf-8")

    result = _podspec_gen("generate", cwd=project / "docs", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    docs = (project / "generated" / "docs" / "network.md").read_text(encoding="utf-8")
    assert "as the copy says" in docs


def test_flags_override_the_found_project(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    result = _podspec_gen(
        "generate", "--out", str(elsewhere), cwd=project / "docs", tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "python/podspec/__init__.py" in existing_files(elsewhere)
    assert not (project / "generated").exists()

    result = _podspec_gen(
        "check",
        "--spec",
        str(tmp_path / "no-spec-here"),
        "--out",
        str(elsewhere),
        cwd=project,
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"podspec-gen: spec folder not found: {tmp_path / 'no-spec-here'} (use --spec)\n"
    )


@pytest.mark.parametrize("command", ["generate", "check"])
def test_an_out_that_is_or_is_under_a_file_is_one_line(
    command: str, tmp_path: Path
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("mine\n")
    for out, problem in (
        (afile, "not a folder"),
        (afile / "sub" / "out", f"{afile} is not a folder"),
    ):
        result = _podspec_gen(
            command, *FOLDERS, "--out", str(out), cwd=tmp_path, tmp_path=tmp_path
        )
        assert result.returncode == 2
        assert result.stderr == f"podspec-gen: cannot use --out {out}: {problem}\n"
        assert afile.read_text() == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["afile"]


def test_an_out_whose_parent_cannot_be_created_is_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Root creates folders through permission bits: the refusal is staged instead.
    denied = tmp_path / "denied"
    out = denied / "out"
    mkdir = os.mkdir

    def mkdir_but_denied(path: str | Path, mode: int = 0o777) -> None:
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        mkdir(path, mode)

    monkeypatch.setattr(os, "mkdir", mkdir_but_denied)

    assert main(["generate", *FOLDERS, "--out", str(out)]) == 2

    assert capsys.readouterr().err == (
        f"podspec-gen: cannot write {out}: {denied}: Permission denied\n"
    )
    assert not denied.exists()


def test_a_project_with_only_a_spec_uses_the_installed_templates(
    project: Path, tmp_path: Path
) -> None:
    shutil.rmtree(project / "templates")
    help_text = _podspec_gen("generate", "--help", cwd=project, tmp_path=tmp_path)
    assert f"(default: {PROJECT / 'templates'})" in help_text.stdout

    result = _podspec_gen("generate", cwd=project, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "docs/README.md" in existing_files(project / "generated")


def test_outside_any_project_the_defaults_are_the_installed_checkout(
    tmp_path: Path,
) -> None:
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    for command in ("generate", "check"):
        result = _podspec_gen(command, "--help", cwd=nowhere, tmp_path=tmp_path)
        assert result.returncode == 0
        # argparse may wrap a long path; the words are what matter.
        words = " ".join(result.stdout.split())
        for flag, folder in (
            ("spec", "spec"),
            ("templates", "templates"),
            ("out", "generated"),
        ):
            assert f"--{flag}" in words
            assert f"(default: {PROJECT / folder})" in words


def test_version_names_the_tool_and_the_release_of_the_spec_in_use(
    project: Path, tmp_path: Path
) -> None:
    root_spec = project / "spec" / "podspec.yaml"
    text = root_spec.read_text(encoding="utf-8")
    release = next(
        line.split(":", 1)[1].strip()
        for line in text.splitlines()
        if line.startswith("kubernetes:")
    )
    root_spec.write_text(text.replace(release, "v1.99.1", 1), encoding="utf-8")

    result = _podspec_gen("--version", cwd=project / "docs", tmp_path=tmp_path)

    assert result.returncode == 0
    assert result.stdout == (
        f"podspec-gen {tool_version()} (Kubernetes v1.99.1, spec {project / 'spec'})\n"
    )


def test_version_without_a_readable_spec_is_just_the_tool(tmp_path: Path) -> None:
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "podspec.yaml").write_text("kubernetes: [unclosed\n")
    assert version_line(tmp_path) == f"podspec-gen {tool_version()}"


def test_tool_version_is_the_projects() -> None:
    import tomllib

    with (PROJECT / "pyproject.toml").open("rb") as handle:
        declared = tomllib.load(handle)["project"]["version"]
    assert tool_version() == declared
