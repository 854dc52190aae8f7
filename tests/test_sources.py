"""Every curated fact in the spec names where the API server decides it.

A fact is what the spec states beyond upstream's schema: an enum, a default, a range,
a minimum or maximum number of items, a pattern, immutability, a deprecation, a
requirement the schema does not state, or one it states that the server never checks.
Each carries a `sources:` entry (a Go file and function of kube-apiserver v1.37, or a
types.go marker), so a reader can check it against the server, and a fact copied from
description prose cannot slip in unnoticed.
"""

from __future__ import annotations

import pytest
from conftest import model

from podspec_gen.model.kinds import Enum
from podspec_gen.model.types import Field, TypeDef

# fact -> whether a field states it
STATED = {
    "enum": lambda f: isinstance(f.kind.element, Enum) and not f.kind.element.shared,
    "default": lambda f: f.has_default,
    "range": lambda f: f.minimum is not None or f.maximum is not None,
    "minItems": lambda f: f.min_items is not None,
    "maxItems": lambda f: f.max_items is not None,
    "pattern": lambda f: f.pattern is not None and f.format is None,
    "immutable": lambda f: f.immutable,
    "deprecated": lambda f: f.deprecation is not None,
    "serverRequired": lambda f: f.server_required,
    "serverOptional": lambda f: f.server_optional,
    "serverName": lambda f: f.server_name is not None,
}

FIELDS = [(t, f) for t in model().types for f in t.fields]


@pytest.mark.parametrize(
    ("owner", "field"), FIELDS, ids=[f"{t.name}.{f.wire_name}" for t, f in FIELDS]
)
def test_every_fact_of_a_field_has_its_source(owner: TypeDef, field: Field) -> None:
    cited = dict(field.sources)
    missing = [
        fact for fact, stated in STATED.items() if stated(field) and fact not in cited
    ]
    assert not missing, f"{owner.name}.{field.wire_name}: no source for {missing}"
    assert all("/" in s or "types.go" in s or "feature" in s for s in cited.values())


@pytest.mark.parametrize("enum", model().enums, ids=lambda e: e.name)
def test_every_named_enum_has_its_source(enum: Enum) -> None:
    assert enum.source, f"named enum {enum.name} has no source"


@pytest.mark.parametrize("fmt", model().formats, ids=lambda f: f.name)
def test_every_format_has_its_source(fmt: object) -> None:
    assert getattr(fmt, "source", None), f"format {fmt} has no source"
