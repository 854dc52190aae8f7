"""The generator itself is typed (mypy --strict), formatted (black) and linted (ruff)."""

from __future__ import annotations

import subprocess
import sys

from conftest import PROJECT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=PROJECT, capture_output=True, text=True
    )


def test_mypy_strict_on_generator() -> None:
    result = _run("mypy", "--strict", "podspec_gen")
    assert result.returncode == 0, result.stdout


def test_ruff_on_generator_tests_and_benchmarks() -> None:
    result = _run("ruff", "check", "podspec_gen", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout


def test_black_on_generator_tests_and_benchmarks() -> None:
    result = _run("black", "--check", "--quiet", "podspec_gen", "tests", "benchmarks")
    assert result.returncode == 0, result.stderr
