"""What the markdown templates need: the page layout, links and anchors, safe prose.

The docs are one page per group (the root's page is the index, README.md). A group page
that would grow past PAGE_BUDGET bytes is split into parts by type: `storage.md` keeps the
overview, the example, the group's PodSpec fields and the first types; `storage-2.md`,
... hold the rest. Where every type is documented is computed once, in `layout`, and
every link is made from it, so links always point at the right part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.model.kinds import ObjectRef
from generator.model.types import Field, FieldType, Group, Spec, TypeDef

if TYPE_CHECKING:
    from generator.render.job import Job

# GitHub stops rendering large markdown files; pages are kept well below PAGE_LIMIT.
# PAGE_BUDGET is in estimated bytes: the estimate runs about 30% over the rendered size
# (and never under it), so a page renders to about 100 KB at most.
PAGE_BUDGET = 130_000
PAGE_LIMIT = 150_000  # what the tests hold every rendered page to


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
    """Every page, and the page that documents each type."""

    spec: Spec
    pages: tuple[Page, ...]
    homes: Mapping[str, str]  # type name -> page path

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


def section_estimate(t: TypeDef) -> int:
    """A generous estimate of a type section's size in bytes, used to split pages.

    It counts the prose the section prints and a fixed cost for the markup around each
    field, link and enum value; tests check every rendered page against PAGE_LIMIT.
    """
    size = 200 + len(t.description) + 90 * len(t.used_by)
    for f in t.fields:
        size += 160 + 3 * len(f.wire_name) + len(f.python_name) + len(f.description)
        size += 90 * _links_in(f.type) + len(f.deprecation or "") + len(str(f.default))
        size += len(f.pattern or "")
        if f.enum:
            size += 80 + sum(30 + len(str(v.value)) + len(v.meaning) for v in f.enum)
    return size


def _links_in(t: FieldType) -> int:
    return 1 if t.element.kind == "ref" else 0


def opening_estimate(spec: Spec, group: Group) -> int:
    """Size of what the first page prints before the type sections."""
    size = 1_000 + len(group.description) + len(group.example)
    size += 150 * len(group.types)  # the table of the group's types
    root_fields = {f.wire_name: f for f in spec.root.fields}
    for name in group.pod_spec_fields:
        size += section_estimate(_only(root_fields[name]))
    return size


def _only(field: Field) -> TypeDef:
    return TypeDef(
        "", None, "", "", "", (field,), None, None, None, (), (), ObjectRef("", "")
    )


def layout(spec: Spec, budget: int = PAGE_BUDGET) -> Layout:
    """Place every type on a page, splitting a group's page by type when over budget.

    A group over budget gets as few parts as fit it, of about equal size: each type goes
    to the part in which the middle of its section falls. Every output that links into
    the docs computes it once per render and passes it along.
    """
    return _layout(spec, budget)


def _layout(spec: Spec, budget: int) -> Layout:
    pages: list[Page] = []
    homes: dict[str, str] = {}
    for group in spec.groups:
        opening = opening_estimate(spec, group)
        sizes = [section_estimate(t) for t in group.types]
        count = max(1, -(-(opening + sum(sizes)) // budget))
        share = (opening + sum(sizes)) / count
        chunks: list[list[TypeDef]] = [[] for _ in range(count)]
        used = opening
        for t, size in zip(group.types, sizes, strict=True):
            part = min(count - 1, int((used + size / 2) // share))
            chunks[part].append(t)
            used += size
        chunks = [c for c in chunks if c] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            path = part_path(group, number)
            pages.append(Page(path, group, number, len(chunks), tuple(chunk)))
            homes.update((t.name, path) for t in chunk)
    return Layout(spec, tuple(pages), homes)


def doc_link(lay: Layout, type_name: str, field: str | None = None) -> str:
    """Where a type (or one of its fields) is documented, relative to docs/.

    For other outputs that link into the docs, e.g. `storage-2.md#nfsvolumesource` or
    `container.md#podspec-containers`.
    """
    here = Page("", lay.spec.groups[0], 1, 1, ())  # a page no link points at
    if field is None:
        return type_href(lay, type_name, here)
    return field_href(lay, type_name, field, here)


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


def type_text(lay: Layout, t: FieldType, here: Page) -> str:
    if t.kind == "list":
        assert t.item is not None
        return f"list of {type_text(lay, t.item, here)}"
    if t.kind == "map":
        assert t.item is not None
        return f"map of string to {type_text(lay, t.item, here)}"
    if t.kind == "ref":
        return type_link(lay, t.name, here)
    return t.name


_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_URL = re.compile(r"https?://[^\s<>`]+")


def _escape_prose(text: str) -> str:
    """Outside code spans: `<` is not HTML, bare URLs become autolinks."""

    def plain(part: str) -> str:
        part = part.replace("<", "&lt;")
        return _URL.sub(_autolink, part)

    out: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(plain(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(plain(text[pos:]))
    return "".join(out)


def _autolink(match: re.Match[str]) -> str:
    url = match.group(0)
    trail = ""
    while url and url[-1] in ".,;:)'\"":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        trail = url[-1] + trail
        url = url[:-1]
    return f"<{url}>{trail}"


def cell(text: str) -> str:
    """Make prose safe inside a markdown table cell."""
    flat = " ".join(text.split())
    return _escape_prose(flat).replace("|", "\\|")


_BLOCK_START = re.compile(r"^(?:[-*+>#=|]|\d+[.)]|```|~~~)")
WRAP = 88


def prose(text: str) -> str:
    """A description as markdown paragraphs: plain paragraphs are escaped and wrapped.

    A paragraph that holds lists, code or tables is left exactly as written.
    """
    blocks = re.split(r"\n\s*\n", text.strip())
    if "```" in text or "~~~" in text:
        return text.strip()
    out = []
    for block in blocks:
        lines = block.splitlines()
        if any(
            _BLOCK_START.match(line.strip()) or line.startswith("    ")
            for line in lines[1:]
        ) or _BLOCK_START.match(lines[0]):
            out.append(block)
        else:
            out.append(_wrap(_escape_prose(" ".join(block.split()))))
    return "\n\n".join(out)


def _wrap(text: str) -> str:
    """Greedy wrap that never starts a line with something markdown reads as a block."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= WRAP or _BLOCK_START.match(word):
            current += " " + word
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return "\n".join(lines)


def row(*cells: object) -> str:
    """A table row with one space around each cell (an empty cell is `| |`)."""
    return "|" + "|".join(f" {c} " if str(c) else " " for c in cells) + "|"


def first_paragraph(text: str) -> str:
    return re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0]


def value(v: object) -> str:
    if isinstance(v, str):
        return f"`{v}`" if v else '`""`'
    return f"`{json.dumps(v, ensure_ascii=False)}`"


def constraints(field: Field) -> str:
    parts = []
    if field.minimum is not None:
        parts.append(f"minimum {field.minimum}")
    if field.maximum is not None:
        parts.append(f"maximum {field.maximum}")
    if field.pattern:
        parts.append(f"matches `{field.pattern}`")
    if field.min_items:
        parts.append(f"at least {field.min_items} item(s)")
    semantics = field.semantics
    if semantics.list_type == "map" and semantics.map_keys:
        keys = ", ".join(f"`{k}`" for k in semantics.map_keys)
        parts.append(f"items are unique by {keys}")
    elif semantics.list_type == "set":
        parts.append("items are unique")
    return ", ".join(parts)


def required(field: Field) -> str:
    if field.required:
        return "yes"
    return "yes (API server)" if field.server_required else "no"


def pod_fields(spec: Spec, group: Group) -> list[Field]:
    """The PodSpec fields a group owns, in the group's declared order."""
    by_name = {f.wire_name: f for f in spec.root.fields}
    return [by_name[name] for name in group.pod_spec_fields]


def types_index(spec: Spec) -> list[TypeDef]:
    return sorted(spec.types, key=lambda t: (t.name.lower(), t.name))


def tidy(text: str) -> str:
    """One blank line between blocks (templates leave runs of them), none at the end."""
    out: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line if fenced else line.rstrip())
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"


def jobs(spec: Spec) -> list[Job]:
    from generator.render.job import Job

    lay = layout(spec, PAGE_BUDGET)
    out = []
    for page in lay.pages:
        template = "index" if page.group.kind == "root" and page.part == 1 else "group"
        out.append(
            Job(
                f"docs/{page.path}",
                f"markdown/{template}.md.j2",
                {"layout": lay, "page": page, "group": page.group},
                post=tidy,
            )
        )
    return out


FILTERS: dict[str, Any] = {
    "md_cell": cell,
    "md_value": value,
    "md_anchor": anchor,
    "md_prose": prose,
    "md_first_paragraph": first_paragraph,
    "md_wrap": lambda text: _wrap(" ".join(str(text).split())),
}
GLOBALS: dict[str, Any] = {
    "md_type_text": type_text,
    "md_type_link": type_link,
    "md_type_href": type_href,
    "md_field_href": field_href,
    "md_field_anchor": field_anchor,
    "md_constraints": constraints,
    "md_required": required,
    "md_row": row,
    "md_pod_fields": pod_fields,
    "md_types_index": types_index,
}
