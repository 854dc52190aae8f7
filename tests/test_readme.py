"""The README's SDK example runs and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re

from conftest import PROJECT


def _sdk_example() -> str:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using the SDK", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def test_the_sdk_example_is_five_lines_and_prints_what_it_claims() -> None:
    code = _sdk_example()
    lines = code.strip().splitlines()
    assert len(lines) == 5
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    claimed = [line.split("  # ", 1)[1] for line in lines if "print(" in line]
    assert printed[0] == claimed[0]
    assert " / ".join(line.strip() for line in printed[1:]) == claimed[1]
