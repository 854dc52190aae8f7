"""The kinds of value a field can hold: one class per kind, resolved once in the build.

A field's type expression (`int32`, `Quantity`, `list[Container]`, `PullPolicy`) is parsed
and resolved against the spec's types in `generator.model.resolve`; what comes out is one
of these objects. Each carries what every output asks of it, so no renderer re-derives
"is this a quantity?" and no template branches over kinds:

- `macro`: the name of the macro that renders it; every output has one macro per kind
  (`templates/<output>/kinds/<macro>...`), picked by this name;
- `py_annotation`: its Python type;
- `json_type`: its JSON Schema `type` (for the kinds that have one of their own);
- `doc_text`: how the docs name it (a named kind is also linked, by `ref`);
- `accepts(value)`: whether a plain JSON value is of this kind (the spec's defaults and
  enum values are checked with it).

A new kind is one class here, its case in `resolve`, and one macro per output.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
}


@dataclass(frozen=True)
class EnumValue:
    value: str | int
    meaning: str


@dataclass(frozen=True)
class Kind:
    """What every kind answers; subclasses fill in the class variables or override."""

    MACRO: ClassVar[str] = ""

    @property
    def macro(self) -> str:
        return self.MACRO

    @property
    def ref(self) -> str | None:
        """The spec type (or named enum) this kind refers to, if any."""
        return None

    @property
    def group(self) -> str | None:
        """The group that declares the referred type, if any."""
        return None

    @property
    def element(self) -> Kind:
        """The innermost kind, below any lists and maps."""
        return self

    @property
    def is_collection(self) -> bool:
        return False

    @property
    def py_annotation(self) -> str:
        raise NotImplementedError(type(self).__name__)

    @property
    def doc_text(self) -> str:
        raise NotImplementedError(type(self).__name__)

    @property
    def wire_expr(self) -> str:
        """The type expression upstream's definitions give it (`sync` compares it)."""
        return self.doc_text

    @property
    def describe(self) -> str:
        """The kind in a message: `default 'x' is not {describe}`."""
        raise NotImplementedError(type(self).__name__)

    def accepts(self, value: object) -> bool:
        raise NotImplementedError(type(self).__name__)


def _finite_number(value: object) -> bool:
    return (type(value) is int) or (type(value) is float and math.isfinite(value))


@dataclass(frozen=True)
class String(Kind):
    MACRO: ClassVar[str] = "string"
    json_type: ClassVar[str] = "string"

    @property
    def py_annotation(self) -> str:
        return "str"

    @property
    def doc_text(self) -> str:
        return "string"

    @property
    def describe(self) -> str:
        return "a string"

    def accepts(self, value: object) -> bool:
        return isinstance(value, str)


@dataclass(frozen=True)
class Boolean(Kind):
    MACRO: ClassVar[str] = "boolean"
    json_type: ClassVar[str] = "boolean"

    @property
    def py_annotation(self) -> str:
        return "bool"

    @property
    def doc_text(self) -> str:
        return "boolean"

    @property
    def describe(self) -> str:
        return "a boolean"

    def accepts(self, value: object) -> bool:
        return isinstance(value, bool)


@dataclass(frozen=True)
class Integer(Kind):
    """A whole number of a fixed width: `int32` or `int64`."""

    format: str
    MACRO: ClassVar[str] = "integer"
    json_type: ClassVar[str] = "integer"

    @property
    def range(self) -> tuple[int, int]:
        return INT_RANGES[self.format]

    @property
    def py_annotation(self) -> str:
        return "int"

    @property
    def doc_text(self) -> str:
        return self.format

    @property
    def describe(self) -> str:
        return f"an {self.format}"

    def accepts(self, value: object) -> bool:
        lo, hi = self.range
        return type(value) is int and lo <= value <= hi


@dataclass(frozen=True)
class Number(Kind):
    MACRO: ClassVar[str] = "number"
    json_type: ClassVar[str] = "number"

    @property
    def py_annotation(self) -> str:
        return "float"

    @property
    def doc_text(self) -> str:
        return "number"

    @property
    def describe(self) -> str:
        return "a number"

    def accepts(self, value: object) -> bool:
        return _finite_number(value)


PRIMITIVES: dict[str, Kind] = {
    "string": String(),
    "boolean": Boolean(),
    "int32": Integer("int32"),
    "int64": Integer("int64"),
    "number": Number(),
}


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
    base: Kind = String()
    shared: bool = False
    description: str = ""
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
    def describe(self) -> str:
        return "one of " + ", ".join(str(v.value) for v in self.values)

    def accepts(self, value: object) -> bool:
        return self.base.accepts(value) and value in {v.value for v in self.values}


@dataclass(frozen=True)
class Quantity(Named):
    """A Kubernetes resource quantity: `500m`, `2Gi`, or a plain number."""

    MACRO: ClassVar[str] = "quantity"

    @property
    def describe(self) -> str:
        return "a quantity"

    def accepts(self, value: object) -> bool:
        return isinstance(value, str) or _finite_number(value)


@dataclass(frozen=True)
class IntOrString(Named):
    """An integer, or a string (a named port, a percentage)."""

    MACRO: ClassVar[str] = "int_or_string"

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
    def describe(self) -> str:
        return "an object"

    def accepts(self, value: object) -> bool:
        return isinstance(value, dict)


@dataclass(frozen=True)
class Alias(Named):
    """A named wrapper of a primitive (`scalar: string` or `integer`), checked as its
    base and annotated by its name."""

    base: Kind = String()
    format: str | None = None

    @property
    def macro(self) -> str:
        return self.base.macro

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
    def describe(self) -> str:
        return f"a {self.name} object"

    def accepts(self, value: object) -> bool:
        return isinstance(value, dict)


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind
    MACRO: ClassVar[str] = "list"
    json_type: ClassVar[str] = "array"

    @property
    def ref(self) -> str | None:
        return self.item.ref

    @property
    def group(self) -> str | None:
        return self.item.group

    @property
    def element(self) -> Kind:
        return self.item.element

    @property
    def is_collection(self) -> bool:
        return True

    @property
    def py_annotation(self) -> str:
        return f"list[{self.item.py_annotation}]"

    @property
    def doc_text(self) -> str:
        return f"list of {self.item.doc_text}"

    @property
    def wire_expr(self) -> str:
        return f"list[{self.item.wire_expr}]"

    @property
    def describe(self) -> str:
        return "a list"

    def accepts(self, value: object) -> bool:
        return isinstance(value, list) and all(self.item.accepts(v) for v in value)


@dataclass(frozen=True)
class MapOf(Kind):
    """A map from string keys to values of one kind."""

    value: Kind
    MACRO: ClassVar[str] = "map"
    json_type: ClassVar[str] = "object"

    @property
    def ref(self) -> str | None:
        return self.value.ref

    @property
    def group(self) -> str | None:
        return self.value.group

    @property
    def element(self) -> Kind:
        return self.value.element

    @property
    def is_collection(self) -> bool:
        return True

    @property
    def py_annotation(self) -> str:
        return f"dict[str, {self.value.py_annotation}]"

    @property
    def doc_text(self) -> str:
        return f"map of string to {self.value.doc_text}"

    @property
    def wire_expr(self) -> str:
        return f"map[{self.value.wire_expr}]"

    @property
    def describe(self) -> str:
        return "an object"

    def accepts(self, value: object) -> bool:
        return isinstance(value, dict) and all(
            isinstance(k, str) and self.value.accepts(v) for k, v in value.items()
        )
