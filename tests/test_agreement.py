"""The SDK, the schema and the docs agree with the spec (and so with each other) field for field."""

from __future__ import annotations

import dataclasses
import importlib
import re
from typing import Any

import pytest
from conftest import GENERATED, SPEC
from test_docs import field_block, field_title, list_items

from podspec_gen.model.build import read_spec
from podspec_gen.model.naming import constant
from podspec_gen.model.types import Field, Group, Spec, TypeDef
from podspec_gen.render import docs as render_docs

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
    # The dispatch table `_parse` looks each wire key up in: one entry per field.
    handlers = getattr(_module(t), f"_{constant(t.name)}_FIELDS")
    assert list(handlers) == [f.wire_name for f in t.fields]
    required = {f.name for f in fields if f.default is dataclasses.MISSING}
    # A kind's apiVersion and kind default to their one value (from_dict still
    # refuses a document without them, as the schema does: test_sdk_kinds.py).
    assert required == {
        f.python_name for f in t.fields if f.must_be_set and not f.const
    }
    consts = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    for f in t.fields:
        if f.const:
            assert consts[f.python_name] == f.const


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
        # Type keywords sit beside the annotations; a nullable ref is anyOf [ref, null].
        inner = props[f.wire_name]
        inner = inner.get("anyOf", [inner])[0]
        if f.enum:
            values = [v.value for v in f.enum]
            where = inner if f.type.kind != "list" else inner["items"]
            assert [v for v in where["enum"] if v is not None] == values
        if f.has_default:
            assert props[f.wire_name]["default"] == f.default
        # Deprecated: in the hover and out of completion, never a diagnostic.
        assert props[f.wire_name].get("deprecated", False) == (
            f.deprecation is not None
        )
        assert props[f.wire_name].get("doNotSuggest", False) == (
            f.deprecation is not None
        )
        assert "deprecationMessage" not in props[f.wire_name]


DOC_PAGES = {
    p.name: p.read_text(encoding="utf-8") for p in (GENERATED / "docs").glob("*.md")
}
TYPE_NAMES = {t.name for t in MODEL.types}
# An item of the index's PodSpec list: its linked wire name, then its Python name.
_ITEM = r"^\[`(\w+)`\]\([^)]*\).*? · Python `(\w+)`"
# A field block's title line (docs pages): anchor, wire name, Python name.
_TITLE = r'^<a id="([\w-]+)"></a>\*\*`(\w+)`\*\*\s·\sPython\s`(\w+)`\s·\s'


def _doc_sections() -> dict[str, tuple[str, str]]:
    """Type name -> (page, section text), for every `## Name` heading that names a type."""
    sections: dict[str, tuple[str, str]] = {}
    for page, text in sorted(DOC_PAGES.items()):
        for match in re.finditer(r"^## (\w+)\n(.*?)(?=^## |\Z)", text, re.S | re.M):
            if match.group(1) not in TYPE_NAMES:
                continue
            assert match.group(1) not in sections, f"{match.group(1)} documented twice"
            sections[match.group(1)] = (page, match.group(2))
    return sections


SECTIONS = _doc_sections()


def _check_field_rows(section: str, fields: list[Field], *, enums: bool) -> None:
    """Field blocks in order with wire and Python names; badges, messages and enum
    values (the index's PodSpec table: names and order only)."""
    if not enums:
        items = [re.match(_ITEM, item) for item in list_items(section)]
        assert [m.groups() for m in items if m] == [
            (f.wire_name, f.python_name) for f in fields
        ]
        return
    titles = re.findall(_TITLE, section, re.M)
    assert [(w, p) for _, w, p in titles] == [
        (f.wire_name, f.python_name) for f in fields
    ]
    for f, (anchor, _, _) in zip(fields, titles, strict=True):
        block = field_block(section, anchor)
        title = field_title(section, anchor)
        assert ("**deprecated**" in title) == (f.deprecation is not None)
        assert ("**immutable**" in title) == f.immutable
        if f.deprecation:
            assert render_docs.cell(f.deprecation) in " ".join(block.split())
        if f.enum:
            values = [re.match(r"(`[^`]*`): ", i) for i in list_items(block)]
            assert [m.group(1) for m in values if m] == [
                render_docs.value(v.value) for v in f.enum
            ]


@pytest.mark.parametrize("t", MODEL.types, ids=lambda t: t.name)
def test_docs_match_spec(t: TypeDef) -> None:
    page, section = SECTIONS[t.name]
    assert page == render_docs.layout(MODEL).home(t.name)
    # The index's PodSpec table summarises; the group pages give enums and messages.
    _check_field_rows(section, list(t.fields), enums=t is not MODEL.root)


@pytest.mark.parametrize(
    "g", [g for g in MODEL.groups if g.pod_spec_fields], ids=lambda g: g.name
)
def test_docs_group_page_documents_its_podspec_fields(g: Group) -> None:
    page = DOC_PAGES[f"{g.name}.md"]
    section = page.split("\n## PodSpec fields\n", 1)[1].split("\n## ", 1)[0]
    by_name = {f.wire_name: f for f in MODEL.root.fields}
    _check_field_rows(
        section, [by_name[name] for name in g.pod_spec_fields], enums=True
    )
    for name in g.pod_spec_fields:
        assert f'<a id="podspec-{name.lower()}"></a>**`{name}`**' in section
