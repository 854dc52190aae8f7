"""The concept pages: each topic the docs promise is there, every example validates
against the JSON Schema and loads into the SDK, every worked merge holds (and kubectl
agrees), the pages link only what exists, and a bad concepts file is a spec error at
its line and column."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import GENERATED, PROJECT, SPEC, load_json, model, tool_required
from jsonschema import Draft202012Validator
from test_docs import anchors_of, broken_links
from test_patch_kubectl import KUBECTL

from podspec_gen.model.build import read_spec
from podspec_gen.model.types import Concept, Example, MergeExample
from podspec_gen.render import docs as render_docs
from podspec_gen.render.docs import mkdocs_hooks
from podspec_gen.render.docs.concepts import concept_body, concept_path
from podspec_gen.render.docs.pages import PAGE_LIMIT
from podspec_gen.render.docs.reference_pages import PAGES as REFERENCE_PAGES
from podspec_gen.spec.errors import SpecError

DOCS = GENERATED / "docs"
MODEL = model()
LAYOUT = render_docs.layout(MODEL)
CONCEPTS = {c.id: c for c in MODEL.concepts}
PAGES = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
EXAMPLES = [
    pytest.param(c, e, id=f"{c.id}: {e.title}")
    for c in MODEL.concepts
    for e in c.examples
]
MERGES = [
    pytest.param(m, id=f"{c.id}: {m.title}") for c in MODEL.concepts for m in c.merges
]
needs_kubectl = tool_required(
    "kubectl", KUBECTL is not None, "the concept page's merges against kubectl"
)

# The topics the docs promise (issue #17, and the strategic merge page of #18), in
# reading order.
TOPICS = [
    "pod-model",
    "pause-container",
    "init-containers",
    "sidecar-containers",
    "composite-patterns",
    "lifecycle",
    "qos-classes",
    "disruptions",
    "podpreset",
    "strategic-merge",
]


def test_every_promised_topic_is_a_concept_in_reading_order() -> None:
    assert [c.id for c in MODEL.concepts] == TOPICS
    for concept in MODEL.concepts:
        assert concept.title and concept.summary and len(concept.body) > 500
        assert concept.examples or concept.merges, concept.id


@pytest.mark.parametrize(
    ("topic", "words"),
    [
        ("pod-model", ["shareProcessNamespace", "ports", "Deployment", "node fails"]),
        ("pause-container", ["PID 1", "zombies", "namespaces"]),
        ("init-containers", ["one at a time", "restartPolicy", "preconditions"]),
        ("sidecar-containers", ["restartPolicy: Always", "reverse", "startupProbe"]),
        ("composite-patterns", ["Ambassador", "Adapter", "HotCloud", "Redis"]),
        ("lifecycle", ["Pending", "CrashLoopBackOff", "startupProbe", "preStop"]),
        ("qos-classes", ["Guaranteed", "Burstable", "BestEffort", "oom_score_adj"]),
        ("disruptions", ["involuntary", "PodDisruptionBudget", "preempt", "v1.37"]),
        ("podpreset", ["v1.20", "MutatingAdmissionPolicy", "podspec inject"]),
        ("strategic-merge", ["$setElementOrder", "$retainKeys", "$patch: delete"]),
    ],
)
def test_a_concept_covers_what_its_topic_needs(topic: str, words: list[str]) -> None:
    body = " ".join(CONCEPTS[topic].body.split())
    assert [w for w in words if w not in body] == []


def test_each_composite_pattern_and_qos_class_has_its_own_example() -> None:
    titles = [e.title for e in CONCEPTS["composite-patterns"].examples]
    assert [t.split(":")[0] for t in titles] == ["Sidecar", "Ambassador", "Adapter"]
    assert "Redis" in titles[1]
    qos = [e.title for e in CONCEPTS["qos-classes"].examples]
    assert qos == ["Guaranteed", "Burstable", "BestEffort"]


# --- the examples ---------------------------------------------------------------------


def _schema_for(data: dict[str, Any]) -> dict[str, Any]:
    """The kind's own definition for a manifest, the pod spec schema otherwise."""
    if "kind" not in data:
        schema: dict[str, Any] = load_json(GENERATED / "jsonschema/podspec.schema.json")
        return schema
    defs = load_json(GENERATED / "jsonschema/kubernetes.schema.json")["$defs"]
    return {"$ref": f"#/$defs/{data['kind']}", "$defs": defs}


@pytest.mark.parametrize(("concept", "example"), EXAMPLES)
def test_an_example_validates_against_the_schema(
    concept: Concept, example: Example
) -> None:
    data = yaml.safe_load(example.text)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(_schema_for(data)).iter_errors(data)
    ]
    assert errors == []
    assert re.search(r"#\s\S", example.text), "an example explains itself"


@pytest.mark.parametrize(("concept", "example"), EXAMPLES)
def test_an_example_loads_into_the_sdk_and_round_trips(
    concept: Concept, example: Example
) -> None:
    import podspec

    data = yaml.safe_load(example.text)
    if "kind" in data:
        (manifest,) = podspec.load_manifests(example.text)
        assert type(manifest).__name__ == data["kind"]
        assert manifest.to_dict() == data
    else:
        assert podspec.PodSpec.from_dict(data).to_dict() == data


@pytest.mark.parametrize(("concept", "example"), EXAMPLES)
def test_an_example_is_shown_on_its_page(concept: Concept, example: Example) -> None:
    page = PAGES[concept_path(concept)]
    assert f"### {example.title}\n\n```yaml\n{example.text}\n```\n" in page


# --- the worked merges ----------------------------------------------------------------


def _merge(m: MergeExample) -> tuple[Any, Any, Any]:
    return (
        yaml.safe_load(m.original),
        yaml.safe_load(m.patch),
        yaml.safe_load(m.result),
    )


@pytest.mark.parametrize("merge", MERGES)
def test_a_merge_gives_its_result(merge: MergeExample) -> None:
    from podspec.patch import strategic_merge

    original, patch, result = _merge(merge)
    assert strategic_merge(original, patch) == result
    for doc in (original, result):
        (loaded,) = __import__("podspec").load_manifests(yaml.safe_dump(doc))
        assert loaded.to_dict() == doc


@needs_kubectl
@pytest.mark.parametrize("merge", MERGES)
def test_kubectl_agrees_with_a_merge(merge: MergeExample) -> None:
    assert KUBECTL is not None
    original, patch, result = _merge(merge)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "original.json"
        path.write_text(json.dumps(original), encoding="utf-8")
        done = subprocess.run(
            [
                KUBECTL,
                *("patch", "--local", "-f", str(path), "--type", "strategic"),
                *("-p", json.dumps(patch), "-o", "json"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == result


def test_every_directive_has_a_worked_merge() -> None:
    patches = "\n".join(m.patch for m in CONCEPTS["strategic-merge"].merges)
    for directive in (
        "$patch: delete",
        "$patch: replace",
        "$setElementOrder/",
        "$deleteFromPrimitiveList/",
        "$retainKeys",
        ": null",
    ):
        assert directive in patches, directive


def test_a_merge_is_shown_whole_on_the_page() -> None:
    concept = CONCEPTS["strategic-merge"]
    page = PAGES[concept_path(concept)]
    for m in concept.merges:
        section = page.split(f"\n### {m.title}\n", 1)[1]
        for text in (m.original, m.patch, m.result):
            assert f"```yaml\n{text}\n```\n" in section


# --- the pages ------------------------------------------------------------------------


def test_each_concept_has_a_page_with_the_release_and_the_edit_link() -> None:
    assert MODEL.concepts_file == "concepts.yaml"
    for concept in MODEL.concepts:
        text = PAGES[concept_path(concept)]
        assert text.startswith(f"# {concept.title}\n\n")
        head = text.split("\n\n", 2)[1]
        assert head.startswith(f"Kubernetes {MODEL.kubernetes} · [PodSpec reference]")
        assert "[`spec/concepts.yaml`](https://" in head
        assert head.rstrip().endswith("/spec/concepts.yaml)")
        assert len(text.encode("utf-8")) <= PAGE_LIMIT


def test_body_links_resolve_to_the_anchors_that_document_them() -> None:
    body = concept_body(
        LAYOUT,
        "[a](field:Container.restartPolicy) [b](type:Probe) "
        "[c](concept:lifecycle) [d](field:PodSpec.volumes) [e\nf](page:nowhere.md)",
    )
    assert "[a](container.md#container-restartpolicy)" in body
    assert "[b](container" in body and "#probe)" in body
    assert "[c](concept-lifecycle.md)" in body
    assert "[d](storage.md#podspec-volumes)" in body
    assert "e f" in body and "nowhere" not in body  # unregistered: text alone
    # The concept pages' links (other pages' are test_docs.py's).
    assert [p for p in broken_links(PAGES) if p.startswith("concept-")] == []
    for concept in MODEL.concepts:
        assert "](field:" not in PAGES[concept_path(concept)]


def test_the_merge_keys_link_is_there_exactly_when_the_page_is_registered() -> None:
    page = PAGES[concept_path(CONCEPTS["strategic-merge"])]
    registered = "merge-keys.md" in dict(REFERENCE_PAGES)
    assert ("](merge-keys.md" in page) == registered
    assert "merge keys" in page


def test_the_index_lists_the_concepts_then_the_reference_pages() -> None:
    index = PAGES["README.md"]
    section = index.split("\n## Concepts\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- \[([^\]]+)\]\(([\w.-]+)\)", section, re.M)
    assert listed == [(c.title, concept_path(c)) for c in MODEL.concepts]
    assert index.index("\n## Concepts\n") < index.index("\n## Field groups\n")
    if REFERENCE_PAGES:
        refs = index.split("\n## Reference pages\n", 1)[1].split("\n## ", 1)[0]
        assert re.findall(r"\]\(([\w.-]+)\)", refs) == [p for p, _ in REFERENCE_PAGES]


def test_the_navigation_has_the_concepts_after_the_overview() -> None:
    nav = mkdocs_hooks.nav(LAYOUT)
    assert nav[0] == {"Overview": "README.md"}
    assert nav[1] == {"Concepts": [{c.title: concept_path(c)} for c in MODEL.concepts]}
    titles = [title for title, _ in mkdocs_hooks.nav_pages(nav)]
    assert titles[-1].startswith("Workloads")


def test_concept_pages_have_no_duplicate_anchors() -> None:
    for concept in MODEL.concepts:
        anchors = anchors_of(PAGES[concept_path(concept)])
        assert len(anchors) == len(set(anchors)), concept.id


# --- a bad concepts file --------------------------------------------------------------


def _with_concepts(tmp_path: Path, edit: str, new: str) -> Path:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    path = spec / "concepts.yaml"
    text = path.read_text(encoding="utf-8")
    assert edit in text
    path.write_text(text.replace(edit, new, 1), encoding="utf-8")
    return spec


def _problems(spec: Path) -> list[tuple[int, int, str]]:
    with pytest.raises(SpecError) as caught:
        read_spec(spec)
    return [(p.mark.line, p.mark.col, p.message) for p in caught.value.problems]


def _line_of(spec: Path, needle: str) -> int:
    lines = (spec / "concepts.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize(
    ("edit", "new", "needle", "message"),
    [
        (
            "    title: The pod model\n",
            "",
            "  - id: pod-model",
            "concept: missing required key 'title'",
        ),
        (
            "    title: The pod model\n",
            "    title: The pod model\n    tittle: x\n",
            "tittle: x",
            "concept: unknown key 'tittle' (did you mean 'title'?)",
        ),
        (
            "  - id: pause-container\n",
            "  - id: pod-model\n",
            "title: The pause (infra) container",
            "concept 'pod-model' is defined twice (first at line 8)",
        ),
        (
            "(field:Container.ports)",
            "(field:Container.portz)",
            "field:Container.portz",
            "pod-model: link to field:Container.portz: Container has no field portz",
        ),
        (
            "(concept:sidecar-containers)",
            "(concept:sidecars)",
            "concept:sidecars",
            "link to concept:sidecars: no such concept",
        ),
        (
            "          apiVersion: apps/v1\n          kind: Deployment\n"
            "          metadata:\n            name: web\n",
            "          apiVersion: apps/v1\n          kind: Deploymnt\n"
            "          metadata:\n            name: web\n",
            "A Deployment keeps three replicas",
            "example of kind 'Deploymnt': not a kind of the spec",
        ),
    ],
)
def test_a_bad_concept_is_a_spec_error_at_its_place(
    tmp_path: Path, edit: str, new: str, needle: str, message: str
) -> None:
    spec = _with_concepts(tmp_path, edit, new)
    problems = _problems(spec)
    assert len(problems) == 1, problems
    line, _, text = problems[0]
    assert message in text
    found = _line_of(spec, needle)
    # A yaml text is reported at its `yaml: |` line, just after the title; a
    # concept at its id, just before the title.
    assert line in (found - 1, found, found + 1), (line, found)


def test_an_example_that_is_not_yaml_is_located_on_its_line(tmp_path: Path) -> None:
    spec = _with_concepts(
        tmp_path,
        "                - containerPort: 8080      # the pod's IP, port 8080\n",
        "                - containerPort: [8080\n",
    )
    ((line, col, message),) = _problems(spec)
    assert message.startswith("concept 'pod-model': example is not valid YAML: ")
    lines = (spec / "concepts.yaml").read_text(encoding="utf-8").splitlines()
    assert "[8080" in lines[line - 1] or "ports:" in lines[line - 1], (line, col)


def test_an_example_that_is_not_a_mapping_is_a_spec_error(tmp_path: Path) -> None:
    spec = _with_concepts(
        tmp_path,
        "        yaml: |\n          # A web server and a content puller",
        "        yaml: just words\n        unused: |\n          # A web server",
    )
    messages = [m for _, _, m in _problems(spec)]
    assert any("must be the YAML text of a mapping" in m for m in messages)


def test_a_missing_concepts_file_is_a_spec_error(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    (spec / "concepts.yaml").unlink()
    ((line, _, message),) = _problems(spec)
    assert message.endswith("concepts.yaml not found")
    root = (spec / "podspec.yaml").read_text(encoding="utf-8").splitlines()
    assert root[line - 1].startswith("concepts:")


def test_generate_reports_a_bad_concept_at_its_place_and_writes_nothing(
    tmp_path: Path,
) -> None:
    spec = _with_concepts(tmp_path, "(type:Probe)", "(type:Probes)")
    out = tmp_path / "out"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "podspec_gen", "generate"),
            *("--spec", str(spec), "--out", str(out)),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert done.returncode == 2, done.stderr
    first = done.stderr.splitlines()[0]
    line = _line_of(spec, "(type:Probes)")
    col = _text_of(spec).splitlines()[line - 1].index("type:Probes") + 1
    assert first == (
        f"spec/concepts.yaml:{line}:{col}: lifecycle: link to type:Probes: no such type"
    )
    assert not out.exists()


def _text_of(spec: Path) -> str:
    return (spec / "concepts.yaml").read_text(encoding="utf-8")


# The preset the PodPreset page's example says was applied, and what was written.
OBSERVABILITY = {
    "apiVersion": "settings.k8s.io/v1alpha1",
    "kind": "PodPreset",
    "metadata": {"name": "observability", "resourceVersion": "1"},
    "spec": {
        "selector": {"matchLabels": {"tier": "backend"}},
        "env": [
            {"name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "http://localhost:4317"}
        ],
        "volumeMounts": [{"name": "otel-config", "mountPath": "/etc/otel"}],
        "volumes": [{"name": "otel-config", "configMap": {"name": "otel-config"}}],
        "initContainers": [
            {
                "name": "otel-agent",
                "image": "otel/opentelemetry-collector:0.115.0",
                "restartPolicy": "Always",
            }
        ],
    },
}
WRITTEN = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api, tier: backend}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:4.0
"""


def test_the_podpreset_example_is_what_podspec_inject_makes() -> None:
    from podspec.preset import PodPreset, inject

    preset = PodPreset.from_dict(OBSERVABILITY)
    (example,) = CONCEPTS["podpreset"].examples
    shown = yaml.safe_load(example.text)
    done = inject(yaml.safe_load(WRITTEN), [preset])
    assert (done.conflicts, done.problems) == ([], [])
    assert done.document == shown
    assert not inject(shown, [preset]).changed  # a second run changes nothing
