"""The merge-keys page: a row for every list field of the spec, and for every map or
object field with merge facts, each with the strategy, the merge key and what kubectl
does differently from the published semantics; every row agrees with what the SDK's
`podspec.patch.strategic_merge` (which follows kubectl, checked against it in
tests/test_patch_kubectl.py) does on that field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import GENERATED, model
from podspec.patch import FIELDS, strategic_merge

from podspec_gen.model.types import Field, TypeDef
from podspec_gen.render import docs as render_docs
from podspec_gen.render.docs.merge_keys import (
    KEY_ALONE,
    MERGED,
    PATH,
    REPLACED,
    MergeRow,
    merge_rows,
)
from podspec_gen.render.docs.reference_pages import PAGES

MODEL = model()
LAYOUT = render_docs.layout(MODEL)
TEXT = (GENERATED / "docs" / PATH).read_text(encoding="utf-8")
LISTS, SHAPES = merge_rows(MODEL)
_ROW = re.compile(r"^\| \[(\w+)\]\(([^)]+)\) \| (.+) \|$", re.M)
_SECTION = re.compile(
    r"^## Fields of \[(\w+)\]\([^)]*\)\n(.*?)(?=^## |\Z)", re.M | re.S
)


def _rows() -> list[tuple[str, str, str, list[str]]]:
    """(type, field, href, other cells) of every row, in page order: a section per
    type, its fields' rows in its table."""
    return [
        (owner, wire, href, rest.split(" | "))
        for owner, body in _SECTION.findall(TEXT)
        for wire, href, rest in _ROW.findall(body)
    ]


ROWS = _rows()


def _of(macro: str) -> list[tuple[str, str, str, list[str]]]:
    return [r for r in ROWS if _field(r[0], r[1]).kind.macro in macro.split("|")]


def _field(owner: str, wire: str) -> Field:
    return next(f for f in MODEL.type(owner).fields if f.wire_name == wire)


def test_the_page_is_registered_for_the_navigation_and_the_index() -> None:
    assert (PATH, "Merge keys") in PAGES
    index = (GENERATED / "docs" / "README.md").read_text(encoding="utf-8")
    assert f"]({PATH})" in index


def test_every_list_field_has_its_row() -> None:
    """Each list field of each object type, counted from the model and from the patch
    module's own table, has one row, in spec order, linking its field's block."""
    expected = [
        (t.name, f.wire_name)
        for g in MODEL.groups
        for t in g.types
        if t.is_object
        for f in t.fields
        if f.kind.macro == "list"
    ]
    patch_lists = {
        (owner, wire)
        for owner, fields in FIELDS.items()
        for wire, meta in fields.items()
        if meta.shape == "list"
    }
    rows = _of("list")
    assert [(owner, wire) for owner, wire, _, _ in rows] == expected
    assert set(expected) == patch_lists
    here = render_docs.merge_keys.page(LAYOUT)
    for owner, wire, href, _ in rows:
        assert href == render_docs.pages.field_href(LAYOUT, owner, wire, here)


def test_every_map_or_object_with_merge_facts_has_its_row() -> None:
    expected = []
    for t in (t for g in MODEL.groups for t in g.types if t.is_object):
        for f in t.fields:
            held = MODEL.type(f.kind.ref) if f.kind.macro == "object" else None
            facts = f.semantics.patch_strategy or f.map_type
            if f.kind.macro in ("map", "object") and (
                facts or (held is not None and held.map_type)
            ):
                expected.append((t.name, f.wire_name))
    assert expected
    assert [(o, w) for o, w, _, _ in _of("map|object")] == expected


def test_the_cells_say_the_rows_facts() -> None:
    for row, (_, _, _, cells) in zip(LISTS, _of("list"), strict=True):
        published, kubectl, differs = cells
        sem = row.field.semantics
        keys = ", ".join(f"`{k}`" for k in sem.map_keys)
        kind = f"{sem.list_type} list" if sem.list_type else "list"
        assert published == (f"{kind} by {keys}" if keys else kind)
        if row.merge_key:
            assert kubectl.startswith(f"merge by `{sem.patch_merge_key}`")
        else:
            assert kubectl in ("merge", "replace")
        assert kubectl.endswith(", retainKeys") == ("retainKeys" in row.strategy)
        assert differs == (row.differs or "—")
    for row, (_, _, _, cells) in zip(SHAPES, _of("map|object"), strict=True):
        shape = row.field.kind.macro
        published = f"{row.published} {shape}" if row.published else shape
        assert cells == [published, row.strategy, row.differs or "—"]


def test_the_departures_are_the_known_ones() -> None:
    """What the SDK's patch module lists as kubectl's departures, found from the facts."""
    by = {(r.owner, r.field.wire_name): r for r in (*LISTS, *SHAPES)}
    assert by["Container", "ports"].departure == KEY_ALONE
    assert by["Container", "ports"].differs == "by `containerPort` alone"
    assert by["PodSpec", "topologySpreadConstraints"].departure == KEY_ALONE
    assert by["ResourceRequirements", "claims"].departure == REPLACED
    assert by["PodSpec", "nodeSelector"].departure == MERGED
    assert by["PodSpec", "containers"].departure is None
    assert by["PodSpec", "tolerations"].departure is None  # atomic, and replaced
    assert by["DeploymentSpec", "strategy"].strategy == "merge, retainKeys"


# --- each row against what podspec.patch does ----------------------------------------


_SCALARS = ("string", "integer", "number", "boolean", "enum")


def _value(f: Field, tag: str) -> Any:
    """A value of a field's shape: `tag` for one value, else an empty object or list
    (a strategic merge reads the shape, not the content)."""
    if f.kind.macro in _SCALARS:
        return tag
    return [] if f.kind.macro == "list" else {}


def _two(type_name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two values of an object type that set different fields, the plain ones first;
    for a type of one field, that field and nothing."""
    fields = sorted(
        MODEL.type(type_name).fields, key=lambda f: f.kind.macro not in _SCALARS
    )
    if len(fields) == 1:
        return {fields[0].wire_name: _value(fields[0], "1")}, {}
    first, second = fields[:2]
    return {first.wire_name: _value(first, "1")}, {
        second.wire_name: _value(second, "2")
    }


def _item(row: MergeRow, tag: str, key_tag: str | None = None) -> Any:
    """A list item: a string, or an object holding its merge key (or its first
    published key) set to `key_tag` and its other published keys set to `tag`; an
    object without keys sets a field of its own per tag."""
    item_kind = row.field.kind.item  # type: ignore[attr-defined]
    if item_kind.macro != "object":
        return tag
    key = row.merge_key or (row.keys[0] if row.keys else None)
    if key is None:
        first, second = _two(item_kind.ref)
        return first if tag == "a" else second
    item = {key: key_tag or tag}
    item.update({k: tag for k in row.keys if k != key})
    return item


def _merged(row: MergeRow, original: Any, patch: Any) -> Any:
    wire = row.field.wire_name
    result = strategic_merge({wire: original}, {wire: patch}, type_name=row.owner)
    return result[wire]


@pytest.mark.parametrize("row", LISTS, ids=lambda r: f"{r.owner}.{r.field.wire_name}")
def test_a_list_merges_as_its_row_says(row: MergeRow) -> None:
    """The strategy is what the module does, and the departure is where what it does
    differs from what the published list type says."""
    meta = FIELDS[row.owner][row.field.wire_name]
    assert ("retainKeys" in row.strategy) == meta.retain_keys
    apart = _merged(row, [_item(row, "a")], [_item(row, "b")])
    replaced = apart == [_item(row, "b")]
    assert replaced == row.strategy.startswith("replace")
    if not replaced:
        assert len(apart) == 2  # distinct keys (or strings): both kept
    if row.published in ("map", "set"):  # the API merges these
        assert (row.departure == REPLACED) == replaced
    if row.published == "atomic":  # the API replaces these
        assert (row.departure == MERGED) == (not replaced)
    if not replaced and row.merge_key is not None:
        # The same merge key, the other published keys different: the API keeps two
        # items; one means the merge key alone decides.
        same = _merged(row, [_item(row, "a", "k")], [_item(row, "b", "k")])
        assert len(same) == 1 or len(row.keys) > 1
        by_key_alone = same == [_item(row, "b", "k")] and len(row.keys) > 1
        assert (row.departure == KEY_ALONE) == by_key_alone


@pytest.mark.parametrize("row", SHAPES, ids=lambda r: f"{r.owner}.{r.field.wire_name}")
def test_a_map_or_object_merges_as_its_row_says(row: MergeRow) -> None:
    if row.field.kind.macro == "map":
        first, second = {"a": "1"}, {"b": "2"}
    else:
        first, second = _two(row.field.kind.ref or "")
    merged = _merged(row, first, second)
    if row.strategy.startswith("merge"):
        # Key by key, even if published atomic (which would give `second`).
        assert merged == {**first, **second} != second
    else:
        assert merged == second
    if row.departure == MERGED:
        assert row.published == "atomic"


def _owner(row: MergeRow) -> TypeDef:
    return MODEL.type(row.owner)


def test_retain_keys_drops_what_the_patch_does_not_list() -> None:
    """The one object with retainKeys: a strategy's fields outside `$retainKeys` go."""
    row = next(r for r in SHAPES if "retainKeys" in r.strategy)
    assert _owner(row).name == "DeploymentSpec"
    original = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}
    patch = {"$retainKeys": ["type"], "type": "Recreate"}
    assert _merged(row, original, patch) == {"type": "Recreate"}
