"""Build the accelerated SDK: generated/python compiled by mypyc, cached by content.

    python -m podspec_gen.compiled_sdk [SDK_DIR]   # prints the folder to put on sys.path

The build is the one a user gets from `HATCH_BUILD_HOOK_ENABLE_MYPYC=1 pip install
generated/python`, run on a copy: hatch-mypyc builds inside the source folder (it hides
pyproject.toml while setuptools runs and leaves the shared library beside it), and
nothing may touch generated/. Compiling takes minutes, so the result is kept under
build/compiled-sdk/, keyed by the SDK's files and the interpreter, and reused.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from podspec_gen.render.python import PACKAGE

PROJECT = Path(__file__).resolve().parent.parent.parent
CACHE = PROJECT / "build" / "compiled-sdk"
DONE = ".complete"


class BuildError(RuntimeError):
    """The compiled build failed; the message carries the tail of pip's output."""


def _sources(sdk: Path) -> list[Path]:
    package = sdk / PACKAGE
    return [
        sdk / "pyproject.toml",
        sdk / "README.md",
        *sorted(package.glob("*.py")),
        package / "py.typed",
    ]


def digest(sdk: Path) -> str:
    """Changes whenever a source file or the interpreter that would compile it does."""
    h = hashlib.sha256(f"{sys.implementation.cache_tag} {sys.version}".encode())
    for path in _sources(sdk):
        h.update(path.relative_to(sdk).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _run(args: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(args, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
        raise BuildError(f"{' '.join(args[:5])} ... failed:\n{tail}")


def build(sdk: Path, cache: Path = CACHE) -> Path:
    """The folder holding the compiled `podspec` package, built if not cached yet."""
    target = cache / digest(sdk)
    if (target / DONE).is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    # Work beside the target so that the finished folder moves into place in one
    # rename: an interrupted build never leaves a half-filled cache entry.
    with tempfile.TemporaryDirectory(dir=cache, prefix="tmp-") as tmp:
        work = Path(tmp)
        source = work / "source"
        for path in _sources(sdk):
            copy = source / path.relative_to(sdk)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        env = {**os.environ, "HATCH_BUILD_HOOK_ENABLE_MYPYC": "1"}
        pip = [sys.executable, "-m", "pip"]
        _run(
            [*pip, "wheel", "-q", "--no-deps", "-w", str(work / "wheel"), str(source)],
            env,
        )
        wheels = sorted((work / "wheel").glob("*.whl"))
        built = work / "target"
        _run(
            [
                *pip,
                "install",
                "-q",
                "--no-deps",
                "--target",
                str(built),
                *map(str, wheels),
            ]
        )
        (built / DONE).write_text(wheels[0].name + "\n", encoding="utf-8")
        if (target / DONE).is_file():
            return target  # another process built the same sources meanwhile
        shutil.rmtree(target, ignore_errors=True)
        os.replace(built, target)
    return target


def main() -> int:
    sdk = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT / "generated" / "python"
    if not (sdk / "pyproject.toml").is_file() or not (sdk / PACKAGE).is_dir():
        print(f"compiled SDK: {sdk} is not a generated SDK folder", file=sys.stderr)
        return 2
    try:
        print(build(sdk))
    except BuildError as exc:
        print(f"compiled SDK: {exc}", file=sys.stderr)
        return 1
    return 0
