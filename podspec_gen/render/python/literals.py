"""Python literals and docstrings for the SDK's templates.

The formatter lays the code out and normalises quotes, so a literal only has to be valid
Python; docstrings are wrapped here because neither ruff nor black wraps prose.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from podspec_gen.model import quantity_text
from podspec_gen.model.formats import format_note
from podspec_gen.model.kinds import EnumValue
from podspec_gen.model.types import Field, Spec


def pystr(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def raw_literal(text: str) -> str:
    """A raw string literal of an ASCII regex, which reads as the regex itself."""
    assert text.isascii() and '"' not in text and not text.endswith("\\"), text
    return f'r"{text}"'


def quantity_literals() -> dict[str, str]:
    """The quantity grammar (`model.quantity_text`) as Python literals, for the SDK's
    `quantity.py` in every flavour."""
    return {
        "spaces": ascii(quantity_text.SPACES),
        "pattern": raw_literal(py_regex(quantity_text.PATTERN)),
        "parts": raw_literal(f"({quantity_text.NUMBER})(.*)"),
    }


def py_regex(pattern: str) -> str:
    """The spec's pattern (ECMA-262, as editors and JSON Schema read it) for Python's
    `re`: there `$` also matches before a final newline, so `web\\n` would pass a
    `^...$` name check that every schema validator fails; `\\Z` is ECMA's `$`. The spec's
    patterns stay in the subset both read alike otherwise (podspec_gen.spec.patterns).
    """
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        after_backslash = escaped
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            out.append("\\Z")
            continue
        if ord(char) > 127:
            # As `re`'s own escape: the module stays ASCII, so no reader (nor ruff's
            # RUF001) mistakes a Kelvin sign for a K.
            code = ord(char)
            char = f"u{code:04x}" if code <= 0xFFFF else f"U{code:08x}"
            char = char if after_backslash else "\\" + char
        out.append(char)
    return "".join(out)


def pylit(value: Any) -> str:
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, bool | int | float) or value is None:
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def docstring(text: str, indent: int, width: int = 88) -> str:
    """Wrap prose into a black-stable docstring body (quotes included)."""
    pad = " " * indent
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\t", "    ")
    lines: list[str] = []
    for para in body.split("\n"):
        if not para.strip():
            lines.append("")
            continue
        lines.extend(
            textwrap.wrap(
                para, width - indent, break_long_words=False, break_on_hyphens=False
            )
            or [""]
        )
    while lines and not lines[-1]:
        lines.pop()
    if lines and lines[-1].endswith('"'):
        lines[-1] += " "
    first = lines[0] if lines else ""
    rest = "".join(f"\n{pad}{line}" if line else "\n" for line in lines[1:])
    if not rest:  # black keeps a one-line docstring on one line, however long
        return f'"""{first}"""'
    return f'"""{first}{rest}\n{pad}"""'


def allowed_values(values: tuple[EnumValue, ...]) -> str:
    """`Allowed values: `A` (what A means), `B` (...).`, for docstrings."""
    listed = ", ".join(f"`{v.value}` ({v.meaning.rstrip('.')})" for v in values)
    return f"Allowed values: {listed}."


def field_doc(field: Field, spec: Spec | None = None) -> str:
    """An attribute's docstring: its description, then its facts; the format of its
    values in the sentence the docs and the schema's hovers use too."""
    parts = [field.description]
    facts = [f"Wire name: `{field.wire_name}`."]
    if field.must_be_set:
        facts.append("Required.")
    if field.has_default:
        facts.append(f"Default: `{json.dumps(field.default)}`.")
    if field.enum:
        facts.append(allowed_values(field.enum))
    if field.minimum is not None or field.maximum is not None:
        facts.append(f"Range: {_fmt(field.minimum)}..{_fmt(field.maximum)}.")
    note = format_note(spec, field) if spec is not None else None
    if note is not None:
        facts.append(
            f"{note.type_name or f'Format `{note.format_name}`'}: {note.summary}"
        )
    elif field.pattern:
        facts.append(f"Pattern: `{field.pattern}`.")
    if field.min_items:
        facts.append(f"At least {field.min_items} item(s).")
    if field.max_items is not None:
        facts.append(f"At most {field.max_items} item(s).")
    if field.immutable:
        facts.append("Immutable: cannot be updated.")
    if field.deprecation:
        facts.append(f"Deprecated: {field.deprecation}")
    parts.append(" ".join(facts))
    return "\n\n".join(parts)


def _fmt(value: object) -> str:
    return "" if value is None else str(value)
