"""Declarative shape checks for YAML nodes: which keys a mapping may hold and of what kind.

Each checker turns a node into a plain value or returns an error string; `read_mapping`
applies a table of them and records every problem instead of stopping at the first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.yaml_source import YMap, YNode, YScalar, YSeq, describe

Checker = Callable[[YNode], "object | Invalid"]


@dataclass(frozen=True)
class Invalid:
    message: str
    mark: Mark | None = None  # where inside the value, when not at its start


@dataclass(frozen=True)
class Key:
    check: Checker
    required: bool = False


@dataclass(frozen=True)
class Entry:
    value: object
    mark: Mark  # of the value
    key_mark: Mark


def string(node: YNode) -> object:
    if isinstance(node, YScalar) and isinstance(node.value, str):
        return node.value
    return Invalid(f"expected a string, got {describe(node)}")


def nonempty_string(node: YNode) -> object:
    value = string(node)
    if isinstance(value, str) and not value.strip():
        return Invalid("must not be empty")
    return value


def boolean(node: YNode) -> object:
    if isinstance(node, YScalar) and isinstance(node.value, bool):
        return node.value
    return Invalid(f"expected true or false, got {describe(node)}")


def integer(node: YNode) -> object:
    if isinstance(node, YScalar) and type(node.value) is int:
        return node.value
    return Invalid(f"expected an integer, got {describe(node)}")


def non_negative_integer(node: YNode) -> object:
    value = integer(node)
    if isinstance(value, int) and value < 0:
        return Invalid(f"must not be negative, got {value}")
    return value


def number(node: YNode) -> object:
    if isinstance(node, YScalar) and type(node.value) in (int, float):
        if not _finite(node.value):
            return Invalid(f"expected a finite number, got {node.value}")
        return node.value
    return Invalid(f"expected a number, got {describe(node)}")


def _finite(value: object) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def one_line(node: YNode) -> object:
    """Text printed as a heading, a table cell or a name: one line only."""
    value = nonempty_string(node)
    if isinstance(value, str) and "\n" in value.strip():
        lines = len(value.strip().splitlines())
        return Invalid(f"must be one line, got {lines} lines")
    return value


def json_value(node: YNode) -> object:
    """Any JSON value (defaults can be lists or objects); a problem points at the
    exact item or key inside it."""
    if isinstance(node, YScalar):
        value = node.value
        if value is None or isinstance(value, str | bool | int | float):
            if not _finite(value):
                return Invalid(f"{value} is not a JSON number", node.mark)
            return value
        return Invalid(f"expected a JSON value, got {describe(node)}", node.mark)
    if isinstance(node, YSeq):
        items = []
        for item in node.items:
            converted = json_value(item)
            if isinstance(converted, Invalid):
                return converted
            items.append(converted)
        return items
    result: dict[str, object] = {}
    for key, value in node.items:
        if not isinstance(key.value, str):
            return Invalid(
                f"object keys must be strings, got {describe(key)}",
                key.mark,
            )
        converted = json_value(value)
        if isinstance(converted, Invalid):
            return converted
        result[key.value] = converted
    return result


def one_of(*allowed: str) -> Checker:
    def check(node: YNode) -> object:
        if isinstance(node, YScalar) and node.value in allowed:
            return node.value
        shown = node.value if isinstance(node, YScalar) else describe(node)
        return Invalid(f"{shown!r} is not one of: {', '.join(allowed)}")

    return check


def string_list(node: YNode) -> object:
    located = located_string_list(node)
    if isinstance(located, Invalid):
        return located
    assert isinstance(located, tuple)
    return tuple(value for value, _ in located)


def located_string_list(node: YNode) -> object:
    """Like string_list but keeps each item's position, for per-item diagnostics."""
    if not isinstance(node, YSeq):
        return Invalid(f"expected a list of strings, got {describe(node)}")
    values = []
    for item in node.items:
        if not (isinstance(item, YScalar) and isinstance(item.value, str)):
            return Invalid(
                f"expected a list of strings, found {describe(item)}", item.mark
            )
        values.append((item.value, item.mark))
    return tuple(values)


def mapping(node: YNode) -> object:
    if isinstance(node, YMap):
        return node
    return Invalid(f"expected a mapping, got {describe(node)}")


def read_mapping(
    node: YNode, keys: Mapping[str, Key], what: str, problems: list[Problem]
) -> dict[str, Entry] | None:
    """Check `node` against `keys`; report unknown, duplicate, missing and ill-kinded keys."""
    if not isinstance(node, YMap):
        problems.append(
            Problem(node.mark, f"{what}: expected a mapping, got {describe(node)}")
        )
        return None
    found: dict[str, Entry] = {}
    for key, value in node.items:
        name = key.value
        if not isinstance(name, str):
            problems.append(Problem(key.mark, f"{what}: key {name!r} must be a string"))
            continue
        if name in found:
            first = found[name].key_mark
            problems.append(
                Problem(
                    key.mark,
                    f"{what}: duplicate key '{name}' (first at line {first.line})",
                )
            )
            continue
        spec = keys.get(name)
        if spec is None:
            hint = _nearest(name, keys)
            problems.append(Problem(key.mark, f"{what}: unknown key '{name}'{hint}"))
            continue
        result = spec.check(value)
        if isinstance(result, Invalid):
            where = result.mark or value.mark
            problems.append(Problem(where, f"{what}: '{name}': {result.message}"))
            continue
        found[name] = Entry(result, value.mark, key.mark)
    for name, spec in keys.items():
        if spec.required and name not in found and not _reported(node, name):
            problems.append(
                Problem(node.mark, f"{what}: missing required key '{name}'")
            )
    return found


def _reported(node: YMap, name: str) -> bool:
    """A key present but ill-kinded was already reported; don't also call it missing."""
    return any(key.value == name for key, _ in node.items)


def _nearest(name: str, keys: Mapping[str, Key]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(keys), n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (expected one of: {', '.join(keys)})"
