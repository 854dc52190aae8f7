"""A rule as plain JSON Schema, where JSON Schema can say it exactly.

The form of a rule is a schema for its host object that accepts exactly the objects
the rule accepts (among those the definition's own keywords accept): never more, and,
worst of all, never fewer. `required` only says a key is present, while a rule's
"set" means not null and not empty, and a field the server defaults reads as its
default when unset or empty; so each predicate is stated on the value as the server
reads it, and anything JSON Schema cannot state that way (a comparison of two fields,
a uniqueness key, a reference, a quantity test, a condition on the host inside an item)
gives no form at all. A warning has none either: it never refuses a pod spec.
"""

from __future__ import annotations

import re
from typing import Any

from podspec_gen.model.kinds import (
    Integer,
    Number,
    Quantity,
)
from podspec_gen.model.rules.vocab import (
    Among,
    Compare,
    IsSet,
    Join,
    Matches,
    Predicate,
    Ref,
    Rule,
    Selects,
    Step,
    Test,
    primary,
)
from podspec_gen.render.schema.key_forms import about_keys, key_form

Schema = dict[str, Any]

# Regex syntax JSON Schema's ECMA-262 patterns do not share with Python's `re`.
_PYTHON_ONLY = ("(?P", "\\A", "\\Z", "(?#", "(?i", "(?m", "(?s", "(?x", "(?a", "(?u")
_BACKSTEP = r"(^|/)\.\.(/|$)"


class Inexact(Exception):
    """JSON Schema cannot state this part of a rule exactly."""


def rule_form(rule: Rule) -> Schema | None:
    """The rule as a schema for its host object, or None where none is exact."""
    if rule.is_warning:
        return None
    try:
        return _form(rule)
    except Inexact:
        return None


def _form(rule: Rule) -> Schema:
    if about_keys(rule):
        return key_form(rule)
    body = KINDS.get(rule.kind, _inexact)(rule)
    host_when, item_when = _split(rule.when) if rule.each else (None, rule.when)
    if item_when is not None:
        body = {"if": predicate(item_when, item=rule.each is not None), "then": body}
    if rule.each is not None:
        body = _inside(rule.each.steps, body)
    if host_when is not None:
        body = {"if": predicate(host_when, item=False), "then": body}
    return body


def _inside(steps: tuple[Step, ...], schema: Schema) -> Schema:
    """`schema` applied to every value the steps select (unset ones skipped)."""
    for step in reversed(steps):
        if step.each == "list":
            schema = {"items": schema}
        elif step.each == "map":
            schema = {"additionalProperties": schema}
        schema = {"properties": {step.wire: schema}}
    return schema


def _at(steps: tuple[Step, ...], leaf: Schema, *, unset_passes: bool) -> Schema:
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


def _all(parts: list[Schema]) -> Schema:
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


_SET: dict[str, Schema] = {
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


def is_set(ref: Ref) -> Schema:
    if not ref.steps:
        return {}  # an item itself is never null
    return _at(ref.steps, _SET[ref.set_family], unset_passes=False)


def is_unset(ref: Ref) -> Schema:
    if not ref.steps:
        raise Inexact("an item is never unset")
    return _at(ref.steps, _UNSET[ref.set_family], unset_passes=True)


# --- predicates on the value the server reads ------------------------------------


def _on_value(
    ref: Ref, test: Schema, default_passes: bool, unset_passes: bool
) -> Schema:
    """The value as the server reads it passes `test`. `default_passes`: whether the
    default passes (when the field has one); `unset_passes`: whether an unset field
    with no default passes."""
    if not ref.steps:
        return test
    if ref.has_default and ref.default is not None:
        empty: list[object] = [None]
        if isinstance(ref.default, str) and ref.set_family == "string":
            empty.append("")  # a Go string: "" is unset (an int-or-string's is a value)
        elif ref.zero_means_unset:
            empty.append(0)
        if default_passes:
            return _at(ref.steps, {"anyOf": [{"enum": empty}, test]}, unset_passes=True)
        leaf = {"allOf": [{"not": {"enum": empty}}, test]}
        return _at(ref.steps, leaf, unset_passes=False)
    if unset_passes:
        return _at(ref.steps, {"anyOf": [{"type": "null"}, test]}, unset_passes=True)
    leaf = test if _refuses_null(test) else {"allOf": [{"not": {"type": "null"}}, test]}
    return _at(ref.steps, leaf, unset_passes=False)


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
    return _on_value(pred.ref, {"type": "string", "pattern": pred.regex}, passes, False)


def named_test(pred: Test) -> Schema:
    """The path tests: what is not a string passes, as the SDK's runtime has it."""
    if pred.name not in ("relativePath", "noBacksteps"):
        raise Inexact("a quantity or address test")
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


def compare(pred: Compare) -> Schema:
    """A number against a literal; false when unset, as the SDK's `compare`."""
    kind = pred.ref.value_kind
    if pred.other is not None or not isinstance(kind, Integer | Number):
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
    passes = isinstance(default, int | float) and _holds(default, pred.op, n)
    return _on_value(pred.ref, test, passes, False)


def _holds(a: float, op: str, b: float) -> bool:
    return {
        "<": a < b,
        "<=": a <= b,
        "==": a == b,
        "!=": a != b,
        ">=": a >= b,
        ">": a > b,
    }[op]


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
    if item and pred.ref.base == "host":
        raise Inexact("a condition on the host, inside an item")
    if pred.ref.base == "key":
        raise Inexact("a condition on a map's key")
    if isinstance(pred, Compare) and pred.other is not None:
        raise Inexact("a comparison of two fields")
    if isinstance(pred, Among):
        return among(pred)
    if isinstance(pred, IsSet):
        return is_set(pred.ref) if pred.flag else is_unset(pred.ref)
    if isinstance(pred, Matches):
        if pred.fills:
            raise Inexact("a pattern that shows other fields")
        return matches(pred)
    if isinstance(pred, Test):
        return named_test(pred)
    return compare(pred)


def _split(when: Predicate | None) -> tuple[Predicate | None, Predicate | None]:
    """(the conjuncts about the host alone, the rest) of an `each` rule's condition."""
    if when is None:
        return None, None
    parts = when.parts if isinstance(when, Join) and when.op == "all" else (when,)
    host = [p for p in parts if _about_host(p)]
    rest = [p for p in parts if not _about_host(p)]

    def joined(found: list[Predicate]) -> Predicate | None:
        if not found:
            return None
        return found[0] if len(found) == 1 else Join("all", tuple(found))

    return joined(host), joined(rest)


def _about_host(pred: Predicate) -> bool:
    if isinstance(pred, Join):
        return all(_about_host(p) for p in pred.parts)
    refs = [
        pred.ref,
        *([pred.other] if isinstance(pred, Compare) and pred.other else []),
        *([pred.labels] if isinstance(pred, Selects) else []),
    ]
    return all(r.base == "host" and r.steps for r in refs)


# --- rule kinds ------------------------------------------------------------------


def _item(rule: Rule) -> bool:
    return rule.each is not None


def require(rule: Rule) -> Schema:
    return _all([_filled(ref) for ref in _fields(rule)])


def _filled(ref: Ref) -> Schema:
    """`require`'s test of one field: set. A field its type requires anyway may be
    absent here: `required` reports that, as the SDK's field check does, once."""
    if ref.steps and ref.steps[-1].required:
        return _at(ref.steps, _SET[ref.set_family], unset_passes=True)
    return is_set(ref)


def forbid(rule: Rule) -> Schema:
    return _all([is_unset(ref) for ref in _fields(rule)])


def at_least_one(rule: Rule) -> Schema:
    return {"anyOf": [is_set(ref) for ref in _fields(rule)]}


def at_most_one(rule: Rule) -> Schema:
    """Each field set leaves the later ones unset (own fields: dependentSchemas)."""
    fields = _fields(rule)
    if rule.each is None and all(len(ref.steps) == 1 for ref in fields):
        detail = rule.detail or "at most one may be set"

        def unset_after(first: Ref, later: Ref) -> Schema:
            wire, unset = later.steps[0].wire, is_unset(later)["properties"]
            message = f"cannot be set together with {first.steps[0].wire}: {detail}"
            return {"properties": {wire: {**unset[wire], "errorMessage": message}}}

        return {
            "dependentSchemas": {
                ref.steps[0].wire: _all([unset_after(ref, r) for r in fields[i + 1 :]])
                for i, ref in enumerate(fields[:-1])
            }
        }
    return _all(
        [
            {"if": is_set(ref), "then": _all([is_unset(r) for r in fields[i + 1 :]])}
            for i, ref in enumerate(fields[:-1])
        ]
    )


def _fields(rule: Rule) -> tuple[Ref, ...]:
    if _item(rule) and any(ref.base == "host" for ref in rule.fields):
        raise Inexact("a field of the host, inside an item")
    return rule.fields


def assertion(rule: Rule) -> Schema:
    """The check, skipped while its field is unset (after its default)."""
    assert rule.check is not None
    check = predicate(rule.check, item=_item(rule))
    subject = primary(rule.check)
    if subject is None or not subject.steps:
        return check
    if subject.has_default and subject.default is not None:
        return check
    present = _at(subject.steps, {"not": {"type": "null"}}, unset_passes=False)
    return {"if": present, "then": check}


def unique(rule: Rule) -> Schema:
    """Items compared whole, in one list: `uniqueItems`."""
    if rule.key or rule.where is not None or len(rule.lists) != 1:
        raise Inexact("a uniqueness key, a filter or several lists")
    steps = rule.lists[0].steps
    if [s.each for s in steps] != [""] * (len(steps) - 1) + ["list"]:
        raise Inexact("items gathered from several lists")
    return _at(steps, {"uniqueItems": True}, unset_passes=True)


def _inexact(rule: Rule) -> Schema:
    raise Inexact(f"a {rule.kind} rule")


KINDS = {
    "require": require,
    "forbid": forbid,
    "atLeastOne": at_least_one,
    "atMostOne": at_most_one,
    "assert": assertion,
    "unique": unique,
}
