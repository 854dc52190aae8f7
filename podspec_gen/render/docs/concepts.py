"""The concept pages: one page per concept of the spec's concepts file, in reading
order, placed before the field groups in the navigation and on the index; and the way
back, the Concepts lines of the fields, types and groups those pages link.

A concept's body links by meaning (`field:Container.restartPolicy`, `type:Probe`,
`concept:init-containers`, `page:merge-keys.md`); here each becomes the page and
anchor the layout gives it, so a split group moves the links with it. A `page:` link
to a reference page that is not registered (reference_pages.PAGES) keeps its text and
loses its link, so no build ever sees a dead link. Plain paragraphs and list items
are rewrapped after the links are resolved, so lines stay within markdownlint's limit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from podspec_gen.model.types import Concept, Group, Spec
from podspec_gen.render.docs.backlinks import LINK, concepts_of, group_targets
from podspec_gen.render.docs.pages import Layout, doc_link, spec_edit_url
from podspec_gen.render.docs.reference_pages import PAGES
from podspec_gen.render.docs.text import tidy, wrap

if TYPE_CHECKING:
    from podspec_gen.render.job import Job

_ITEM = re.compile(r"(?:[-*]|\d+\.) ")
_KEEP = re.compile(r"^(?:#|\||```|~~~|<)")


def concept_path(concept: Concept) -> str:
    return f"concept-{concept.id}.md"


def reference_pages() -> tuple[tuple[str, str], ...]:
    """The registered reference pages, (path, title), in their order."""
    return PAGES


def neighbours(spec: Spec, concept: Concept) -> tuple[Concept | None, Concept | None]:
    """The concepts before and after this one in reading order."""
    ids = [c.id for c in spec.concepts]
    i = ids.index(concept.id)
    before = spec.concepts[i - 1] if i > 0 else None
    after = spec.concepts[i + 1] if i + 1 < len(ids) else None
    return before, after


def concept_edit_url(spec: Spec) -> str | None:
    return spec_edit_url(spec, spec.concepts_file) if spec.concepts_file else None


def resolve_link(lay: Layout, scheme: str, target: str) -> str | None:
    """Where a body's link goes, relative to the docs folder; None for a reference
    page that is not registered."""
    if scheme == "field":
        owner, _, wire = target.partition(".")
        return doc_link(lay, owner, wire)
    if scheme == "type":
        return doc_link(lay, target)
    if scheme == "concept":
        found = [c for c in lay.spec.concepts if c.id == target]
        return concept_path(found[0]) if found else None
    page = target.partition("#")[0]
    return target if page in dict(PAGES) else None


def concept_body(lay: Layout, body: str) -> str:
    """A concept's markdown with its links resolved and its prose rewrapped."""

    def link(match: re.Match[str]) -> str:
        href = resolve_link(lay, match.group(2), match.group(3))
        return match.group(1) if href is None else f"[{match.group(1)}]({href})"

    resolved = LINK.sub(link, body)
    blocks = re.split(r"\n\s*\n", resolved.strip())
    return "\n\n".join(_reflow(block) for block in blocks)


def _reflow(block: str) -> str:
    """A paragraph wrapped; a list with each item wrapped under its marker; headings,
    tables, fences and HTML as written."""
    lines = block.splitlines()
    if _KEEP.match(lines[0]):
        return block
    if not _ITEM.match(lines[0]):
        return wrap(" ".join(block.split()))
    items: list[list[str]] = []
    for line in lines:
        if _ITEM.match(line) or not items:
            items.append([line])
        else:
            items[-1].append(line.strip())
    out = []
    for item in items:
        marker = _ITEM.match(item[0])
        assert marker is not None
        lead = marker.group(0)
        text = " ".join(" ".join(item)[len(lead) :].split())
        out.append(lead + wrap(text).replace("\n", "\n" + " " * len(lead)))
    return "\n".join(out)


def concept_links(lay: Layout, owner: str, wire: str | None = None) -> str:
    """The concept pages that link a field (or, without `wire`, a type), each by its
    title, for its Concepts line; empty when none does."""
    return _links(lay.explains.get((owner, wire), ()))


def group_concept_links(lay: Layout, group: Group) -> str:
    """The concept pages that link any field or type of a group, for its overview."""
    return _links(concepts_of(lay.spec, lay.explains, group_targets(lay.spec, group)))


def _links(concepts: tuple[Concept, ...]) -> str:
    # A title may hold commas ("PodPreset, and what replaced it"): the links are
    # set apart as the facts of a title line are.
    return " · ".join(f"[{_text(c.title)}]({concept_path(c)})" for c in concepts)


def _text(title: str) -> str:
    return title.replace("[", "\\[").replace("]", "\\]")


def concept_jobs(spec: Spec, lay: Layout) -> list[Job]:
    """One page per concept, rendered by templates/markdown/concept.md.j2."""
    from podspec_gen.render.job import Job

    return [
        Job(
            f"docs/{concept_path(c)}",
            "markdown/concept.md.j2",
            {"layout": lay, "concept": c},
            post=tidy,
        )
        for c in spec.concepts
    ]
