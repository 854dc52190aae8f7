"""The generated SDK is black-formatted, ruff-clean and passes mypy --strict (with a user program)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import black
from conftest import PROJECT, SDK

USER_PROGRAM = """
from podspec import Container, ContainerPort, PodSpec, ValidationError, fast


def build(image: str) -> dict[str, object]:
    pod = PodSpec(containers=[Container(name="web", image=image, ports=[ContainerPort(container_port=80)])])
    pod.containers[0].image_pull_policy = "IfNotPresent"
    return pod.to_dict()


def load(data: dict[str, object]) -> str:
    try:
        return PodSpec.from_dict(data).containers[0].name
    except ValidationError as exc:
        return str(exc.problems[0])


def load_fast(data: dict[str, object]) -> list[str]:
    pod = fast.PodSpec.from_dict(data)
    pod.containers[0].image_pull_policy = "Always"
    pod.containers.append(fast.Container(name="sidecar", image="envoy"))
    return [c.name for c in pod.containers]
"""


def _python_files() -> list[Path]:
    return sorted((SDK / "podspec").glob("*.py"))


def test_black_leaves_generated_python_unchanged() -> None:
    mode = black.Mode()
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        assert (
            black.format_str(text, mode=mode) == text
        ), f"{path.name} is not black-stable"


def test_ruff_is_clean_on_generated_python() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "generated/python"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_sdk_and_a_user_program(tmp_path: Path) -> None:
    program = tmp_path / "user_program.py"
    program.write_text(USER_PROGRAM, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "podspec",
            str(program),
        ],
        cwd=SDK,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_rejects_a_bad_enum_value_in_user_code(tmp_path: Path) -> None:
    program = tmp_path / "wrong.py"
    program.write_text(
        'from podspec import Container\nContainer(name="a", image="b", image_pull_policy="Sometimes")\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(program)],
        cwd=SDK,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "image_pull_policy" in result.stdout
