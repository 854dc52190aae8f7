"""The reference docs: links resolve, markdown is clean, MkDocs builds them, examples work."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import GENERATED, PROJECT, SPEC, TEMPLATES
from jsonschema import Draft202012Validator
from test_schema import kind_macro_names, spec_with_aliases

from podspec_gen.model.build import read_spec
from podspec_gen.model.kinds import Enum
from podspec_gen.model.types import Group, Spec
from podspec_gen.render import docs as render_docs
from podspec_gen.render.run import render

DOCS = GENERATED / "docs"
MODEL: Spec = read_spec(SPEC)
LAYOUT = render_docs.layout(MODEL)
GROUPS = [g for g in MODEL.groups if g.kind == "group"]
# The pod spec examples: the root's and the groups' (the Workloads page's are manifests,
# tested in test_docs_workloads.py).
EXAMPLES = [g for g in MODEL.groups if g.kind in ("root", "group")]


def _pages_on_disk() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md"))}


# --- a link checker that reads anchors as GitHub computes them ----------------------

_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
# A code span may run over lines, never over paragraphs.
_CODE = re.compile(r"(`+)(?:(?!\n\n).)+?\1", re.S)
_LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^(#{1,6}) +(.+?) *#*$", re.M)
_HTML_ID = re.compile(r"<a (?:id|name)=\"([^\"]+)\"")


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text, lower-cased, punctuation removed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link: its text
    text = re.sub(r"[`*]", "", text)
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors_of(text: str) -> list[str]:
    """Every anchor of a page, in order, with GitHub's -1, -2 suffixes for repeats."""
    body = _FENCE.sub("", text)
    found: list[str] = []
    seen: dict[str, int] = {}
    for match in _HEADING.finditer(body):
        slug = github_slug(match.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.append(slug if count == 0 else f"{slug}-{count}")
    found.extend(_HTML_ID.findall(body))
    return found


# A field's block opens with its title line: anchor, wire name, Python name, type.
_FIELD_TITLE = re.compile(
    r'^<a id="([\w-]+)"></a>\*\*`(\w+)`\*\*\s·\sPython\s`(\w+)`\s·\s', re.M
)
_BLOCK_END = re.compile(
    r'\n(?:<a id="[\w-]+"></a>\*\*[`R]|#{1,6} |Used by:\s|At most one of\s|---\n)'
)


def field_block(text: str, anchor: str) -> str:
    """A field's block on a page: from its title line to the next block or heading."""
    start = text.index(f'<a id="{anchor}"></a>**`')
    rest = text[start:]
    end = _BLOCK_END.search(rest, 1)
    return rest[: end.start()] if end else rest


def field_title(text: str, anchor: str) -> str:
    """A field's title line, unwrapped."""
    return " ".join(field_block(text, anchor).split("\n\n", 1)[0].split())


# An allowed value's item: the value as code, then its meaning.
_VALUE_ITEM = re.compile(r"^`([^`]*)`: (.*)$")


def list_items(text: str) -> list[str]:
    """The items of the lists at the margin of a text, each on one line."""
    return [" ".join(m.split()) for m in re.findall(r"^- (.*(?:\n  .*)*)", text, re.M)]


def links_of(text: str) -> list[str]:
    body = _CODE.sub("", _FENCE.sub("", text))
    return _LINK.findall(body)


def broken_links(pages: dict[str, str]) -> list[str]:
    """`page: target: why` for every intra-doc link that does not resolve."""
    anchors = {name: set(anchors_of(text)) for name, text in pages.items()}
    problems: list[str] = []
    for name, text in pages.items():
        duplicates = sorted(
            {a for a in anchors_of(text) if anchors_of(text).count(a) > 1}
        )
        problems.extend(f"{name}: anchor #{a} is defined twice" for a in duplicates)
        for target in links_of(text):
            if re.match(r"[a-z]+:", target):
                continue  # external (https:, mailto:)
            page, _, fragment = target.partition("#")
            page = page or name
            if page not in pages:
                problems.append(f"{name}: {target}: no page {page}")
            elif fragment and fragment not in anchors[page]:
                problems.append(f"{name}: {target}: no anchor #{fragment} in {page}")
    return problems


def test_github_slugs() -> None:
    assert github_slug("PodSpec fields") == "podspec-fields"
    assert (
        github_slug("[Host namespaces and runtime](host.md)")
        == "host-namespaces-and-runtime"
    )
    assert github_slug("Network identity and DNS") == "network-identity-and-dns"
    assert anchors_of('# A\n\n## A\n\n```\n## B\n```\n| <a id="x-y"></a>`y` |\n') == [
        "a",
        "a-1",
        "x-y",
    ]


def test_the_link_checker_reports_what_is_broken() -> None:
    pages = {
        "README.md": "# Index\n\n[ok](a.md#b) [page](nope.md) [anchor](a.md#c) `[code](x.md)`\n",
        "a.md": '# A\n\n## B\n\n[self](#b) [missing](#zz) <a id="b"></a>\n',
    }
    assert broken_links(pages) == [
        "README.md: nope.md: no page nope.md",
        "README.md: a.md#c: no anchor #c in a.md",
        "a.md: anchor #b is defined twice",
        "a.md: #zz: no anchor #zz in a.md",
    ]


def test_every_link_and_anchor_in_the_docs_resolves() -> None:
    pages = _pages_on_disk()
    assert broken_links(pages) == []
    # Not vacuous: every type section is linked to from the index.
    index_targets = set(links_of(pages["README.md"]))
    for t in MODEL.types:
        home = LAYOUT.home(t.name)
        expected = (
            f"#{github_slug(t.name)}"
            if home == "README.md"
            else f"{home}#{github_slug(t.name)}"
        )
        assert expected in index_targets, t.name


def _beside_the_groups() -> list[str]:
    """The pages that are not a group's: one per concept, and the reference pages."""
    from podspec_gen.render.docs.concepts import concept_path
    from podspec_gen.render.docs.reference_pages import PAGES

    return [concept_path(c) for c in MODEL.concepts] + [path for path, _ in PAGES]


def test_docs_folder_holds_exactly_the_laid_out_pages() -> None:
    assert sorted(_pages_on_disk()) == sorted(
        [p.path for p in LAYOUT.pages] + _beside_the_groups()
    )
    assert [p.path for p in LAYOUT.pages if p.part == 1] == [
        "README.md",
        *(f"{g.name}.md" for g in MODEL.groups if g.kind != "root"),
    ]


# --- page size and splitting ---------------------------------------------------------


def test_no_page_is_too_large_for_github() -> None:
    sizes = {name: len(text.encode("utf-8")) for name, text in _pages_on_disk().items()}
    assert max(sizes.values()) <= render_docs.PAGE_LIMIT, sizes


def test_a_page_over_budget_is_split_by_type_and_links_follow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(render_docs, "PAGE_BUDGET", 20_000)
    files = render(MODEL, TEMPLATES, outputs=(render_docs,), pydantic=False)
    pages = {
        path.removeprefix("docs/"): text
        for path, text in files.items()
        if path.startswith("docs/")
    }
    lay = render_docs.layout(MODEL, 20_000)
    assert sorted(pages) == sorted([p.path for p in lay.pages] + _beside_the_groups())
    split = [g for g in MODEL.groups if len(lay.parts(g)) > 1]
    assert {g.name for g in split} >= {"container", "storage"}
    assert broken_links(pages) == []
    for g in split:
        parts = lay.parts(g)
        assert [p.path for p in parts] == [
            f"{g.name}.md",
            *(f"{g.name}-{n}.md" for n in range(2, len(parts) + 1)),
        ]
        assert [t.name for p in parts for t in p.types] == [t.name for t in g.types]
        assert (
            "## Types\n" in pages[parts[0].path]
            and "## Types\n" not in pages[parts[1].path]
        )
        for p in parts:
            assert pages[p.path].startswith(
                f"# {g.title} (part {p.part} of {len(parts)})\n"
            )
            headings = re.findall(r"^## (\w+)$", pages[p.path], re.M)
            enums = [e.name for e in g.enums] if p.part == 1 else []
            openings = ("Example", "Examples", "Types")
            assert [h for h in headings if h not in openings] == [
                *(t.name for t in p.types),
                *enums,
            ]
            # A page over budget holds one type: a type is never cut in two.
            size = len(pages[p.path].encode())
            assert size < 2 * 20_000 + 10_000 or len(p.types) == 1, (p.path, size)


# --- named enums --------------------------------------------------------------------


def _section(page: str, name: str) -> str:
    return page.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0].split("\n---\n")[0]


@pytest.mark.parametrize("enum", MODEL.enums, ids=lambda e: e.name)
def test_a_named_enum_is_documented_once_and_linked_from_its_fields(
    enum: Enum,
) -> None:
    pages = _pages_on_disk()
    home = LAYOUT.first_page(MODEL.group(enum.group or "")).path
    assert [p for p, text in pages.items() if f"\n## {enum.name}\n" in text] == [home]
    section = _section(pages[home], enum.name)
    values = [m.groups() for m in map(_VALUE_ITEM.match, list_items(section)) if m]
    shown = ['""' if v.value == "" else str(v.value) for v in enum.values]
    assert values == [
        (text, render_docs.flat(v.meaning))
        for text, v in zip(shown, enum.values, strict=True)
    ]
    users = [
        (t, f) for t in MODEL.types for f in t.fields if f.kind.element.ref == enum.name
    ]
    assert users, f"no field takes {enum.name}"
    for t, f in users:
        page = pages[LAYOUT.home(t.name)]
        title = field_title(page, f"{t.name.lower()}-{f.wire_name.lower()}")
        link = "" if LAYOUT.home(t.name) == home else home
        assert f" · [{enum.name}]({link}#{enum.name.lower()})" in title
        assert f"[{t.name}.{f.wire_name}](" in section


# --- kinds -----------------------------------------------------------------------------


def test_every_kind_has_its_markdown_macro_file_and_no_file_is_stale() -> None:
    files = {p.stem for p in (TEMPLATES / "markdown" / "kinds").glob("*.j2")}
    assert files == kind_macro_names()


def test_an_alias_links_to_its_section_which_says_how_it_is_written(
    tmp_path: Path,
) -> None:
    model = spec_with_aliases(tmp_path / "spec")
    files = render(model, TEMPLATES, outputs=(render_docs,), pydantic=False)
    page = files["docs/shared.md"]
    assert " · [Tag](#tag)" in field_title(page, "objectmeta-tag")
    assert " · list of [Count](#count)" in field_title(page, "objectmeta-counts")
    assert "A primitive wrapper, written in YAML as a string (format `hostname`)." in (
        _section(page, "Tag")
    )
    assert "A primitive wrapper, written in YAML as an integer." in (
        _section(page, "Count")
    )
    pages = {path.removeprefix("docs/"): text for path, text in files.items()}
    assert broken_links(pages) == []


# --- markdownlint (pymarkdownlnt, configured by .pymarkdown) ---------------------------


def _lint(path: Path) -> list[str]:
    from pymarkdown.api import PyMarkdownApi

    result = (
        PyMarkdownApi()
        .configuration_file_path(str(PROJECT / ".pymarkdown"))
        .scan_path(str(path))
    )
    assert not result.pragma_errors
    return [
        f"{f.scan_file}:{f.line_number}:{f.column_number}: {f.rule_id} {f.rule_description}"
        for f in result.scan_failures
    ]


def test_markdownlint_passes_on_the_docs() -> None:
    assert _lint(DOCS) == []


def test_markdownlint_configuration_is_in_force(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    prose_95 = " ".join(
        ["word"] * 19
    )  # 94 characters: within our limit of 100, not the default 80
    bad.write_text(
        f"# Title\n\n{prose_95}\n\nSee https://example.com here.\n\n| A | B |\n|---|---|\n| x | y |\n",
        encoding="utf-8",
    )
    rules = sorted(line.split(" ")[1] for line in _lint(bad))
    # a bare URL; a table without compact cells (so the tables extension is on); no MD013
    assert rules == ["MD034", "MD060", "MD060", "MD060", "MD060"]


# --- MkDocs (Material) in strict mode ----------------------------------------------------


def _mkdocs(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(config),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )


def test_mkdocs_builds_the_docs_in_strict_mode(tmp_path: Path) -> None:
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "generated/docs" and config["strict"] is True
    assert config["theme"]["name"] == "material"
    assert [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]] == [
        "search"
    ]
    result = _mkdocs(PROJECT / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for page in _pages_on_disk():
        built = (
            "index.html"
            if page == "README.md"
            else f"{page.removesuffix('.md')}/index.html"
        )
        assert (tmp_path / "site" / built).is_file(), built
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="container/#podspec-containers"' in home


@pytest.mark.parametrize(
    ("breakage", "message"),
    [("[x](#no-such-anchor)", "no-such-anchor"), ("[x](missing.md)", "missing.md")],
)
def test_mkdocs_strict_build_fails_on_broken_links(
    tmp_path: Path, breakage: str, message: str
) -> None:
    shutil.copy(PROJECT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(DOCS, tmp_path / "generated" / "docs")
    # The hook that orders the site, and the spec it reads the order from.
    (tmp_path / "spec").symlink_to(SPEC)
    (tmp_path / "podspec_gen").symlink_to(PROJECT / "podspec_gen")
    page = tmp_path / "generated" / "docs" / "host.md"
    page.write_text(
        page.read_text(encoding="utf-8") + f"\n{breakage}\n", encoding="utf-8"
    )
    result = _mkdocs(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr


# --- the annotated examples ---------------------------------------------------------------


@pytest.mark.parametrize("group", EXAMPLES, ids=lambda g: g.name)
def test_every_group_has_an_annotated_example(group: Group) -> None:
    assert group.example
    assert (
        len(re.findall(r"#\s\S", group.example)) >= 5
    )  # annotated: comments explain it


@pytest.mark.parametrize("group", EXAMPLES, ids=lambda g: g.name)
def test_example_validates_against_the_schema(
    group: Group, schema: dict[str, Any]
) -> None:
    data = yaml.safe_load(group.example)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(data)
    ]
    assert errors == []


@pytest.mark.parametrize("group", EXAMPLES, ids=lambda g: g.name)
def test_example_loads_into_the_sdk_and_round_trips(group: Group) -> None:
    from podspec import PodSpec

    data = yaml.safe_load(group.example)
    assert PodSpec.from_dict(data).to_dict() == data


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g.name)
def test_example_covers_the_groups_podspec_fields(group: Group) -> None:
    """Each of the group's PodSpec fields is set, or explained in a comment, in its example."""
    data = yaml.safe_load(group.example)
    missing = [
        n
        for n in group.pod_spec_fields
        if n not in data and not re.search(rf"#.*\b{n}\b", group.example)
    ]
    assert missing == []


@pytest.mark.parametrize("group", EXAMPLES, ids=lambda g: g.name)
def test_example_is_shown_on_the_groups_page(group: Group) -> None:
    page = _pages_on_disk()[LAYOUT.first_page(group).path]
    assert f"```yaml\n{group.example}\n```\n" in page


def test_a_bad_example_is_a_spec_error(tmp_path: Path) -> None:
    from podspec_gen.spec.errors import SpecError

    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    path = spec / "shared.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "\ntypes:\n", "\nexample: |\n  containers: [\n  - name\ntypes:\n", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        read_spec(spec)
    assert [p.message.split(":")[0] for p in caught.value.problems] == [
        "'example' is not valid YAML"
    ]
    path.write_text(
        text.replace("\ntypes:\n", "\nexample: just a string\ntypes:\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        read_spec(spec)
    assert "'example' must be the YAML text of a pod spec" in str(caught.value)


# --- the index ------------------------------------------------------------------------------


def test_index_lists_groups_podspec_fields_and_all_types() -> None:
    index = _pages_on_disk()["README.md"]
    headings = re.findall(r"^### \[(.+?)\]\((.+?)\)$", index, re.M)
    assert headings == [
        (g.title, f"{g.name}.md") for g in MODEL.groups if g.kind in ("group", "shared")
    ]
    podspec = index.split("\n## PodSpec\n", 1)[1].split("\n## ", 1)[0]
    rows = [
        re.match(r"\[`(\w+)`\]\(([\w.-]+)#([\w-]+)\).*? · in \[([^\]]+)\]", item)
        for item in list_items(podspec)
    ]
    rows = [r.groups() for r in rows if r]  # type: ignore[misc]
    assert [r[0] for r in rows] == [f.wire_name for f in MODEL.root.fields]
    for wire, page, fragment, title in rows:
        group = MODEL.group_of_pod_field(wire)
        assert (page, fragment, title) == (
            f"{group.name}.md",
            f"podspec-{wire.lower()}",
            group.title,
        )
    all_types = index.split("\n## All types\n", 1)[1]
    names = [re.match(r"\[(\w+)\]", item).group(1) for item in list_items(all_types)]  # type: ignore[union-attr]
    assert names == sorted((t.name for t in MODEL.types), key=lambda n: (n.lower(), n))


# --- the field blocks ------------------------------------------------------------------


def _blocks_of(owner: str, page: str) -> list[tuple[str, str, str]]:
    """(anchor, wire, Python) of each field block on a page whose anchor is owner's."""
    found = _FIELD_TITLE.findall(_pages_on_disk()[page])
    return [m for m in found if m[0].startswith(f"{owner.lower()}-")]


@pytest.mark.parametrize("t", MODEL.types, ids=lambda t: t.name)
def test_each_field_is_a_block_with_its_names_type_badges_and_values(t: Any) -> None:
    page_name = LAYOUT.home(t.name)
    page = _pages_on_disk()[page_name]
    if t is MODEL.root:
        return  # the index summarises PodSpec; its groups' pages hold the blocks
    assert _blocks_of(t.name, page_name) == [
        (f"{t.name.lower()}-{f.wire_name.lower()}", f.wire_name, f.python_name)
        for f in t.fields
    ]
    for f in t.fields:
        block = field_block(page, f"{t.name.lower()}-{f.wire_name.lower()}")
        title = field_title(page, f"{t.name.lower()}-{f.wire_name.lower()}")
        assert ("🔒 **immutable**" in title) == f.immutable, title
        assert ("⚠️ **deprecated**" in title) == (f.deprecation is not None), title
        assert (" · **required" in title) == f.must_be_set, title
        gate = f" · 🚧 feature gate `{f.gate.name}`" if f.gate else "feature gate"
        assert (gate in title) == (f.gate is not None), title
        if f.has_default:
            assert f"- **Default:** {render_docs.value(f.default)}." in block
        if f.enum:
            values = [m for m in map(_VALUE_ITEM.match, list_items(block)) if m]
            assert [f"`{m.group(1)}`" for m in values] == [
                render_docs.value(v.value) for v in f.enum
            ]
            assert [m.group(2) for m in values] == [
                render_docs.flat(v.meaning) for v in f.enum
            ]
        # The description comes last, after the title and the facts.
        assert block.rstrip().endswith(render_docs.flow(f.description)), f.wire_name


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g.name)
def test_a_groups_podspec_fields_are_blocks_in_its_order(group: Group) -> None:
    page = LAYOUT.first_page(group).path
    assert [wire for _, wire, _ in _blocks_of("PodSpec", page)] == list(
        group.pod_spec_fields
    )


def test_no_table_has_a_column_of_prose() -> None:
    """Fields, rules, allowed values and the types of a group are blocks and lists: a
    table left on a page holds short values (names, links, versions, paths), never a
    sentence."""
    for name, text in _pages_on_disk().items():
        body = _FENCE.sub("", text)
        assert "| Field | Python | Type |" not in body, name
        for line in body.splitlines():
            if not line.startswith("|"):
                continue
            for cell in line.strip("|").split(" | "):
                words = _LINK.sub("x", cell).split()
                assert len(words) <= 6, f"{name}: a prose cell: {cell[:80]}"


# --- named formats, explained once ------------------------------------------------------


def test_a_named_format_is_explained_once_and_every_field_links_it() -> None:
    from podspec_gen.render.docs.pages import format_home, format_rules, format_users

    pages = _pages_on_disk()
    home = format_home(LAYOUT).path
    assert MODEL.formats, "the spec names no format"
    for fmt in MODEL.formats:
        heading = f"\n## Format `{fmt.name}`\n"
        assert [p for p, text in pages.items() if heading in text] == [home]
        section = pages[home].split(heading, 1)[1].split("\n## ", 1)[0]
        assert f"- **Pattern:** `{fmt.pattern}`" in " ".join(section.split())
        assert render_docs.cell(fmt.message) in " ".join(section.split())
        users = format_users(MODEL, fmt.name)
        stated = format_rules(MODEL, fmt.name)
        # A format holds field values, or map keys and list items its rules state.
        assert users or stated, fmt.name
        for rule_id in stated:
            assert f"[`{rule_id}`](" in section
        for owner, wire in users:
            assert f"[{owner}.{wire}](" in section
            page = (
                LAYOUT.first_page(MODEL.group_of_pod_field(wire)).path
                if owner == MODEL.root.name
                else LAYOUT.home(owner)
            )
            block = field_block(pages[page], f"{owner.lower()}-{wire.lower()}")
            href = ("" if page == home else home) + f"#format-{fmt.name}"
            # A long name may wrap the item after its label: compare the words.
            assert f"- **Format:** [`{fmt.name}`]({href}): " in " ".join(block.split())
            assert fmt.pattern not in block  # the pattern is the format's section's
