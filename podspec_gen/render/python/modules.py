"""The SDK's modules: one per group, what each names and imports from the others.

Only names and imports are computed here; what a field of each kind looks like is in
its kind's macros (templates/python/kinds/<macro>.j2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from podspec_gen.model.naming import constant, pascal
from podspec_gen.model.types import Field, Group, ManifestKind, Spec, TypeDef

PACKAGE = "podspec"


def module_of(group: Group) -> str:
    return "pod_spec" if group.kind == "root" else group.name


def enum_alias(owner: TypeDef, field: Field) -> str:
    """The alias a field's own value set has always had (`ContainerImagePullPolicy`);
    for a field that takes a named enum, it stands for that enum."""
    return f"{owner.name}{pascal(field.wire_name)}"


def enum_const(owner: TypeDef, field: Field) -> str:
    """The prefix of a field's module-level constants (`_CONTAINER_NAME_PATTERN`)."""
    return f"_{constant(owner.name)}_{constant(field.wire_name)}"


def listed_enums(spec: Spec) -> frozenset[str]:
    """The enums some field holds in a list or map: their items are checked by a
    checker made once, next to the enum's value tuple."""
    # A field's own value set has no `ref`: it is named after its owner and field.
    return frozenset(
        f.kind.element.ref or enum_alias(t, f)
        for t in spec.types
        for f in t.fields
        if f.enum and f.kind.is_collection
    )


@dataclass(frozen=True)
class Reach:
    """How a kind's object reaches an object inside it by attributes (its pod spec, its
    pods' metadata): each step's Python name and whether it may be unset on the way."""

    steps: tuple[tuple[str, bool], ...]
    ref: str  # the type reached
    group: str  # the group that declares it

    @property
    def optional(self) -> bool:
        return any(unset for _, unset in self.steps)


def reach(spec: Spec, owner: TypeDef, path: tuple[str, ...]) -> Reach:
    """The attribute steps from `owner` down the wire keys of `path` (a kind's pod spec
    or pod metadata path, which the model derived along object fields)."""
    steps: list[tuple[str, bool]] = []
    here = owner
    ref = owner.name
    for key in path:
        field = next(f for f in here.fields if f.wire_name == key)
        steps.append((field.python_name, not field.must_be_set))
        assert field.kind.ref is not None, f"{owner.name}: {key} holds no object"
        ref = field.kind.ref
        here = spec.type(ref)
    return Reach(tuple(steps), ref, here.group)


@dataclass(frozen=True)
class KindAccess:
    """What a kind's class says about itself: its manifest kind, and how it reaches
    its pod spec and its pods' metadata."""

    kind: ManifestKind
    pod_spec: Reach
    pod_metadata: Reach


def kind_access(spec: Spec, t: TypeDef) -> KindAccess | None:
    """The access a kind's class gets; None for a type that is no manifest kind."""
    kind = next((k for k in spec.kinds if k.name == t.name), None)
    if kind is None:
        return None
    return KindAccess(
        kind,
        reach(spec, t, kind.pod_spec_path),
        reach(spec, t, kind.pod_metadata_path),
    )


@dataclass(frozen=True)
class Here:
    """The module being rendered: how it names what any group declares, and what it
    imports to do so."""

    spec: Spec
    group: Group
    listed: frozenset[str]

    @property
    def scalars(self) -> list[TypeDef]:
        """The group's named scalar types (Quantity, Time...), declared as aliases."""
        return [t for t in self.group.types if not t.is_object]

    @property
    def objects(self) -> list[TypeDef]:
        return [t for t in self.group.types if t.is_object]

    @property
    def fields(self) -> list[Field]:
        return [f for t in self.objects for f in t.fields]

    @property
    def typing_names(self) -> list[str]:
        """What `typing` gives this module: `Literal` and `get_args` where it declares
        a value set (a named enum, or a field's own), `TypeAlias` for any alias."""
        own = any(f.enum and f.kind.element.ref is None for f in self.fields)
        enums = bool(self.group.enums) or own
        aliases = enums or bool(self.scalars) or any(f.enum for f in self.fields)
        names = ["TYPE_CHECKING"] if self.typing_imports else []
        names.append("Any")
        consts = any(f.const for f in self.fields)
        names += ["Literal", "get_args"] if enums else ["Literal"] if consts else []
        names += ["TypeAlias"] if aliases else []
        return names

    @property
    def kinds(self) -> list[KindAccess]:
        """The manifest kinds this module declares, with their access."""
        found = (kind_access(self.spec, t) for t in self.objects)
        return [access for access in found if access is not None]

    def access(self, t: TypeDef) -> KindAccess | None:
        return kind_access(self.spec, t)

    def module(self, group: str) -> str:
        return module_of(self.spec.group(group))

    def ref(self, group: str, name: str) -> str:
        """How this module names, at run time, `name` declared by `group`'s module."""
        if group == self.group.name:
            return name
        return f"_{self.module(group)}.{name}"

    def runtime_modules(self, groups: Iterable[str]) -> list[str]:
        """The other modules among `groups` (the kinds' `runtime_group` answers; ""
        for none), each imported once as `_<module>`."""
        return sorted({self.module(g) for g in groups if g and g != self.group.name})

    @property
    def typing_imports(self) -> list[tuple[str, str]]:
        """(module, name) of what the annotations name from other modules."""
        pairs = {
            (self.module(f.kind.group), f.kind.ref)
            for f in self.fields
            if f.kind.ref is not None
            and f.kind.group is not None
            and f.kind.group != self.group.name
        }
        # What a kind's pod spec and pod metadata properties return.
        pairs |= {
            (self.module(r.group), r.ref)
            for access in self.kinds
            for r in (access.pod_spec, access.pod_metadata)
            if r.group != self.group.name
        }
        return sorted(pairs)
