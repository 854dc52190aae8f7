"""The merge-keys page: how a strategic merge (`kubectl patch --type strategic`, and the
SDK's `podspec.patch`) treats every list field, and every map or object field the spec
gives merge facts, and where that departs from the list and map semantics the API
publishes (which server-side apply follows).

Everything comes from the facts the SDK's patch module is generated from: a field's
`patchStrategy` and `patchMergeKey` (how kubectl merges), its `listType`,
`listMapKeys` and `mapType` (what the API publishes). kubectl's strategicpatch reads
only the first two, so each departure follows from the facts: a list merges by its
merge key alone, a list without the merge strategy is replaced whole, and maps and
objects are always merged key by key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from podspec_gen.model.types import Field, Spec, TypeDef
from podspec_gen.render.docs.pages import Layout, Page, field_href
from podspec_gen.render.docs.reference_pages import MERGE_KEYS
from podspec_gen.render.docs.text import tidy

if TYPE_CHECKING:
    from podspec_gen.render.job import Job

PATH, TITLE = MERGE_KEYS

# What kubectl does differently from the published semantics, by the kind of departure.
KEY_ALONE = "key-alone"  # a keyed list merged by its patchMergeKey, not by all its keys
REPLACED = "replaced"  # a list published as a map or set, replaced whole
MERGED = "merged"  # a list, map or object published atomic, merged


@dataclass(frozen=True)
class MergeRow:
    """One field's line on the page."""

    owner: str
    field: Field
    published: str  # listType or mapType as the API publishes it, or ""
    keys: tuple[str, ...]  # the published listMapKeys
    strategy: str  # what kubectl does: "merge", "replace", "merge, retainKeys"
    merge_key: str | None
    departure: str | None  # KEY_ALONE, REPLACED, MERGED or None

    @property
    def is_list(self) -> bool:
        return self.field.kind.macro == "list"

    @property
    def published_cell(self) -> str:
        """What the API publishes: `map list by `a`, `b``, `atomic map`, `object`."""
        shape = self.field.kind.macro
        text = f"{self.published} {shape}" if self.published else shape
        return f"{text} by {code_list(self.keys)}" if self.keys else text

    @property
    def kubectl_cell(self) -> str:
        """`merge by `name``, `replace`, `merge, retainKeys`..."""
        if self.merge_key is None:
            return self.strategy
        by = f"merge by `{self.merge_key}`"
        return by + self.strategy.removeprefix("merge")

    @property
    def differs(self) -> str:
        """The departure in a few words, for the page's last column."""
        if self.departure == KEY_ALONE:
            return f"by `{self.merge_key}` alone"
        if self.departure == REPLACED:
            return "replaced whole"
        if self.departure == MERGED:
            return "merged, not atomic"
        return ""


def _strategies(field: Field) -> list[str]:
    return (field.semantics.patch_strategy or "").split(",")


def list_row(owner: TypeDef, field: Field) -> MergeRow:
    """A list field: kubectl merges it by its merge key only when its strategy says
    merge, and replaces it otherwise, whatever its published list type."""
    sem = field.semantics
    merges = "merge" in _strategies(field)
    published = sem.list_type or ""
    departure = None
    if merges and published == "map" and sem.map_keys != (sem.patch_merge_key,):
        departure = KEY_ALONE
    elif merges and published == "atomic":
        departure = MERGED
    elif not merges and published in ("map", "set"):
        departure = REPLACED
    strategy = "merge" if merges else "replace"
    if "retainKeys" in _strategies(field):
        strategy += ", retainKeys"
    merge_key = sem.patch_merge_key if merges else None
    return MergeRow(
        owner.name, field, published, sem.map_keys, strategy, merge_key, departure
    )


def shape_row(spec: Spec, owner: TypeDef, field: Field) -> MergeRow | None:
    """A map or object field with merge facts (a patch strategy, a published map
    type of its own or of the type it holds); None for one without."""
    published = field.map_type or ""
    if field.kind.macro == "object" and field.kind.ref is not None:
        published = published or (spec.type(field.kind.ref).map_type or "")
    strategies = _strategies(field)
    if not published and not field.semantics.patch_strategy:
        return None
    strategy = "replace" if "replace" in strategies else "merge"
    if "retainKeys" in strategies:
        strategy += ", retainKeys"
    departure = MERGED if published == "atomic" and strategy != "replace" else None
    return MergeRow(owner.name, field, published, (), strategy, None, departure)


def merge_rows(spec: Spec) -> tuple[tuple[MergeRow, ...], tuple[MergeRow, ...]]:
    """Every list field's row, and every map or object field's with merge facts, in
    the order of the groups and their types."""
    lists: list[MergeRow] = []
    shapes: list[MergeRow] = []
    for group in spec.groups:
        for t in group.types:
            if not t.is_object:
                continue
            for f in t.fields:
                if f.kind.macro == "list":
                    lists.append(list_row(t, f))
                elif f.kind.macro in ("map", "object"):
                    row = shape_row(spec, t, f)
                    if row is not None:
                        shapes.append(row)
    return tuple(lists), tuple(shapes)


def merge_sections(spec: Spec) -> tuple[tuple[str, tuple[MergeRow, ...]], ...]:
    """The rows by the type that holds them, each type's in its field order."""
    lists, shapes = merge_rows(spec)
    rows = {(r.owner, r.field.wire_name): r for r in (*lists, *shapes)}
    sections = []
    for group in spec.groups:
        for t in group.types:
            own = tuple(
                rows[t.name, f.wire_name]
                for f in t.fields
                if (t.name, f.wire_name) in rows
            )
            if own:
                sections.append((t.name, own))
    return tuple(sections)


def page(lay: Layout) -> Page:
    """The page itself, so that its links to the fields name their pages."""
    return Page(PATH, lay.spec.groups[0], 1, 1, ())


def field_link(lay: Layout, row: MergeRow) -> str:
    """The field's wire name, linked to its block (its type is the section's)."""
    href = field_href(lay, row.owner, row.field.wire_name, page(lay))
    return f"[{row.field.wire_name}]({href})"


def code_list(names: tuple[str, ...] | list[str]) -> str:
    """`a`, `b`; an em dash for none."""
    return ", ".join(f"`{n}`" for n in names) or "—"


def merge_keys_job(lay: Layout) -> Job:
    """The page, rendered by templates/markdown/merge_keys.md.j2."""
    from podspec_gen.render.job import Job

    return Job(
        f"docs/{PATH}",
        "markdown/merge_keys.md.j2",
        {"layout": lay, "title": TITLE},
        post=tidy,
    )
