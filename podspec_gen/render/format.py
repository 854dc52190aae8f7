"""Generated Python goes through ruff's formatter, so templates only have to be right,
not laid out: the formatter decides every line break.

ruff's formatter writes black's style (#19: black took 10 to 20 s on a cold cache for
the SDK's 1.9 MB; ruff takes well under one). Where the two still differ, the emitters
write the forms on which they agree (`rules_exprs.walrus`, `argument`), and tests hold every
generated module black-stable, so the SDK is black-formatted whichever one a user runs.

Results are cached per user (`podspec_gen.cache`), keyed by ruff's version and the text:
an unchanged module costs one cache read rather than a process.
"""

from __future__ import annotations

import functools
import subprocess
from importlib.metadata import version
from pathlib import PurePosixPath

from podspec_gen import cache
from podspec_gen.render.job import RenderError

KIND = "ruff"


@functools.cache
def _formatter() -> tuple[str, str]:
    """ruff's binary and what keys its output: the version, in its default style (no
    project configuration is read, so a user's pyproject.toml changes nothing)."""
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]  # no hints shipped

    return str(find_ruff_bin()), f"ruff {version('ruff')} format --isolated"


def format_python(text: str, name: str = "<generated>") -> str:
    """`text` as ruff lays it out; RenderError names the file when it is not Python."""
    binary, style = _formatter()
    key = cache.key(style, text)
    hit = cache.read(KIND, key)
    if hit is not None:
        return hit
    stem = PurePosixPath(name).name
    command = [binary, "format", "--isolated", "--stdin-filename"]
    try:
        done = subprocess.run(
            [*command, stem if stem.endswith(".py") else "generated.py", "-"],
            input=text.encode("utf-8"),
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise RenderError(f"{name}: cannot run ruff to format it: {exc}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = (
            lines[0].removeprefix("error: ")
            if lines
            else f"ruff exited {done.returncode}"
        )
        raise RenderError(f"{name}: rendered Python does not parse: {detail}")
    result = done.stdout.decode("utf-8")
    cache.write(KIND, key, result)
    return result
