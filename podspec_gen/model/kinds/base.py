"""What every kind answers, and the facts kinds share (integer widths, enum values)."""

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
    def underlying(self) -> Kind:
        """The kind whose values this one takes: itself, or, for a named wrapper of a
        primitive (an alias, an enum), that primitive; its format and range hold."""
        return self

    @property
    def zero(self) -> object:
        """Its zero value as JSON: what Go's JSON decoder leaves for a null list item
        or map value of this kind (`args: [null]` is `[""]`). None where null stays
        null (a time, whose own decoder reads it)."""
        kind = self.underlying
        return None if kind is self else kind.zero

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


def finite_number(value: object) -> bool:
    return (type(value) is int) or (type(value) is float and math.isfinite(value))
