"""What the fast flavour's template needs: msgspec annotations and the rules Structs lack.

The fast flavour (`podspec.fast`) declares the SDK's classes a second time, as msgspec
Structs, so that parsing and checking run in C. Everything msgspec can check is stated
in the annotation (types, `Literal` enums, ranges, list lengths); the rest (patterns, at
most one of some fields) becomes one generated pass in `from_dict`, and deprecations
warn from a post-init.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.model.types import INT_RANGES, Field, FieldType, Spec, TypeDef
from generator.render import python as render_python
from generator.render.python import (
    PACKAGE,
    bounds,
    declaration,
    enum_alias,
    enum_const,
    module_of,
    nested,
    scalar_kind,
    wrap,
)

if TYPE_CHECKING:
    from generator.render.job import Job

# The annotation of an unconstrained element of each kind. The integer aliases carry the
# wire format's range, as the dataclass SDK's checks do.
BASE = {
    "string": "str",
    "boolean": "bool",
    "int32": "_Int32",
    "int64": "_Int64",
    "integer": "_Int64",
    "number": "int | float",
    "quantity": "_Quantity",
    "int-or-string": "int | str",
    "object": "dict[str, Any]",
}


def constraint(spec: Spec, field: Field) -> list[tuple[str, str]] | None:
    """The constrained element type a field needs its own alias for, as the (type,
    `Meta(...)`) pairs of its alternatives; None when the plain type says it all."""
    kind = scalar_kind(spec, field.type.element)
    if field.enum:
        return None
    if field.minimum is None and field.maximum is None:
        return None
    if kind in INT_RANGES or kind == "integer":
        limits = bounds(spec, field)  # the dataclass SDK's own range check
        assert limits is not None
        return [("int", f"Meta(ge={limits[0]}, le={limits[1]})")]
    if kind == "number":
        # msgspec takes bounds on one numeric type at a time, not on a union.
        given = ", ".join(
            f"{op}={value!r}"
            for op, value in (("ge", field.minimum), ("le", field.maximum))
            if value is not None
        )
        return [("int", f"Meta({given})"), ("float", f"Meta({given})")]
    return None


def alias(spec: Spec, owner: TypeDef, field: Field) -> str:
    """The alias a constrained field's annotation names (see `constraint`)."""
    alternatives = constraint(spec, field)
    assert alternatives is not None
    head = f"{enum_const(owner, field)}: TypeAlias = "
    if len(alternatives) == 1:
        base, meta = alternatives[0]
        return wrap(head + "Annotated[", [base, meta], "]")
    parts = [f"Annotated[{base}, {meta}]" for base, meta in alternatives]
    one = head + " | ".join(parts)
    if len(one) <= 88:
        return one
    return head + "(\n    " + "\n    | ".join(parts) + "\n)"


def element(spec: Spec, owner: TypeDef, field: Field, t: FieldType) -> str:
    if field.enum:
        return enum_alias(owner, field)
    kind = scalar_kind(spec, t)
    if kind == "object-ref":
        return t.name
    if constraint(spec, field) is not None:
        return enum_const(owner, field)
    return BASE[kind]


def annotation(spec: Spec, owner: TypeDef, field: Field) -> str:
    ann = nested(field.type, lambda t: element(spec, owner, field, t))
    if field.min_items:
        ann = f"Annotated[{ann}, Meta(min_length={field.min_items})]"
    return ann


def attribute_line(spec: Spec, owner: TypeDef, field: Field) -> str:
    return declaration(field.python_name, annotation(spec, owner, field), field)


def enum_imports(spec: Spec) -> list[tuple[str, list[str]]]:
    """(module, enum aliases) the annotations take from the dataclass SDK."""
    by_module: dict[str, list[str]] = {}
    for t in spec.types:
        module = module_of(spec.group(t.group))
        for f in t.fields:
            if f.enum:
                by_module.setdefault(module, []).append(enum_alias(t, f))
    return sorted((m, sorted(names)) for m, names in by_module.items())


def carried_deprecation(spec: Spec, t: TypeDef) -> str | None:
    """The deprecation a type warns about itself: that of the one field that uses it.

    Such a type exists only for its deprecated field (most volume sources), so its own
    post-init can warn, and objects without the field pay nothing for the check.
    """
    if not t.is_object or len(t.used_by) != 1:
        return None
    owner, wire = t.used_by[0]
    field = next(f for f in spec.type(owner).fields if f.wire_name == wire)
    return field.deprecation


def owner_deprecations(spec: Spec, t: TypeDef) -> list[Field]:
    """The deprecated fields a type must check itself: those whose type does not."""
    return [
        f
        for f in t.fields
        if f.deprecation
        and not (
            f.type.element.kind == "ref"
            and carried_deprecation(spec, spec.type(f.type.element.name))
        )
    ]


def pattern_fields(spec: Spec, t: TypeDef) -> list[Field]:
    """Fields whose pattern the post-init checks, as the dataclass SDK checks them: single
    strings (not list items), by `search`. Python's own `re` is used: twice as fast as
    msgspec's `Meta(pattern=...)` here, which calls back into it."""
    return [
        f
        for f in t.fields
        if f.pattern
        and not f.enum
        and f.type.kind not in ("list", "map")
        and scalar_kind(spec, f.type) == "string"
    ]


def has_post_init(spec: Spec, t: TypeDef) -> bool:
    """Only deprecations warn from the post-init: they warn on construction too, as in
    the dataclass SDK. Checks run in `from_dict` (see `checked_types`)."""
    return bool(owner_deprecations(spec, t) or carried_deprecation(spec, t))


def checked_types(spec: Spec) -> set[str]:
    """Types `from_dict` checks after msgspec has built them: those with rules of their
    own (patterns, at most one of some fields) and those that hold such types.

    One Python pass over the finished objects costs less than a post-init per object,
    which msgspec calls from C; construction stays unchecked, as in the dataclass SDK.
    """
    checked = {
        t.name
        for t in spec.types
        if t.is_object and (t.at_most_one_of or pattern_fields(spec, t))
    }
    while True:
        more = {
            t.name
            for t in spec.types
            if t.is_object and t.name not in checked and check_children(t, checked)
        }
        if not more:
            return checked
        checked |= more


def check_children(t: TypeDef, checked: set[str]) -> list[Field]:
    """The fields of `t` whose objects need checking."""
    return [
        f
        for f in t.fields
        if f.type.element.kind == "ref" and f.type.element.name in checked
    ]


def optional_outside(t: TypeDef) -> list[Field]:
    """The optional fields outside `t`'s at-most-one group (the required ones are set)."""
    return [
        f for f in t.fields if f.wire_name not in t.at_most_one_of and not f.must_be_set
    ]


def required_outside(t: TypeDef) -> int:
    return sum(
        1 for f in t.fields if f.wire_name not in t.at_most_one_of and f.must_be_set
    )


def python_names(t: TypeDef, wire_names: tuple[str, ...]) -> list[str]:
    by_wire = {f.wire_name: f.python_name for f in t.fields}
    return [by_wire[w] for w in wire_names]


def jobs(spec: Spec) -> list[Job]:
    from generator.render.job import Job

    return [Job(f"python/{PACKAGE}/fast.py", "python/fast.py.j2", {})]


# The msgspec module is Python: it is written with the Python output's helpers too.
FILTERS: dict[str, Any] = dict(render_python.FILTERS)
GLOBALS: dict[str, Any] = {
    **render_python.GLOBALS,
    "fast_constraint": constraint,
    "fast_alias": alias,
    "fast_wrap": wrap,
    "fast_attribute_line": attribute_line,
    "fast_enum_imports": enum_imports,
    "fast_has_post_init": has_post_init,
    "fast_pattern_fields": pattern_fields,
    "fast_checked_types": checked_types,
    "fast_check_children": check_children,
    "fast_optional_outside": optional_outside,
    "fast_required_outside": required_outside,
    "fast_carried_deprecation": carried_deprecation,
    "fast_owner_deprecations": owner_deprecations,
    "fast_python_names": python_names,
}
