"""Shared machinery of the broken-spec tests: a copy of the real spec, one textual edit,
and an in-process CLI run from the copy's folder (so messages start with `spec/`).

A good output tree is generated once per test module from the unmodified spec and copied
into each test's `out/`; after a failing run it must be byte-for-byte what it was.
Test modules load the fixtures with `pytest_plugins = ["spec_edits"]`.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SPEC

from podspec_gen.commands.cli import main

# Bytes that are not UTF-8 travel through the text edits as lone surrogates.
ENCODING = {"encoding": "utf-8", "errors": "surrogateescape"}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included), by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """generate's output for the unmodified spec (rendered once; tests copy it)."""
    base = tmp_path_factory.mktemp("good")
    spec = base / "spec"
    shutil.copytree(SPEC, spec)
    out = base / "out"
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()) as err,
    ):
        status = main(["generate", "--spec", str(spec), "--out", str(out)])
    assert status == 0, err.getvalue()
    assert snapshot(out), "generate wrote nothing for the good spec"
    return out


@dataclass
class Project:
    """A copy of the spec in tmp_path (the cwd), with a good out/ beside it."""

    root: Path
    capsys: pytest.CaptureFixture[str]
    before: dict[str, bytes]

    @property
    def spec(self) -> Path:
        return self.root / "spec"

    @property
    def out(self) -> Path:
        return self.root / "out"

    def text(self, file: str) -> str:
        return (self.spec / file).read_text(**ENCODING)

    def edit(self, file: str, old: str, new: str, *, after: str = "") -> int:
        """Replace `old` in spec/<file> by `new`: its one occurrence, or with `after`,
        its first occurrence after the (unique) text `after`. Returns where the edit
        landed (a character index)."""
        text = self.text(file)
        start = 0
        if after:
            assert text.count(after) == 1, f"{after!r} is not unique in {file}"
            start = text.index(after)
        else:
            assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        index = text.index(old, start)
        edited = text[:index] + new + text[index + len(old) :]
        (self.spec / file).write_text(edited, **ENCODING)
        return index

    def at(
        self,
        file: str,
        needle: str,
        *,
        after: str = "",
        offset: int = 0,
        start: int = 0,
    ) -> str:
        """`spec/<file>:LINE:COL` of `needle` (its first occurrence after `after`, or
        after character `start`), `offset` characters into it, in the file as it is
        now."""
        text = self.text(file)
        if after:
            start = text.index(after)
        index = text.index(needle, start) + offset
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        return f"spec/{file}:{line}:{col}"

    def run(self, command: str = "generate") -> tuple[int, list[str], str]:
        """Run `command` on the spec: its status, stderr lines and stdout."""
        self.capsys.readouterr()
        status = main([command, "--spec", "spec", "--out", "out"])
        captured = self.capsys.readouterr()
        return status, captured.err.splitlines(), captured.out

    def out_unchanged(self) -> bool:
        return snapshot(self.out) == self.before

    def fails(self, *expected: str, command: str = "generate") -> None:
        """Run `command` on the broken spec: exit 2, exactly `expected` on stderr
        (then the summary line), nothing on stdout, out/ untouched."""
        status, err, out = self.run(command)
        count = len(expected)
        summary = (
            f"podspec-gen: {count} problem{'s' if count != 1 else ''} "
            "in the spec; nothing written"
        )
        assert err == [*expected, summary]
        assert out == ""
        assert status == 2
        assert self.out_unchanged()


@pytest.fixture
def project(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    good_output: Path,
) -> Iterator[Project]:
    shutil.copytree(SPEC, tmp_path / "spec")
    shutil.copytree(good_output, tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    yield Project(tmp_path, capsys, snapshot(tmp_path / "out"))
