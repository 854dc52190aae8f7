"""Read a rule's predicates (`when`, `assert`, `where`, `later`) into raw records.

A predicate names a field and one test (`equals`, `in`, `notIn`, `set`, `matches`,
`format`, `is`, `compare`, `count`, `length`, `indexes`, `indexCount`, `selects`,
`present`), or combines predicates (`all`, `any`, `not`);
spec/README.md lists them. Field names stay text here; the model resolves them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.rule_records import COMPARISONS, NAMED_TESTS, RawPredicate
from podspec_gen.spec.shape import Entry, Invalid, json_value
from podspec_gen.spec.values import pattern
from podspec_gen.spec.yaml_source import YMap, YNode, YScalar, YSeq, describe

_LEAF_OPS = (
    "equals",
    "in",
    "notIn",
    "set",
    "present",
    "matches",
    "format",
    "is",
    "compare",
    "count",
    "length",
    "indexes",
    "indexCount",
    "selects",
)
_JOIN_OPS = ("all", "any", "not")
# `{field}` in a `matches` regex: that field's value, escaped.
_FIELD_PLACEHOLDER = re.compile(r"\{[$@^A-Za-z][$.@A-Za-z0-9]*\}")


def opt_predicate(
    entry: Entry | None, what: str, problems: list[Problem]
) -> RawPredicate | None:
    if entry is None:
        return None
    assert isinstance(entry.value, YScalar | YSeq | YMap)
    return predicate(entry.value, what, problems)


def predicate(node: YNode, what: str, problems: list[Problem]) -> RawPredicate | None:
    if not isinstance(node, YMap):
        problems.append(
            Problem(
                node.mark, f"{what}: a predicate is a mapping, got {describe(node)}"
            )
        )
        return None
    keys = {k.value: (k, v) for k, v in node.items}
    ops = [op for op in (*_LEAF_OPS, *_JOIN_OPS) if op in keys]
    unknown = sorted(
        str(k)
        for k in keys
        if k not in (*_LEAF_OPS, *_JOIN_OPS, "field", "to", "where", "of", "part")
    )
    if unknown or len(ops) != 1:
        problems.append(
            Problem(
                node.mark,
                f"{what}: a predicate has 'field' and one of "
                f"{', '.join(_LEAF_OPS)}, or one of {', '.join(_JOIN_OPS)}"
                + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
            )
        )
        return None
    op = ops[0]
    value = keys[op][1]
    if op in _JOIN_OPS:
        return _join(op, value, node.mark, what, problems)
    field = keys.get("field")
    if field is None or not (
        isinstance(field[1], YScalar) and isinstance(field[1].value, str)
    ):
        problems.append(
            Problem(node.mark, f"{what}: '{op}' needs a 'field' (a field name)")
        )
        return None
    name = field[1].value
    assert isinstance(name, str)
    where = keys.get("where")
    if where is not None and op != "count":
        problems.append(Problem(where[0].mark, f"{what}: 'where' goes with 'count'"))
        return None
    of, part = keys.get("of"), keys.get("part")
    for given, key in ((of, "of"), (part, "part")):
        if given is not None and op != "length":
            problems.append(
                Problem(given[0].mark, f"{what}: '{key}' goes with 'length'")
            )
            return None
    found = _leaf(op, name, value, keys.get("to"), node.mark, what, problems)
    if found is not None and part is not None:
        found = _part(found, part[1], what, problems)
    if found is not None and of is not None:
        return _measured(found, of[1], what, problems)
    if found is None or where is None:
        return found
    # `count` with `where`: only the items the predicate holds for are counted.
    only = predicate(where[1], what, problems)
    return None if only is None else replace(found, parts=(only,))


def _join(
    op: str, value: YNode, mark: Mark, what: str, problems: list[Problem]
) -> RawPredicate | None:
    items = (
        (value,) if op == "not" else (value.items if isinstance(value, YSeq) else None)
    )
    if items is None or (op != "not" and len(items) < 2):
        problems.append(
            Problem(
                value.mark, f"{what}: '{op}' takes a list of at least two predicates"
            )
        )
        return None
    parts = [predicate(item, what, problems) for item in items]
    if any(p is None for p in parts):
        return None
    return RawPredicate(op, mark, parts=tuple(p for p in parts if p is not None))


def _leaf(
    op: str,
    field: str,
    value: YNode,
    to: tuple[YScalar, YNode] | None,
    mark: Mark,
    what: str,
    problems: list[Problem],
) -> RawPredicate | None:
    def bad(message: str) -> None:
        problems.append(Problem(value.mark, f"{what}: '{op}': {message}"))

    if op in ("in", "notIn"):
        if not isinstance(value, YSeq) or not value.items:
            bad("expected a non-empty list of values")
            return None
        values = [json_value(item) for item in value.items]
        if any(isinstance(v, Invalid) for v in values):
            bad("expected plain values")
            return None
        return RawPredicate(op, mark, field, values=tuple(values))
    if op == "equals":
        single = json_value(value)
        if isinstance(single, Invalid):
            bad(single.message)
            return None
        return RawPredicate(op, mark, field, values=(single,))
    if op in ("set", "present"):
        if not (isinstance(value, YScalar) and isinstance(value.value, bool)):
            bad("expected true or false")
            return None
        return RawPredicate(op, mark, field, flag=value.value)
    text = value.value if isinstance(value, YScalar) else None
    if op == "selects":
        # The labels the selector must select: a field name, resolved by the model.
        if not (isinstance(text, str) and text):
            bad("expected the field name of a map of labels")
            return None
        return RawPredicate(op, mark, field, other=text)
    if op == "matches":
        # `{field}` placeholders stand for a field's (escaped) value: check the rest.
        plain = value
        if isinstance(value, YScalar) and isinstance(value.value, str):
            plain = YScalar(_FIELD_PLACEHOLDER.sub("x", value.value), value.mark)
        checked = pattern(plain)
        if isinstance(checked, Invalid):
            bad(checked.message)
            return None
        return RawPredicate(op, mark, field, text=str(text))
    if op == "format":
        # A named format (spec `formats:`), resolved by the model.
        if not (isinstance(text, str) and text):
            bad("expected the name of a format (spec `formats:`)")
            return None
        return RawPredicate(op, mark, field, text=text)
    if op == "is":
        if text not in NAMED_TESTS:
            bad(f"expected one of: {', '.join(NAMED_TESTS)}")
            return None
        return RawPredicate(op, mark, field, text=str(text))
    # compare and count: an operator, then what `to` holds
    if text not in COMPARISONS:
        bad(f"expected one of: {', '.join(COMPARISONS)}")
        return None
    if op in ("count", "length"):
        return _count(op, field, str(text), to, mark, what, problems)
    if op == "indexes" and text not in ("<", "<="):
        bad("expected < or <= (every index below the bound)")
        return None
    return _compare(op, field, str(text), to, mark, what, problems)


def _measured(
    found: RawPredicate, of: YNode, what: str, problems: list[Problem]
) -> RawPredicate | None:
    """`length` with `of`: the text measured, literal text and `{field}` values."""
    if not (
        isinstance(of, YScalar)
        and isinstance(of.value, str)
        and _FIELD_PLACEHOLDER.search(of.value)
    ):
        problems.append(
            Problem(of.mark, f"{what}: 'of' is a text with {{field}} placeholders")
        )
        return None
    return replace(found, of=of.value)


def _part(
    found: RawPredicate, part: YNode, what: str, problems: list[Problem]
) -> RawPredicate | None:
    """`length` with `part`: a regex, whose first match in the text is measured
    (Go's len of a piece the server cut out, as `user` of `domain\\user`)."""
    checked = pattern(part)
    if isinstance(checked, Invalid):
        problems.append(Problem(part.mark, f"{what}: 'part': {checked.message}"))
        return None
    return replace(found, part=str(checked))


def _count(
    op: str,
    field: str,
    text: str,
    to: tuple[YScalar, YNode] | None,
    mark: Mark,
    what: str,
    problems: list[Problem],
) -> RawPredicate | None:
    """`{field: values, count: '==', to: 1}`: the number of items compared with a
    whole number (an unset list has none); `{field: name, length: '<=', to: 63}`: the
    number of bytes of a text, likewise."""
    target = to[1] if to is not None else None
    if not (
        isinstance(target, YScalar) and type(target.value) is int and target.value >= 0
    ):
        unit = "items" if op == "count" else "bytes"
        problems.append(
            Problem(
                target.mark if target is not None else mark,
                f"{what}: '{op}' needs 'to': a whole number of {unit}",
            )
        )
        return None
    return RawPredicate(op, mark, field, text=text, number=target.value)


def _compare(
    op: str,
    field: str,
    text: str,
    to: tuple[YScalar, YNode] | None,
    mark: Mark,
    what: str,
    problems: list[Problem],
) -> RawPredicate | None:
    if to is None:
        problems.append(
            Problem(mark, f"{what}: '{op}' needs 'to': a number or {{field: name}}")
        )
        return None
    target = to[1]
    # An index list's bound or count is a whole number.
    numbers = (int, float) if op == "compare" else (int,)
    if isinstance(target, YScalar) and type(target.value) in numbers:
        number = target.value
        assert isinstance(number, int | float)
        return RawPredicate(op, mark, field, text=text, number=number)
    if isinstance(target, YMap) and len(target.items) == 1:
        ((key, other),) = target.items
        if (
            key.value == "field"
            and isinstance(other, YScalar)
            and isinstance(other.value, str)
        ):
            return RawPredicate(op, mark, field, text=text, other=other.value)
    problems.append(
        Problem(
            target.mark,
            f"{what}: 'to' is a {'number' if op == 'compare' else 'whole number'}"
            " or {field: name}",
        )
    )
    return None
