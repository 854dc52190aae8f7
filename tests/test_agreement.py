"""The SDK, the schema and the docs agree with the spec (and so with each other) field for field."""

from __future__ import annotations

import dataclasses
import importlib
import re
from typing import Any

import pytest
from conftest import GENERATED, SPEC

from generator.build import read_spec
from generator.model import Spec, TypeDef

MODEL: Spec = read_spec(SPEC)
OBJECT_TYPES = [t for t in MODEL.types if t.is_object]


def _module(t: TypeDef) -> Any:
    group = MODEL.group(t.group)
    name = "pod_spec" if group.kind == "root" else group.name
    return importlib.import_module(f"podspec.{name}")


@pytest.mark.parametrize("t", OBJECT_TYPES, ids=lambda t: t.name)
def test_sdk_class_matches_spec(t: TypeDef) -> None:
    cls = getattr(_module(t), t.name)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    assert [f.name for f in fields] == [f.python_name for f in t.fields]
    assert cls._wire_names == frozenset(f.wire_name for f in t.fields)
    required = {f.name for f in fields if f.default is dataclasses.MISSING}
    assert required == {f.python_name for f in t.fields if f.must_be_set}


@pytest.mark.parametrize("t", MODEL.types, ids=lambda t: t.name)
def test_schema_matches_spec(t: TypeDef, schema: dict[str, Any]) -> None:
    definition = schema["$defs"][t.name]
    if not t.is_object:
        assert "properties" not in definition
        return
    props = definition["properties"]
    assert list(props) == [f.wire_name for f in t.fields]
    assert definition.get("required", []) == [
        f.wire_name for f in t.fields if f.must_be_set
    ]
    assert definition["additionalProperties"] is False
    for f in t.fields:
        inner = props[f.wire_name]["allOf"][0]
        inner = inner.get("anyOf", [inner])[0]
        if f.enum:
            values = [v.value for v in f.enum]
            where = inner if f.type.kind != "list" else inner["items"]
            assert [v for v in where["enum"] if v is not None] == values
        if f.has_default:
            assert props[f.wire_name]["default"] == f.default
        assert ("deprecationMessage" in props[f.wire_name]) == (
            f.deprecation is not None
        )


def _doc_sections() -> dict[str, str]:
    sections: dict[str, str] = {}
    for page in (GENERATED / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"^## (\w+)\n(.*?)(?=^## |\Z)", text, re.S | re.M):
            assert match.group(1) not in sections, f"{match.group(1)} documented twice"
            sections[match.group(1)] = match.group(2)
    return sections


SECTIONS = _doc_sections()


@pytest.mark.parametrize("t", MODEL.types, ids=lambda t: t.name)
def test_docs_match_spec(t: TypeDef) -> None:
    section = SECTIONS[t.name]
    rows = re.findall(r"^\| `(\w+)`[^|]*\| `(\w+)` \|", section, re.M)
    assert rows == [(f.wire_name, f.python_name) for f in t.fields]
    for f in t.fields:
        for v in f.enum:
            assert f"| `{v.value}` |" in section or '| `""` |' in section
        if f.deprecation:
            assert "**deprecated**" in section
