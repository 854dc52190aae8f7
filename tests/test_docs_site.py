"""The docs as a site: reading order, the release on every page, edit links to the spec."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from conftest import GENERATED, PROJECT, SPEC, model

from podspec_gen.render import docs as render_docs
from podspec_gen.render.docs import mkdocs_hooks
from podspec_gen.render.docs.concepts import concept_path
from podspec_gen.render.docs.pages import edit_url, spec_file
from podspec_gen.render.docs.reference_pages import PAGES as REFERENCE_PAGES

DOCS = GENERATED / "docs"
MODEL = model()
LAYOUT = render_docs.layout(MODEL)
PAGES = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}


def test_the_navigation_is_in_reading_order_with_every_page_once() -> None:
    nav = mkdocs_hooks.nav(LAYOUT)
    pages = mkdocs_hooks.nav_pages(nav)
    paths = [path for _, path in pages]
    titles = [title for title, _ in pages]
    assert sorted(paths) == sorted(PAGES) and len(set(paths)) == len(paths)
    assert paths[0] == "README.md" and titles[0] == "Overview"
    assert "Overview" not in titles[1:]
    # The overview, the concepts as one section, the field groups in the spec's
    # order, the shared types, the reference pages, then the workloads.
    assert [next(iter(entry)) for entry in nav[:2]] == ["Overview", "Concepts"]
    concepts = [concept_path(c) for c in MODEL.concepts]
    assert paths[1 : 1 + len(concepts)] == concepts
    references = [path for path, _ in REFERENCE_PAGES]
    groups = [g.name for g in MODEL.groups if g.kind == "group"]
    owners = {p.path: p.group.name for p in LAYOUT.pages}
    owners.update({path: "concepts" for path in concepts})
    owners.update({path: "reference" for path in references})
    order = ["podspec", "concepts", *groups, "shared"]
    order += ["reference"] * bool(references) + ["workloads"]
    assert list(dict.fromkeys(owners[p] for p in paths)) == order
    for g in MODEL.groups:
        parts = [p for p in paths if p.removesuffix(".md").split("-")[0] == g.name]
        if len(parts) > 1:
            assert parts == [f"{g.name}.md"] + [
                f"{g.name}-{n}.md" for n in range(2, len(parts) + 1)
            ]
            assert titles[paths.index(parts[0])].endswith(f"(part 1 of {len(parts)})")


def test_the_site_title_carries_the_release() -> None:
    assert (
        mkdocs_hooks.site_title(MODEL)
        == f"Kubernetes {MODEL.kubernetes} PodSpec reference"
    )


def test_every_page_names_the_release_and_links_its_spec_file() -> None:
    for page in LAYOUT.pages:
        text = PAGES[page.path]
        head = text.split("\n\n", 3)[1]
        url = edit_url(MODEL, page.group)
        assert url is not None
        assert url.endswith(f"/spec/{spec_file(page.group)}")
        assert (SPEC / spec_file(page.group)).is_file(), page.path
        assert f"[`spec/{spec_file(page.group)}`]({url})" in head, page.path
        if page.path == "README.md":
            assert text.startswith(
                f"# Kubernetes {MODEL.kubernetes} PodSpec reference\n"
            )
        else:
            assert head.startswith(
                f"Kubernetes {MODEL.kubernetes} · [PodSpec reference]"
            )


def test_the_edit_link_follows_the_docs_base_and_is_left_out_elsewhere() -> None:
    assert MODEL.publish is not None
    group = MODEL.groups[1]
    fork = dataclasses.replace(
        MODEL.publish, docs="https://git.example/k8s/tree/{version}/generated/docs/"
    )
    forked = dataclasses.replace(MODEL, publish=fork)
    assert edit_url(forked, group) == (
        f"https://git.example/k8s/tree/{MODEL.kubernetes}/spec/{group.name}.yaml"
    )
    elsewhere = dataclasses.replace(
        MODEL, publish=dataclasses.replace(fork, docs="https://docs.example/k8s")
    )
    assert edit_url(elsewhere, group) is None
    assert edit_url(dataclasses.replace(MODEL, publish=None), group) is None


def test_mkdocs_yml_names_no_page_and_uses_the_hook() -> None:
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^nav:", text, re.M)
    assert "  - podspec_gen/render/docs/mkdocs_hooks.py\n" in text
    assert Path(PROJECT / "podspec_gen/render/docs/mkdocs_hooks.py").is_file()
