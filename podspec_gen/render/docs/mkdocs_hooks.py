"""The MkDocs hooks (`hooks:` in mkdocs.yml) that give the docs site its reading order.

MkDocs lists pages alphabetically when mkdocs.yml has no `nav`, which puts `storage-2.md`
before `storage.md` and the home page's title beside the site's. The site's order is a
reader's: the overview once; the concepts (the pod model first, strategic merge last),
which explain what the fields are for; the field groups in PodSpec order, each group's
parts in order; the shared types; the reference pages (reference_pages.PAGES, in
order); then the workloads, the manifests around a pod spec, read once the pod spec
itself is known. The title carries the Kubernetes release. Both come from the spec
beside mkdocs.yml, so mkdocs.yml names no page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from podspec_gen.model.types import Spec
from podspec_gen.render.docs.concepts import concept_path
from podspec_gen.render.docs.pages import Layout, Page, layout
from podspec_gen.render.docs.reference_pages import PAGES


def site_title(spec: Spec) -> str:
    return f"Kubernetes {spec.kubernetes} PodSpec reference"


def page_title(page: Page) -> str:
    """A page's entry in the site's navigation."""
    if page.group.kind == "root":
        return "Overview"
    if page.parts > 1:
        return f"{page.group.title} (part {page.part} of {page.parts})"
    return page.group.title


# A navigation entry: a page's title and path, or a section's title and its pages.
NavEntry = dict[str, "str | list[dict[str, str]]"]


def nav(lay: Layout) -> list[NavEntry]:
    """Every page once, in reading order (see the module)."""
    entries: list[NavEntry] = []
    concepts = [{c.title: concept_path(c)} for c in lay.spec.concepts]
    section: list[NavEntry] = [{"Concepts": concepts}] if concepts else []
    rest: list[NavEntry] = [{title: path} for path, title in PAGES]
    for page in lay.pages:
        if page.group.kind != "root":
            entries.extend(section)
            section = []
        if page.group.kind == "workloads":
            entries.extend(rest)
            rest = []
        entries.append({page_title(page): page.path})
    return entries + section + rest


def nav_pages(entries: list[NavEntry]) -> list[tuple[str, str]]:
    """(title, path) of every page of a navigation, sections opened, in order."""
    out: list[tuple[str, str]] = []
    for entry in entries:
        for title, target in entry.items():
            if isinstance(target, str):
                out.append((title, target))
            else:
                out.extend(pair for item in target for pair in item.items())
    return out


def _spec_beside(config: MkDocsConfig) -> Spec:
    from podspec_gen.model.build import read_spec
    from podspec_gen.spec.errors import SpecError

    spec_dir = Path(config.config_file_path).parent / "spec"
    if not spec_dir.is_dir():
        raise PluginError(
            f"no spec/ beside {config.config_file_path}: the site's order"
        )
    try:
        return read_spec(spec_dir)
    except SpecError as error:
        raise PluginError(f"{spec_dir}: {error}") from None


# The examples' comments run to 88 columns or so, wider than the main column at 1280
# px: long lines in code blocks wrap rather than hide behind a scrollbar.
STYLE = (
    "<style>.md-typeset pre > code { white-space: pre-wrap;"
    " overflow-wrap: anywhere; }</style>"
)


def on_post_page(output: str, **_: object) -> str:
    return output.replace("</head>", STYLE + "</head>", 1)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    spec = _spec_beside(config)
    config.site_name = site_title(spec)
    config.nav = nav(layout(spec))
    return config
