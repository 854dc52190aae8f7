"""A null list item or map value as the server reads it: its type's zero value.

Go's JSON decoder (sigs.k8s.io/json, encoding/json's `literalStore`) zeroes only
pointers, maps, slices and interfaces on null, and decodes a map value or list item
into a zeroed element: `values: [null]` of an `[]int32` is `[0]`, an annotation set to
null is `""`, `volumeClaimTemplates: [null]` one empty claim. A rule's form tests the
JSON, where null is none of these; so wherever a form reads an item or a map value, the
generator decides here, once, whether the zero value passes, and the form says that
of null. `holds` is a JSON Schema evaluator for the keywords the forms use, on the few
values it is asked about; any other keyword makes the form inexact (no form)."""

from __future__ import annotations

import re
from typing import Any

from podspec_gen.model.kinds import (
    Kind,
    Quantity,
)
from podspec_gen.render.schema.inexact import Inexact, Schema

# Keywords that say nothing about the value.
_ANNOTATIONS = frozenset(
    {"errorMessage", "title", "description", "markdownDescription", "$comment"}
)


def zero_of(kind: Kind | None) -> object:
    """The zero value of a kind as JSON (`Kind.zero`); Inexact where null stays null
    (a time)."""
    zero = None if kind is None else kind.zero
    if zero is None:
        raise Inexact("a null whose zero value no form tests")
    return zero


def null_reads_zero(schema: Schema, kind: Kind | None) -> Schema:
    """`schema` for a value of `kind` where null is its zero value: null passes
    exactly when that does. A quantity is left as it is: its zero ("0") passes the
    `set` and presence tests, and the rules that then refuse it (`> 0`) have no form,
    so reading null as "0" would pass what the server refuses."""
    if kind is not None and isinstance(kind.underlying, Quantity):
        return schema
    zero = zero_of(kind)
    passes = holds(schema, zero)
    if passes == holds(schema, None):
        return schema
    if passes:
        return {"if": {"type": "null"}, "else": schema}
    return {"allOf": [{"not": {"type": "null"}}, schema]}


def holds(schema: Schema | bool, value: Any) -> bool:
    """Whether `value` (JSON) is valid against `schema`."""
    if isinstance(schema, bool):
        return schema
    if "if" in schema:
        branch = "then" if holds(schema["if"], value) else "else"
        if branch in schema and not holds(schema[branch], value):
            return False
    return all(
        _keyword(key, sub, value, schema)
        for key, sub in schema.items()
        if key not in ("if", "then", "else") and key not in _ANNOTATIONS
    )


def _keyword(key: str, sub: Any, value: Any, schema: Schema) -> bool:
    if key == "type":
        return any(_is_type(value, t) for t in ([sub] if isinstance(sub, str) else sub))
    if key == "enum":
        return any(same(value, v) for v in sub)
    if key == "const":
        return same(value, sub)
    if key == "not":
        return not holds(sub, value)
    if key == "allOf":
        return all(holds(s, value) for s in sub)
    if key == "anyOf":
        return any(holds(s, value) for s in sub)
    if isinstance(value, dict):
        return _object_keyword(key, sub, value, schema)
    if isinstance(value, list):
        return _array_keyword(key, sub, value)
    if isinstance(value, str):
        return _string_keyword(key, sub, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_keyword(key, sub, value)
    return _known(key)


def _object_keyword(key: str, sub: Any, value: dict[str, Any], schema: Schema) -> bool:
    if key == "properties":
        return all(holds(s, value[k]) for k, s in sub.items() if k in value)
    if key == "required":
        return all(k in value for k in sub)
    if key == "additionalProperties":
        named = schema.get("properties", {})
        return all(holds(sub, v) for k, v in value.items() if k not in named)
    if key == "propertyNames":
        return all(holds(sub, k) for k in value)
    if key == "dependentSchemas":
        return all(holds(s, value) for k, s in sub.items() if k in value)
    if key == "minProperties":
        return bool(len(value) >= sub)
    if key == "maxProperties":
        return bool(len(value) <= sub)
    return _known(key)


def _array_keyword(key: str, sub: Any, value: list[Any]) -> bool:
    if key == "items":
        return all(holds(sub, item) for item in value)
    if key == "contains":
        return any(holds(sub, item) for item in value)
    if key == "minItems":
        return bool(len(value) >= sub)
    if key == "maxItems":
        return bool(len(value) <= sub)
    if key == "uniqueItems":
        return not sub or all(
            not same(a, b) for i, a in enumerate(value) for b in value[i + 1 :]
        )
    return _known(key)


def _string_keyword(key: str, sub: Any, value: str) -> bool:
    if key == "pattern":
        return re.search(sub, value) is not None
    if key == "minLength":
        return bool(len(value) >= sub)
    if key == "maxLength":
        return bool(len(value) <= sub)
    return _known(key)


def _number_keyword(key: str, sub: Any, value: int | float) -> bool:
    if key == "minimum":
        return bool(value >= sub)
    if key == "maximum":
        return bool(value <= sub)
    if key == "exclusiveMinimum":
        return bool(value > sub)
    if key == "exclusiveMaximum":
        return bool(value < sub)
    return _known(key)


_OTHER_TYPES = frozenset(
    {
        "properties",
        "required",
        "additionalProperties",
        "propertyNames",
        "dependentSchemas",
        "minProperties",
        "maxProperties",
        "items",
        "contains",
        "minItems",
        "maxItems",
        "uniqueItems",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
    }
)


def _known(key: str) -> bool:
    """A keyword about another JSON type holds; one this module does not know makes
    the form inexact rather than a guess."""
    if key in _OTHER_TYPES:
        return True
    raise Inexact(f"the keyword {key!r} on a null item")


def _is_type(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and float(value).is_integer()
        )
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "array":
        return isinstance(value, list)
    return name == "object" and isinstance(value, dict)


def same(a: Any, b: Any) -> bool:
    """JSON equality: 1 is 1.0, false is not 0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b
