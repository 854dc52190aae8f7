"""Stage 1b: check what the spec means, collecting every problem with its position.

Shape is already known good (spec_load); here: types resolve, names are unique, every
PodSpec field sits in exactly one group, and defaults, enums and constraints fit the
type of the field they are written on.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.model.naming import python_name
from generator.model.typeexpr import TypeExprError, parse_type
from generator.model.types import INT_RANGES, FieldType
from generator.spec.errors import Mark, Problem, SpecError
from generator.spec.load import RawField, RawSpec, RawType


def check_spec(raw: RawSpec) -> None:
    problems: list[Problem] = []
    types = _unique_types(raw, problems)
    root_name = str(raw.root.entries["root"].value)
    if root_name not in types:
        problems.append(
            Problem(
                raw.root.entries["root"].mark, f"root type '{root_name}' is not defined"
            )
        )
    else:
        if types[root_name].file != raw.root.name:
            problems.append(
                Problem(
                    types[root_name].mark,
                    f"root type '{root_name}' must be defined in {raw.root.display}",
                )
            )
        _check_groups(raw, types[root_name], problems)
        _check_reachable(types, root_name, problems)
    for t in types.values():
        _check_type(t, types, problems)
    if problems:
        raise SpecError(problems)


def _unique_types(raw: RawSpec, problems: list[Problem]) -> dict[str, RawType]:
    types: dict[str, RawType] = {}
    for f in raw.files:
        for t in f.types:
            if t.name in types:
                first = types[t.name]
                problems.append(
                    Problem(
                        t.mark,
                        f"type '{t.name}' is defined twice (first in {first.mark})",
                    )
                )
                continue
            if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", t.name):
                problems.append(
                    Problem(t.mark, f"type name '{t.name}' must be PascalCase")
                )
            types[t.name] = t
    return types


def _check_groups(raw: RawSpec, root: RawType, problems: list[Problem]) -> None:
    """Every PodSpec field is claimed by exactly one group, and every claim is a real field."""
    pod_fields = {f.name: f for f in root.fields}
    owner: dict[str, tuple[str, Mark]] = {}
    for f in raw.files:
        if f.kind != "group":
            continue
        for name, mark in f.located_list("podSpecFields"):
            if name not in pod_fields:
                problems.append(
                    Problem(
                        mark,
                        f"group '{f.name}' claims '{name}', which is not a field of {root.name}",
                    )
                )
            elif name in owner:
                other, first = owner[name]
                problems.append(
                    Problem(
                        mark,
                        f"{root.name} field '{name}' is in two groups: '{other}' ({first}) and '{f.name}'",
                    )
                )
            else:
                owner[name] = (f.name, mark)
    for name, field in pod_fields.items():
        if name not in owner:
            problems.append(
                Problem(
                    field.mark,
                    f"{root.name} field '{name}' belongs to no group: list it under podSpecFields in one group file",
                )
            )


def _refs(t: RawType) -> list[str]:
    names = []
    for f in t.fields:
        try:
            element = parse_type(str(f.get("type"))).element
        except TypeExprError:
            continue
        if element.kind == "ref":
            names.append(element.name)
    return names


def _check_reachable(
    types: dict[str, RawType], root: str, problems: list[Problem]
) -> None:
    seen = {root}
    todo = [root]
    while todo:
        for ref in _refs(types[todo.pop()]):
            if ref in types and ref not in seen:
                seen.add(ref)
                todo.append(ref)
    for name, t in types.items():
        if name not in seen:
            problems.append(
                Problem(
                    t.mark,
                    f"type '{name}' is not used by {root} or any type it reaches",
                )
            )


def _check_type(t: RawType, types: dict[str, RawType], problems: list[Problem]) -> None:
    scalar = t.get("scalar")
    if scalar is not None and t.fields:
        problems.append(
            Problem(
                t.mark_of("fields"), f"type '{t.name}': a scalar type has no fields"
            )
        )
    if scalar is None and "fields" not in t.entries:
        problems.append(
            Problem(
                t.mark,
                f"type '{t.name}': needs 'fields' (or 'scalar' for a primitive wrapper)",
            )
        )
    if t.get("format") is not None and scalar not in ("string", "integer"):
        problems.append(
            Problem(
                t.mark_of("format"),
                f"type '{t.name}': 'format' applies only to string or integer scalars",
            )
        )
    field_names = {f.name for f in t.fields}
    for name in t.get("atMostOneOf", ()):  # type: ignore[attr-defined]
        if name not in field_names:
            problems.append(
                Problem(
                    t.mark_of("atMostOneOf"),
                    f"type '{t.name}': atMostOneOf names unknown field '{name}'",
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
        _check_field(t, f, types, problems)


def _check_field(
    owner: RawType, f: RawField, types: dict[str, RawType], problems: list[Problem]
) -> None:
    what = f"field '{owner.name}.{f.name}'"
    try:
        ftype = parse_type(str(f.get("type")))
    except TypeExprError as exc:
        problems.append(Problem(f.mark_of("type"), f"{what}: {exc}"))
        return
    element = ftype.element
    if element.kind == "ref" and element.name not in types:
        problems.append(
            Problem(
                f.mark_of("type"),
                f"{what}: unknown type '{element.name}'{_suggest(element.name, types)}",
            )
        )
        return
    target = types.get(element.name)
    scalar_kind = _scalar_kind(element, target)

    if f.get("required") and "default" in f.entries:
        problems.append(
            Problem(
                f.mark_of("default"), f"{what}: a required field cannot have a default"
            )
        )

    for v in f.enum:
        if not _fits(v.value, scalar_kind):
            problems.append(
                Problem(
                    v.mark,
                    f"{what}: enum value {v.value!r} is not a {scalar_kind or 'scalar'}",
                )
            )

    if "default" in f.entries:
        _check_default(what, f, ftype, scalar_kind, problems)

    lo, hi = f.get("minimum"), f.get("maximum")
    for key in ("minimum", "maximum"):
        if key in f.entries and scalar_kind not in (
            "int32",
            "int64",
            "number",
            "integer",
        ):
            problems.append(
                Problem(
                    f.mark_of(key),
                    f"{what}: '{key}' applies only to numeric fields, not {ftype}",
                )
            )
    if isinstance(lo, int | float) and isinstance(hi, int | float) and lo > hi:
        problems.append(
            Problem(
                f.mark_of("minimum"),
                f"{what}: minimum {lo} is greater than maximum {hi}",
            )
        )
    if scalar_kind in INT_RANGES:
        lo_i, hi_i = INT_RANGES[scalar_kind]
        for key in ("minimum", "maximum"):
            bound = f.get(key)
            if isinstance(bound, int | float) and not lo_i <= bound <= hi_i:
                problems.append(
                    Problem(
                        f.mark_of(key),
                        f"{what}: {key} {bound} is outside the {scalar_kind} range",
                    )
                )
    if "pattern" in f.entries:
        if scalar_kind not in ("string", "int-or-string", "quantity"):
            problems.append(
                Problem(
                    f.mark_of("pattern"),
                    f"{what}: 'pattern' applies only to string fields, not {ftype}",
                )
            )
        try:
            re.compile(str(f.get("pattern")))
        except re.error as exc:
            problems.append(
                Problem(
                    f.mark_of("pattern"), f"{what}: pattern does not compile: {exc}"
                )
            )
    if "minItems" in f.entries and ftype.kind != "list":
        problems.append(
            Problem(
                f.mark_of("minItems"),
                f"{what}: 'minItems' applies only to lists, not {ftype}",
            )
        )
    _check_list_semantics(what, f, ftype, types, problems)


def _check_default(
    what: str,
    f: RawField,
    ftype: FieldType,
    scalar_kind: str | None,
    problems: list[Problem],
) -> None:
    default = f.get("default")
    mark = f.mark_of("default")
    values = (
        default if ftype.kind == "list" and isinstance(default, list) else [default]
    )
    if ftype.kind == "list" and not isinstance(default, list):
        problems.append(Problem(mark, f"{what}: default {default!r} is not a list"))
        return
    if ftype.kind == "map" or (ftype.kind == "ref" and scalar_kind is None):
        if not isinstance(default, dict):
            problems.append(
                Problem(mark, f"{what}: default {default!r} is not an object")
            )
        return
    for value in values:
        if not _fits(value, scalar_kind):
            problems.append(
                Problem(mark, f"{what}: default {value!r} is not a valid {scalar_kind}")
            )
        elif f.enum and value not in {v.value for v in f.enum}:
            allowed = ", ".join(str(v.value) for v in f.enum)
            problems.append(
                Problem(
                    mark,
                    f"{what}: default {value!r} is not one of its enum values ({allowed})",
                )
            )
        else:
            lo, hi = f.get("minimum"), f.get("maximum")
            if (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and (
                    (isinstance(lo, int | float) and value < lo)
                    or (isinstance(hi, int | float) and value > hi)
                )
            ):
                problems.append(
                    Problem(mark, f"{what}: default {value!r} is outside [{lo}, {hi}]")
                )


def _check_list_semantics(
    what: str,
    f: RawField,
    ftype: FieldType,
    types: dict[str, RawType],
    problems: list[Problem],
) -> None:
    for key in ("listType", "listMapKeys", "patchMergeKey"):
        if key in f.entries and ftype.kind != "list":
            problems.append(
                Problem(
                    f.mark_of(key),
                    f"{what}: '{key}' applies only to lists, not {ftype}",
                )
            )
            return
    keys = f.get("listMapKeys")
    if keys and f.get("listType") != "map":
        problems.append(
            Problem(
                f.mark_of("listMapKeys"), f"{what}: listMapKeys needs listType: map"
            )
        )
    item = ftype.item
    item_type = (
        types.get(item.name) if item is not None and item.kind == "ref" else None
    )
    names = {x.name for x in item_type.fields} if item_type is not None else set()
    located = [(key, "listMapKeys") for key in keys or ()]  # type: ignore[attr-defined]
    if "patchMergeKey" in f.entries:
        located.append((f.get("patchMergeKey"), "patchMergeKey"))
    for key, source in located:
        if (
            item_type is not None
            and item_type.get("scalar") is None
            and key not in names
        ):
            problems.append(
                Problem(
                    f.mark_of(source),
                    f"{what}: list key '{key}' is not a field of {item_type.name}",
                )
            )
    if f.get("mapType") is not None and ftype.kind != "map" and ftype.kind != "ref":
        problems.append(
            Problem(
                f.mark_of("mapType"),
                f"{what}: 'mapType' applies only to maps and objects",
            )
        )


def _scalar_kind(element: FieldType, target: RawType | None) -> str | None:
    if element.kind == "primitive":
        return element.name
    if target is not None:
        scalar = target.get("scalar")
        return scalar if isinstance(scalar, str) else None
    return None


_FITS: dict[str, Callable[[object], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "int32": lambda v: _in_range(v, "int32"),
    "int64": lambda v: _in_range(v, "int64"),
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
    "quantity": lambda v: type(v) in (int, float, str),
    "int-or-string": lambda v: type(v) in (int, str),
    "object": lambda v: isinstance(v, dict),
}


def _in_range(value: object, fmt: str) -> bool:
    lo, hi = INT_RANGES[fmt]
    return type(value) is int and lo <= value <= hi


def _fits(value: object, kind: str | None) -> bool:
    return kind is not None and _FITS[kind](value)


def _suggest(name: str, types: dict[str, RawType]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(types), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
