"""Lists and maps of another kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from podspec_gen.model.kinds.base import Kind


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind
    MACRO: ClassVar[str] = "list"
    json_type: ClassVar[str] = "array"

    @property
    def zero(self) -> object:
        return []

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
    def zero(self) -> object:
        return {}

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
