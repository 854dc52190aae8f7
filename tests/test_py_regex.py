"""The spec's patterns as the SDK's `re` reads them: `$` as ECMA's end of input, and
every character beyond ASCII as an escape, so the generated modules stay ASCII (a
Kelvin sign in a character class must not look like a K) while matching the same."""

from __future__ import annotations

import re

import pytest

from podspec_gen.render.python.literals import py_regex

KELVIN, DOTTED_I = "\u212a", "\u0130"


@pytest.mark.parametrize(
    ("pattern", "text", "matched"),
    [
        (f"^[a-z{KELVIN}{DOTTED_I}]+$", f"a{KELVIN}", True),
        (f"^[a-z{KELVIN}]+$", "aK", False),
        ("^caf\u00e9$", "caf\u00e9", True),
        ("^\\\u00e9$", "\u00e9", True),  # an escaped character beyond ASCII
        ("^a\U0001f600$", "a\U0001f600", True),
        ("^web$", "web\n", False),  # ECMA's `$` is the end of input
    ],
)
def test_py_regex_matches_as_the_spec_means_and_is_ascii(
    pattern: str, text: str, matched: bool
) -> None:
    python = py_regex(pattern)
    assert python.isascii()
    assert bool(re.search(python, text)) is matched
