"""The MkDocs hooks (`hooks:` in mkdocs.yml) that give the docs site its reading order.

MkDocs lists pages alphabetically when mkdocs.yml has no `nav`, which puts `storage-2.md`
before `storage.md` and the home page's title beside the site's. The site's order is the
docs layout's: the overview, the field groups in the spec's order with each group's
parts in order, the shared types, then the workloads. The title carries the Kubernetes
release. Both come from the spec beside mkdocs.yml, so mkdocs.yml names no page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from podspec_gen.model.types import Spec
from podspec_gen.render.docs.pages import Layout, Page, layout


def site_title(spec: Spec) -> str:
    return f"Kubernetes {spec.kubernetes} PodSpec reference"


def page_title(page: Page) -> str:
    """A page's entry in the site's navigation."""
    if page.group.kind == "root":
        return "Overview"
    if page.parts > 1:
        return f"{page.group.title} (part {page.part} of {page.parts})"
    return page.group.title


def nav(lay: Layout) -> list[dict[str, str]]:
    """Every page once, in reading order: the layout's order."""
    return [{page_title(p): p.path} for p in lay.pages]


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
