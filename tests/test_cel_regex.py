"""The regexes in the schemas' CEL rules are ones RE2 reads: it has no `\\uHHHH` escape,
which the spec's patterns may use (Python and ECMA-262 read it), so the CEL text writes
the character itself, and the rule still accepts and refuses what the spec's regex does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import SCHEMA

from podspec_gen.render.schema.cel_text import regex

# Go's unicode.IsSpace beyond Latin-1, which the image and AppArmor rules refuse as padding.
_WIDE_SPACES = "\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"


def _rules(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for rule in node.get("x-kubernetes-validations", ()):
            yield rule["rule"]
        for value in node.values():
            yield from _rules(value)
    elif isinstance(node, list):
        for value in node:
            yield from _rules(value)


def _python_reading(cel_regex: str) -> str:
    """The pattern a CEL raw string `r'...'` holds."""
    assert cel_regex.startswith("r'") and cel_regex.endswith("'")
    return cel_regex[2:-1]


def test_a_unicode_escape_becomes_its_character_and_still_matches_alike() -> None:
    pattern = r"^[^ \u1680\u2000-\u200a\u3000]+$"
    written = _python_reading(regex(pattern))
    assert "\\u" not in written
    for text in ["busybox", "busy box", "busybox\u3000", "\u2005x", "x\u200b"]:
        assert bool(re.search(written, text)) == bool(re.search(pattern, text)), text


def test_an_ascii_unicode_escape_keeps_its_meaning_as_a_hex_escape() -> None:
    # `\u002e` is a literal dot: written bare it would match any character.
    written = _python_reading(regex(r"^a\u002eb$"))
    assert written == r"^a\x2eb$"
    assert re.search(written, "a.b") and not re.search(written, "axb")


def test_an_escaped_backslash_before_u_is_left_alone() -> None:
    assert _python_reading(regex(r"^\\u3000$")) == r"^\\u3000$"


@pytest.mark.parametrize("space", list(_WIDE_SPACES))
def test_the_schema_refuses_an_image_padded_with_a_wide_space(space: str) -> None:
    schema = json.loads(SCHEMA.read_text())
    rules = [r for r in _rules(schema) if "self.image.matches(" in r]
    assert rules, "the image padding rules are in the schema"
    for rule in rules:
        assert "\\u" not in rule, rule
        cel = rule.split("matches(", 1)[1].rsplit(")", 1)[0]
        # The rules with a padding class hold the character itself: read them as RE2 would.
        if space in cel:
            pattern = _python_reading(cel.split("))", 1)[0].rstrip(")"))
            assert not re.search(pattern, f"busybox{space}")
            assert not re.search(pattern, f"{space}busybox")
            assert re.search(pattern, "busybox")


def test_no_regex_of_the_cel_rules_looks_around() -> None:
    """RE2 has no lookahead or lookbehind: a rule holding one would not compile in the
    API server. A leading lookahead is written as a test of its own (`regex_test`)."""
    schema = json.loads(SCHEMA.read_text())
    patterns = [
        m.group(1)
        for rule in _rules(schema)
        for m in re.finditer(r"r'((?:[^'\\]|\\.)*)'", rule)
    ]
    assert patterns
    assert [p for p in patterns if re.search(r"\(\?<?[=!]", p)] == []
