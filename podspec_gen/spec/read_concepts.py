"""Read the concepts file: the docs' concept pages (the pod model, lifecycle, QoS...),
in reading order, each with examples that the tests load into the schema and the SDK.

A body links the docs by meaning, not by file: `[text](field:Container.restartPolicy)`,
`(type:Probe)`, `(concept:init-containers)`, `(page:merge-keys.md)`. The renderer
turns them into the page and anchor where each is documented (a group split in parts
moves them), and `check_concepts` refuses a link to no type, field or concept, at its
line and column in the spec file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from podspec_gen.spec.errors import Mark, Problem, SpecError
from podspec_gen.spec.example import _in_file
from podspec_gen.spec.records import RawConcept, RawLink, RawMerge, RawType, RawYaml
from podspec_gen.spec.shape import (
    Entry,
    Invalid,
    Key,
    nonempty_string,
    one_line,
    read_mapping,
)
from podspec_gen.spec.yaml_errors import malformed
from podspec_gen.spec.yaml_source import LOADER, YNode, YSeq, describe, load_yaml

# What a body may link, by scheme; the renderer knows each.
LINK = re.compile(r"\[[^\]]*\]\((field|type|concept|page):([^)\s]*)\)")
_ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
_FIELD = re.compile(r"([A-Za-z][A-Za-z0-9]*)\.([A-Za-z][A-Za-z0-9]*)")
_PAGE = re.compile(r"[a-z0-9][a-z0-9-]*\.md(#[\w-]+)?")


def _slug(node: YNode) -> object:
    value = one_line(node)
    if isinstance(value, str) and not _ID.fullmatch(value):
        return Invalid(f"{value!r} is not a slug (lowercase words joined by '-')")
    return value


def _sequence(node: YNode) -> object:
    if isinstance(node, YSeq) and node.items:
        return node
    return Invalid(f"expected a non-empty list, got {describe(node)}")


FILE_KEYS = {"concepts": Key(_sequence, required=True)}
CONCEPT_KEYS = {
    "id": Key(_slug, required=True),  # the page is concept-<id>.md
    "title": Key(one_line, required=True),
    "summary": Key(one_line, required=True),
    "body": Key(nonempty_string, required=True),  # markdown, links as above
    "examples": Key(_sequence),
    "merges": Key(_sequence),  # worked strategic merge patches
}
EXAMPLE_KEYS = {
    "title": Key(one_line, required=True),
    "yaml": Key(nonempty_string, required=True),  # a pod spec, or a manifest
}
MERGE_KEYS = {
    "title": Key(one_line, required=True),
    "original": Key(nonempty_string, required=True),
    "patch": Key(nonempty_string, required=True),
    "result": Key(nonempty_string, required=True),
}


def read_concepts(
    path: Path, display: str, problems: list[Problem]
) -> tuple[RawConcept, ...]:
    """Every well-formed concept of the file, in order; the rest are problems."""
    try:
        node = load_yaml(path, display)
    except SpecError as exc:
        problems.extend(exc.problems)
        return ()
    found = read_mapping(node, FILE_KEYS, display, problems)
    if not found or "concepts" not in found:
        return ()
    lines = path.read_text(encoding="utf-8").splitlines()
    items = found["concepts"].value
    assert isinstance(items, YSeq)
    concepts: list[RawConcept] = []
    seen: dict[str, Mark] = {}
    for item in items.items:
        concept = _concept(item, display, lines, problems)
        if concept is None:
            continue
        if concept.id in seen:
            first = seen[concept.id].line
            problems.append(
                Problem(
                    concept.mark,
                    f"concept '{concept.id}' is defined twice "
                    f"(first at line {first})",
                )
            )
            continue
        seen[concept.id] = concept.mark
        concepts.append(concept)
    return tuple(concepts)


def _concept(
    node: YNode, display: str, lines: list[str], problems: list[Problem]
) -> RawConcept | None:
    what = f"{display}: concept"
    found = read_mapping(node, CONCEPT_KEYS, what, problems)
    # A concept with an id is kept whatever else is wrong (that is reported), so
    # that links to it do not also fail; nothing is built from a spec with problems.
    if found is None or "id" not in found:
        return None
    what = f"concept '{found['id'].value}'"
    examples: list[tuple[str, RawYaml]] = []
    for item in _items(found.get("examples")):
        parts = read_mapping(item, EXAMPLE_KEYS, f"{what}: example", problems)
        if parts and len(parts) == len(EXAMPLE_KEYS):
            parsed = _yaml(parts["yaml"], f"{what}: example", lines, problems)
            if parsed is not None:
                examples.append((str(parts["title"].value), parsed))
    merges: list[RawMerge] = []
    for item in _items(found.get("merges")):
        parts = read_mapping(item, MERGE_KEYS, f"{what}: merge", problems)
        if parts and len(parts) == len(MERGE_KEYS):
            texts = [
                _yaml(parts[k], f"{what}: merge '{k}'", lines, problems)
                for k in ("original", "patch", "result")
            ]
            if all(texts):
                original, patch, result = (t for t in texts if t is not None)
                title = str(parts["title"].value)
                merges.append(RawMerge(title, original, patch, result))
    body = found.get("body")
    return RawConcept(
        id=str(found["id"].value),
        title=str(found["title"].value) if "title" in found else "",
        summary=str(found["summary"].value) if "summary" in found else "",
        body=str(body.value) if body else "",
        mark=found["id"].mark,
        examples=tuple(examples),
        merges=tuple(merges),
        links=_links(body, lines) if body else (),
    )


def _items(entry: Entry | None) -> tuple[YNode, ...]:
    if entry is None:
        return ()
    assert isinstance(entry.value, YSeq)
    return entry.value.items


def _yaml(
    entry: Entry, what: str, lines: list[str], problems: list[Problem]
) -> RawYaml | None:
    """An example's YAML text: it must parse, to a mapping (a pod spec or manifest)."""
    text = str(entry.value)
    try:
        data = yaml.load(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        inner = malformed(exc, entry.mark.file, text, LOADER)
        message = inner.message.removeprefix("malformed YAML: ")
        where = _in_file(inner.mark, entry.mark, lines)
        problems.append(Problem(where, f"{what} is not valid YAML: {message}"))
        return None
    if not isinstance(data, dict):
        problems.append(
            Problem(
                entry.mark,
                f"{what} must be the YAML text of a mapping (a pod spec, or a "
                "manifest with apiVersion and kind)",
            )
        )
        return None
    return RawYaml(text.strip("\n"), data, entry.mark)


def _links(body: Entry, lines: list[str]) -> tuple[RawLink, ...]:
    """Every link of a body (its text may run over lines) with its position."""
    text = str(body.value)
    links = []
    for match in LINK.finditer(text):
        before = text[: match.start(1)]
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        where = _in_file(Mark(body.mark.file, line, col), body.mark, lines)
        links.append(RawLink(match.group(1), match.group(2), where))
    return tuple(links)


def check_concepts(
    concepts: tuple[RawConcept, ...],
    types: Mapping[str, RawType],
    problems: list[Problem],
) -> None:
    """Each link names a type, field, concept or page that can exist, and each
    manifest example is of a kind the spec has, at its apiVersion."""
    ids = {c.id for c in concepts}
    kinds = {t.name: t.api_version for t in types.values() if t.api_version}
    for concept in concepts:
        for link in concept.links:
            message = _link_problem(link, types, ids)
            if message:
                problems.append(Problem(link.mark, f"{concept.id}: {message}"))
        shown = [y for _, y in concept.examples]
        shown += [y for m in concept.merges for y in (m.original, m.result)]
        for example in shown:
            message = _kind_problem(example.data, kinds)
            if message:
                problems.append(Problem(example.mark, f"{concept.id}: {message}"))


def _link_problem(
    link: RawLink, types: Mapping[str, RawType], ids: set[str]
) -> str | None:
    target = link.target
    if link.scheme == "type" and target not in types:
        return f"link to type:{target}: no such type"
    if link.scheme == "concept" and target not in ids:
        return f"link to concept:{target}: no such concept ({', '.join(sorted(ids))})"
    if link.scheme == "page" and not _PAGE.fullmatch(target):
        return f"link to page:{target}: expected a page file name such as merge-keys.md"
    if link.scheme == "field":
        match = _FIELD.fullmatch(target)
        if match is None:
            return f"link to field:{target}: expected Type.wireName"
        owner = types.get(match.group(1))
        if owner is None:
            return f"link to field:{target}: no type {match.group(1)}"
        if match.group(2) not in {f.name for f in owner.fields}:
            return f"link to field:{target}: {owner.name} has no field {match.group(2)}"
    return None


def _kind_problem(data: Mapping[str, object], kinds: Mapping[str, str | None]) -> str:
    """Why a manifest example is of no kind the spec has ("" for a pod spec)."""
    if "kind" not in data and "apiVersion" not in data:
        return ""
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in kinds:
        return f"example of kind {kind!r}: not a kind of the spec ({', '.join(kinds)})"
    if data.get("apiVersion") != kinds[kind]:
        return (
            f"example: a {kind}'s apiVersion is {kinds[kind]!r}, "
            f"not {data.get('apiVersion')!r}"
        )
    return ""
