"""Typed reads of checked mapping entries, and `value: meaning` enum lists: what every
record reader in stage 1 needs.

The key tables guarantee each value's kind before these run; the asserts state that
guarantee for the type checker.
"""

from __future__ import annotations

from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.records import RawEnumValue
from podspec_gen.spec.shape import Entry
from podspec_gen.spec.yaml_source import YMap, YNode, YScalar, describe


def read_enum(
    node: YMap, mark: Mark, what: str, problems: list[Problem]
) -> tuple[RawEnumValue, ...]:
    """`value: meaning` pairs; values are unique strings or integers."""
    if not node.items:
        problems.append(Problem(mark, f"{what}: 'enum' must list at least one value"))
    values: list[RawEnumValue] = []
    seen: dict[object, Mark] = {}
    for key, meaning in node.items:
        value = key.value
        if not isinstance(value, str | int) or isinstance(value, bool):
            problems.append(
                Problem(
                    key.mark,
                    f"{what}: enum value {value!r} must be a string or integer",
                )
            )
            continue
        if value in seen:
            problems.append(
                Problem(
                    key.mark,
                    f"{what}: duplicate enum value {value!r} "
                    f"(first at line {seen[value].line})",
                )
            )
            continue
        seen[value] = key.mark
        text = meaning.value if isinstance(meaning, YScalar) else None
        got = _meaning_problem(meaning)
        if got is not None or not isinstance(text, str):
            problems.append(
                Problem(
                    meaning.mark,
                    f"{what}: enum value {value!r} needs a one-line meaning, got {got}",
                )
            )
            continue
        values.append(RawEnumValue(value, text, key.mark))
    return tuple(values)


def _meaning_problem(node: YNode) -> str | None:
    """What is wrong with an enum value's meaning, in the words 'got ...' ends with."""
    if not (isinstance(node, YScalar) and isinstance(node.value, str)):
        return describe(node)
    text = node.value.strip()
    if not text:
        return "an empty string"
    if "\n" in text:
        return f"{len(text.splitlines())} lines"
    return None


def marks_of(entries: dict[str, Entry]) -> dict[str, Mark]:
    return {key: entry.mark for key, entry in entries.items()}


def str_of(entries: dict[str, Entry], key: str) -> str:
    value = entries[key].value
    assert isinstance(value, str)
    return value


def opt_str(entries: dict[str, Entry], key: str) -> str | None:
    return str_of(entries, key) if key in entries else None


def bool_of(entries: dict[str, Entry], key: str) -> bool:
    value = entries[key].value if key in entries else False
    assert isinstance(value, bool)
    return value


def opt_int(entries: dict[str, Entry], key: str) -> int | None:
    if key not in entries:
        return None
    value = entries[key].value
    assert type(value) is int
    return value


def opt_number(entries: dict[str, Entry], key: str) -> int | float | None:
    if key not in entries:
        return None
    value = entries[key].value
    assert type(value) in (int, float) and isinstance(value, int | float)
    return value


def str_tuple(entries: dict[str, Entry], key: str) -> tuple[str, ...]:
    if key not in entries:
        return ()
    value = entries[key].value
    assert isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    return value
