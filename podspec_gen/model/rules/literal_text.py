"""A regex of literal text and `{field}` placeholders, read as the pieces of a string.

Rules compare a field with a text made of other fields' values (`^localhost/{profile}$`):
outputs say such a pattern plainly and compare strings, as CEL, which cannot escape a
value inside a regex, must.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

# What a regex must escape to mean itself.
_META = frozenset(".^$*+?()[]{}|\\")
# (anchored at the start, at the end): how a pattern's anchors name it.
_ANCHORS = {(True, True): "whole", (True, False): "start", (False, True): "end"}


def literal_parts(
    regex: str, named: dict[str, T]
) -> tuple[tuple[str | T, ...], str] | None:
    """The pieces of a regex of literal text and `{name}` placeholders (each replaced
    by what `named` gives for it), and where it is anchored: `whole` (`^...$`),
    `start`, `end` or `anywhere`. None for any other regex, or one with no
    placeholder."""
    if not named:
        return None
    body = regex.removeprefix("^")
    start = body != regex
    end = body.endswith("$") and not body.endswith("\\$")
    body = body[:-1] if end else body
    anchor = _ANCHORS.get((start, end), "anywhere")
    parts: list[str | T] = []
    text, i = "", 0
    while i < len(body):
        char = body[i]
        if char == "{":
            close = body.find("}", i)
            name = body[i + 1 : close] if close > 0 else ""
            if name not in named:
                return None
            parts += [text, named[name]] if text else [named[name]]
            text, i = "", close + 1
            continue
        if char == "\\":
            char = body[i + 1 : i + 2]
            if not char or char.isalnum():
                return None  # a class (`\d`), not a character
            i += 1
        elif char in _META:
            return None
        text, i = text + char, i + 1
    return (*parts, *([text] if text else [])), anchor
