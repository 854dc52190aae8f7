"""The accelerated SDK: the same generated source compiled by mypyc passes the SDK's tests.

Compiling takes a few minutes the first time; podspec_gen.compiled_sdk keeps the result
under build/compiled-sdk/ for as long as generated/python is unchanged.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, SDK

from podspec_gen import compiled_sdk

# Every test of what the SDK does; the compiled build must give the same verdicts.
SDK_TESTS = [
    "tests/test_sdk_functional.py",
    "tests/test_sdk_features.py",
    "tests/test_sdk_properties.py",
    "tests/test_corpus.py",
    "tests/test_agreement.py",
    "tests/test_sdk_fast.py",
    "tests/test_sdk_kinds.py",
    "tests/test_patch.py",
    "tests/test_sdk_warnings.py",
    "tests/test_sdk_built.py",
]


@pytest.fixture(scope="module")
def compiled() -> Path:
    try:
        return compiled_sdk.build(SDK)
    except compiled_sdk.BuildError as exc:
        pytest.fail(str(exc))


def test_hot_modules_are_extensions_and_helpers_stay_python(compiled: Path) -> None:
    code = (
        "import podspec, podspec._runtime as rt, podspec.storage as s,"
        " podspec._rules as r, podspec.quantity as q;"
        "print(rt.COMPILED, not s.__file__.endswith('.py'),"
        " not r.__file__.endswith('.py'), q.__file__.endswith('.py'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=compiled,
        env={**os.environ, "PYTHONPATH": str(compiled)},
    )
    assert out.stdout.split() == ["True", "True", "True", "True"]


def test_compiled_build_passes_the_sdk_tests(compiled: Path) -> None:
    env = {**os.environ, "PODSPEC_SDK_PATH": str(compiled), "PODSPEC_SDK_COMPILED": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            # Installing from source gives the interpreted build: nothing to re-check.
            "-k",
            "not fresh_venv",
            *SDK_TESTS,
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env=env,
    )
    tail = "\n".join(result.stdout.splitlines()[-40:])
    assert result.returncode == 0, tail


# A user's script: the deprecated field's warning must name the script's own line,
# though it is raised by compiled code, which has no frames to count.
CALLER = """\
import warnings
import podspec
assert podspec._runtime.COMPILED, podspec._runtime.__file__
data = {"containers": [{"name": "app", "image": "nginx"}], "serviceAccount": "old"}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    podspec.PodSpec.from_dict(data)  # line 7
for w in caught:
    print(w.category.__name__, w.filename, w.lineno)
"""


def test_a_deprecation_warning_from_compiled_code_points_at_the_caller(
    compiled: Path, tmp_path: Path
) -> None:
    script = tmp_path / "caller.py"
    script.write_text(CALLER, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(compiled)},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [f"DeprecationWarning {script} 7"]


def test_building_from_a_folder_that_is_not_an_sdk_is_a_clear_error(
    tmp_path: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "podspec_gen.compiled_sdk", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert result.returncode == 2
    assert result.stderr == f"compiled SDK: {tmp_path} is not a generated SDK folder\n"
