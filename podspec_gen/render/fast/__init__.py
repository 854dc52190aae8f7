"""What the fast flavour's template needs beyond its kinds' macros.

The fast flavour (`podspec.fast`) declares the SDK's classes a second time, as msgspec
Structs, so that parsing and checking run in C. Everything msgspec can check is stated
in the annotation (types, `Literal` enums, ranges, list lengths), each kind's by its
macros in `templates/python/fast/kinds/`; the rest (patterns, at most one of some
fields) becomes one generated pass in `from_dict`, and deprecations warn from a
post-init. This module answers the questions about types and fields, never about kinds:
which types need that pass, which deprecations a type warns about, and imports.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from podspec_gen.model.naming import constant
from podspec_gen.model.types import Field, Spec, TypeDef
from podspec_gen.render import python as render_python
from podspec_gen.render.format import format_python
from podspec_gen.render.python import PACKAGE, enum_const, module_of
from podspec_gen.render.python.modules import kind_access

if TYPE_CHECKING:
    from podspec_gen.render.job import Job


def sdk_imports(spec: Spec, names: Iterable[str]) -> list[tuple[str, list[str]]]:
    """(module, names) the annotations take from the dataclass SDK, from the kinds'
    `imported` answers ("group Name", or "" for a kind that imports nothing)."""
    by_module: dict[str, set[str]] = {}
    for entry in names:
        if not entry:
            continue
        group, name = entry.split()
        by_module.setdefault(module_of(spec.group(group)), set()).add(name)
    return sorted((module, sorted(found)) for module, found in by_module.items())


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
    carriers = {u.name for u in spec.types if carried_deprecation(spec, u)}
    return [f for f in t.fields if f.deprecation and f.kind.ref not in carriers]


def has_post_init(spec: Spec, t: TypeDef) -> bool:
    """Only deprecations warn from the post-init: they warn on construction too, as in
    the dataclass SDK. Checks run in `from_dict` (see `checked_types`)."""
    return bool(owner_deprecations(spec, t) or carried_deprecation(spec, t))


def checked_types(spec: Spec, own: Iterable[str]) -> set[str]:
    """Types `from_dict` checks after msgspec has built them: those with rules of their
    own (`own`: patterns, at most one of some fields) and those that hold such types.

    One Python pass over the finished objects costs less than a post-init per object,
    which msgspec calls from C; construction stays unchecked, as in the dataclass SDK.
    """
    checked = set(own)
    while True:
        more = {
            t.name
            for t in spec.types
            if t.name not in checked and check_children(t, checked)
        }
        if not more:
            return checked
        checked |= more


def check_children(t: TypeDef, checked: set[str]) -> list[Field]:
    """The fields of `t` that hold objects of the `checked` types, at any depth of
    lists and maps."""
    return [f for f in t.fields if f.kind.ref in checked]


def jobs(spec: Spec) -> list[Job]:
    from podspec_gen.render.job import Job

    path = f"python/{PACKAGE}/fast.py"
    post = functools.partial(format_python, name=path)
    return [Job(path, "python/fast.py.j2", {}, post)]


# The msgspec module is Python: it takes the Python output's literal and docstring
# filters, and its naming of per-field constants, by name.
FILTERS: dict[str, Any] = {
    **{
        name: render_python.FILTERS[name]
        for name in ("pystr", "pylit", "docstring", "py_regex")
    },
    "constant": constant,
}
GLOBALS: dict[str, Any] = {
    "py_package": PACKAGE,
    "py_enum_const": enum_const,
    "fast_sdk_imports": sdk_imports,
    "fast_has_post_init": has_post_init,
    "fast_carried_deprecation": carried_deprecation,
    "fast_owner_deprecations": owner_deprecations,
    "fast_checked_types": checked_types,
    "fast_check_children": check_children,
    "fast_kind_access": kind_access,
}
