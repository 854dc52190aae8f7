"""Predicates as plain JSON Schema: each stated on a field's value as the server reads
it (its default applied, "set" meaning not null and not empty), or `Inexact` where JSON
Schema cannot state it exactly. `forms` builds whole rules from these."""

from __future__ import annotations

import re

from podspec_gen.model.kinds import (
    Integer,
    IntOrString,
    Kind,
    ListOf,
    Number,
    Quantity,
)
from podspec_gen.model.rules.vocab import (
    Among,
    Compare,
    Indexes,
    IsSet,
    Join,
    Length,
    Matches,
    Predicate,
    Ref,
    Selects,
    Step,
    Test,
    compared,
)
from podspec_gen.render.schema.inexact import Inexact, Schema
from podspec_gen.render.schema.zero_reads import null_reads_zero

# Regex syntax JSON Schema's ECMA-262 patterns do not share with Python's `re`.
_PYTHON_ONLY = ("(?P", "\\A", "\\Z", "(?#", "(?i", "(?m", "(?s", "(?x", "(?a", "(?u")
_BACKSTEP = r"(^|/)\.\.(/|$)"


def inside(
    steps: tuple[Step, ...], schema: Schema, kind: Kind, takes_null: bool
) -> Schema:
    """`schema` applied to every value of `kind` the steps select (unset ones
    skipped). `takes_null`: whether such an item or map value may be null, which it
    then reads as its zero value."""
    if steps and not steps[-1].each:
        # A null field is unset: no rule of its value applies (`securityContext: null`
        # would fail a `not` that an object without the field passes).
        schema = {"if": {"type": "null"}, "else": schema}
    elif steps and takes_null:
        schema = null_reads_zero(schema, kind)
    for step in reversed(steps):
        if step.each == "list":
            schema = {"items": schema}
        elif step.each == "map":
            schema = {"additionalProperties": schema}
        schema = {"properties": {step.wire: schema}}
    return schema


def at(steps: tuple[Step, ...], leaf: Schema, *, unset_passes: bool) -> Schema:
    """`leaf` on the field the steps reach. With `unset_passes`, an object without the
    field (or a null one on the way) passes; otherwise the field must be there, each
    object on the way not null, and the leaf then decides."""
    schema = leaf
    for depth in range(len(steps) - 1, -1, -1):
        wrapper: Schema = {"properties": {steps[depth].wire: schema}}
        if not unset_passes:
            wrapper = {"required": [steps[depth].wire], **wrapper}
            if depth > 0:
                wrapper = {"type": "object", **wrapper}
        schema = wrapper
    return schema


def all_of(parts: list[Schema]) -> Schema:
    """All of the parts; parts that each constrain other fields read as one."""
    if len(parts) == 1:
        return parts[0]
    names = [name for part in parts for name in part.get("properties", {})]
    if all(set(part) == {"properties"} for part in parts) and len(set(names)) == len(
        names
    ):
        return {"properties": {k: v for p in parts for k, v in p["properties"].items()}}
    return {"allOf": parts}


# --- set / unset ------------------------------------------------------------------


SET: dict[str, Schema] = {
    "none": {"not": {"type": "null"}},
    "string": {"type": "string", "minLength": 1},
    "list": {"type": "array", "minItems": 1},
    "map": {"type": "object", "minProperties": 1},
    "falsy": {"not": {"enum": [None, "", 0]}},
}
_UNSET: dict[str, Schema] = {
    "none": {"type": "null"},
    "string": {"enum": [None, ""]},
    "list": {"maxItems": 0},
    "map": {"maxProperties": 0},
    "falsy": {"enum": [None, "", 0]},
}


def is_set(ref: Ref, family: str = "") -> Schema:
    if not ref.steps:
        return {}  # an item itself is never null
    return at(ref.steps, entry(ref, SET[family or ref.set_family]), unset_passes=False)


def is_unset(ref: Ref, family: str = "") -> Schema:
    if not ref.steps:
        raise Inexact("an item is never unset")
    return at(
        ref.steps, entry(ref, _UNSET[family or ref.set_family]), unset_passes=True
    )


def entry(ref: Ref, leaf: Schema) -> Schema:
    """`leaf` on the value `ref` reaches, which, when it is a map's entry, is there
    even when null (as its zero value: `""` for an annotation)."""
    if not ref.steps[-1].key:
        return leaf
    if leaf == SET["none"]:
        return {}
    if leaf == _UNSET["none"]:
        return {"not": {}}
    return null_reads_zero(leaf, ref.value_kind)


# --- predicates on the value the server reads ------------------------------------


def _on_value(
    ref: Ref, test: Schema, default_passes: bool, unset_passes: bool
) -> Schema:
    """The value as the server reads it passes `test`. `default_passes`: whether the
    default passes (when the field has one); `unset_passes`: whether an unset field
    with no default passes."""
    if not ref.steps:
        return test
    if ref.steps[-1].key:  # a map's entry: no default, and null is its zero value
        return at(ref.steps, entry(ref, test), unset_passes=unset_passes)
    if ref.has_default and ref.default is not None:
        empty: list[object] = [None]
        if isinstance(ref.default, str) and ref.set_family == "string":
            empty.append("")  # a Go string: "" is unset (an int-or-string's is a value)
        elif ref.zero_means_unset:
            empty.append(0)
        if default_passes:
            return at(ref.steps, _or_empty(test, empty), unset_passes=True)
        leaf = {"allOf": [{"not": {"enum": empty}}, test]}
        return at(ref.steps, leaf, unset_passes=False)
    if unset_passes:
        return at(ref.steps, _or_empty(test, [None]), unset_passes=True)
    leaf = test if _refuses_null(test) else {"allOf": [{"not": {"type": "null"}}, test]}
    return at(ref.steps, leaf, unset_passes=False)


def _or_empty(test: Schema, empty: list[object]) -> Schema:
    """`test`, or one of the values that read as unset. A bound on a number is said
    bare when null is the only such value: a bound holds for what is no number, and the
    field's own schema refuses what is neither. An `anyOf` of untitled choices beside
    the field's own would hide its title and description from an editor's hover."""
    bound = {k: v for k, v in test.items() if k != "type"}
    if (
        empty == [None]
        and test.get("type") == "number"
        and len(bound) == 1
        and next(iter(bound)) in _BOUNDS.values()
    ):
        return bound
    return {"anyOf": [{"enum": empty}, test]}


def _refuses_null(test: Schema) -> bool:
    if "type" in test:
        return "null" not in test["type"]
    if "const" in test:
        return test["const"] is not None
    return "enum" in test and None not in test["enum"]


def among(pred: Among) -> Schema:
    if isinstance(pred.ref.value_kind, Quantity):
        raise Inexact("quantities equal by value, not by spelling")
    values = list(pred.values)
    test: Schema = {"const": values[0]} if len(values) == 1 else {"enum": values}
    held = _on_value(pred.ref, test, pred.ref.default in values, False)
    return {"not": held} if pred.negated else held


def matches(pred: Matches) -> Schema:
    if any(token in pred.regex for token in _PYTHON_ONLY):
        raise Inexact("a regex only Python reads")
    default = pred.ref.default
    passes = isinstance(default, str) and re.search(pred.regex, default) is not None
    test: Schema = {"type": "string", "pattern": pred.regex}
    return _on_value(pred.ref, test, passes, False)


def named_test(pred: Test) -> Schema:
    """The path tests (what is not a string passes, as the SDK's runtime has it); the
    others have no JSON Schema form."""
    if pred.name not in ("relativePath", "noBacksteps"):
        raise Inexact("a quantity, address, order or schedule test")
    bad = "^/" if pred.name == "relativePath" else _BACKSTEP
    test: Schema = {"not": {"type": "string", "pattern": bad}}
    default = pred.ref.default
    passes = not (isinstance(default, str) and re.search(bad, default))
    return _on_value(pred.ref, test, passes, True)


_BOUNDS = {
    "<": "exclusiveMaximum",
    "<=": "maximum",
    ">=": "minimum",
    ">": "exclusiveMinimum",
}


def _count(pred: Compare) -> Schema:
    """The number of items against a literal (an unset list has none)."""
    n = pred.number
    assert isinstance(n, int)
    if pred.where is not None:
        raise Inexact("a count of the items a predicate holds for")
    words = ("minProperties", "maxProperties")
    if isinstance(pred.ref.value_kind, ListOf):
        words = ("minItems", "maxItems")
    bounds = {
        "==": {words[0]: n, words[1]: n},
        "<=": {words[1]: n},
        "<": {words[1]: n - 1},
        ">=": {words[0]: n},
        ">": {words[0]: n + 1},
    }
    if pred.op not in bounds or min(bounds[pred.op].values()) < 0:
        raise Inexact("a count of items that is not a bound")
    return _on_value(pred.ref, bounds[pred.op], False, pred.holds_for(0))


def compare(pred: Compare) -> Schema:
    """A number against a literal; false when unset, as the SDK's `compare`."""
    if pred.count:
        return _count(pred)
    kind = pred.ref.value_kind
    # An int-or-string's string never holds, as `type: number` has it.
    if pred.other is not None or not isinstance(kind, Integer | Number | IntOrString):
        raise Inexact("a comparison of two fields, or of quantities")
    n = pred.number
    assert n is not None
    if pred.op == "==":
        test: Schema = {"const": n}
    elif pred.op == "!=":
        test = {"type": "number", "not": {"const": n}}
    else:
        test = {"type": "number", _BOUNDS[pred.op]: n}
    default = pred.ref.default
    passes = isinstance(default, int | float) and compared(default, pred.op, n)
    return _on_value(pred.ref, test, passes, False)


def predicate(pred: Predicate, *, item: bool) -> Schema:
    """The predicate on the object checked; `item`: the object is an item an `each`
    visits, where a reference to the host cannot be stated."""
    if isinstance(pred, Join):
        parts = [predicate(p, item=item) for p in pred.parts]
        if pred.op == "not":
            return {"not": parts[0]}
        return {"allOf" if pred.op == "all" else "anyOf": parts}
    if isinstance(pred, Selects):
        raise Inexact("a label selector's match of a map of labels")
    if isinstance(pred, Length):
        # maxLength counts characters, Go's len bytes.
        raise Inexact("a length in bytes")
    if isinstance(pred, Indexes):
        raise Inexact("the indexes a text lists")
    if item and pred.ref.base == "host":
        raise Inexact("a condition on the host, inside an item")
    if pred.ref.base == "key":
        raise Inexact("a condition on a map's key")
    if isinstance(pred, Compare) and pred.other is not None:
        raise Inexact("a comparison of two fields")
    if isinstance(pred, Among):
        return among(pred)
    if isinstance(pred, IsSet):
        family = pred.family
        return is_set(pred.ref, family) if pred.flag else is_unset(pred.ref, family)
    if isinstance(pred, Matches):
        if pred.fills:
            raise Inexact("a pattern that shows other fields")
        return matches(pred)
    if isinstance(pred, Test):
        return named_test(pred)
    return compare(pred)
