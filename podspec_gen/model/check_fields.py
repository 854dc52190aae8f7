"""Meaning checks of one type and its fields, on resolved kinds.

Every constraint, default and enum value is held to the kind of the field it is written
on: a bound on a string, a default of the wrong kind or outside the range, a list key
that is not a field of the item type are all located errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from podspec_gen.model.kinds import (
    Enum,
    Integer,
    IntOrString,
    Kind,
    ListOf,
    MapOf,
    Number,
    ObjectRef,
    Quantity,
    String,
    Time,
)
from podspec_gen.model.naming import python_name
from podspec_gen.spec.errors import Problem
from podspec_gen.spec.records import RawField, RawType

Resolved = Mapping[tuple[str, str], Kind]  # (type name, wire name) -> the field's kind


def check_type(
    t: RawType,
    resolved: Resolved,
    types: Mapping[str, RawType],
    problems: list[Problem],
) -> None:
    if t.format is not None and t.scalar not in ("string", "integer"):
        problems.append(
            Problem(
                t.mark_of("format"),
                f"type '{t.name}': 'format' applies only to string or integer scalars",
            )
        )
    python_names: dict[str, str] = {}
    for f in t.fields:
        if not re.fullmatch(r"[a-z][A-Za-z0-9]*", f.name):
            problems.append(
                Problem(f.mark, f"field '{t.name}.{f.name}': wire names are camelCase")
            )
            continue
        py = python_name(f.name)
        if py in python_names:
            problems.append(
                Problem(
                    f.mark,
                    f"field '{t.name}.{f.name}': Python name '{py}' clashes with field '{python_names[py]}'",
                )
            )
        python_names[py] = f.name
        kind = resolved.get((t.name, f.name))
        if kind is not None:
            _check_field(f"field '{t.name}.{f.name}'", f, kind, types, problems)


def _check_field(
    what: str,
    f: RawField,
    kind: Kind,
    types: Mapping[str, RawType],
    problems: list[Problem],
) -> None:
    if f.required and f.has_default:
        problems.append(
            Problem(
                f.mark_of("default"), f"{what}: a required field cannot have a default"
            )
        )
    element = kind.element
    if isinstance(element, Enum) and f.enum:
        for v in f.enum:
            if not element.base.accepts(v.value):
                problems.append(
                    Problem(
                        v.mark,
                        f"{what}: enum value {v.value!r} is not {element.base.describe}",
                    )
                )
    if f.has_default:
        _check_default(what, f, kind, problems)
    _check_bounds(what, f, kind, problems)
    _check_pattern(what, f, kind, problems)
    _check_required_error(what, f, kind, problems)
    _check_enum_error(what, f, kind, problems)
    for key in ("minItems", "maxItems"):
        if f.has(key) and not isinstance(kind, ListOf):
            problems.append(
                Problem(
                    f.mark_of(key),
                    f"{what}: '{key}' applies only to lists, not {f.type_expr}",
                )
            )
    low, high = f.min_items, f.max_items
    if low is not None and high is not None and low > high:
        problems.append(
            Problem(
                f.mark_of("maxItems"),
                f"{what}: 'maxItems' {high} is below 'minItems' {low}: no list fits",
            )
        )
    _check_list_semantics(what, f, kind, types, problems)


def _numeric(kind: Kind) -> bool:
    return isinstance(kind.underlying, Integer | Number)


def _check_bounds(what: str, f: RawField, kind: Kind, problems: list[Problem]) -> None:
    element = kind.element
    for key in ("minimum", "maximum"):
        if f.has(key) and not _numeric(element):
            problems.append(
                Problem(
                    f.mark_of(key),
                    f"{what}: '{key}' applies only to numeric fields, not {f.type_expr}",
                )
            )
    lo, hi = f.minimum, f.maximum
    if f.has("rangeError") and not (
        isinstance(element.underlying, Integer) and (lo is not None or hi is not None)
    ):
        said = f"{what}: 'rangeError' needs an integer field with a minimum or maximum"
        problems.append(Problem(f.mark_of("rangeError"), said))
    if lo is not None and hi is not None and lo > hi:
        problems.append(
            Problem(
                f.mark_of("minimum"),
                f"{what}: minimum {lo} is greater than maximum {hi}",
            )
        )
    underlying = element.underlying
    width = underlying if isinstance(underlying, Integer) else None
    if width is not None:
        lo_i, hi_i = width.range
        for key, bound in (("minimum", lo), ("maximum", hi)):
            if bound is not None and not lo_i <= bound <= hi_i:
                problems.append(
                    Problem(
                        f.mark_of(key),
                        f"{what}: {key} {bound} is outside the {width.format} range",
                    )
                )


def _check_required_error(
    what: str, f: RawField, kind: Kind, problems: list[Problem]
) -> None:
    """`requiredError` speaks of an empty value the server refuses: a string field
    (or one of a set of strings without ""), or a list the server wants an item in;
    or of an absent one, in a field the server requires."""
    if not f.has("requiredError"):
        return
    values = [v.value for v in kind.values] if isinstance(kind, Enum) else []
    text = isinstance(kind.underlying, String) and "" not in values
    # an object the server requires says so of its absence
    absent = (f.required or f.server_required) and isinstance(kind, ObjectRef)
    if not (text or isinstance(kind, ListOf) or absent):
        said = (
            f"{what}: 'requiredError' needs a string field that may not be empty, "
            "a list, or an object the server requires"
        )
        problems.append(Problem(f.mark_of("requiredError"), said))


def _check_enum_error(
    what: str, f: RawField, kind: Kind, problems: list[Problem]
) -> None:
    if f.has("enumError") and not isinstance(kind, Enum):
        said = f"{what}: 'enumError' needs a field with an enum"
        problems.append(Problem(f.mark_of("enumError"), said))


def _check_pattern(what: str, f: RawField, kind: Kind, problems: list[Problem]) -> None:
    key = "pattern" if f.pattern is not None else "format" if f.format else None
    if key is None:
        return
    element = kind.element
    stringy = isinstance(element.underlying, String | Quantity | IntOrString | Time)
    if not stringy:
        problems.append(
            Problem(
                f.mark_of(key),
                f"{what}: '{key}' applies only to string fields, not {f.type_expr}",
            )
        )


def _check_default(what: str, f: RawField, kind: Kind, problems: list[Problem]) -> None:
    default = f.default
    mark = f.mark_of("default")
    if isinstance(kind, ListOf):
        if not isinstance(default, list):
            problems.append(Problem(mark, f"{what}: default {default!r} is not a list"))
            return
        values: list[object] = list(default)
        element = kind.item
    elif isinstance(kind, MapOf | ObjectRef):
        if not isinstance(default, dict):
            problems.append(
                Problem(mark, f"{what}: default {default!r} is not an object")
            )
        return
    else:
        values, element = [default], kind
    for value in values:
        if isinstance(element, Enum) and element.base.accepts(value):
            if not element.accepts(value):
                allowed = ", ".join(str(v.value) for v in element.values)
                problems.append(
                    Problem(
                        mark,
                        f"{what}: default {value!r} is not one of its enum values ({allowed})",
                    )
                )
            continue
        if not element.accepts(value):
            problems.append(
                Problem(mark, f"{what}: default {value!r} is not {element.describe}")
            )
            continue
        lo, hi = f.minimum, f.maximum
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and ((lo is not None and value < lo) or (hi is not None and value > hi))
        ):
            problems.append(
                Problem(mark, f"{what}: default {value!r} is outside [{lo}, {hi}]")
            )


def _check_list_semantics(
    what: str,
    f: RawField,
    kind: Kind,
    types: Mapping[str, RawType],
    problems: list[Problem],
) -> None:
    for key in ("listType", "listMapKeys", "patchMergeKey"):
        if f.has(key) and not isinstance(kind, ListOf):
            problems.append(
                Problem(
                    f.mark_of(key),
                    f"{what}: '{key}' applies only to lists, not {f.type_expr}",
                )
            )
            return
    item = kind.item if isinstance(kind, ListOf) else None
    if isinstance(item, ObjectRef):
        if f.list_type == "set":
            problems.append(
                Problem(
                    f.mark_of("listType"),
                    f"{what}: listType 'set' applies only to lists of scalars; a list "
                    f"of {item.name} objects is 'map' (with listMapKeys) or 'atomic'",
                )
            )
        target = types.get(item.name)
        names = (
            {x.name for x in target.fields} | target.left_out_fields
            if target is not None
            else set()
        )
        located = [(key, "listMapKeys") for key in f.list_map_keys]
        if f.patch_merge_key is not None:
            located.append((f.patch_merge_key, "patchMergeKey"))
        for key, source in located:
            if target is not None and key not in names:
                problems.append(
                    Problem(
                        f.mark_of(source),
                        f"{what}: list key '{key}' is not a field of {item.name}",
                    )
                )
    if f.map_type is not None and not isinstance(kind, MapOf | ObjectRef):
        problems.append(
            Problem(
                f.mark_of("mapType"),
                f"{what}: 'mapType' applies only to maps and objects",
            )
        )
