"""The kinds JSON has natively: string, boolean, integer of a width, number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from podspec_gen.model.kinds.base import INT_RANGES, Kind, finite_number


@dataclass(frozen=True)
class String(Kind):
    MACRO: ClassVar[str] = "string"
    json_type: ClassVar[str] = "string"

    @property
    def zero(self) -> object:
        return ""

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
    def zero(self) -> object:
        return False

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
    def zero(self) -> object:
        return 0

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
    def zero(self) -> object:
        return 0

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
        return finite_number(value)


PRIMITIVES: dict[str, Kind] = {
    "string": String(),
    "boolean": Boolean(),
    "int32": Integer("int32"),
    "int64": Integer("int64"),
    "number": Number(),
}
