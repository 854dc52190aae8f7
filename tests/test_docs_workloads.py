"""The Workloads page: where each kind carries its pod spec, an annotated example of
each kind that the schema and the SDK accept, the envelope fields' reference, read-only
status types, and the rules that tie a kind's envelope to its pod spec."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import GENERATED, SPEC, TEMPLATES, load_json, model
from jsonschema import Draft202012Validator
from test_docs import broken_links, field_block, list_items

from podspec_gen.model.build import read_spec
from podspec_gen.render import docs as render_docs
from podspec_gen.render.docs.pages import field_href, rule_href, type_href
from podspec_gen.render.docs.rules import rule_level, rule_words, tie_body
from podspec_gen.render.docs.text import prose
from podspec_gen.render.docs.workloads import (
    envelope_steps,
    kind_examples,
    tie_rules,
    workloads_group,
)
from podspec_gen.render.run import render
from podspec_gen.spec.errors import SpecError

DOCS = GENERATED / "docs"
KUBERNETES = GENERATED / "jsonschema" / "kubernetes.schema.json"
MODEL = model()
LAYOUT = render_docs.layout(MODEL)
GROUP = workloads_group(MODEL)
assert GROUP is not None, "the spec has no workloads file"
PAGE_PATH = LAYOUT.first_page(GROUP).path
EXAMPLES = kind_examples(GROUP)
PAGES = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
PAGE = PAGES[PAGE_PATH]
_PAGE = LAYOUT.first_page(GROUP)


def _section(text: str, heading: str) -> str:
    return text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


def _table(text: str) -> list[list[str]]:
    """The rows of the first table in `text`, as cells."""
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    return [line[2:-2].split(" | ") for line in lines[2:]]


# --- where the pod spec sits ----------------------------------------------------------


def test_the_model_knows_every_kind_and_where_its_pod_spec_is() -> None:
    """What the page shows, checked against Kubernetes itself, not only the model."""
    paths = {k.name: ".".join(k.pod_spec_path) for k in MODEL.kinds}
    template = "spec.template.spec"
    assert paths == {
        "Deployment": template,
        "StatefulSet": template,
        "DaemonSet": template,
        "ReplicaSet": template,
        "Job": template,
        "CronJob": "spec.jobTemplate.spec.template.spec",
        "ReplicationController": template,
        "PodTemplate": "template.spec",
        "Pod": "spec",
    }
    assert {t.name for t in MODEL.types if t.api_version} == set(paths)


def test_the_page_lists_every_kind_with_its_paths_and_class() -> None:
    import podspec

    rows = list_items(_section(PAGE, "## Where the pod spec sits"))
    expected = [
        f"**[{k.name}]({type_href(LAYOUT, k.name, _PAGE)})** (`{k.api_version}`, class"
        f" `podspec.{k.name}`): pod spec at `{'.'.join(k.pod_spec_path)}`,"
        f" pods' metadata at `{'.'.join(k.pod_metadata_path)}`;"
        f" [example](#{k.name.lower()}-example)."
        for k in MODEL.kinds
    ]
    assert rows[: len(expected)] == expected
    for k in MODEL.kinds:
        assert getattr(podspec, k.name).__name__ == k.name


def test_the_page_lists_the_api_versions_no_longer_served() -> None:
    from podspec.manifests import REMOVED_VERSIONS

    rows = list_items(_section(PAGE, "## Where the pod spec sits"))[len(MODEL.kinds) :]
    gone = [k for k in MODEL.kinds if k.removed_versions]
    rows = rows[: len(gone)]
    assert [r.split("**")[1] for r in rows] == [k.name for k in gone]
    for row, k in zip(rows, gone, strict=True):
        for version, release in k.removed_versions:
            assert f"`{version}` (removed in {release})" in row
        assert REMOVED_VERSIONS[k.name] == dict(k.removed_versions)
    assert "extensions/v1beta1" in REMOVED_VERSIONS["DaemonSet"]


def test_the_page_lists_the_fields_the_server_empties_before_validating() -> None:
    """A StatefulSet's hostname and subdomain: each linked to its field, with the
    source; the field's own entry says it too."""
    rows = list_items(_section(PAGE, "## Where the pod spec sits"))
    clearing = [k for k in MODEL.kinds if k.cleared]
    assert [k.name for k in clearing] == ["StatefulSet"]
    cleared = [r for r in rows if "stateful_set_utils.go initIdentity" in r]
    assert len(cleared) == 1 and cleared[0].startswith("**StatefulSet**: ")
    for name in ("hostname", "subdomain"):
        href = field_href(LAYOUT, "PodSpec", name, _PAGE)
        assert f"[`{name}`]({href})" in cleared[0]
        entry = field_block(PAGES[href.partition("#")[0]], f"podspec-{name}")
        assert "**In a StatefulSet:** any string" in " ".join(entry.split())


def test_the_index_links_the_workloads_page_with_every_kind() -> None:
    assert GROUP is not None
    index = PAGES["README.md"]
    section = _section(index, f"## [{GROUP.title}]({PAGE_PATH})")
    assert _table(section) == [
        [
            f"[{k.name}]({LAYOUT.home(k.name)}#{k.name.lower()})",
            f"`{k.api_version}`",
            f"`{'.'.join(k.pod_spec_path)}`",
        ]
        for k in MODEL.kinds
    ]
    assert "### [Workloads]" not in index  # a section of its own, not a field group


@pytest.mark.parametrize(
    "page",
    [LAYOUT.first_page(g).path for g in MODEL.groups if g.kind in ("root", "group")],
)
def test_a_pod_spec_page_says_where_the_pod_spec_sits(page: str) -> None:
    text = " ".join(PAGES[page].split())
    sentence = text.split("In a manifest, the pod spec is at ", 1)[1].split(")).")[0]
    for k in MODEL.kinds:
        path = ".".join(k.pod_spec_path)
        assert re.search(rf"`{re.escape(path)}` in an? [^`]*\b{k.name}\b", sentence)
    assert f"({PAGE_PATH}#where-the-pod-spec-sits" in sentence


# --- the annotated examples -------------------------------------------------------------


def test_every_kind_has_an_annotated_example_on_the_page() -> None:
    assert sorted(EXAMPLES) == sorted(k.name for k in MODEL.kinds)
    for kind, text in EXAMPLES.items():
        assert text.startswith(f"# A {kind}: "), kind  # says what the kind is for
        assert len(re.findall(r"#\s\S", text)) >= 1, kind
        section = PAGE.split(f"\n### {kind} example\n", 1)[1]
        assert section.startswith(f"\n```yaml\n{text}\n```\n")


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_an_example_validates_against_the_schemas(kind: str) -> None:
    schema: dict[str, Any] = load_json(KUBERNETES)
    data = yaml.safe_load(EXAMPLES[kind])
    # The multi-kind schema, and the kind's own definition, envelope and all.
    whole = {"$ref": f"#/$defs/{kind}", "$defs": schema["$defs"]}
    for checker in (schema, whole):
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in Draft202012Validator(checker).iter_errors(data)
        ]
        assert errors == []
    misspelt = {**data, "metdata": data["metadata"]}
    assert not Draft202012Validator(whole).is_valid(misspelt)


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_an_example_loads_into_its_sdk_class_and_round_trips(kind: str) -> None:
    import podspec

    data = yaml.safe_load(EXAMPLES[kind])
    loaded = getattr(podspec, kind).from_dict(data)
    assert loaded.to_dict() == data


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_the_manifest_loader_finds_an_examples_pod_spec_where_the_page_says(
    kind: str,
) -> None:
    from podspec.manifests import pod_specs_from_yaml

    found = pod_specs_from_yaml(EXAMPLES[kind])
    path = next(".".join(k.pod_spec_path) for k in MODEL.kinds if k.name == kind)
    assert [(f.kind, f.path) for f in found] == [(kind, path)]


def _spec_copy(tmp_path: Path) -> Path:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    return spec


def _with_example(tmp_path: Path, example: str) -> Path:
    spec = _spec_copy(tmp_path)
    path = spec / "workloads.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\nexample: |\n")
    # The block ends at the next top-level key (formats:, types:...).
    end = re.compile(r"\n(?=\S)").search(text, start + 1).start()
    block = "".join(f"  {line}\n" for line in example.splitlines())
    path.write_text(
        f"{text[:start]}\nexample: |\n{block}{text[end + 1:]}", encoding="utf-8"
    )
    return spec


@pytest.mark.parametrize(
    ("example", "message"),
    [
        (
            "apiVersion: apps/v1\nkind: Deployement\n",
            "'example': document 1: kind 'Deployement' is not a kind of this file",
        ),
        (
            "apiVersion: v1\nkind: Pod\n---\napiVersion: apps/v1\nkind: Pod\n",
            "'example': document 2: kind 'Pod' is shown twice",
        ),
        (
            "apiVersion: apps/v1beta2\nkind: Deployment\n",
            "'example': document 1: a Deployment's apiVersion is 'apps/v1', "
            "not 'apps/v1beta2'",
        ),
        ("- a list\n", "'example': document 1: kind None is not a kind of this file"),
    ],
)
def test_a_bad_workloads_example_is_a_spec_error(
    tmp_path: Path, example: str, message: str
) -> None:
    with pytest.raises(SpecError) as caught:
        read_spec(_with_example(tmp_path, example))
    assert [p.message.split(" (each")[0] for p in caught.value.problems] == [message]


def test_a_workloads_example_that_is_not_yaml_is_located_in_the_spec(
    tmp_path: Path,
) -> None:
    spec = _with_example(tmp_path, "kind: Pod\nspec: [\n  - name\n")
    with pytest.raises(SpecError) as caught:
        read_spec(spec)
    (problem,) = caught.value.problems
    assert problem.message.startswith("'example' is not valid YAML: ")
    lines = (spec / "workloads.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.mark.line - 1].strip() in ("spec: [", "- name")


# --- the envelope reference ---------------------------------------------------------------


def test_a_kinds_api_version_and_kind_are_required_and_fixed() -> None:
    for k in MODEL.kinds:
        for wire, value in (("apiVersion", k.api_version), ("kind", k.name)):
            block = field_block(
                PAGES[LAYOUT.home(k.name)], f"{k.name.lower()}-{wire.lower()}"
            )
            title, facts = block.split("\n\n")[:2]
            assert title.endswith(" · **required**"), title
            assert facts == f"- **Value:** always `{value}`; the SDK fills it in."


def test_read_only_types_are_said_to_be_accepted_unchecked() -> None:
    read_only = [t for t in MODEL.types if t.read_only]
    assert {t.name for t in read_only} >= {f"{k.name}Status" for k in MODEL.kinds[:7]}
    for t in MODEL.types:
        text = PAGES[LAYOUT.home(t.name)].split(f"\n## {t.name}\n", 1)[1]
        text = text.split("\n## ", 1)[0]
        assert ("Read-only: written by the system" in text) == t.read_only, t.name
        if t.read_only:
            assert "A primitive wrapper" not in text


def test_go_doc_lists_under_a_paragraph_start_at_the_margin() -> None:
    text = "Identities are defined as:\n  - Network: a name.\n  - Storage: claims."
    assert (
        prose(text)
        == "Identities are defined as:\n\n- Network: a name.\n- Storage: claims."
    )
    fenced = "A list:\n- one\n- two"
    assert prose(fenced) == fenced


# --- the rules that tie the envelope to the pod spec --------------------------------------


def test_envelope_steps_lead_from_the_kind_to_the_pod_spec_and_its_metadata() -> None:
    cron = next(k for k in MODEL.kinds if k.name == "CronJob")
    assert envelope_steps(MODEL, cron) == (
        ("CronJob", "spec"),
        ("CronJobSpec", "jobTemplate"),
        ("JobTemplateSpec", "spec"),
        ("JobSpec", "template"),
        ("PodTemplateSpec", "spec"),
        ("PodTemplateSpec", "metadata"),
    )
    pod = next(k for k in MODEL.kinds if k.name == "Pod")
    assert envelope_steps(MODEL, pod) == (("Pod", "spec"),)  # its metadata is its own


# A tie's title line: the rule's id linked to its block, its level, its host, its kinds.
_TIE = re.compile(
    r"^\*\*\[`([^`]+)`\]\(([^)]*)\)\*\*\s·\s(\S+ \*\*\w+\*\*)\s·\son\s(\S+)"
    r"\s·\skinds:\s(.+?)\n\n(.*?)(?=\n\n|\Z)",
    re.M | re.S,
)


def _tie_rows(page: str) -> list[list[str]]:
    """Each tie's id, link, level, host link, kinds and sentence, unwrapped."""
    heading = "## Rules that tie the envelope to the pod spec"
    if f"\n{heading}\n" not in page:
        return []
    return [
        [" ".join(part.split()) for part in match.groups()]
        for match in _TIE.finditer(_section(page, heading))
    ]


def test_the_page_lists_the_rules_that_tie_envelope_and_pod_spec() -> None:
    ties = tie_rules(MODEL)
    rows = _tie_rows(PAGE)
    assert [r[0] for r in rows] == [t.rule.id for t in ties]
    for row, tie in zip(rows, ties, strict=True):
        assert row[1] == rule_href(LAYOUT, tie.rule.id, _PAGE)
        assert row[2] == rule_level(tie.rule)
        assert row[4] == ", ".join(tie.kinds)
        assert row[3].startswith(f"[{tie.rule.host}](")
        assert row[5] == " ".join(tie_body(tie.rule).split())
        assert row[5].endswith(rule_words(tie.rule))
    # A rule is listed for exactly the kinds whose way to the pod spec passes its host.
    for tie in ties:
        passing = [
            k.name
            for k in MODEL.kinds
            if tie.rule.host in {owner for owner, _ in envelope_steps(MODEL, k)}
        ]
        assert list(tie.kinds) == passing, tie.rule.id


_TIE_RULE = """\
    rules:
      - id: test-pod-template-needs-its-template
        require: [template]
        error: Required
        detail: a pod template needs its template
        source: pkg/apis/core/validation/validation.go ValidatePodTemplate
        invalid: {metadata: {name: x}}
        valid: {template: {spec: {containers: [{name: a, image: b}]}}}
"""


def test_a_rule_on_the_way_to_the_pod_spec_is_listed_and_linked(
    tmp_path: Path,
) -> None:
    spec = _spec_copy(tmp_path)
    path = spec / "workloads.yaml"
    text = path.read_text(encoding="utf-8")
    head, end = "\n  PodTemplate:\n", "\n  Pod:\n"
    before, rest = text.split(head, 1)
    section, after = rest.split(end, 1)
    if "\n    rules:\n" in section:  # a rule more, after the type's own
        section = section.replace("\n    rules:\n", "\n" + _TIE_RULE, 1)
    else:
        section = section.rstrip("\n") + "\n" + _TIE_RULE
    path.write_text(f"{before}{head}{section}{end}{after}", encoding="utf-8")
    changed = read_spec(spec)
    files = render(changed, TEMPLATES, outputs=(render_docs,), pydantic=False)
    pages = {name.removeprefix("docs/"): text for name, text in files.items()}
    assert broken_links(pages) == []
    rows = _tie_rows(pages[PAGE_PATH])
    ours = [r for r in rows if r[0] == "test-pod-template-needs-its-template"]
    lay = render_docs.layout(changed)
    here = next(p for p in lay.pages if p.path == PAGE_PATH)
    assert ours == [
        [
            "test-pod-template-needs-its-template",
            rule_href(lay, "test-pod-template-needs-its-template", here),
            "⛔ **error**",
            f"[PodTemplate]({type_href(lay, 'PodTemplate', here)})",
            "PodTemplate",
            ours[0][5],
        ]
    ]
    assert "`template`" in ours[0][5]
    # A rule of the pod spec alone ties nothing.
    assert not [r for r in rows if r[0] == "container-names-unique"]
