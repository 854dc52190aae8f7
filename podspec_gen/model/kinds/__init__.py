"""The kinds of value a field can hold: one class per kind, resolved once in the build.

A field's type expression (`int32`, `Quantity`, `list[Container]`, `PullPolicy`) is parsed
and resolved against the spec's types in `podspec_gen.model.resolve`; what comes out is one
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

from podspec_gen.model.kinds.base import INT_RANGES, EnumValue, Kind
from podspec_gen.model.kinds.collections import ListOf, MapOf
from podspec_gen.model.kinds.named import (
    Alias,
    Enum,
    FreeForm,
    IntOrString,
    Named,
    ObjectRef,
    Quantity,
    Time,
)
from podspec_gen.model.kinds.primitives import (
    PRIMITIVES,
    Boolean,
    Integer,
    Number,
    String,
)

__all__ = [
    "INT_RANGES",
    "PRIMITIVES",
    "Alias",
    "Boolean",
    "Enum",
    "EnumValue",
    "FreeForm",
    "IntOrString",
    "Integer",
    "Kind",
    "ListOf",
    "MapOf",
    "Named",
    "Number",
    "ObjectRef",
    "Quantity",
    "String",
    "Time",
]
