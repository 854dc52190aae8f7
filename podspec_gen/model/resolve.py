"""Resolve type expressions into kinds: each expression is parsed here, once.

`declared_kinds` turns every spec type into the kind that refers to it (an object, a
quantity, a named enum...); `resolve` then maps a field's expression (`list[Container]`)
and its inline `enum:` onto those kinds.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from podspec_gen.model.kinds import (
    PRIMITIVES,
    Alias,
    Enum,
    EnumValue,
    FreeForm,
    Integer,
    IntOrString,
    Kind,
    ListOf,
    MapOf,
    Named,
    ObjectRef,
    Quantity,
    String,
    Time,
)
from podspec_gen.model.naming import pascal
from podspec_gen.model.typeexpr import TypeExprError, parse_type
from podspec_gen.model.types import FieldType
from podspec_gen.spec.records import RawEnumValue, RawField, RawType


class ResolveError(ValueError):
    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name  # the type name that did not resolve, if that was the fault


def enum_values(raw: Iterable[RawEnumValue]) -> tuple[EnumValue, ...]:
    return tuple(EnumValue(v.value, " ".join(v.meaning.split())) for v in raw)


def declared_kind(t: RawType) -> Named:
    """The kind a field gets when its type names `t`."""
    group = t.file
    if t.is_enum:
        base: Kind = Integer("int64") if t.scalar == "integer" else String()
        values = enum_values(t.enum)
        return Enum(t.name, group, values, base, True, t.description.strip(), t.source)
    if t.scalar == "quantity":
        return Quantity(t.name, group)
    if t.scalar == "int-or-string":
        return IntOrString(t.name, group)
    if t.scalar == "object":
        return FreeForm(t.name, group)
    if t.scalar == "string" and t.format == "date-time":
        return Time(t.name, group)
    if t.scalar == "string":
        return Alias(t.name, group, String(), t.format)
    if t.scalar == "integer":
        return Alias(t.name, group, Integer("int64"), t.format)
    return ObjectRef(t.name, group)


def declared_kinds(types: Iterable[RawType]) -> dict[str, Named]:
    return {t.name: declared_kind(t) for t in types}


def parse(expr: str) -> FieldType:
    try:
        return parse_type(expr)
    except TypeExprError as exc:
        raise ResolveError(str(exc)) from None


def resolve(
    owner: RawType, field: RawField, named: Mapping[str, Named]
) -> tuple[FieldType, Kind]:
    """The field's parsed expression and its kind; ResolveError says what is wrong."""
    syntax = parse(field.type_expr)
    element = _element(syntax, named)
    if field.enum:
        if isinstance(element, Enum):
            raise ResolveError(
                f"'{syntax.element}' is already an enum: drop the inline 'enum'"
            )
        element = Enum(
            owner.name + pascal(field.name),
            owner.file,
            enum_values(field.enum),
            element,
        )
    return syntax, _wrap(syntax, element)


def _element(t: FieldType, named: Mapping[str, Named]) -> Kind:
    leaf = t.element
    if leaf.kind == "primitive":
        return PRIMITIVES[leaf.name]
    kind = named.get(leaf.name)
    if kind is None:
        close = difflib.get_close_matches(leaf.name, list(named), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ResolveError(f"unknown type '{leaf.name}'{hint}", leaf.name)
    return kind


def _wrap(t: FieldType, element: Kind) -> Kind:
    if t.kind == "list":
        assert t.item is not None
        return ListOf(_wrap(t.item, element))
    if t.kind == "map":
        assert t.item is not None
        return MapOf(_wrap(t.item, element))
    return element
