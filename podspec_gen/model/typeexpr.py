"""Parse the spec's type expressions: `string`, `int32`, `Container`, `list[T]`, `map[T]`."""

from __future__ import annotations

import re

from podspec_gen.model.types import PRIMITIVES, FieldType

_CONTAINER = re.compile(r"^(list|map)\[(.*)\]$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


class TypeExprError(ValueError):
    pass


def parse_type(text: str) -> FieldType:
    text = text.strip()
    match = _CONTAINER.match(text)
    if match:
        inner = match.group(2).strip()
        if not inner:
            raise TypeExprError(f"'{text}' is missing its element type")
        return FieldType(match.group(1), item=parse_type(inner))
    if text in PRIMITIVES:
        return FieldType("primitive", text)
    if _NAME.match(text):
        return FieldType("ref", text)
    raise TypeExprError(
        f"'{text}' is not a type: use one of {', '.join(PRIMITIVES)}, "
        "a spec type name, list[T] or map[T]"
    )
