"""Kinds declared once under a name and referred to by it: enums, the API machinery's
scalars (Quantity, IntOrString, Time, free-form objects), aliases and objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from podspec_gen.model.kinds.base import EnumValue, Kind, finite_number
from podspec_gen.model.kinds.primitives import String

# Kinds are immutable values, so one instance serves as every default.
STRING: Kind = String()


@dataclass(frozen=True)
class Named(Kind):
    """A kind declared once under a name in one group, and referred to by that name."""

    name: str
    declared_in: str

    @property
    def ref(self) -> str | None:
        return self.name

    @property
    def group(self) -> str | None:
        return self.declared_in

    @property
    def py_annotation(self) -> str:
        return self.name

    @property
    def doc_text(self) -> str:
        return self.name


@dataclass(frozen=True)
class Enum(Named):
    """A closed set of values, each with its meaning.

    A named enum (`shared`) is declared once as a type of its own and referred to by
    every field that takes the same value set; a field's inline `enum:` makes an
    anonymous one, named after its owner and field (`ContainerImagePullPolicy`).
    """

    values: tuple[EnumValue, ...] = ()
    base: Kind = STRING
    shared: bool = False
    description: str = ""
    source: str | None = None  # a named enum's: where the server decides its values
    MACRO: ClassVar[str] = "enum"

    @property
    def ref(self) -> str | None:
        return self.name if self.shared else None

    @property
    def doc_text(self) -> str:
        return self.base.doc_text

    @property
    def wire_expr(self) -> str:
        return self.base.wire_expr

    @property
    def underlying(self) -> Kind:
        return self.base.underlying

    @property
    def describe(self) -> str:
        return "one of " + ", ".join(str(v.value) for v in self.values)

    def accepts(self, value: object) -> bool:
        return self.base.accepts(value) and value in {v.value for v in self.values}


@dataclass(frozen=True)
class Quantity(Named):
    """A Kubernetes resource quantity: `500m`, `2Gi`, or a plain number."""

    MACRO: ClassVar[str] = "quantity"

    @property
    def zero(self) -> object:
        return "0"

    @property
    def describe(self) -> str:
        return "a quantity"

    def accepts(self, value: object) -> bool:
        return isinstance(value, str) or finite_number(value)


@dataclass(frozen=True)
class IntOrString(Named):
    """An integer, or a string (a named port, a percentage)."""

    MACRO: ClassVar[str] = "int_or_string"

    @property
    def zero(self) -> object:
        return 0

    @property
    def describe(self) -> str:
        return "an integer or a string"

    def accepts(self, value: object) -> bool:
        return type(value) in (int, str)


@dataclass(frozen=True)
class Time(Named):
    """A point in time, written as an RFC 3339 string."""

    format: str = "date-time"
    MACRO: ClassVar[str] = "time"

    @property
    def describe(self) -> str:
        return "an RFC 3339 date-time string"

    def accepts(self, value: object) -> bool:
        return isinstance(value, str)


@dataclass(frozen=True)
class FreeForm(Named):
    """A JSON object whose shape the API leaves open (e.g. FieldsV1)."""

    MACRO: ClassVar[str] = "free_form"

    @property
    def zero(self) -> object:
        return {}

    @property
    def describe(self) -> str:
        return "an object"

    def accepts(self, value: object) -> bool:
        return isinstance(value, dict)


@dataclass(frozen=True)
class Alias(Named):
    """A named wrapper of a primitive (`scalar: string` or `integer`), checked as its
    base and annotated by its name."""

    base: Kind = STRING
    format: str | None = None

    @property
    def macro(self) -> str:
        return self.base.macro

    @property
    def underlying(self) -> Kind:
        return self.base.underlying

    @property
    def describe(self) -> str:
        return self.base.describe

    def accepts(self, value: object) -> bool:
        return self.base.accepts(value)


@dataclass(frozen=True)
class ObjectRef(Named):
    """An object of a spec type with fields of its own."""

    MACRO: ClassVar[str] = "object"

    @property
    def zero(self) -> object:
        return {}

    @property
    def describe(self) -> str:
        return f"a {self.name} object"

    def accepts(self, value: object) -> bool:
        return isinstance(value, dict)
