"""Concept pages next to the fields they explain (#17): each field, type and group a
concept page links gets a Concepts line linking back to that page, derived from the
same links, so editing a link in concepts.yaml moves the way back with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import TEMPLATES, model
from test_concepts import _with_concepts
from test_docs import field_block

from podspec_gen.model.build import read_spec
from podspec_gen.model.types import Concept, Group, Spec
from podspec_gen.render import docs as render_docs
from podspec_gen.render.docs import Layout
from podspec_gen.render.run import render

MODEL = model()
LAYOUT = render_docs.layout(MODEL)
# A concept body's links to what the reference documents, read here on their own
# (not with the renderer's code): [text](field:Type.wire) and [text](type:Name).
_TARGET = re.compile(r"\[[^\]]*\]\((field|type):([^)\s]+)\)")
_CONCEPTS = re.compile(r"\*\*Concepts:\*\* ((?:\[[^\]]*\]\([^)\s]*\)(?: · )?)+)\.")
_PAGE_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
Target = tuple[str, str | None]


def _pages(spec: Spec) -> dict[str, str]:
    files = render(spec, TEMPLATES, outputs=(render_docs,), pydantic=False)
    return {
        p.removeprefix("docs/"): t for p, t in files.items() if p.startswith("docs/")
    }


PAGES = _pages(MODEL)


def _linked(spec: Spec) -> dict[Target, list[Concept]]:
    """Every field and type the concept bodies link, with the concepts linking it, in
    reading order."""
    found: dict[Target, list[Concept]] = {}
    for concept in spec.concepts:
        for scheme, target in _TARGET.findall(concept.body):
            owner, _, wire = target.partition(".")
            key = (owner, wire if scheme == "field" else None)
            if concept not in found.setdefault(key, []):
                found[key].append(concept)
    return found


def _concepts_line(text: str) -> list[tuple[str, str]] | None:
    """(title, href) of each link of the first Concepts line in a text; None when it
    has none."""
    match = _CONCEPTS.search(" ".join(text.split()))
    return None if match is None else _PAGE_LINK.findall(match.group(1))


def _expected(concepts: list[Concept]) -> list[tuple[str, str]]:
    return [(c.title, f"concept-{c.id}.md") for c in concepts]


def _field_text(pages: dict[str, str], lay: Layout, owner: str, wire: str) -> str:
    page, _, anchor = render_docs.doc_link(lay, owner, wire).partition("#")
    return field_block(pages[page], anchor)


def _type_text(pages: dict[str, str], lay: Layout, name: str) -> str:
    """What a type's section says between its heading and its first field or rule."""
    page = pages[lay.home(name)]
    section = page.split(f"\n## {name}\n", 1)[1]
    return re.split(r"\n(?:<a id=|## |---\n)", section, maxsplit=1)[0]


def _overview(pages: dict[str, str], lay: Layout, group: Group) -> str:
    """A group's first page up to its first section: the title, summary, overview."""
    page = pages[lay.first_page(group).path]
    return page.split("\n## ", 1)[0]


LINKED = _linked(MODEL)
TARGETS = sorted(LINKED, key=lambda t: (t[0], t[1] or ""))


def test_the_concepts_link_fields_and_types() -> None:
    # Else the tests below check nothing.
    assert any(wire for _, wire in LINKED) and any(wire is None for _, wire in LINKED)


@pytest.mark.parametrize(
    "target", TARGETS, ids=lambda t: f"{t[0]}.{t[1]}" if t[1] else t[0]
)
def test_what_a_concept_links_links_back_to_it(target: Target) -> None:
    owner, wire = target
    if wire is None:
        text = _type_text(PAGES, LAYOUT, owner)
        # Under the heading, before the type's description.
        assert text.strip().startswith("**Concepts:**"), text[:300]
    else:
        text = _field_text(PAGES, LAYOUT, owner, wire)
        # One of the block's facts, before its description.
        assert "\n- **Concepts:**" in text, text[:600]
    assert _concepts_line(text) == _expected(LINKED[target])


def test_what_no_concept_links_has_no_concepts_line() -> None:
    for t in MODEL.types:
        if t is MODEL.root:
            continue  # the index lists PodSpec's fields; the groups hold the blocks
        if (t.name, None) not in LINKED:
            assert _concepts_line(_type_text(PAGES, LAYOUT, t.name)) is None, t.name
        for f in t.fields:
            if (t.name, f.wire_name) not in LINKED:
                text = _field_text(PAGES, LAYOUT, t.name, f.wire_name)
                assert "**Concepts:**" not in text, (t.name, f.wire_name)


def _group_concepts(spec: Spec, group: Group) -> list[Concept]:
    """The concepts that link any of a group's PodSpec fields, types or their fields."""
    linked = _linked(spec)
    mine: set[Target] = {(spec.root.name, w) for w in group.pod_spec_fields}
    for t in group.types:
        mine |= {(t.name, None), *((t.name, f.wire_name) for f in t.fields)}
    return [c for c in spec.concepts if any(c in linked.get(k, []) for k in mine)]


@pytest.mark.parametrize(
    "group", [g for g in MODEL.groups if g.kind != "root"], ids=lambda g: g.name
)
def test_a_groups_overview_lists_the_concepts_that_link_its_fields(
    group: Group,
) -> None:
    expected = _group_concepts(MODEL, group)
    line = _concepts_line(_overview(PAGES, LAYOUT, group))
    assert line == (_expected(expected) if expected else None)


def test_removing_a_link_removes_the_way_back(tmp_path: Path) -> None:
    # Only the lifecycle page links preStop, and only the pod model links Deployment,
    # the one link into the Workloads group.
    assert [c.id for c in LINKED[("Lifecycle", "preStop")]] == ["lifecycle"]
    assert [c.id for c in LINKED[("Deployment", None)]] == ["pod-model"]
    workloads = next(g for g in MODEL.groups if g.kind == "workloads")
    assert [c.id for c in _group_concepts(MODEL, workloads)] == ["pod-model"]
    spec_dir = _with_concepts(
        tmp_path, "[preStop](field:Lifecycle.preStop)", "`preStop`"
    )
    text = (spec_dir / "concepts.yaml").read_text(encoding="utf-8")
    deployment = re.search(r"\[([^\]]*)\]\(type:Deployment\)", text)
    assert deployment is not None
    (spec_dir / "concepts.yaml").write_text(
        text.replace(deployment.group(0), deployment.group(1)), encoding="utf-8"
    )
    spec = read_spec(spec_dir)
    pages, lay = _pages(spec), render_docs.layout(spec)
    assert "**Concepts:**" not in _field_text(pages, lay, "Lifecycle", "preStop")
    assert _concepts_line(_type_text(pages, lay, "Deployment")) is None
    assert _concepts_line(_overview(pages, lay, workloads)) is None
    # What the lifecycle page still links keeps its way back.
    assert _concepts_line(_field_text(pages, lay, "Lifecycle", "postStart")) == (
        _expected([c for c in spec.concepts if c.id == "lifecycle"])
    )


def test_adding_a_link_adds_the_way_back(tmp_path: Path) -> None:
    assert ("PodSpec", "hostname") not in LINKED
    # A group no concept links yet: its overview gains the line.
    assert _group_concepts(MODEL, MODEL.group_of_pod_field("hostname")) == []
    spec_dir = _with_concepts(
        tmp_path,
        "[shareProcessNamespace](field:PodSpec.shareProcessNamespace)",
        "[shareProcessNamespace](field:PodSpec.shareProcessNamespace) (and"
        " [hostname](field:PodSpec.hostname))",
    )
    spec = read_spec(spec_dir)
    pages, lay = _pages(spec), render_docs.layout(spec)
    owners = [c for c in spec.concepts if "(field:PodSpec.hostname)" in c.body]
    assert len(owners) == 1
    assert _concepts_line(_field_text(pages, lay, "PodSpec", "hostname")) == (
        _expected(owners)
    )
    group = spec.group_of_pod_field("hostname")
    assert _concepts_line(_overview(pages, lay, group)) == _expected(owners)
