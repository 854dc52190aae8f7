"""Where everything in the docs lives: pages, the page of each type, anchors and links.

The docs are one page per group (the root's page is the index, README.md). A group page
that would grow past PAGE_BUDGET bytes is split into parts by type: `storage.md` keeps the
overview, the example, the group's PodSpec fields and the first types; `storage-2.md`,
... hold the rest. Where every type is documented is computed once, in `layout`, and
every link is made from it, so links always point at the right part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from podspec_gen.model.kinds import Enum
from podspec_gen.model.rules.vocab import Join, Matches, Predicate
from podspec_gen.model.types import Field, Group, Spec, TypeDef
from podspec_gen.render.docs import backlinks
from podspec_gen.render.docs.backlinks import Explained, group_targets
from podspec_gen.render.docs.rules import FieldKey, mentions, rules_estimate
from podspec_gen.render.docs.workloads import tie_rules

# GitHub stops rendering large markdown files; pages are kept well below PAGE_LIMIT.
# PAGE_BUDGET is in estimated bytes: the estimate runs about 30% over the rendered size
# (and never under it), so a page renders to about 100 KB at most.
PAGE_BUDGET = 130_000
PAGE_LIMIT = 150_000  # what the tests hold every rendered page to
# A field's entry names this many of the rules that mention it and counts the rest.
SHOWN_RULES = 3


@dataclass(frozen=True)
class Page:
    """One markdown file: a group's page, or one part of it."""

    path: str  # relative to docs/: "README.md", "container.md", "storage-2.md"
    group: Group
    part: int  # 1-based
    parts: int
    types: tuple[TypeDef, ...]


@dataclass(frozen=True)
class Layout:
    """Every page, and the page that documents each type and named enum."""

    spec: Spec
    pages: tuple[Page, ...]
    homes: Mapping[str, str]  # type or enum name -> page path
    # (type, wire) -> ids of the rules that mention the field; rule id -> its host
    mentions: Mapping[FieldKey, tuple[str, ...]] = field(default_factory=dict)
    hosts: Mapping[str, str] = field(default_factory=dict)
    # (type, wire) or (type, None) -> the concepts whose bodies link that field or type
    explains: Explained = field(default_factory=dict)

    def first_page(self, group: Group) -> Page:
        return next(p for p in self.pages if p.group.name == group.name)

    def parts(self, group: Group) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.group.name == group.name)

    def home(self, type_name: str) -> str:
        return self.homes[type_name]


def part_path(group: Group, part: int) -> str:
    if part == 1:
        return "README.md" if group.kind == "root" else f"{group.name}.md"
    return f"{group.name}-{part}.md"


def section_estimate(
    spec: Spec,
    t: TypeDef,
    found: Mapping[FieldKey, tuple[str, ...]],
    explains: Explained,
) -> int:
    """A generous estimate of a type section's size in bytes, used to split pages.

    It counts the prose the section prints and a fixed cost for the markup around each
    field, link, enum value and rule; tests check every rendered page against
    PAGE_LIMIT.
    """
    size = 200 + len(t.description) + 90 * len(t.used_by) + rows_estimate(t.fields)
    size += notes_estimate(t.name, t.fields, found)
    targets = [(t.name, None), *((t.name, f.wire_name) for f in t.fields)]
    size += backlinks.estimate(explains, targets)
    return size + rules_estimate(spec.rules_of(t.name))


def notes_estimate(
    owner: str, fields: Iterable[Field], found: Mapping[FieldKey, tuple[str, ...]]
) -> int:
    """The notes in field entries that link the rules mentioning each field."""
    counts = (len(found.get((owner, f.wire_name), ())) for f in fields)
    return sum(100 + 100 * min(n, SHOWN_RULES + 1) for n in counts if n)


def rows_estimate(fields: Iterable[Field]) -> int:
    """The same estimate for the rows of a field table and their values tables."""
    size = 0
    for f in fields:
        size += 160 + 3 * len(f.wire_name) + len(f.python_name) + len(f.description)
        size += 90 * _links_in(f) + len(f.deprecation or "") + len(str(f.default))
        size += len(f.pattern or "")
        if f.enum:
            size += 80 + sum(30 + len(str(v.value)) + len(v.meaning) for v in f.enum)
    return size


def _links_in(field: Field) -> int:
    return 0 if field.kind.element.ref is None else 1


def enum_estimate(spec: Spec, enum: Enum) -> int:
    """A generous estimate of a named enum's section, as section_estimate's."""
    size = 200 + len(enum.description) + 90 * len(spec.users(enum.name))
    return size + sum(30 + len(str(v.value)) + len(v.meaning) for v in enum.values)


def opening_estimate(
    spec: Spec,
    group: Group,
    found: Mapping[FieldKey, tuple[str, ...]],
    explains: Explained,
) -> int:
    """Size of what the first page prints besides the type sections: the overview
    (with the concepts that explain the group), the group's PodSpec fields and its
    named enums (the Workloads page's opening)."""
    size = 1_000 + len(group.description) + len(group.example)
    size += 120 * len(backlinks.concepts_of(spec, explains, group_targets(spec, group)))
    pod_targets = [(spec.root.name, wire) for wire in group.pod_spec_fields]
    size += backlinks.estimate(explains, pod_targets)
    size += 150 * len(group.types)  # the table of the group's types
    root_fields = {f.wire_name: f for f in spec.root.fields}
    # Each PodSpec field as if it were a section of its own, as it once was.
    size += 200 * len(group.pod_spec_fields)
    fields = [root_fields[name] for name in group.pod_spec_fields]
    size += rows_estimate(fields) + notes_estimate(spec.root.name, fields, found)
    if group.kind == "workloads":
        # The table of the kinds, and the rules that tie envelopes to pod specs.
        size += 400 * len(spec.kinds)
        size += rules_estimate(t.rule for t in tie_rules(spec))
    if group.kind == "shared":
        size += sum(
            600 + len(f.description) + len(f.pattern) + len(f.message)
            for f in spec.formats
        )
        size += 90 * sum(len(format_users(spec, f.name)) for f in spec.formats)
    return size + sum(enum_estimate(spec, e) for e in group.enums)


def layout(spec: Spec, budget: int = PAGE_BUDGET) -> Layout:
    """Place every type on a page, splitting a group's page by type when over budget.

    A group over budget gets as few parts as fit it, of about equal size: each type goes
    to the part in which the middle of its section falls. A group's named enums are on
    its first page. Every output that links into the docs computes it once per render
    and passes it along.
    """
    pages: list[Page] = []
    homes: dict[str, str] = {}
    found = mentions(spec)
    explains = backlinks.explained(spec)
    for group in spec.groups:
        opening = opening_estimate(spec, group, found, explains)
        sizes = [section_estimate(spec, t, found, explains) for t in group.types]
        count = max(1, -(-(opening + sum(sizes)) // budget))
        share = (opening + sum(sizes)) / count
        chunks: list[list[TypeDef]] = [[] for _ in range(count)]
        # An opening longer than a part would put the first types' middles past part 1;
        # the empty parts before them are dropped, so part 1 would hold the opening and
        # all those types. It counts only so far that the first type still goes there.
        used = min(opening, share - sizes[0] / 2 - 1) if sizes else opening
        for t, size in zip(group.types, sizes, strict=True):
            part = min(count - 1, int((used + size / 2) // share))
            chunks[part].append(t)
            used += size
        chunks = [c for c in chunks if c] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            path = part_path(group, number)
            pages.append(Page(path, group, number, len(chunks), tuple(chunk)))
            homes.update((t.name, path) for t in chunk)
        homes.update((e.name, part_path(group, 1)) for e in group.enums)
    hosts = {r.id: r.host for r in spec.rules}
    return Layout(spec, tuple(pages), homes, found, hosts, explains)


def doc_link(lay: Layout, type_name: str, field: str | None = None) -> str:
    """Where a type (or one of its fields) is documented, relative to docs/.

    For other outputs that link into the docs, e.g. `storage-2.md#nfsvolumesource` or
    `container.md#podspec-containers`.
    """
    here = Page("", lay.spec.groups[0], 1, 1, ())  # a page no link points at
    if field is None:
        return type_href(lay, type_name, here)
    return field_href(lay, type_name, field, here)


def spec_file(group: Group) -> str:
    """The spec file a group is written in: `spec/<group>.yaml`, the root's
    `spec/podspec.yaml`."""
    return "podspec.yaml" if group.kind == "root" else f"{group.name}.yaml"


def edit_url(spec: Spec, group: Group) -> str | None:
    """Where a reader edits what a group's page says: its spec file, beside the docs."""
    return spec_edit_url(spec, spec_file(group))


def spec_edit_url(spec: Spec, file: str) -> str | None:
    """Where a reader edits spec file `file` (`concepts.yaml`...).

    Derived from the `publish.docs` base, which names `generated/docs` in the
    repository; the spec files are in `spec/` there. A base that does not end so (the
    docs published elsewhere) gives no edit link.
    """
    if spec.publish is None:
        return None
    base = spec.publish.docs.format(version=spec.kubernetes).rstrip("/")
    if not base.endswith("/generated/docs"):
        return None
    return base.removesuffix("generated/docs") + "spec/" + file


def anchor(heading: str) -> str:
    """GitHub's heading anchor: lower-case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def field_anchor(owner: str, wire: str) -> str:
    """The explicit anchor of a field's table row, e.g. `container-imagepullpolicy`.

    Only characters a heading anchor may hold, so that every tool reads it unchanged;
    the docs tests check that no two anchors on a page collide.
    """
    return f"{owner.lower()}-{wire.lower()}"


def _href(page: str, here: Page, fragment: str) -> str:
    return f"#{fragment}" if page == here.path else f"{page}#{fragment}"


def type_href(lay: Layout, name: str, here: Page) -> str:
    return _href(lay.home(name), here, anchor(name))


def field_href(lay: Layout, owner: str, wire: str, here: Page) -> str:
    """PodSpec fields are documented on their group's first page, others with their type."""
    spec = lay.spec
    if owner == spec.root.name:
        page = lay.first_page(spec.group_of_pod_field(wire)).path
    else:
        page = lay.home(owner)
    return _href(page, here, field_anchor(owner, wire))


def type_link(lay: Layout, name: str, here: Page) -> str:
    return f"[{name}]({type_href(lay, name, here)})"


def rule_href(lay: Layout, rule_id: str, here: Page) -> str:
    """Where a rule is documented: its row in its host's Rules block."""
    return _href(lay.home(lay.hosts[rule_id]), here, rule_id)


def format_home(lay: Layout) -> Page:
    """The page that explains the named formats: the shared types' first page."""
    shared = [g for g in lay.spec.groups if g.kind == "shared"]
    return lay.first_page(shared[0] if shared else lay.spec.groups[0])


def format_href(lay: Layout, name: str, here: Page) -> str:
    return _href(format_home(lay).path, here, anchor(f"Format {name}"))


def format_users(spec: Spec, name: str) -> list[tuple[str, str]]:
    """(type, wire) of every field whose pattern is the named format."""
    return [
        (t.name, f.wire_name)
        for t in spec.types
        for f in t.fields
        if f.format is not None and f.format.name == name
    ]


def format_rules(spec: Spec, name: str) -> list[str]:
    """The ids of the rules that state the named format (`{field: f, format: name}`):
    what holds map keys and list items of it, which no field can."""
    return [
        r.id
        for r in spec.rules
        if any(_states(p, name) for p in (r.check, r.when) if p is not None)
    ]


def _states(pred: Predicate, name: str) -> bool:
    if isinstance(pred, Join):
        return any(_states(p, name) for p in pred.parts)
    return (
        isinstance(pred, Matches)
        and pred.format is not None
        and pred.format.name == name
    )


def rules_anchor(type_name: str) -> str:
    """The anchor of a type's Rules block, e.g. `rules-of-probe` (no field anchor
    starts with `rules-of-`, and no heading reads so)."""
    return f"rules-of-{type_name.lower()}"


def field_rules(lay: Layout, owner: str, wire: str, here: Page) -> str:
    """The rules that mention a field, for its entry: `[`id`](href)`, ..., and how
    many more there are in which types' Rules blocks."""
    ids = lay.mentions.get((owner, wire), ())
    links = [f"[`{i}`]({rule_href(lay, i, here)})" for i in ids[:SHOWN_RULES]]
    rest = ids[SHOWN_RULES:]
    if rest:
        blocks = ", ".join(
            f"[{host}]({_href(lay.home(host), here, rules_anchor(host))})"
            for host in dict.fromkeys(lay.hosts[i] for i in rest)
        )
        links.append(f"{len(rest)} more (rules of {blocks})")
    if not links:
        return ""
    return ", ".join(links[:-1]) + (" and " if len(links) > 1 else "") + links[-1]
